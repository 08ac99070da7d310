"""The web tests' shared fixtures (see ``tests/web/support.py``; ``browser`` is the session's, in tests/conftest.py)."""

from tests.web.support import web_url

__all__ = ["web_url"]
