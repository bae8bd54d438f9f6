"""The demo collection loads through the services, on both engines, and its books balance."""

from __future__ import annotations

import httpx

from seedbank.db import Database
from seedbank.demo import load_demo_into


async def test_demo_collection_loads_and_every_ledger_balances(database: Database, client: httpx.AsyncClient) -> None:
    summary = await load_demo_into(database, instcode="VEN001", seed=7, accessions=60)
    assert (summary.taxa, summary.custodians, summary.accessions) == (22, 41, 60)
    unbalanced = await database.fetch(
        "SELECT l.id FROM lot l WHERE l.on_hand <> "
        "(SELECT COALESCE(SUM(e.quantity), 0) FROM lot_entry e WHERE e.lot = l.id)"
    )
    assert unbalanced == []
    assert await database.fetch_value("SELECT COUNT(*) FROM lot") == summary.lots
    assert await database.fetch_value("SELECT COUNT(*) FROM lot_entry") == summary.entries

    for name in ("Maíz cariaco", "Ñame morado de Caicara", "ai'ruushi"):
        found = (await client.get("/accessions", params={"q": name})).json()["items"]
        assert any(name in item["accession_names"] for item in found), name
    indigenous = (await client.get("/custodians", params={"setting": "indigenous", "limit": 50})).json()["items"]
    assert any("ɨ" in c["name"] for c in indigenous)


async def test_demo_shows_germination_stories(database: Database, client: httpx.AsyncClient) -> None:
    await load_demo_into(database, instcode="VEN001", seed=2015, accessions=120)
    verdicts = await database.fetch("SELECT DISTINCT retest_required FROM germination_test")
    assert {bool(row["retest_required"]) for row in verdicts} == {True, False}
    assert (await client.get("/regeneration/due")).json()["items"]
    assert (await client.get("/germination-tests/due")).json()["items"]
