"""The offline gazetteer: its coverage of Venezuela, and finding places by state, municipality, parish."""

from __future__ import annotations

from collections import Counter

import pytest

from seedbank.catalog.gazetteer import (
    Gazetteer,
    GazetteerPlace,
    PlaceLevel,
    coarsest,
    default_gazetteer,
    locate_place,
)
from seedbank.catalog.geo import great_circle_km

# Municipalities per state (Instituto Nacional de Estadística; 335 in all).
MUNICIPALITIES_PER_STATE = {
    "Amazonas": 7,
    "Anzoátegui": 21,
    "Apure": 7,
    "Aragua": 18,
    "Barinas": 12,
    "Bolívar": 11,
    "Carabobo": 14,
    "Cojedes": 9,
    "Delta Amacuro": 4,
    "Distrito Capital": 1,
    "Falcón": 25,
    "Guárico": 15,
    "La Guaira": 1,
    "Lara": 9,
    "Mérida": 23,
    "Miranda": 21,
    "Monagas": 13,
    "Nueva Esparta": 11,
    "Portuguesa": 14,
    "Sucre": 15,
    "Táchira": 29,
    "Trujillo": 20,
    "Yaracuy": 14,
    "Zulia": 21,
}


def test_every_state_and_municipality_has_a_point_in_venezuela() -> None:
    places = default_gazetteer().places
    states = {p.state for p in places if p.level == "state"}
    assert states == set(MUNICIPALITIES_PER_STATE)
    pairs = {(p.state, p.municipality) for p in places if p.level == "municipality"}
    assert len(pairs) == 335
    assert Counter(state for state, _ in pairs) == MUNICIPALITIES_PER_STATE
    parishes = {(p.state, p.municipality, p.parish) for p in places if p.level == "parish"}
    assert len(parishes) == 245
    for place in places:
        assert 0.6 <= place.latitude <= 12.3, place
        assert -73.5 <= place.longitude <= -59.7, place
    assert [p.place for p in places if p.source == "manual"] == ["Colonia Tovar"]
    assert {p.place for p in places if p.geonameid is None} == {"Colonia Tovar", "Capatarida"}


def test_states_sit_at_their_capitals_and_parishes_near_their_seats() -> None:
    places = default_gazetteer().places
    seats = {(p.state, p.municipality): p for p in places if p.level == "municipality"}
    for state in (p for p in places if p.level == "state"):
        assert any(
            seat.state == state.state and (seat.latitude, seat.longitude) == (state.latitude, state.longitude)
            for seat in seats.values()
        ), state
    for parish in (p for p in places if p.level == "parish"):
        seat = seats[(parish.state, parish.municipality)]
        assert great_circle_km(parish.latitude, parish.longitude, seat.latitude, seat.longitude) <= 80, parish


def test_a_state_alone_is_placed_at_its_capital() -> None:
    match = locate_place("Zulia")
    assert match is not None
    assert (match.precision, match.state, match.place, match.source) == ("state", "Zulia", "Maracaibo", "gazetteer")
    assert (match.latitude, match.longitude) == pytest.approx((10.64, -71.61), abs=0.05)
    amazonas = locate_place("AMAZONAS")
    assert amazonas is not None
    assert amazonas.place == "Puerto Ayacucho"


def test_a_municipality_is_placed_at_its_seat_whatever_the_spelling() -> None:
    for spelling in ("Táchira", "tachira", "TACHIRA", "Estado Táchira", "Edo. Tachira"):
        match = locate_place(spelling, "Municipio San Cristóbal")
        assert match is not None
        assert (match.precision, match.state, match.municipality) == ("municipality", "Táchira", "San Cristóbal")
    match = locate_place("Estado Bolivariano de Miranda", "Mcpio. El Hatillo")
    assert match is not None
    assert (match.state, match.municipality, match.place) == ("Miranda", "El Hatillo", "El Hatillo")


