"""The audit trail: every change recorded with who, when, before and after; secrets never in it."""

from __future__ import annotations

import httpx

from seedbank.accounts.roles import Role
from seedbank.db import Database
from tests.conftest import PASSWORD, ClientFor
from tests.integration import factories as f


async def test_changes_are_recorded_with_before_and_after(client: httpx.AsyncClient, client_for: ClientFor) -> None:
    made = await f.collection(client)
    lot = made["lot"]
    keeper = await client_for(Role.CUSTODIAN, [made["custodian"]["id"]])
    await keeper.patch(f"/lots/{lot['id']}", json={"storage_location": "Estante 3"})
    moved = await f.created(await keeper.post(f"/lots/{lot['id']}/ledger", json={"kind": "issue", "quantity": 40}))

    lot_events = (await client.get("/audit", params={"record": f"lot:{lot['id']}"})).json()["items"]
    assert [e["action"] for e in lot_events] == ["lot.update", "lot.create"]
    update = lot_events[0]
    assert update["actor_label"].startswith("custodian-")
    assert update["before"]["storage_location"] is None
    assert update["after"]["storage_location"] == "Estante 3"

    entry_events = (await client.get("/audit", params={"record": f"lot_entry:{moved['id']}"})).json()["items"]
    assert entry_events[0]["action"] == "lot_entry.create"
    assert entry_events[0]["after"]["quantity"] == -40
    for record in (
        f"taxon:{made['taxon']['id']}",
        f"custodian:{made['custodian']['id']}",
        f"accession:{made['accession']['id']}",
    ):
        assert (await client.get("/audit", params={"record": record})).json()["items"], record
    f.problem(await client.get("/audit", params={"record": "lot"}), 422, "record")


async def test_no_password_or_token_ever_reaches_the_trail(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, database: Database
) -> None:
    user = await f.created(
        await client.post("/users", json={"email": "rosa@example.test", "password": PASSWORD, "role": "farmer"})
    )
    issued = (await anonymous.post("/auth/token", json={"email": "rosa@example.test", "password": PASSWORD})).json()
    await client.patch(f"/users/{user['id']}", json={"password": "otra clave larga 2027"})
    rows = await database.fetch("SELECT before, after FROM audit_event")
    text = " ".join(str(value) for row in rows for value in row.values())
    assert "pbkdf2" not in text
    assert PASSWORD not in text
    assert "otra clave" not in text
    assert issued["token"] not in text
    assert (await client.get("/audit", params={"record": f"account_user:{user['id']}"})).json()["items"]
