"""A refused licence transition reads, in Kazakh and Russian, as a sentence in the reader's language."""

from __future__ import annotations

import re

import httpx
import pytest

from api.database import Database
from tests.factories import account
from tests.licensing_support import licensed

SANCTION = {"reason_code": "false_information", "text": "The invoices were not issued by real clients."}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize(
    ("language", "reinstating_an_active", "suspending_a_suspended"),
    [
        (
            "kk",
            "Лицензия «қолданыста» мәртебесінде: оны қайта күшіне енгізуге болмайды.",
            "Лицензия «тоқтатыла тұрған» мәртебесінде: оны тоқтата тұруға болмайды.",
        ),
        (
            "ru",
            "Лицензию в статусе «действует» нельзя возобновить.",
            "Лицензию в статусе «приостановлена» нельзя приостановить.",
        ),
        ("en", "A licence that is active cannot be reinstated.", "A licence that is suspended cannot be suspended."),
    ],
)
async def test_a_refused_licence_transition_names_the_status_and_the_action_in_words(
    client: httpx.AsyncClient,
    database: Database,
    language: str,
    reinstating_an_active: str,
    suspending_a_suspended: str,
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    _, approved = await licensed(client, founder, reviewer)
    url = f"/api/v1/licences/{approved['licence_number']}"
    headers = {**reviewer.headers, "Accept-Language": language}

    reinstate = await client.post(f"{url}/reinstate", json=SANCTION, headers={**headers, "If-Match": '"1"'})
    assert reinstate.status_code == 409, reinstate.text
    assert reinstate.json()["code"] == "licence.transition_not_allowed"
    assert reinstate.json()["detail"] == reinstating_an_active

    suspended = await client.post(f"{url}/suspend", json=SANCTION, headers={**headers, "If-Match": '"1"'})
    assert suspended.status_code == 200, suspended.text
    again = await client.post(f"{url}/suspend", json=SANCTION, headers={**headers, "If-Match": '"2"'})
    assert again.status_code == 409, again.text
    assert again.json()["detail"] == suspending_a_suspended
    if language != "en":
        assert not LATIN_WORD.findall(reinstate.json()["detail"] + again.json()["detail"])


CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_the_data_dictionary_reads_in_kazakh_and_russian(
    client: httpx.AsyncClient, database: Database, language: str
) -> None:
    reviewer = await account(client, database, "reviewer")
    response = await client.get("/api/v1/metrics/dictionary", headers={**reviewer.headers, "Accept-Language": language})
    assert response.status_code == 200, response.text
    entries = response.json()
    assert entries
    for entry in entries:
        for field in ("definition", "basis", "disclosure", "unit"):
            assert CYRILLIC.search(entry[field]), (entry["name"], field, entry[field])
        assert entry["definition"] == entry["definitions"][language] != entry["definitions"]["en"]
        assert entry["basis"] == entry["bases"][language] != entry["bases"]["en"]
