"""The web tests' shared fixtures (see ``tests/web/support.py``)."""

from tests.web.support import browser, web_url

__all__ = ["browser", "web_url"]
