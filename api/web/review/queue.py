"""The reviewer queue: overdue applications first, then the rest, each with its days left against the service level.

Both lists come from the API's own queue service (``GET /api/v1/applications?overdue=true|false``), with the same
filters; the working days left are counted by :func:`licensing.service_levels.working_days_left`.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import get
from litestar.params import QueryParameter
from litestar.response import Template

from api.auth.access import only
from api.dependencies import Session, Today
from api.web.forms import FormErrors, attempt, decode_form
from api.web.labels import labels_of
from api.web.pages import PageContext, render
from api.web.review.common import PAGE_SIZE, STAFF, deadline, field_errors
from api.web.review.texts import REVIEW_TEXTS
from licensing.applications import list_applications
from licensing.schemas import ApplicationView, LicenceTypeName
from licensing.workflow import STATE_LABELS, ApplicationState
from licensing.working_days import DECISION_WORKING_DAYS, FIRST_ACTION_WORKING_DAYS

__all__ = ["QueueQuery", "queue", "queue_row"]

Code = Annotated[str | None, QueryParameter(max_length=40)]
Position = Annotated[str | None, QueryParameter(max_length=12)]


class QueueQuery(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The queue's filters, with the values ``GET /api/v1/applications`` accepts."""

    status: ApplicationState | None = None
    licence_type: LicenceTypeName | None = None
    cursor: Annotated[int, msgspec.Meta(ge=0)] = 0
    overdue_cursor: Annotated[int, msgspec.Meta(ge=0)] = 0


def queue_row(view: ApplicationView, today: date, reviewer: Any) -> dict[str, Any]:
    """One application of the queue with its deadlines and who has it."""
    return {
        "view": view,
        "first_action": deadline(today, view.first_action_due, running=view.state == "submitted"),
        "decision": deadline(today, view.decision_due, running=view.state in {"submitted", "in_review"}),
        "claimed": None if view.claimed_by is None else ("you" if view.claimed_by == reviewer else "other"),
    }


@get("/", **only(*STAFF))
async def queue(
    page: PageContext,
    session: Session,
    today: Today,
    status: Code = None,
    licence_type: Code = None,
    cursor: Position = None,
    overdue_cursor: Position = None,
) -> Template:
    """The queue: overdue first (its own pages), then the applications still within the service level."""
    asked = {
        "status": status or "",
        "licence_type": licence_type or "",
        "cursor": cursor or "",
        "overdue_cursor": overdue_cursor or "",
    }
    query, errors = decode_form(QueueQuery, asked, page.language)
    sections: list[dict[str, Any]] = []
    if query is not None:
        for name, overdue, offset in (
            ("overdue", True, query.overdue_cursor),
            ("on_time", False, query.cursor),
        ):
            found, refusal = await attempt(
                session,
                partial(
                    list_applications,
                    session,
                    actor=page.actor,
                    today=today,
                    status=query.status.value if query.status else None,
                    licence_type_code=query.licence_type,
                    overdue=overdue,
                    limit=PAGE_SIZE,
                    offset=offset,
                ),
            )
            if found is None:
                assert refusal is not None
                errors = field_errors(refusal, page.language)
                break
            items, more = found
            kept = {key: value for key, value in asked.items() if value}
            position = "overdue_cursor" if overdue else "cursor"
            sections.append(
                {
                    "name": name,
                    "rows": [queue_row(view, today, page.actor.account_id) for view in items],
                    "next": f"/review?{urlencode({**kept, position: offset + PAGE_SIZE})}" if more else None,
                }
            )
    return render(
        page,
        "review/queue.html",
        texts=REVIEW_TEXTS,
        status_code=422 if errors else 200,
        asked=asked,
        errors=errors if errors else FormErrors(),
        sections=sections,
        statuses=[(state.value, label.in_language(page.language)) for state, label in STATE_LABELS.items()],
        licence_types=labels_of("licence_type", page.language),
        first_action_days=FIRST_ACTION_WORKING_DAYS,
        decision_days=DECISION_WORKING_DAYS,
    )
