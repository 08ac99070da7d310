"""Sign-up (founders), sign-in and sign-out pages: the API's account services and sign-in limits, a cookie session.

Sign-in goes through :func:`registry.accounts.service.authenticate` with the limits of ``POST /api/v1/auth/login``
(:func:`api.routes.auth.login_limits`, counted by the same client address); a failure is recorded in the request's
transaction, as the API does. A success opens a server-side session (:mod:`registry.accounts.web_sessions`) and
sets its HttpOnly cookie; sign-out deletes the session.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from api.auth.access import SIGNED_IN, anyone, only
from api.auth.tokens import DEVICE_TOKEN_LIFETIME, issue_device_token, trusted_device_account
from api.dependencies import AppSettings, Session
from api.routes.auth import login_limits, sign_in_address
from api.settings import Settings
from api.web.forms import FormErrors, attempt, decode_form, read_form
from api.web.pages import PageContext, page_router, redirect, render
from api.web.sessions import SESSION_COOKIE, cookies_are_secure, ended_session_cookie, session_cookie, session_lifetime
from registry.accounts.rules import MIN_PASSWORD_LENGTH
from registry.accounts.schemas import LoginRequest, SignupRequest
from registry.accounts.service import authenticate, record_login_failure, signup_founder
from registry.accounts.web_sessions import end_web_session, start_web_session
from registry.i18n import LANGUAGES

__all__ = ["account_router", "safe_next"]

WEB_DEVICE_COOKIE = "registry_web_device"
"""The browser's device token for the sign-in page (as ``registry_device`` is for the API's login)."""
_SIGN_IN_PATH = "/sign-in"

NextPath = Annotated[str | None, QueryParameter(name="next", max_length=2000)]


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never ``//elsewhere`` or ``https://…``)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _device_cookie(token: str, settings: Settings) -> Cookie:
    return Cookie(
        key=WEB_DEVICE_COOKIE,
        value=token,
        path=_SIGN_IN_PATH,
        max_age=int(DEVICE_TOKEN_LIFETIME.total_seconds()),
        secure=cookies_are_secure(settings),
        httponly=True,
        samesite="strict",
    )


@get(_SIGN_IN_PATH, **anyone())
async def sign_in_form(page: PageContext, next_path: NextPath = None) -> Template:
    """The sign-in form."""
    return render(page, "account/sign_in.html", next_path=safe_next(next_path), values={}, errors=FormErrors())


@post(_SIGN_IN_PATH, **anyone(), status_code=303)
async def sign_in(
    page: PageContext, request: Request[Any, Any, Any], session: Session, settings: AppSettings
) -> Template | Redirect:
    """Check the credentials as the API's login does; on success open a session and go on."""
    values = await read_form(request)
    next_path = safe_next(values.get("next"))
    credentials, errors = decode_form(LoginRequest, values, page.language)
    if credentials is None:
        return render(page, "account/sign_in.html", status_code=422, next_path=next_path, values=values, errors=errors)
    address = sign_in_address(request, settings)
    trusted = trusted_device_account(request.cookies.get(WEB_DEVICE_COOKIE), secret=settings.jwt_secret)
    account, refusal = await attempt(
        session,
        lambda: authenticate(
            session,
            email=credentials.email,
            password=credentials.password,
            client_address=address,
            limits=login_limits(settings),
            trusted_device_of=trusted,
        ),
    )
    if account is None:
        assert refusal is not None
        status = 429 if refusal.kind == "rate_limited" else 401
        if refusal.kind == "unauthenticated":
            await record_login_failure(session, email=credentials.email, client_address=address)
        headers = {"Retry-After": str(refusal.details["retry_after"])} if "retry_after" in refusal.details else {}
        refused = render(
            page,
            "account/sign_in.html",
            status_code=status,
            next_path=next_path,
            values={"email": credentials.email},
            errors=FormErrors.of(refusal, page.language),
        )
        refused.headers.update(headers)
        return refused
    if earlier := request.cookies.get(SESSION_COOKIE):
        await end_web_session(session, earlier)  # a new token at every sign-in (no session fixation)
    token = await start_web_session(session, account_id=account.id, lifetime=session_lifetime(settings))
    response = redirect(next_path)
    response.cookies.extend(
        [
            session_cookie(token, settings),
            _device_cookie(issue_device_token(account.id, secret=settings.jwt_secret), settings),
        ]
    )
    return response


@get("/sign-up", **anyone())
async def sign_up_form(page: PageContext) -> Template:
    """The founder's sign-up form."""
    return render(
        page,
        "account/sign_up.html",
        values={"preferred_language": page.language},
        errors=FormErrors(),
        min_password_length=MIN_PASSWORD_LENGTH,
    )


@post("/sign-up", **anyone(), status_code=303)
async def sign_up(
    page: PageContext, request: Request[Any, Any, Any], session: Session, settings: AppSettings
) -> Template | Redirect:
    """Create the founder's account with the API's sign-up service, and sign them in."""
    values = await read_form(request)
    if values.get("preferred_language") not in LANGUAGES:
        values["preferred_language"] = page.language
    signup, errors = decode_form(SignupRequest, values, page.language)
    refusal = None
    if signup is not None:
        created, refusal = await attempt(session, lambda: signup_founder(session, signup))
        if created is not None:
            token = await start_web_session(session, account_id=created.id, lifetime=session_lifetime(settings))
            response = redirect("/")
            response.cookies.append(session_cookie(token, settings))
            return response
    if refusal is not None:
        errors = FormErrors.of(refusal, page.language)
    values.pop("password", None)
    return render(
        page,
        "account/sign_up.html",
        status_code=422,
        values=values,
        errors=errors,
        min_password_length=MIN_PASSWORD_LENGTH,
    )


@post("/sign-out", **only(*SIGNED_IN), status_code=303)
async def sign_out(request: Request[Any, Any, Any], session: Session, settings: AppSettings) -> Redirect:
    """End this browser's session on the server and forget its cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await end_web_session(session, token)
    response = redirect("/")
    response.cookies.append(ended_session_cookie(settings))
    return response


account_router = page_router("/", [sign_in_form, sign_in, sign_up_form, sign_up, sign_out])
