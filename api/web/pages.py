"""What every page handler shares: the page's context (language, actor, CSRF token), rendering and the routers.

A page handler takes ``page: PageContext`` and returns :func:`render`'s response::

    @get("/register", **anyone())
    async def search(page: PageContext, session: Session) -> Template:
        return render(page, "public/search.html", texts=PUBLIC_TEXTS, companies=...)

and its module ends with ``public_router = page_router("/", [search, ...])``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, Router
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from litestar.types import ControllerRouterHandler

from api.web.csrf import PageCsrfMiddleware, csrf_token
from api.web.labels import label
from api.web.language import LANGUAGE_COOKIE, chosen_language, page_language
from api.web.navigation import entries_for
from api.web.sessions import WEB_PAGE_OPT
from api.web.texts import LANGUAGE_NAMES, LAYOUT_TEXTS
from registry.accounts.actor import ANONYMOUS, Actor
from registry.i18n import LANGUAGES, Text

__all__ = [
    "PAGE_HEADERS",
    "Page",
    "PageContext",
    "Translator",
    "page_router",
    "redirect",
    "render",
]

PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
"""Nothing from another origin (no CDN, no fonts, no inline scripts), no framing; pages are never cached."""


class Translator:
    """``t("key", n=3)`` in templates: the area's texts first, then the layout's, in the page's language."""

    def __init__(self, language: str, texts: Mapping[str, Text]) -> None:
        self.language = language
        self.texts = texts

    def __call__(self, key: str, **params: Any) -> str:
        """The text ``key`` in the page's language, its placeholders filled with ``params``."""
        text = self.texts.get(key) or LAYOUT_TEXTS.get(key)
        if text is None:
            raise KeyError(f"no page text {key!r}")
        return (text.format(**params) if params else text).in_language(self.language)

    def text(self, value: Text | Mapping[str, str] | None) -> str:
        """A domain ``Text`` (a service's message, a status word), or a ``{"kk": …}`` dict, in the page's language."""
        if value is None:
            return ""
        if isinstance(value, Text):
            return value.in_language(self.language)
        return value.get(self.language) or value.get("en") or ""

    def label(self, vocabulary: str, code: str | None) -> str:
        """The word for a register code (``t.label("ai_class", "ai_native")``), see :mod:`api.web.labels`."""
        return label(vocabulary, code, self.language)

    def name(self, item: Any, prefix: str = "name") -> str:
        """``item.name_kk`` / ``name_ru`` / ``name_en`` in the page's language, another one where it is empty."""
        order = [self.language, *(language for language in ("kk", "ru", "en") if language != self.language)]
        for language in order:
            value = getattr(item, f"{prefix}_{language}", None)
            if value:
                return str(value)
        return ""


@dataclass(frozen=True, slots=True)
class Page:
    """One page request: who is looking, in which language, and the CSRF token its forms carry."""

    request: Request[Any, Any, Any]
    actor: Actor
    language: str
    csrf_token: str
    language_chosen: bool
    """The address named the language (``?lang=``): the response makes it stick."""

    @property
    def signed_in(self) -> bool:
        """Somebody is signed in."""
        return not self.actor.is_anonymous

    def language_links(self) -> list[dict[str, str | bool]]:
        """The language switch: this very page in each language (its other query parameters kept)."""
        query = {key: value for key, value in self.request.query_params.items() if key != "lang"}
        links: list[dict[str, str | bool]] = []
        for language in LANGUAGES:
            href = f"{self.request.url.path}?{urlencode({**query, 'lang': language})}"
            links.append(
                {"code": language, "name": LANGUAGE_NAMES[language], "href": href, "current": language == self.language}
            )
        return links


def provide_page(
    request: Request[Any, Any, Any], lang: Annotated[str | None, QueryParameter(max_length=8)] = None
) -> Page:
    """The page's context (``lang`` is declared so that every page takes ``?lang=``)."""
    user = request.scope.get("user")
    actor = user if isinstance(user, Actor) else ANONYMOUS
    language = page_language(request, None if actor.is_anonymous else actor.language)
    return Page(
        request=request,
        actor=actor,
        language=language,
        csrf_token=csrf_token(request.scope),
        language_chosen=lang is not None and chosen_language(request) is not None,
    )


PageContext = NamedDependency[Page]
"""The page's context: every page handler takes it as ``page``."""


def language_cookie(language: str) -> Cookie:
    """The cookie that keeps a chosen language (a year; not a secret)."""
    return Cookie(key=LANGUAGE_COOKIE, value=language, path="/", max_age=365 * 24 * 3600, samesite="lax")


def render(
    page: Page,
    template: str,
    *,
    texts: Mapping[str, Text] | None = None,
    status_code: int = 200,
    cookies: Sequence[Cookie] = (),
    **context: Any,
) -> Template:
    """The page ``template`` in the page's language, with the layout's context and headers."""
    translator = Translator(page.language, texts or {})
    all_cookies = list(cookies)
    if page.language_chosen:
        all_cookies.append(language_cookie(page.language))
    return Template(
        template_name=template,
        context={
            "page": page,
            "t": translator,
            "lang": page.language,
            "actor": page.actor,
            "navigation": entries_for(page.actor.role),
            "csrf_token": page.csrf_token,
            **context,
        },
        status_code=status_code,
        headers=PAGE_HEADERS,
        cookies=all_cookies,
        media_type="text/html",
    )


def redirect(path: str) -> Redirect:
    """After a form succeeds: 303 See Other to ``path`` (post/redirect/get)."""
    return Redirect(path, status_code=303, headers=PAGE_HEADERS)


def page_router(path: str, route_handlers: Sequence[ControllerRouterHandler]) -> Router:
    """The router of one area's pages: HTML errors, the session cookie, CSRF checks, out of the OpenAPI document."""
    return Router(
        path=path,
        route_handlers=list(route_handlers),
        opt={WEB_PAGE_OPT: True},
        middleware=[PageCsrfMiddleware],
        dependencies={"page": Provide(provide_page, sync_to_thread=False)},
        include_in_schema=False,
    )
