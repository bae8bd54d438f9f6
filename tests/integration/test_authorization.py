"""The authorization matrix: every mutating endpoint × every role × own/other record, exact statuses.

Roles: anonymous, farmer, a custodian member of organisation A, centre staff (members of the
centre C), admin. Records belong to A ("own" for the custodian), to B (nobody's here) or to C
("own" for the centre).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from seedbank.accounts.roles import Role
from tests.conftest import ClientFor
from tests.integration import factories as f

ROLES = ("anonymous", "farmer", "custodian", "centre", "admin")
_unique = itertools.count(1)


@dataclass
class World:
    taxon: dict[str, Any]
    a: dict[str, Any]  # the custodian's own organisation
    b: dict[str, Any]  # another organisation
    c: dict[str, Any]  # the centre
    accession_a: dict[str, Any]
    accession_c: dict[str, Any]
    lot_a: dict[str, Any]
    lot_b: dict[str, Any]
    lot_c: dict[str, Any]
    clients: dict[str, httpx.AsyncClient]
    farmer_user_id: int


@pytest.fixture
async def world(client: httpx.AsyncClient, client_for: ClientFor) -> World:
    taxon = await f.taxon(client)
    a = await f.custodian(client, name="Comuna El Maizal")
    b = await f.custodian(client, name="Comuna Páramo de Mucuchíes", state="Mérida")
    c = await f.custodian(client, name="Centro Nacional de Resguardo", kind="centre", setting="urban")
    accession_a = await f.accession(client, taxon["id"], steward_custodian_id=a["id"])
    accession_c = await f.accession(client, taxon["id"], steward_custodian_id=c["id"])
    clients = {
        "anonymous": await client_for(None),
        "farmer": await client_for(Role.FARMER),
        "custodian": await client_for(Role.CUSTODIAN, [a["id"]]),
        "centre": await client_for(Role.CENTRE, [c["id"]]),
        "admin": client,
    }
    farmer_me = (await clients["farmer"].get("/auth/me")).json()
    return World(
        taxon=taxon,
        a=a,
        b=b,
        c=c,
        accession_a=accession_a,
        accession_c=accession_c,
        lot_a=await f.lot(client, accession_a["id"], a["id"]),
        lot_b=await f.lot(client, accession_a["id"], b["id"]),
        lot_c=await f.lot(client, accession_c["id"], c["id"]),
        clients=clients,
        farmer_user_id=farmer_me["user"]["id"],
    )


def _n() -> int:
    return next(_unique)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: Callable[[World], str]
    body: Callable[[World], dict[str, Any]] | None
    expected: tuple[int, int, int, int, int]  # anonymous, farmer, custodian, centre, admin


CASES = [
    Case("create taxon", "POST", lambda w: "/taxa", lambda w: {"genus": "Zea", "species": f"sp{_n()}"},
         (401, 403, 403, 201, 201)),
    Case("update taxon", "PATCH", lambda w: f"/taxa/{w.taxon['id']}", lambda w: {"common_name_en": "maize"},
         (401, 403, 403, 200, 200)),
    Case("create custodian", "POST", lambda w: "/custodians",
         lambda w: {"name": f"Consejo Comunal {_n()}", "kind": "communal-council", "setting": "rural"},
         (401, 403, 403, 201, 201)),
    Case("update own custodian", "PATCH", lambda w: f"/custodians/{w.a['id']}", lambda w: {"parish": "Sarare"},
         (401, 403, 200, 403, 200)),
    Case("update other custodian", "PATCH", lambda w: f"/custodians/{w.b['id']}", lambda w: {"parish": "Mucuchíes"},
         (401, 403, 403, 403, 200)),
    Case("update centre custodian", "PATCH", lambda w: f"/custodians/{w.c['id']}", lambda w: {"parish": "Las Delicias"},
         (401, 403, 403, 200, 200)),
    Case("create accession stewarded by A", "POST", lambda w: "/accessions",
         lambda w: {"taxon_id": w.taxon["id"], "steward_custodian_id": w.a["id"]},
         (401, 403, 201, 403, 201)),
    Case("create accession stewarded by the centre", "POST", lambda w: "/accessions",
         lambda w: {"taxon_id": w.taxon["id"], "steward_custodian_id": w.c["id"]},
         (401, 403, 403, 201, 201)),
    Case("update accession stewarded by A", "PATCH", lambda w: f"/accessions/{w.accession_a['id']}",
         lambda w: {"remarks": "corregido"}, (401, 403, 200, 403, 200)),
    Case("update accession stewarded by the centre", "PATCH", lambda w: f"/accessions/{w.accession_c['id']}",
         lambda w: {"remarks": "corregido"}, (401, 403, 403, 200, 200)),
    Case("register lot held by A", "POST", lambda w: "/lots",
         lambda w: {"accession_id": w.accession_a["id"], "custodian_id": w.a["id"], "initial_quantity": 10},
         (401, 403, 201, 403, 201)),
    Case("register lot held by B", "POST", lambda w: "/lots",
         lambda w: {"accession_id": w.accession_a["id"], "custodian_id": w.b["id"], "initial_quantity": 10},
         (401, 403, 403, 403, 201)),
    Case("register lot held by the centre", "POST", lambda w: "/lots",
         lambda w: {"accession_id": w.accession_c["id"], "custodian_id": w.c["id"], "initial_quantity": 10},
         (401, 403, 403, 201, 201)),
    Case("update own lot", "PATCH", lambda w: f"/lots/{w.lot_a['id']}", lambda w: {"storage_location": "Estante 2"},
         (401, 403, 200, 403, 200)),
    Case("update other lot", "PATCH", lambda w: f"/lots/{w.lot_b['id']}", lambda w: {"storage_location": "Estante 9"},
         (401, 403, 403, 403, 200)),
    Case("update centre lot", "PATCH", lambda w: f"/lots/{w.lot_c['id']}", lambda w: {"storage_location": "Cámara B1"},
         (401, 403, 403, 200, 200)),
    Case("move stock of own lot", "POST", lambda w: f"/lots/{w.lot_a['id']}/ledger",
         lambda w: {"kind": "issue", "quantity": 1}, (401, 403, 201, 403, 201)),
    Case("move stock of other lot", "POST", lambda w: f"/lots/{w.lot_b['id']}/ledger",
         lambda w: {"kind": "issue", "quantity": 1}, (401, 403, 403, 403, 201)),
    Case("move stock of centre lot", "POST", lambda w: f"/lots/{w.lot_c['id']}/ledger",
         lambda w: {"kind": "issue", "quantity": 1}, (401, 403, 403, 201, 201)),
    Case("split own lot", "POST", lambda w: f"/lots/{w.lot_a['id']}/split", lambda w: {"quantity": 1},
         (401, 403, 201, 403, 201)),
    Case("split other lot", "POST", lambda w: f"/lots/{w.lot_b['id']}/split", lambda w: {"quantity": 1},
         (401, 403, 403, 403, 201)),
    Case("split centre lot", "POST", lambda w: f"/lots/{w.lot_c['id']}/split", lambda w: {"quantity": 1},
         (401, 403, 403, 201, 201)),
    Case("create user", "POST", lambda w: "/users",
         lambda w: {"email": f"nueva{_n()}@semillas.test", "password": "semillas libres 2026", "role": "farmer"},
         (401, 403, 403, 403, 201)),
    Case("update user", "PATCH", lambda w: f"/users/{w.farmer_user_id}", lambda w: {"custodian_ids": []},
         (401, 403, 403, 403, 200)),
    Case("list users", "GET", lambda w: "/users", None, (401, 403, 403, 403, 200)),
    Case("read the audit trail", "GET", lambda w: "/audit", None, (401, 403, 403, 200, 200)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_who_may_do_what(world: World, case: Case) -> None:
    got = {}
    for role in ROLES:
        http = world.clients[role]
        body = case.body(world) if case.body else None
        response = await http.request(case.method, case.path(world), json=body)
        got[role] = response.status_code
        if response.status_code >= 400:
            f.problem(response, response.status_code)
    assert got == dict(zip(ROLES, case.expected, strict=True))


async def test_nothing_changes_when_refused(world: World) -> None:
    """A refused write leaves lots, ledger and audit trail as they were."""
    admin = world.clients["admin"]
    before_lot = (await admin.get(f"/lots/{world.lot_b['id']}")).json()
    before_ledger = (await admin.get(f"/lots/{world.lot_b['id']}/ledger")).json()["items"]
    before_audit = (await admin.get("/audit", params={"record": f"lot:{world.lot_b['id']}"})).json()["items"]
    for role in ("anonymous", "farmer", "custodian", "centre"):
        http = world.clients[role]
        await http.post(f"/lots/{world.lot_b['id']}/ledger", json={"kind": "loss", "quantity": 5})
        await http.patch(f"/lots/{world.lot_b['id']}", json={"status": "quarantined"})
        await http.post(f"/lots/{world.lot_b['id']}/split", json={"quantity": 5})
    assert (await admin.get(f"/lots/{world.lot_b['id']}")).json() == before_lot
    assert (await admin.get(f"/lots/{world.lot_b['id']}/ledger")).json()["items"] == before_ledger
    assert (await admin.get("/audit", params={"record": f"lot:{world.lot_b['id']}"})).json()["items"] == before_audit


async def test_a_bad_token_is_401_even_on_public_reads(world: World, anonymous: httpx.AsyncClient) -> None:
    for header in ("Bearer sbk_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer "):
        response = await anonymous.get("/accessions", headers={"Authorization": header})
        f.problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert (await anonymous.get("/accessions")).status_code == 200
