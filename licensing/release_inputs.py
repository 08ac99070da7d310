"""What each release's confidential tables were built from, kept so that later releases need not rebuild it.

A release is protected against the releases published before it (its earlier revisions and the releases of the
years next to it): against the company-by-company rows each of them was built from
(:class:`~licensing.confidential_tables.ConfidentialRows`). Those rows depend only on a release's period and
``known_at``, since no later write changes what had been recorded by a moment. So they are stored once, when the
release is made, and every later release reads them back instead of recomputing them as known at each earlier
moment, which made a release's cost grow with the number of releases before it.

Stored as zlib-compressed msgpack in ``statistics_release_inputs`` (migration 0022), immutable like the release and
never served. A release made before that migration has none stored; its rows are recomputed, as before.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.confidential_tables import ConfidentialRows, confidential_rows
from registry.statistics.release_models import ReleaseInputs, StatisticsRelease

__all__ = ["decode_rows", "encode_rows", "inputs_of", "store_inputs"]

_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(ConfidentialRows)
_COMPRESSION = 3
"""zlib's level: a third of msgpack's size at about a tenth of level 9's time."""


def encode_rows(rows: ConfidentialRows) -> bytes:
    """The stored form of a release's rows."""
    return zlib.compress(_ENCODER.encode(rows), _COMPRESSION)


def decode_rows(stored: bytes) -> ConfidentialRows:
    """A release's rows as :func:`encode_rows` stored them."""
    return _DECODER.decode(zlib.decompress(stored))


def store_inputs(session: AsyncSession, release_id: int, rows: ConfidentialRows) -> None:
    """Keep the rows release ``release_id`` was built from (written with the release, in its transaction)."""
    session.add(ReleaseInputs(release_id=release_id, rows=encode_rows(rows)))


async def inputs_of(session: AsyncSession, releases: Sequence[StatisticsRelease]) -> list[ConfidentialRows]:
    """The rows each release was built from, in order: as stored, or recomputed at its ``known_at`` if none is."""
    ids = [release.id for release in releases]
    query = select(ReleaseInputs.release_id, ReleaseInputs.rows).where(ReleaseInputs.release_id.in_(ids))
    stored = {release_id: rows for release_id, rows in (await session.execute(query)).all()}
    found: list[ConfidentialRows] = []
    for release in releases:
        if release.id in stored:
            found.append(decode_rows(stored[release.id]))
        else:
            found.append(await confidential_rows(session, year=release.period, known_at=release.known_at))
    return found
