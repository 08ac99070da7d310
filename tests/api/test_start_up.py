"""What the app does when it starts serving and when it stops."""

from __future__ import annotations

import gc

from api.app import create_app
from api.database import Database
from api.settings import Settings


async def test_start_up_objects_are_left_out_of_collections_while_serving(
    settings: Settings, database: Database
) -> None:
    app = create_app(settings, database=database)
    async with app.lifespan():
        assert gc.get_freeze_count() > 10_000  # the modules, the routes, the mappers
        assert gc.isenabled()  # what requests allocate is still collected
    assert gc.get_freeze_count() == 0
