"""A small collection to print from: two custodians, accented and indigenous names, a DOI, a restricted accession."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import httpx

from tests.integration import factories as f

MAIZE_NAME = "Maíz cariaco"
YAM_NAME = "Ñame morado de Caicara"
INDIGENOUS_NAME = "Uwottüja: kɨʉ ʼa"
RESTRICTED_SITE = "Raudal de Coromoto, Atabapo, Amazonas"
DOI = "10.18730/9KZ5Q"


@dataclass(frozen=True)
class World:
    maizal: dict[str, Any]  # Comuna El Maizal (Lara)
    uwottuja: dict[str, Any]  # Consejo Comunal Uwottüja de Coromoto (Amazonas)
    maize: dict[str, Any]  # free, stewarded by the Maizal, collecting site Sanare
    yam: dict[str, Any]  # community-only, stewarded by the Uwottüja, collecting site withheld from outsiders
    doi: dict[str, Any]  # free, with a DOI for its PUID
    maize_lot: dict[str, Any]  # held by the Maizal, tested
    maize_lot_2: dict[str, Any]  # held by the Maizal
    yam_lot: dict[str, Any]  # held by the Uwottüja
    doi_lot: dict[str, Any]  # held by the Maizal
    test: dict[str, Any]  # a germination test of maize_lot


async def build(client: httpx.AsyncClient) -> World:
    """Made through the API as an admin, as the centre would."""
    maize_taxon = await f.taxon(client)
    yam_taxon = await f.taxon(client, genus="Dioscorea", species="trifida", crop_name="ñame", common_name_es="ñame")
    maizal = await f.custodian(client)
    uwottuja = await f.custodian(
        client,
        name="Consejo Comunal Uwottüja de Coromoto",
        setting="indigenous",
        state="Amazonas",
        municipality="Atabapo",
        latitude=4.05,
        longitude=-67.7,
    )
    maize = await f.accession(
        client,
        maize_taxon["id"],
        steward_custodian_id=maizal["id"],
        collecting_site="Sanare, Andrés Eloy Blanco, Lara",
        origin_country="VEN",
    )
    yam = await f.accession(
        client,
        yam_taxon["id"],
        accession_names=[INDIGENOUS_NAME, YAM_NAME],  # a label prints the first
        steward_custodian_id=uwottuja["id"],
        access_terms="community-only",
        collecting_site=RESTRICTED_SITE,
        origin_country="VEN",
    )
    doi = await f.accession(
        client, maize_taxon["id"], accession_names=["Maíz canilla"], doi=DOI, steward_custodian_id=maizal["id"]
    )
    maize_lot = await f.lot(
        client,
        maize["id"],
        maizal["id"],
        initial_quantity=5000,
        thousand_seed_weight_mg=320_000,
        harvest_date="2024",
        storage_location="Cámara fría B2, gaveta 14",
    )
    maize_lot_2 = await f.lot(client, maize["id"], maizal["id"], initial_quantity=800, harvest_date="2025")
    yam_lot = await f.lot(client, yam["id"], uwottuja["id"], initial_quantity=300)
    doi_lot = await f.lot(client, doi["id"], maizal["id"], initial_quantity=1200)
    ended = dt.date.today() - dt.timedelta(days=30)
    test = await f.created(
        await client.post(
            f"/lots/{maize_lot['id']}/germination-tests",
            json={
                "started_on": (ended - dt.timedelta(days=7)).isoformat(),
                "ended_on": ended.isoformat(),
                "replicates": [{"seeds": 100, "normal": n, "abnormal": 3, "hard": 1} for n in (92, 90, 94, 88)],
                "method": "Entre papel (BP)",
                "substrate": "Papel de filtro",
                "temperature": "20/30 °C",
                "analyst": "María Teresa Piñango",
                "remarks": "Semilla del conuco de la señora Ramírez",
            },
        )
    )
    maize_lot = (await client.get(f"/lots/{maize_lot['id']}")).json()
    return World(maizal, uwottuja, maize, yam, doi, maize_lot, maize_lot_2, yam_lot, doi_lot, test)