def test_a_parish_with_a_namesake_town_is_placed_there() -> None:
    match = locate_place("la guaira", "vargas", "parroquia maiquetia")
    assert match is not None
    assert (match.precision, match.parish, match.place) == ("parish", "Maiquetía", "Maiquetía")
    seat = locate_place("La Guaira", "Vargas")
    assert seat is not None
    assert (match.latitude, match.longitude) != (seat.latitude, seat.longitude)


def test_an_unknown_parish_falls_back_to_the_municipality_and_an_unknown_municipality_to_the_state() -> None:
    match = locate_place("Apure", "Muñoz", "Nowhere")
    assert match is not None
    assert (match.precision, match.municipality, match.parish) == ("municipality", "Muñoz", None)
    match = locate_place("Apure", "Nowhere", None)
    assert match is not None
    assert (match.precision, match.place) == ("state", "San Fernando de Apure")
    assert locate_place("Nowhere", "Nowhere", "Nowhere") is None
    assert locate_place(None) is None
    assert locate_place("") is None


def test_former_and_informal_state_names() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.canonical_state("Vargas") == "La Guaira"
    assert gazetteer.canonical_state("Estado Vargas") == "La Guaira"
    assert gazetteer.canonical_state("Distrito Federal") == "Distrito Capital"
    assert gazetteer.canonical_state("distrito capital") == "Distrito Capital"
    assert gazetteer.canonical_state("Nueva  Esparta") == "Nueva Esparta"
    assert gazetteer.canonical_state("Caracas") is None
    match = locate_place("Distrito Federal", "Libertador")
    assert match is not None
    assert (match.state, match.place) == ("Distrito Capital", "Caracas")
    assert gazetteer.municipalities("Vargas") == ["Vargas"]
    assert len(gazetteer.municipalities("Zulia")) == 21
    assert gazetteer.municipalities("Atlantis") == []


def test_without_a_state_a_municipality_must_be_unambiguous() -> None:
    atures = locate_place(None, "Atures")
    assert atures is not None
    assert (atures.state, atures.place) == ("Amazonas", "Puerto Ayacucho")
    assert locate_place(None, "Libertador") is None  # one in each of several states
    match = locate_place("Mérida", "Libertador")
    assert match is not None
    assert (match.state, match.place) == ("Mérida", "Mérida")


def test_longer_official_forms_match_by_their_last_words() -> None:
    match = locate_place("Anzoátegui", "Turístico Diego Bautista Urbaneja")
    assert match is not None
    assert (match.municipality, match.place) == ("Diego Bautista Urbaneja", "Lecherías")


def place(level: PlaceLevel, municipality: str | None, parish: str | None, lat: float) -> GazetteerPlace:
    return GazetteerPlace(
        level, "Sucre", municipality, parish, parish or municipality or "Cumaná", lat, -63.0, 1, "geonames"
    )


def test_ambiguous_parish_names_need_their_municipality() -> None:
    gazetteer = Gazetteer(
        [
            place("state", None, None, 10.0),
            place("municipality", "Sucre", None, 10.1),
            place("municipality", "Bermúdez", None, 10.2),
            place("parish", "Sucre", "San Juan", 10.3),
            place("parish", "Bermúdez", "San Juan", 10.4),
            place("parish", "Bermúdez", "Santa Catalina (El Morro)", 10.5),
        ]
    )
    match = gazetteer.locate("Sucre", None, "San Juan")
    assert match is not None
    assert match.precision == "state"  # two San Juans: no guess
    match = gazetteer.locate("Sucre", "Bermudez", "San Juan")
    assert match is not None
    assert (match.precision, match.latitude) == ("parish", 10.4)
    for spelling in ("El Morro", "Santa Catalina", "santa catalina (el morro)"):
        match = gazetteer.locate("Sucre", None, spelling)
        assert match is not None
        assert (match.precision, match.latitude) == ("parish", 10.5)


def test_coarsest_precision() -> None:
    assert coarsest("address", "parish") == "parish"
    assert coarsest("state", "locality") == "state"
    assert coarsest("municipality", "municipality") == "municipality"
