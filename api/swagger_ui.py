"""Swagger UI at ``/schema``, served from the app itself (the ``swagger-ui-bundle-v2`` package's files).

Litestar's Swagger page loads its script and style sheet from a CDN, so without the internet it stays blank. Here
the page names files of this app, and a route beside it serves them from the installed package (Swagger UI 5,
which renders OpenAPI 3.1).
"""

from __future__ import annotations

from collections.abc import Mapping

from litestar import Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import FromPath
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]  # the package ships no py.typed

__all__ = ["SWAGGER_ASSETS", "SWAGGER_PATH", "LocalSwaggerUI", "swagger_asset"]

SWAGGER_PATH = "/swagger-ui"
"""Where, under the schema path, the Swagger UI files are served."""
SWAGGER_ASSETS: Mapping[str, str] = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}
"""The files the Swagger UI page loads, with their media types; any other name is 404."""


def _swagger_file(name: str) -> bytes:
    content: bytes = swagger_ui_path.joinpath(name).read_bytes()
    return content


@get(f"{SWAGGER_PATH}/{{name:str}}", include_in_schema=False, sync_to_thread=False)
def swagger_asset(name: FromPath[str]) -> Response[bytes]:
    """A file of Swagger UI, served by the app itself so that ``/schema`` works without the internet."""
    media_type = SWAGGER_ASSETS.get(name)
    if media_type is None:
        raise NotFoundException(f"No Swagger UI file {name!r}")
    return Response(
        content=_swagger_file(name),
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=86400"},
    )


class LocalSwaggerUI(SwaggerRenderPlugin):
    """Swagger UI whose script, style sheet and icon come from this app, not from a CDN."""

    def __init__(self, schema_path: str) -> None:
        assets = f"{schema_path}{SWAGGER_PATH}"
        super().__init__(
            path="/",
            js_url=f"{assets}/swagger-ui-bundle.js",
            css_url=f"{assets}/swagger-ui.css",
            standalone_preset_js_url=f"{assets}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{assets}/favicon-32x32.png'>",
        )

    def receive_router(self, router: Router) -> None:
        """Serve the Swagger UI files beside the page."""
        super().receive_router(router)
        router.register(swagger_asset)
