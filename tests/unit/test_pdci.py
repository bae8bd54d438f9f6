from pathlib import Path

import pytest

from seedbank.catalog.mcpd import McpdReader, McpdRow
from seedbank.catalog.pdci import COORDINATES, GermplasmType, germplasm_type, pdci, pdci_gaps, summarise_pdci

SAMPLE = Path(__file__).parents[1] / "data" / "mcpd-vavilov3-sample.csv"


def sample_rows() -> list[McpdRow]:
    with SAMPLE.open("rb") as sample:
        return list(McpdReader(sample))


# A wild tomato relative, collected with a GPS point. Worked out by hand from the published weights:
# type-independent  GENUS 120 + SPECIES 80 + SPAUTHOR 5 + CROPNAME 45 + ACQDATE 10 + SAMPSTAT 80
#                   + DONORNAME 20 (no DONORCODE) + DONORNUMB 40 (with a donor) + DUPLINSTNAME 15 (no DUPLSITE)
#                   + STORAGE 15 + MLSSTAT 15                                                        = 445
# wild or weedy     ORIGCTY 80 + COLLSITE 20 (with coordinates) + coordinates 120 + ELEVATION 20
#                   + COLLDATE 30 + COLLSRC 30 + COLLNUMB 60 + COLLNAME 20 (no COLLCODE)             = 380
# ACCENAME and BREDCODE are not scored for wild material.                                   825 → 8.25
WILD = {
    "INSTCODE": "VEN001", "ACCENUMB": "VEN001-000412", "GENUS": "Solanum", "SPECIES": "pimpinellifolium",
    "SPAUTHOR": "L.", "CROPNAME": "tomate silvestre", "ACQDATE": "20190312", "SAMPSTAT": "100",
    "DONORNAME": "Comuna El Maizal", "DONORNUMB": "EM-4", "DUPLINSTNAME": "Banco de Germoplasma del INIA",
    "STORAGE": "13", "MLSSTAT": "1", "ORIGCTY": "VEN", "COLLSITE": "Quebrada de Sanare, Lara",
    "DECLATITUDE": "9.7514", "DECLONGITUDE": "-69.6561", "ELEVATION": "1200", "COLLDATE": "20190310",
    "COLLSRC": "10", "COLLNUMB": "JR-07", "COLLNAME": "Misión Lara", "ACCENAME": "tomatico", "BREDCODE": "VEN003",
}  # fmt: skip


def test_wild_accession_by_hand() -> None:
    score = pdci(WILD)
    assert score.germplasm_type is GermplasmType.WILD_OR_WEEDY
    assert score.score == 8.25
    assert score.points["COLLSITE"] == 20
    assert score.points[COORDINATES] == 120
    assert "ACCENAME" not in score.points  # not scored for wild material
    assert "BREDCODE" not in score.points
    assert sum(score.points.values()) == 825


def test_a_wild_site_without_coordinates_is_worth_more_alone() -> None:
    # COLLSITE 70 instead of 20 and no 120 for the point: 825 − 20 − 120 + 70 = 755.
    without_point = {name: value for name, value in WILD.items() if name not in ("DECLATITUDE", "DECLONGITUDE")}
    assert pdci(without_point).score == 7.55
    # LATITUDE/LONGITUDE (either spelling) count as the point too; half a point is no point.
    assert pdci(without_point | {"LATITUDE": "094505N", "LONGITUDE": "0693922W"}).score == 8.25
    assert pdci(without_point | {"LATITUDE": "094505N"}).score == 7.55


def test_landrace_from_the_sample_by_hand() -> None:
    # type-independent  GENUS 120 + SPECIES 80 + SPAUTHOR 5 + SUBTAXA 40 + CROPNAME 45 + SAMPSTAT 80
    #                   + OTHERNUMB 35                                                                         = 405
    # landrace          ORIGCTY 80 + COLLSITE 15 (with coordinates) + coordinates 80 + ELEVATION 15 + COLLDATE 30
    #                   + COLLSRC 50 + ACCENAME 50 + COLLNUMB 40 + COLLCODE 30                                 = 390
    # The sample's coordinates sit in LATITUDE/LONGITUDE as decimals; they still count.          795 → 7.95
    rows = sample_rows()
    score = pdci(rows[0].fields)
    assert score.germplasm_type is GermplasmType.LANDRACE
    assert score.score == 7.95
    assert score.points["ACCENAME"] == 50


def test_taxon_points_need_the_rank_above() -> None:
    # Capsicum "sp." with a crop name: only GENUS counts (SPECIES, and CROPNAME with it, need a real epithet).
    assert pdci({"GENUS": "Capsicum", "SPECIES": "sp.", "CROPNAME": "ají", "SPAUTHOR": "L."}).points == {"GENUS": 120}
    assert pdci({"SPECIES": "mays"}).points == {}


