"""Small builders for integration tests: records made through the HTTP API, as users make them."""

from __future__ import annotations

from typing import Any

import httpx


async def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def taxon(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"genus": "Zea", "species": "mays", "crop_name": "maíz", "common_name_es": "maíz", **fields}
    return await created(await client.post("/taxa", json=body))


async def custodian(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {
        "name": "Comuna El Maizal",
        "kind": "commune",
        "setting": "rural",
        "state": "Lara",
        "municipality": "Simón Planas",
        "latitude": 9.78,
        "longitude": -69.16,
        **fields,
    }
    return await created(await client.post("/custodians", json=body))


async def accession(client: httpx.AsyncClient, taxon_id: int, **fields: Any) -> dict[str, Any]:
    body = {"taxon_id": taxon_id, "accession_names": ["Maíz cariaco"], "biological_status": 300, **fields}
    return await created(await client.post("/accessions", json=body))


async def lot(client: httpx.AsyncClient, accession_id: int, custodian_id: int, **fields: Any) -> dict[str, Any]:
    body = {"accession_id": accession_id, "custodian_id": custodian_id, "initial_quantity": 1000, **fields}
    return await created(await client.post("/lots", json=body))


async def collection(client: httpx.AsyncClient) -> dict[str, Any]:
    """One taxon, one custodian, one accession and one lot of 1000 seeds."""
    t = await taxon(client)
    c = await custodian(client)
    a = await accession(client, t["id"])
    lt = await lot(client, a["id"], c["id"], thousand_seed_weight_mg=320_000)
    return {"taxon": t, "custodian": c, "accession": a, "lot": lt}


def problem(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    """Assert a problem+json answer with this status (and field, when given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["detail"]
    if field is not None:
        assert body.get("field") == field, body
    return body
