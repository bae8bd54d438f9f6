"""The map as GeoJSON (RFC 7946): [lon, lat] positions, the lists' filters, a cap, no contact details, and
withheld collecting sites never shown to readers who may not see them."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.integration import factories as f


def _collection(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == "FeatureCollection"
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Point", "MultiPoint")
    return body


async def test_custodians_on_the_map_are_points_in_lon_lat_order_without_contact_details(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    maizal = await f.custodian(client, contact="+58 412 555 0101", address="Sector La Guitarrita, casa 4")
    await f.custodian(client, name="Sin coordenadas", latitude=None, longitude=None)
    sanare = await f.custodian(client, name="Comuna Sanare", latitude=9.75, longitude=-69.65)
    maize = await f.taxon(client)
    accession = await f.accession(client, maize["id"])
    await f.lot(client, accession["id"], maizal["id"], initial_quantity=700)
    await f.lot(client, accession["id"], maizal["id"], initial_quantity=300)

    for reader in (client, anonymous):
        response = await reader.get("/custodians.geojson")
        body = _collection(response)
        assert body["truncated"] is False
        assert [feature["id"] for feature in body["features"]] == [maizal["id"], sanare["id"]]
        first = body["features"][0]
        assert first["geometry"] == {"type": "Point", "coordinates": [-69.16, 9.78]}
        assert first["properties"]["name"] == "Comuna El Maizal"
        assert (first["properties"]["lots"], first["properties"]["accessions"]) == (2, 1)
        assert first["properties"]["available_seeds"] == 1000
        assert "contact" not in first["properties"]
        assert "555" not in response.text
        assert "Guitarrita" not in response.text

    capped = _collection(await anonymous.get("/custodians.geojson", params={"limit": 1}))
    assert (len(capped["features"]), capped["truncated"]) == (1, True)
    near = _collection(await anonymous.get("/custodians.geojson", params={"near": "9.75,-69.6", "within_km": 10}))
    assert [feature["id"] for feature in near["features"]] == [sanare["id"]]
    assert 5 < near["features"][0]["properties"]["distance_km"] < 6
    boxed = _collection(await anonymous.get("/custodians.geojson", params={"bbox": "-69.7,9.7,-69.6,9.8"}))
    assert [feature["id"] for feature in boxed["features"]] == [sanare["id"]]
    f.problem(await anonymous.get("/custodians.geojson", params={"bbox": "-69.7,9.8,-69.6,9.7"}), 422, "bbox")
    f.problem(await anonymous.get("/custodians.geojson", params={"within_km": 5}), 422, "near")


async def test_a_bbox_across_the_antimeridian(client: httpx.AsyncClient) -> None:
    fiji = await f.custodian(client, name="Koro Island", state=None, latitude=-17.3, longitude=179.4)
    samoa = await f.custodian(client, name="Savai'i", state=None, latitude=-13.6, longitude=-172.4)
    await f.custodian(client, name="Darwin", state=None, latitude=-12.46, longitude=130.84)
    body = _collection(await client.get("/custodians.geojson", params={"bbox": "170,-20,-170,-10"}))
    assert [feature["id"] for feature in body["features"]] == [fiji["id"], samoa["id"]]


async def test_accessions_on_the_map_by_collecting_site_or_by_holders_never_leaking_withheld_sites(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    holder = await f.custodian(client)
    maize = await f.taxon(client)
    free = await f.accession(client, maize["id"], collecting_latitude=10.1, collecting_longitude=-69.2)
    secret = await f.accession(
        client,
        maize["id"],
        accession_names=["Maíz de la comunidad"],
        access_terms="community-only",
        collecting_latitude=8.123456,
        collecting_longitude=-66.654321,
    )
    unplaced = await f.accession(client, maize["id"], accession_names=["Sin lugar"])
    await f.lot(client, secret["id"], holder["id"])

    staff = _collection(await client.get("/accessions.geojson"))
    by_id = {feature["id"]: feature for feature in staff["features"]}
    assert set(by_id) == {free["id"], secret["id"]}  # an accession with no place is not on the map
    assert unplaced["id"] not in by_id
    assert by_id[free["id"]]["geometry"] == {"type": "Point", "coordinates": [-69.2, 10.1]}
    assert by_id[secret["id"]]["geometry"] == {"type": "Point", "coordinates": [-66.654321, 8.123456]}
    assert by_id[free["id"]]["properties"]["placed_by"] == "collecting"
    assert by_id[free["id"]]["properties"]["taxon"] == "Zea mays"

    response = await anonymous.get("/accessions.geojson")
    public = {feature["id"]: feature for feature in _collection(response)["features"]}
    assert public[secret["id"]]["geometry"] == {"type": "MultiPoint", "coordinates": [[-69.16, 9.78]]}
    assert public[secret["id"]]["properties"]["placed_by"] == "holders"
    assert public[secret["id"]]["properties"]["holder_custodian_ids"] == [holder["id"]]
    assert "8.123456" not in response.text
    assert "66.654321" not in response.text

    by_collecting = _collection(await anonymous.get("/accessions.geojson", params={"by": "collecting"}))
    assert [feature["id"] for feature in by_collecting["features"]] == [free["id"]]
    near = _collection(
        await anonymous.get("/accessions.geojson", params={"near": "8.12,-66.65", "within_km": 30, "by": "either"})
    )
    assert near["features"] == []
    text = json.dumps(
        _collection(await client.get("/accessions.geojson", params={"near": "8.12,-66.65", "within_km": 30}))
    )
    assert f'"id": {secret["id"]}' in text
