"""Structured logs with a request id on every line, and the request-id response header."""

from __future__ import annotations

import contextvars
import json
import logging
import time
import uuid
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

__all__ = ["RequestIdMiddleware", "configure_logging", "no_sniffing", "request_id"]

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_logger = logging.getLogger("api.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any ``extra`` fields."""

    _standard = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as JSON."""
        document: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        document.update({k: v for k, v in record.__dict__.items() if k not in self._standard})
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, default=str, ensure_ascii=False)


def configure_logging(*, json_lines: bool, level: int = logging.INFO) -> None:
    """Send the app's logs to stderr, as JSON lines or plain text."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s %(message)s"))
    for name in ("api", "registry", "licensing"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


class RequestIdMiddleware:
    """Gives each request an id (or keeps the caller's ``X-Request-ID``) and logs one access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one ASGI call."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        http_scope: HTTPScope = scope
        incoming = dict(http_scope["headers"]).get(b"x-request-id", b"").decode("latin-1")[:64]
        rid = incoming or uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_logger.info(
                "%s %s %s",
                http_scope["method"],
                http_scope["path"],
                status,
                extra={
                    "method": http_scope["method"],
                    "path": http_scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id.reset(token)


async def no_sniffing(message: Message, scope: Scope) -> None:
    """Every response says ``X-Content-Type-Options: nosniff`` (an app-level ``before_send`` hook, so 404s too).

    A browser must not guess a type other than the one sent: an uploaded "PDF" with HTML inside must never run as a
    page of this origin.
    """
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", []))
        if not any(name.lower() == b"x-content-type-options" for name, _ in headers):
            message["headers"] = [*headers, (b"x-content-type-options", b"nosniff")]
