"""Labels over HTTP, on both engines: every code read back from the rasterized PDF, names read from its text,
the ways of choosing labels, bad parameters, who may print what, and withheld collecting sites."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from seedbank.accounts.principal import ANONYMOUS, SYSTEM, Principal
from seedbank.accounts.roles import Role
from seedbank.catalog.services.search import AccessionQuery
from seedbank.db import Database
from seedbank.errors import InvalidInput
from seedbank.reports import labels as renderer
from seedbank.reports.labels import AVERY_L7163, render_labels
from seedbank.reports.services import LabelRequest, plan_labels, print_labels
from seedbank.reports.services import labels as label_service
from tests.conftest import ClientFor
from tests.integration import factories as f
from tests.integration.printed import CODE128, DATAMATRIX, QR, assert_pdf, decode, link, page_count, page_texts
from tests.integration.reports_world import (
    DOI,
    INDIGENOUS_NAME,
    MAIZE_NAME,
    RESTRICTED_SITE,
    World,
    build,
)

LABELS = "/reports/labels.pdf"


@pytest.fixture
async def world(client: httpx.AsyncClient) -> World:
    return await build(client)


def puids(*accessions: dict[str, Any]) -> list[str]:
    return [accession["puid"] for accession in accessions]


# ---------------------------------------------------------------------------------------------- round trips


async def test_a_custodians_packet_labels_read_back_exactly(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get(LABELS, params={"custodian_id": world.maizal["id"]})
    pdf = assert_pdf(response, f"etiquetas-custodio-{world.maizal['id']}-")
    # Its three lots, two labels each (inside and outside the packet); the DOI keeps its slash in the link.
    expected = [link(p) for p in puids(world.maize, world.maize, world.doi)] * 2
    assert sorted(decode(pdf, QR)) == sorted(expected)
    assert link(DOI) == f"http://127.0.0.1:8000/a/{DOI}"
    (text,) = page_texts(pdf)
    for words in (MAIZE_NAME, "Maíz canilla", "Comuna El Maizal", "Cámara fría B2, gaveta 14", "Semilla libre"):
        assert words in text
    assert f"Germinación {world.test['germination_percent']} %" in text
    assert text.count(world.maize_lot["lot_code"]) == 2
    assert "Sanare, Andrés Eloy Blanco, Lara (VEN)" in text
    assert INDIGENOUS_NAME not in text  # the Uwottüja's lot is not the Maizal's


async def test_lots_by_id_in_code128_on_wide_labels(client: httpx.AsyncClient, world: World) -> None:
    params = {"lot_id": [world.yam_lot["id"], world.maize_lot["id"]], "code": "code128", "layout": "L7163"}
    pdf = assert_pdf(await client.get(LABELS, params=params | {"copies": 1}), "etiquetas-lotes-")
    assert sorted(decode(pdf, CODE128, dpi=600)) == sorted(puids(world.yam, world.maize))
    (text,) = page_texts(pdf)
    assert INDIGENOUS_NAME in text  # ɨ, ʉ and ʼ intact
    assert "Sólo para la comunidad custodia" in text
    # The order asked for is the order printed.
    assert text.index(world.yam["accession_number"]) < text.index(world.maize["accession_number"])


async def test_accession_labels_one_each_on_a_roll(client: httpx.AsyncClient, world: World) -> None:
    params = {"accession_id": [world.maize["id"], world.doi["id"]], "layout": "roll-50x25", "code": "datamatrix"}
    pdf = assert_pdf(await client.get(LABELS, params=params), "etiquetas-accesiones-")
    assert page_count(pdf) == 2  # a roll prints a label a page; one copy of an accession label
    assert sorted(decode(pdf, DATAMATRIX)) == sorted(link(p) for p in puids(world.maize, world.doi))
    text = " ".join(page_texts(pdf))
    assert "Lote" not in text  # an accession's label, not a packet's
    assert DOI in text  # a DOI says something new and is printed


async def test_a_search_prints_the_lots_of_the_accessions_found(client: httpx.AsyncClient, world: World) -> None:
    maize = assert_pdf(await client.get(LABELS, params={"crop": "MAIZ", "copies": 1}), "etiquetas-busqueda-")
    assert sorted(decode(maize, QR)) == sorted(link(p) for p in puids(world.maize, world.maize, world.doi))
    yam = assert_pdf(await client.get(LABELS, params={"q": "uwottuja"}), "etiquetas-busqueda-")
    assert decode(yam, QR) == [link(world.yam["puid"])] * 2
    only_maizal = await client.get(LABELS, params={"q": "maiz", "custodian_id": world.uwottuja["id"]})
    f.problem(only_maizal, 422, "custodian_id")  # the Uwottüja hold no maize: nothing to print


async def test_offset_skips_used_labels_and_copies_stay_together(client: httpx.AsyncClient, world: World) -> None:
    params = {"lot_id": world.maize_lot["id"], "offset": 20, "copies": 3}
    pdf = assert_pdf(await client.get(LABELS, params=params), "etiquetas-lotes-")
    first, second = page_texts(pdf)
    lot_code = world.maize_lot["lot_code"]
    assert (first.count(lot_code), second.count(lot_code)) == (1, 2)  # the last label of sheet 1, then sheet 2
    assert decode(pdf, QR) == [link(world.maize["puid"])] * 3


# ---------------------------------------------------------------------------------------------- bad requests


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({}, 422, "accession_id"),
        ({"lot_id": "{maize_lot}", "accession_id": "{maize}"}, 422, "lot_id"),
        ({"lot_id": "{maize_lot}", "crop": "maíz"}, 422, "crop"),
        ({"lot_id": "{maize_lot}", "offset": 21}, 422, "offset"),  # L7160 has 21 labels: 0–20
        ({"lot_id": "{maize_lot}", "offset": 1, "layout": "roll-50x25"}, 422, "offset"),
        ({"lot_id": "{maize_lot}", "offset": 30}, 400, "offset"),
        ({"lot_id": "{maize_lot}", "offset": -1}, 400, "offset"),
        ({"lot_id": "{maize_lot}", "copies": 0}, 400, "copies"),
        ({"lot_id": "{maize_lot}", "copies": 11}, 400, "copies"),
        ({"lot_id": "{maize_lot}", "layout": "A4"}, 400, "layout"),
        ({"lot_id": "{maize_lot}", "code": "pdf417"}, 400, "code"),
        ({"lot_id": 0}, 400, "lot_id"),
        ({"lot_id": "uno"}, 400, "lot_id"),
        ({"accession_id": 2_147_483_648}, 400, "accession_id"),
        ({"lot_id": 99_999}, 404, "lot_id"),
        ({"accession_id": 99_999}, 404, "accession_id"),
        ({"custodian_id": 99_999}, 404, "custodian_id"),
        ({"q": "zzzz"}, 422, "q"),
        ({"lot_id": list(range(1, 502))}, 422, "lot_id"),
        # A fallback PUID in Code 128 needs 99 mm labels: refused naming the label, never squeezed.
        ({"lot_id": "{yam_lot}", "code": "code128"}, 422, "puid"),
    ],
)
async def test_bad_parameters_are_refused_naming_the_field(
    client: httpx.AsyncClient, world: World, params: dict[str, Any], status: int, field: str
) -> None:
    ids = {
        "{maize_lot}": world.maize_lot["id"],
        "{yam_lot}": world.yam_lot["id"],
        "{maize}": world.maize["id"],
    }
    body = f.problem(
        await client.get(LABELS, params={k: ids.get(v, v) if isinstance(v, str) else v for k, v in params.items()}),
        status,
        field,
    )
    if field == "puid":
        assert body["detail"].startswith(f"label {world.yam['accession_number']}: the Code 128 bar code does not fit")


# ---------------------------------------------------------------------------------------------- who may print


async def test_who_may_print_which_labels(
    client: httpx.AsyncClient, client_for: ClientFor, anonymous: httpx.AsyncClient, world: World
) -> None:
    maizal, uwottuja = world.maizal["id"], world.uwottuja["id"]
    f.problem(await anonymous.get(LABELS, params={"custodian_id": maizal}), 401)
    farmer = await client_for(Role.FARMER)
    f.problem(await farmer.get(LABELS, params={"custodian_id": maizal}), 403)

    custodian = await client_for(Role.CUSTODIAN, [maizal])
    assert_pdf(await custodian.get(LABELS, params={"custodian_id": maizal}), "etiquetas-custodio-")
    assert_pdf(await custodian.get(LABELS, params={"lot_id": world.maize_lot["id"]}), "etiquetas-lotes-")
    assert_pdf(await custodian.get(LABELS, params={"accession_id": world.maize["id"]}), "etiquetas-accesiones-")
    assert_pdf(await custodian.get(LABELS, params={"crop": "maíz", "custodian_id": maizal}), "etiquetas-custodio-")
    f.problem(await custodian.get(LABELS, params={"custodian_id": uwottuja}), 403, "custodian_id")
    f.problem(
        await custodian.get(LABELS, params={"lot_id": [world.maize_lot["id"], world.yam_lot["id"]]}), 403, "lot_id"
    )
    f.problem(await custodian.get(LABELS, params={"accession_id": world.yam["id"]}), 403, "accession_id")
    f.problem(await custodian.get(LABELS, params={"crop": "maíz"}), 403, "custodian_id")  # the whole collection

    # A holder may print an accession's label though another organisation stewards it.
    holder = await client_for(Role.CUSTODIAN, [uwottuja])
    f.problem(await holder.get(LABELS, params={"accession_id": world.maize["id"]}), 403, "accession_id")
    await f.lot(client, world.maize["id"], uwottuja)
    assert_pdf(await holder.get(LABELS, params={"accession_id": world.maize["id"]}), "etiquetas-accesiones-")

    centre = await client_for(Role.CENTRE)
    assert_pdf(await centre.get(LABELS, params={"custodian_id": uwottuja}), "etiquetas-custodio-")
    assert_pdf(await centre.get(LABELS, params={"crop": "ñame"}), "etiquetas-busqueda-")


async def test_collecting_sites_withheld_from_a_reader_are_not_printed(
    client_for: ClientFor, database: Database, world: World
) -> None:
    # Those who may print these labels may see the site: the steward's members and the staff.
    uwottuja = await client_for(Role.CUSTODIAN, [world.uwottuja["id"]])
    for reader in (uwottuja, await client_for(Role.CENTRE)):
        pdf = assert_pdf(await reader.get(LABELS, params={"lot_id": world.yam_lot["id"]}), "etiquetas-lotes-")
        assert f"{RESTRICTED_SITE} (VEN)" in page_texts(pdf)[0]
    # The labels' rows are read for the reader: an outsider gets the country, never the site.
    plan = await plan_labels(database, SYSTEM, LabelRequest(lot_ids=[world.yam_lot["id"], world.maize_lot["id"]]))
    maizal_member = Principal(user_id=99, label="m@semillas.test", role=Role.CUSTODIAN, custodian_ids=frozenset({1}))
    for outsider in (ANONYMOUS, maizal_member):
        (batch,) = [b async for b in label_service.label_batches(database, outsider, plan)]
        assert [label.origin for label in batch] == ["VEN", "Sanare, Andrés Eloy Blanco, Lara (VEN)"]
        text = page_texts(render_labels(batch, AVERY_L7163))[0]
        assert "Raudal" not in text
        assert INDIGENOUS_NAME in text
    (batch,) = [b async for b in label_service.label_batches(database, SYSTEM, plan)]
    assert batch[0].origin == f"{RESTRICTED_SITE} (VEN)"


# ---------------------------------------------------------------------------------------------- plans and streaming


async def test_a_request_over_the_cap_is_refused_before_anything_is_drawn(database: Database, world: World) -> None:
    three_lots = [world.maize_lot["id"], world.maize_lot_2["id"], world.doi_lot["id"]]
    with pytest.raises(InvalidInput, match="more than 5 labels") as error:
        await plan_labels(database, SYSTEM, LabelRequest(lot_ids=three_lots), max_labels=5)  # 3 × 2 copies
    assert error.value.field == "lot_id"
    with pytest.raises(InvalidInput, match="more than 5 labels") as error:
        await plan_labels(database, SYSTEM, LabelRequest(query=AccessionQuery(crop="maíz")), max_labels=5)
    assert error.value.field == "crop"
    plan = await plan_labels(database, SYSTEM, LabelRequest(lot_ids=three_lots, copies=1), max_labels=5)
    assert (plan.kind, plan.ids, plan.labels) == ("lot", three_lots, 3)


async def test_rows_are_read_in_batches_while_a_worker_thread_draws(
    database: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = await plan_labels(database, SYSTEM, LabelRequest(query=AccessionQuery(custodian_id=world.maizal["id"])))
    batches = [batch async for batch in label_service.label_batches(database, SYSTEM, plan, batch=2)]
    assert [len(batch) for batch in batches] == [2, 1]
    assert [label.lot_code for batch in batches for label in batch] == [
        world.maize_lot["lot_code"],
        world.maize_lot_2["lot_code"],
        world.doi_lot["lot_code"],
    ]

    drawn_on: list[int] = []

    def spy(labels: Iterator[renderer.LabelData], *args: Any, **kwargs: Any) -> bytes:
        drawn_on.append(threading.get_ident())
        return render_labels(labels, *args, **kwargs)

    monkeypatch.setattr(label_service, "render_labels", spy)
    reported: list[int] = []
    pdf = await print_labels(
        database, SYSTEM, LabelRequest(lot_ids=[world.maize_lot["id"]]), base_url=None, progress=reported.append
    )
    assert drawn_on
    assert drawn_on[0] != threading.get_ident()  # not on the event loop's thread
    assert pdf.items == 2
    assert reported == [2]
    assert decode(pdf.content, QR) == [world.maize["puid"]] * 2  # without a base URL, the bare PUID
