"""Lots, the append-only stock ledger, splits and lineage, on both engines."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from seedbank.db import Database
from seedbank.errors import DomainError
from tests.integration import factories as f


async def test_registering_a_lot_writes_its_first_entry(client: httpx.AsyncClient) -> None:
    made = await f.collection(client)
    lot = made["lot"]
    assert lot["lot_code"] == f"{made['accession']['accession_number']}-L01"
    assert (lot["on_hand"], lot["reserved"], lot["available"]) == (1000, 0, 1000)
    assert lot["on_hand_mass_mg"] == 320_000
    ledger = (await client.get(f"/lots/{lot['id']}/ledger")).json()["items"]
    assert [(e["kind"], e["quantity"], e["balance_after"]) for e in ledger] == [("receive", 1000, 1000)]


async def test_movements_move_stock_and_never_below_zero(client: httpx.AsyncClient) -> None:
    lot = (await f.collection(client))["lot"]
    url = f"/lots/{lot['id']}/ledger"
    issued = await f.created(await client.post(url, json={"kind": "issue", "quantity": 300, "actor": "María"}))
    assert (issued["quantity"], issued["balance_after"]) == (-300, 700)
    weighed = await f.created(await client.post(url, json={"kind": "harvest", "mass_mg": 32_000}))
    assert weighed["quantity"] == 100

    f.problem(await client.post(url, json={"kind": "loss", "quantity": 801}), 409, "quantity")
    f.problem(await client.post(url, json={"kind": "issue", "quantity": -5}), 400, "quantity")
    f.problem(await client.post(url, json={"kind": "issue", "quantity": 2.5}), 400, "quantity")
    f.problem(await client.post(url, json={"kind": "issue"}), 422, "quantity")
    f.problem(await client.post(url, json={"kind": "issue", "quantity": 1, "mass_mg": 5}), 422, "quantity")
    f.problem(await client.post(url, json={"kind": "theft", "quantity": 1}), 400, "kind")
    f.problem(await client.post("/lots/999999/ledger", json={"kind": "issue", "quantity": 1}), 404, "lot_id")

    after = (await client.get(f"/lots/{lot['id']}")).json()
    assert after["on_hand"] == 800
    ledger = (await client.get(url)).json()["items"]
    assert sum(e["quantity"] for e in ledger) == after["on_hand"]
    assert len(ledger) == 3


async def test_corrections_reverse_once(client: httpx.AsyncClient) -> None:
    lot = (await f.collection(client))["lot"]
    url = f"/lots/{lot['id']}/ledger"
    loss = await f.created(await client.post(url, json={"kind": "loss", "quantity": 250}))
    fix = await f.created(await client.post(url, json={"kind": "correction", "corrects_entry_id": loss["id"]}))
    assert (fix["quantity"], fix["balance_after"], fix["corrects_entry_id"]) == (250, 1000, loss["id"])
    f.problem(
        await client.post(url, json={"kind": "correction", "corrects_entry_id": loss["id"]}), 409, "corrects_entry_id"
    )
    f.problem(
        await client.post(url, json={"kind": "correction", "corrects_entry_id": fix["id"]}), 422, "corrects_entry_id"
    )
    f.problem(await client.post(url, json={"kind": "correction"}), 422, "corrects_entry_id")
    f.problem(await client.post(url, json={"kind": "correction", "corrects_entry_id": 9999}), 404, "corrects_entry_id")


async def test_the_ledger_is_append_only_in_the_database(client: httpx.AsyncClient, database: Database) -> None:
    lot = (await f.collection(client))["lot"]
    for statement in ("UPDATE lot_entry SET quantity = 5", "DELETE FROM lot_entry"):
        with pytest.raises(DomainError, match="append-only"):
            async with database.write():
                await database.fetch(statement)
    with pytest.raises(DomainError, match="below zero"):
        async with database.write():
            await database.fetch("UPDATE lot SET on_hand = -1 WHERE id = {}", lot["id"])
    assert (await client.get(f"/lots/{lot['id']}")).json()["on_hand"] == 1000


async def test_split_is_atomic_and_shows_in_lineage(client: httpx.AsyncClient) -> None:
    made = await f.collection(client)
    parent = made["lot"]
    other = await f.custodian(client, name="Comunidad Ye'kwana de Santa María de Erebato", setting="indigenous")
    split = await client.post(
        f"/lots/{parent['id']}/split", json={"quantity": 400, "custodian_id": other["id"], "lot_code": "YEK-2026-1"}
    )
    assert split.status_code == 201, split.text
    child = split.json()["child"]
    assert (split.json()["parent"]["on_hand"], child["on_hand"]) == (600, 400)
    assert (child["parent_lot_id"], child["custodian_name"], child["lot_code"]) == (
        parent["id"],
        other["name"],
        "YEK-2026-1",
    )
    grandchild = (await client.post(f"/lots/{child['id']}/split", json={"quantity": 100})).json()["child"]

    lineage = (await client.get(f"/lots/{grandchild['id']}/lineage")).json()
    assert [a["id"] for a in lineage["ancestors"]] == [child["id"], parent["id"]]
    down = (await client.get(f"/lots/{parent['id']}/lineage")).json()["descendants"]
    assert [(d["lot"]["id"], d["depth"]) for d in down] == [(child["id"], 1), (grandchild["id"], 2)]

    # A split that cannot be filled leaves nothing behind: no child, no entries.
    lots_before = (await client.get("/lots")).json()["items"]
    f.problem(await client.post(f"/lots/{parent['id']}/split", json={"quantity": 601}), 409, "quantity")
    f.problem(
        await client.post(f"/lots/{parent['id']}/split", json={"quantity": 1, "lot_code": "YEK-2026-1"}),
        409,
        "lot_code",
    )
    assert (await client.get("/lots")).json()["items"] == lots_before
    ledger = (await client.get(f"/lots/{parent['id']}/ledger")).json()["items"]
    assert [e["kind"] for e in ledger] == ["receive", "issue"]


async def test_lot_registration_refusals(client: httpx.AsyncClient) -> None:
    made = await f.collection(client)
    a, c = made["accession"], made["custodian"]
    f.problem(
        await client.post(
            "/lots",
            json={
                "accession_id": a["id"],
                "custodian_id": c["id"],
                "initial_quantity": 1,
                "lot_code": made["lot"]["lot_code"],
            },
        ),
        409,
        "lot_code",
    )
    f.problem(
        await client.post("/lots", json={"accession_id": 9999, "custodian_id": c["id"], "initial_quantity": 1}),
        404,
        "accession_id",
    )
    f.problem(
        await client.post(
            "/lots",
            json={"accession_id": a["id"], "custodian_id": c["id"], "initial_quantity": 1, "moisture_content_pct": 100},
        ),
        400,
        "moisture_content_pct",
    )
    f.problem(
        await client.post(
            "/lots",
            json={
                "accession_id": a["id"],
                "custodian_id": c["id"],
                "initial_quantity": 10,
                "initial_entry_kind": "issue",
            },
        ),
        422,
        "initial_entry_kind",
    )
    other_accession = await f.accession(client, made["taxon"]["id"])
    f.problem(
        await client.post(
            "/lots",
            json={
                "accession_id": other_accession["id"],
                "custodian_id": c["id"],
                "initial_quantity": 1,
                "parent_lot_id": made["lot"]["id"],
            },
        ),
        422,
        "parent_lot_id",
    )
    assert len((await client.get("/lots")).json()["items"]) == 1


async def test_status_rules(client: httpx.AsyncClient) -> None:
    lot = (await f.collection(client))["lot"]
    url = f"/lots/{lot['id']}"
    f.problem(await client.patch(url, json={"status": "depleted"}), 409, "status")
    quarantined = await client.patch(url, json={"status": "quarantined", "storage_location": "Cámara 2"})
    assert quarantined.json()["status"] == "quarantined"
    f.problem(await client.post(f"{url}/ledger", json={"kind": "issue", "quantity": 1}), 409, "kind")
    await f.created(await client.post(f"{url}/ledger", json={"kind": "test-use", "quantity": 100}))
    await client.patch(url, json={"status": "active"})
    emptied = await f.created(await client.post(f"{url}/ledger", json={"kind": "issue", "quantity": 900}))
    assert emptied["balance_after"] == 0
    assert (await client.get(url)).json()["status"] == "depleted"
    await f.created(await client.post(f"{url}/ledger", json={"kind": "return", "quantity": 50}))
    assert (await client.get(url)).json()["status"] == "active"
    await client.patch(url, json={"status": "deaccessioned"})
    f.problem(await client.post(f"{url}/ledger", json={"kind": "receive", "quantity": 1}), 409, "lot_id")


async def test_fifty_simultaneous_movements_never_overdraw(client: httpx.AsyncClient) -> None:
    lot = (await f.collection(client))["lot"]  # 1000 seeds
    url = f"/lots/{lot['id']}/ledger"
    responses = await asyncio.gather(
        *(client.post(url, json={"kind": "issue", "quantity": 30, "actor": f"farmer {i}"}) for i in range(50))
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 33  # 33 × 30 = 990 of 1000
    assert statuses.count(409) == 17
    final = (await client.get(f"/lots/{lot['id']}")).json()
    assert final["on_hand"] == 10
    entries = (await client.get(url, params={"limit": 500})).json()["items"]
    assert sum(e["quantity"] for e in entries) == 10
    assert sorted(e["balance_after"] for e in entries[1:]) == list(range(10, 1000, 30))


async def test_point_reads_give_what_the_converting_path_gives(client: httpx.AsyncClient, database: Database) -> None:
    made = await f.collection(client)
    await client.post(f"/lots/{made['lot']['id']}/split", json={"quantity": 10})
    for table in ("taxon", "custodian", "accession", "lot", "lot_entry"):
        sql = f"SELECT * FROM {table} WHERE id = {{}}"
        assert await database.fetch_point(sql, 1) == await database.fetch_one(sql, 1), table


async def test_reserved_seed_cannot_be_moved_out(client: httpx.AsyncClient, database: Database) -> None:
    lot = (await f.collection(client))["lot"]
    async with database.write():  # the exchange reserves through the catalogue; here, directly
        await database.fetch("UPDATE lot SET reserved = 900 WHERE id = {}", lot["id"])
    url = f"/lots/{lot['id']}/ledger"
    f.problem(await client.post(url, json={"kind": "loss", "quantity": 101}), 409, "quantity")
    await f.created(await client.post(url, json={"kind": "loss", "quantity": 100}))
    after = (await client.get(f"/lots/{lot['id']}")).json()
    assert (after["on_hand"], after["reserved"], after["available"]) == (900, 900, 0)
