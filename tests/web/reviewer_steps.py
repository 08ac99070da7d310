"""A reviewer's steps through the pages only (Playwright): the queue, an application, claim, send back, approve.

Every step selects by ``id`` / ``name`` / ``data-*`` attributes, never by visible text, so the same steps run in kk,
ru or en; the steps that open a page add ``?lang=<language>`` (the choice then sticks in the cookie). Each decision
waits for the page it leads to and checks the state the page shows; a refusal fails the step with the page's own
message. The reviewer must be signed in first (``tests.web.support.sign_in`` with
``committed_account(engine, "reviewer")``).

API (all ``async``; ``page`` is a Playwright ``Page``, ``base_url`` the live server's address, e.g. ``web_url``)::

    await open_queue(page, base_url, *, language: str, status: str | None = "submitted") -> None
        /review (the queue), filtered by ``status`` (``None``: every state but drafts).

    await open_application(page, base_url, application_id: str, *, language: str,
                           status: str | None = "submitted") -> None
        The queue, then the application's link in it (following the queue's "next page" links until it shows).

    await claim_application(page) -> None
        The claim button on the open application page; waits for the state ``in_review``.

    await send_back_application(page, *, field: str = "fte_ai", evidence_id: str | None = None,
                                message: str = "...") -> None
        Ticks the send-back field ``field`` (a code of ``GET /api/v1/reference/reasons``' ``send_back``, e.g.
        ``fte_ai``, ``revenue_ai``, ``products``, ``evidence``) and the evidence item ``evidence_id`` (``None``: the
        first one listed), writes ``message`` and sends; waits for the state ``sent_back``.

    await approve_application(page, *, note: str = "") -> str
        The approve button (with an optional note to the founder); waits for ``approved``; the licence number.

    await review_and_send_back(page, base_url, application_id: str, *, language: str, field: str = "fte_ai",
                               message: str = "...") -> None
        open_application + claim_application + send_back_application.

    await review_and_approve(page, base_url, application_id: str, *, language: str, note: str = "") -> str
        open_application + claim_application + approve_application; the licence number.
"""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.async_api import Page

__all__ = [
    "approve_application",
    "claim_application",
    "open_application",
    "open_queue",
    "review_and_approve",
    "review_and_send_back",
    "send_back_application",
]

DEFAULT_MESSAGE = "Please give the AI staff figure by role and attach the updated model card."
_MAX_QUEUE_PAGES = 50


async def open_queue(page: Page, base_url: str, *, language: str, status: str | None = "submitted") -> None:
    """Open the reviewer queue in ``language``, filtered by ``status``."""
    query = {"lang": language, **({"status": status} if status else {})}
    response = await page.goto(f"{base_url}/review?{urlencode(query)}")
    assert response is not None and response.status == 200, f"the queue answered {response and response.status}"


async def open_application(
    page: Page, base_url: str, application_id: str, *, language: str, status: str | None = "submitted"
) -> None:
    """From the queue, open the application's page by its link (``#open-<id>``)."""
    await open_queue(page, base_url, language=language, status=status)
    link = page.locator(f"a#open-{application_id}")
    for _ in range(_MAX_QUEUE_PAGES):
        if await link.count():
            break
        following = page.locator("a[rel=next]")
        assert await following.count(), f"application {application_id} is not in the queue"
        async with page.expect_navigation():
            await following.first.click()
    async with page.expect_navigation():
        await link.click()
    await page.locator("#application-state").wait_for()


async def _expect_state(page: Page, state: str) -> None:
    shown = await page.locator("#application-state").get_attribute("data-state")
    if shown != state:
        alerts = await page.locator(".alert-error").all_inner_texts()
        raise AssertionError(f"the application is {shown!r}, not {state!r}: {alerts}")


async def claim_application(page: Page) -> None:
    """Claim the open application."""
    async with page.expect_navigation():
        await page.locator("#claim-form button[type=submit]").click()
    await _expect_state(page, "in_review")


async def send_back_application(
    page: Page, *, field: str = "fte_ai", evidence_id: str | None = None, message: str = DEFAULT_MESSAGE
) -> None:
    """Send the open application back naming ``field`` and an evidence item, with ``message``."""
    form = page.locator("#send_back-form")
    await form.locator(f"input[name=fields][value={field}]").check()
    evidence = form.locator("input[name=evidence_ids]")
    if evidence_id is not None:
        await form.locator(f"input[name=evidence_ids][value='{evidence_id}']").check()
    elif await evidence.count():
        await evidence.first.check()
    await form.locator("textarea[name=message]").fill(message)
    async with page.expect_navigation():
        await form.locator("button[type=submit]").click()
    await _expect_state(page, "sent_back")


async def approve_application(page: Page, *, note: str = "") -> str:
    """Approve the open application; the number of the licence it issued."""
    form = page.locator("#approve-form")
    if note:
        await form.locator("textarea[name=text]").fill(note)
    async with page.expect_navigation():
        await form.locator("button[type=submit]").click()
    await _expect_state(page, "approved")
    return (await page.locator("#licence-number").inner_text()).strip()


async def review_and_send_back(
    page: Page,
    base_url: str,
    application_id: str,
    *,
    language: str,
    field: str = "fte_ai",
    message: str = DEFAULT_MESSAGE,
) -> None:
    """Open the application from the queue, claim it and send it back."""
    await open_application(page, base_url, application_id, language=language)
    await claim_application(page)
    await send_back_application(page, field=field, message=message)


async def review_and_approve(page: Page, base_url: str, application_id: str, *, language: str, note: str = "") -> str:
    """Open the (re)submitted application from the queue, claim it and approve it; the licence number."""
    await open_application(page, base_url, application_id, language=language)
    await claim_application(page)
    return await approve_application(page, note=note)
