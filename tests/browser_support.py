"""The session's headless Chromium, shared by every test process's browser tests (``tests/conftest.py`` offers it)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, async_playwright

from tests.dashboard_support import CHROMIUM_FLAGS, chromium_path

__all__ = ["browser"]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Headless Debian Chromium that never reaches for the network by itself.

    Launched once per test process rather than once per module (a few seconds each time, for a dozen modules): a test
    opens its pages in a browser context of its own, so no cookie, storage or cache passes from one test to the next.
    """
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()
