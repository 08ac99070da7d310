"""tau-ARGUS's own audit (``pytauargus``, its native ``intervalle`` port) of a release's linked set.

The release is made over HTTP with the real rules; its withheld cells and their reasons come from the staff view.
The linked set (every cell and identity) is written in tau-ARGUS's JJ format with the release's suppression pattern,
and tau-ARGUS computes each withheld cell's feasibility interval. Every sensitive cell must reach the stated
interval — ``v ± 3`` for counts, ``v ± max(25 %, 1)`` for AI FTE, each as far as the public cells allow (tau-ARGUS's
interval with every confidential cell withheld) — and no complement may be exact.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import httpx
from pytauargus._tauargus import audit_jj
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.database import Database
from licensing.confidential_tables import confidential_rows, linked_set_of
from registry.statistics.disclosure import DisclosureSettings
from registry.statistics.linked_protection import CellKey, LinkedSet
from tests.factories import account
from tests.metrics_support import build_ecosystem, build_licence_track

K = 3


def _jj(linked: LinkedSet, withheld: set[CellKey], path: Path) -> list[CellKey]:
    """The linked set in JJ format: cells (value, weight, status, bounds, protection levels), then identities."""
    keys = sorted(linked.cells)
    number = {key: index for index, key in enumerate(keys)}
    ceiling = float(sum(abs(float(cell.value)) for cell in linked.cells.values())) + 1000
    lines = ["0", str(len(keys))]
    for index, key in enumerate(keys):
        cell = linked.cells[key]
        hidden = key in withheld or key in linked.latent
        status = "m" if hidden else "s"
        lines.append(f"{index} {float(cell.value)} 1 {status} 0 {ceiling} 0 0 0")
    lines.append(str(len(linked.identities)))
    for identity in linked.identities:
        terms: dict[int, int] = {}
        for part in identity.parts:
            terms[number[part]] = terms.get(number[part], 0) + 1
        terms[number[identity.total]] = terms.get(number[identity.total], 0) - 1
        kept = {cell: coefficient for cell, coefficient in terms.items() if coefficient}
        lines.append(f"0 {len(kept)} : " + " ".join(f"{cell} ({coefficient})" for cell, coefficient in kept.items()))
    path.write_text("\n".join(lines) + "\n")
    return keys


def _audit(linked: LinkedSet, withheld: set[CellKey]) -> dict[CellKey, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "release.JJ"
        keys = _jj(linked, withheld, path)
        return {keys[row["cell"]]: (float(row["min"]), float(row["max"])) for row in audit_jj(str(path))}


def _required(linked: LinkedSet, key: CellKey, cap: tuple[float, float]) -> tuple[float, float]:
    cell = linked.cells[key]
    value = float(cell.value)
    margin = max(0.25 * value, 1.0) if cell.magnitude else float(K)
    return max(0.0, value - margin, cap[0]), min(value + margin, cap[1])


async def test_tau_argus_finds_every_withheld_cell_of_a_release_protected(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection, session: AsyncSession
) -> None:
    await build_licence_track(connection, await build_ecosystem(client, database, connection))
    admin = await account(client, database, "admin")
    made = await client.post("/api/v1/statistics/releases", json={"period": 2025}, headers=admin.headers)
    assert made.status_code == 201, made.text
    release = made.json()
    staff = await client.get(f"/api/v1/statistics/releases/{release['id']}/protection", headers=admin.headers)
    listed: Mapping[CellKey, str] = {tuple(entry["key"]): entry["reason"] for entry in staff.json()}

    rows = await confidential_rows(session, year=2025, known_at=datetime.fromisoformat(release["known_at"]))
    linked = linked_set_of(rows, DisclosureSettings())
    reasons = {key: reason for key, reason in listed.items() if key in linked.cells}  # medians are not additive
    assert len(reasons) >= 5, "the ecosystem has cells to withhold"
    found = _audit(linked, set(reasons))
    caps = _audit(linked, set(linked.cells) - linked.public)  # what the public cells alone allow
    for key, reason in reasons.items():
        low, high = found[key]
        if reason == "secondary":
            assert high - low >= 1 - 1e-6, f"{key} is exact: [{low}, {high}]"
            continue
        need_low, need_high = _required(linked, key, caps[key])
        value = linked.cells[key].value
        assert low <= need_low + 1e-6 and high >= need_high - 1e-6, (
            f"{key} = {value} ({reason}) is bounded to [{low}, {high}], inside {need_low}..{need_high}"
        )

    # The audit has teeth: with the primary cells alone withheld, tau-ARGUS narrows some of them.
    primary = {key for key, reason in reasons.items() if reason != "secondary"}
    bare = _audit(linked, primary)
    assert any(
        not (bare[key][0] <= _required(linked, key, caps[key])[0] + 1e-6)
        or not (bare[key][1] >= _required(linked, key, caps[key])[1] - 1e-6)
        for key in primary
    ), "without secondary suppression some primary cell must be exposed"