def test_breeding_material_and_cultivar_weigh_breeder_pedigree_and_name() -> None:
    base = {"GENUS": "Zea", "SPECIES": "mays", "ORIGCTY": "VEN", "COLLSRC": "40", "ANCEST": "Tuxpeño/Cariaco"}
    # 120 + 80 + SAMPSTAT 80 | ORIGCTY 40 + BREDCODE 110 + ANCEST 150 + COLLSRC 20 + ACCENAME 80 = 680
    breeding = pdci(base | {"SAMPSTAT": "410", "BREDCODE": "VEN003", "BREDNAME": "INIA", "ACCENAME": "Línea 7"})
    assert (breeding.germplasm_type, breeding.score) == (GermplasmType.BREEDING_MATERIAL, 6.8)
    assert "BREDNAME" not in breeding.points  # the name only counts without a code
    # 120 + 80 + SAMPSTAT 80 | ORIGCTY 40 + BREDNAME 40 + ANCEST 100 + COLLSRC 20 + ACCENAME 160 = 640
    cultivar = pdci(base | {"SAMPSTAT": "500", "BREDNAME": "INIA", "ACCENAME": "Sefloarca 91"})
    assert (cultivar.germplasm_type, cultivar.score) == (GermplasmType.CULTIVAR, 6.4)


def test_other_and_unknown_status() -> None:
    # No SAMPSTAT: GENUS 120 + SPECIES 80 | ORIGCTY 40 + COLLSITE 20 (no point) + ACCENAME 40 = 300
    row = {"GENUS": "Zea", "SPECIES": "mays", "ORIGCTY": "VEN", "COLLSITE": "Sanare", "ACCENAME": "Cariaco"}
    assert (pdci(row).germplasm_type, pdci(row).score) == (GermplasmType.OTHER, 3.0)
    assert pdci(row | {"SAMPSTAT": "301"}).score == 3.0  # not a SAMPSTAT code: neither its 80 points nor a type
    assert pdci(row | {"SAMPSTAT": "999"}).score == 3.8


def test_complete_passports_reach_ten_except_other_which_tops_out_at_eight_and_a_half() -> None:
    scored = [
        "GENUS", "SPECIES", "SPAUTHOR", "SUBTAXA", "SUBTAUTHOR", "CROPNAME", "ACQDATE", "DONORCODE", "DONORNUMB",
        "OTHERNUMB", "DUPLSITE", "STORAGE", "ACCEURL", "MLSSTAT", "ORIGCTY", "COLLSITE", "DECLATITUDE",
        "DECLONGITUDE", "ELEVATION", "COLLDATE", "BREDCODE", "ANCEST", "COLLSRC", "ACCENAME", "COLLNUMB", "COLLCODE",
    ]  # fmt: skip
    everything = dict.fromkeys(scored, "x")
    for sampstat in ("100", "200", "300", "400", "500"):
        assert pdci(everything | {"SAMPSTAT": sampstat}).score == 10.0
    assert pdci(everything | {"SAMPSTAT": "999"}).score == 8.5
    assert pdci({}).score == 0.0


def test_row_form_is_forgiving_about_case_and_empty_values() -> None:
    assert pdci({"genus": "Zea", " Species ": "mays", "SUBTAXA": "", "STORAGE": [], "MLSSTAT": None}).score == 2.0


@pytest.mark.parametrize(
    ("sampstat", "kind"),
    [
        (100, GermplasmType.WILD_OR_WEEDY),
        ("130", GermplasmType.WILD_OR_WEEDY),
        (200, GermplasmType.WILD_OR_WEEDY),
        (300, GermplasmType.LANDRACE),
        (423, GermplasmType.BREEDING_MATERIAL),
        (500, GermplasmType.CULTIVAR),
        (600, GermplasmType.OTHER),
        (999, GermplasmType.OTHER),
        (None, GermplasmType.OTHER),
        ("landrace", GermplasmType.OTHER),
    ],
)
def test_germplasm_types(sampstat: object, kind: GermplasmType) -> None:
    assert germplasm_type(sampstat) is kind


def test_gaps_say_what_to_fill_next() -> None:
    gaps = pdci_gaps(WILD)
    assert next(iter(gaps.items())) == ("ACCEURL", 0.4)
    assert gaps["DONORCODE"] == 0.2  # 40 for the code instead of 20 for the name
    assert gaps["DUPLSITE"] == 0.15
    assert "ANCEST" not in gaps  # worth nothing for wild material
    site_only = {name: value for name, value in WILD.items() if name not in ("DECLATITUDE", "DECLONGITUDE")}
    assert pdci_gaps(site_only)[COORDINATES] == 0.7  # +120 for the point, −50 on COLLSITE


def test_collection_summary() -> None:
    rows = sample_rows()
    scores = [pdci(row.fields) for row in rows] + [pdci(WILD), pdci({"GENUS": "Zea"})]
    summary = summarise_pdci(iter(scores))
    assert summary.count == 8
    assert summary.mean == round((6 * 7.95 + 8.25 + 1.2) / 8, 2)
    assert (summary.minimum, summary.maximum) == (1.2, 8.25)
    assert summary.distribution == (0, 1, 0, 0, 0, 0, 0, 6, 1, 0)
    assert summary.by_type[GermplasmType.LANDRACE] == (6, 7.95)
    assert summary.by_type[GermplasmType.OTHER] == (1, 1.2)
    empty = summarise_pdci([])
    assert (empty.count, empty.mean, empty.distribution) == (0, None, (0,) * 10)
