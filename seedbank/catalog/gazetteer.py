"""An offline gazetteer of Venezuela: a custodian's state, municipality and parish → a point (pure).

It serves when there is no network (or the geocoder fails): all 23 states and Distrito Capital,
all 335 municipalities and 245 parishes, each placed at a populated place, from
``seedbank/catalog/data/gazetteer_ve.csv`` (GeoNames, CC BY 4.0; the divisions from the
``venezuela`` package, MIT; sources, licences and changes in ``seedbank.catalog.data``).

- A **municipality** is placed at its seat (Libertador, Distrito Capital → Caracas).
- A **parish** is placed at the town it is named after, where GeoNames has one in that
  municipality (Maiquetía, Catia La Mar, Caricuao); the others fall back to their municipality's seat.
- A **state** is placed at its capital (Zulia → Maracaibo), not at the centroid of its places:
  a capital is where people and custodians are, while a centroid of Amazonas or Bolívar falls
  in the forest, hundreds of kilometres from anyone.

Names match whatever the case, accents and punctuation, with or without "Estado",
"Municipio" or "Parroquia" in front; the states' former or informal names ("Vargas",
"Distrito Federal") are understood. ``locate`` answers with the most precise level it can
place and says which (``precision``).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from seedbank.text import fold

__all__ = [
    "PRECISIONS",
    "Gazetteer",
    "GazetteerMatch",
    "GazetteerPlace",
    "PlaceLevel",
    "PlacePrecision",
    "coarsest",
    "default_gazetteer",
    "locate_place",
]

# How precisely a point stands for where a custodian is, most precise first.
PlacePrecision = Literal["address", "locality", "parish", "municipality", "state", "country"]
PRECISIONS: tuple[PlacePrecision, ...] = ("address", "locality", "parish", "municipality", "state", "country")
PlaceLevel = Literal["state", "municipality", "parish"]

_LEVELS: dict[str, PlaceLevel] = {"state": "state", "municipality": "municipality", "parish": "parish"}
_SOURCES: dict[str, Literal["geonames", "manual"]] = {"geonames": "geonames", "manual": "manual"}
_DATA_PACKAGE = "seedbank.catalog.data"
_DATA_FILE = "gazetteer_ve.csv"

# Words that may precede a name without being part of it ("Estado Bolivariano de Miranda").
_DESIGNATORS = frozenset(
    {"estado", "edo", "municipio", "mun", "mcpio", "parroquia", "parr", "pq", "bolivariano", "bolivariana"}
)
_CONNECTORS = frozenset({"de", "del"})
_STATE_ALIASES = {
    "vargas": "La Guaira",  # renamed in 2019
    "distrito federal": "Distrito Capital",  # before 1999, and still in GeoNames' older data
    "capital": "Distrito Capital",
    "dc": "Distrito Capital",
}
_PARENTHESIS = re.compile(r"\(([^)]*)\)")
_NON_WORD = re.compile(r"[\W_]+")


def coarsest(first: PlacePrecision, second: PlacePrecision) -> PlacePrecision:
    """The less precise of two precisions."""
    return first if PRECISIONS.index(first) >= PRECISIONS.index(second) else second


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    """One row of the gazetteer: an administrative area and the populated place that stands for it."""

    level: PlaceLevel
    state: str
    municipality: str | None
    parish: str | None
    place: str
    latitude: float
    longitude: float
    geonameid: int | None
    source: Literal["geonames", "manual"]


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """Where the gazetteer puts a custodian, the official names it matched, and how precisely."""

    latitude: float
    longitude: float
    precision: PlacePrecision
    state: str
    municipality: str | None
    parish: str | None
    place: str
    source: Literal["gazetteer"] = "gazetteer"


def _name_key(text: str) -> str:
    """Folded words of a name without leading designators: "Mcpio. Andrés Bello" → "andres bello"."""
    words = _NON_WORD.sub(" ", fold(text)).split()
    stripped = 0
    while stripped < len(words) - 1 and (
        words[stripped] in _DESIGNATORS or (stripped > 0 and words[stripped] in _CONNECTORS)
    ):
        stripped += 1
    return " ".join(words[stripped:])


def _name_keys(name: str) -> set[str]:
    """Every key a stored name answers to: "Sucre (Catia)" → "sucre catia", "sucre", "catia"."""
    keys = {_name_key(name), _name_key(_PARENTHESIS.sub(" ", name))}
    keys.update(_name_key(inside) for inside in _PARENTHESIS.findall(name))
    return {key for key in keys if key}


def _pick(index: dict[str, list[GazetteerPlace]], name: str) -> GazetteerPlace | None:
    """The one place a name means among ``index``: exact key first, then a whole-word suffix either way.

    The suffix rule lets "Turístico Diego Bautista Urbaneja" find "Diego Bautista Urbaneja";
    two or more candidates mean the name is ambiguous, and nothing is picked.
    """
    key = _name_key(name)
    if not key:
        return None
    exact = {id(place): place for place in index.get(key, ())}
    if not exact:
        for stored, places in index.items():
            if key.endswith(" " + stored) or stored.endswith(" " + key):
                exact.update((id(place), place) for place in places)
    return next(iter(exact.values())) if len(exact) == 1 else None


class Gazetteer:
    """Places by state, municipality and parish; ``locate`` finds the most precise one named."""

    def __init__(self, places: Iterable[GazetteerPlace]) -> None:
        self._states: dict[str, GazetteerPlace] = {}
        self._municipalities: dict[str | None, dict[str, list[GazetteerPlace]]] = defaultdict(lambda: defaultdict(list))
        self._parishes: dict[tuple[str | None, str | None], dict[str, list[GazetteerPlace]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._places: list[GazetteerPlace] = list(places)
        for place in self._places:
            if place.level == "state":
                for key in _name_keys(place.state):
                    self._states[key] = place
            elif place.level == "municipality" and place.municipality:
                for key in _name_keys(place.municipality):
                    # by state, and nationally (state None) for input without a usable state
                    self._municipalities[place.state][key].append(place)
                    self._municipalities[None][key].append(place)
            elif place.level == "parish" and place.parish:
                for key in _name_keys(place.parish):
                    self._parishes[(place.state, place.municipality)][key].append(place)
                    self._parishes[(place.state, None)][key].append(place)
                    self._parishes[(None, None)][key].append(place)

    @property
    def places(self) -> tuple[GazetteerPlace, ...]:
        return tuple(self._places)

    def canonical_state(self, name: str | None) -> str | None:
        """The official Spanish name of a state ("tachira", "Edo. Vargas" → "Táchira", "La Guaira")."""
        if not name:
            return None
        key = _name_key(name)
        place = self._states.get(key)
        if place is not None:
            return place.state
        return _STATE_ALIASES.get(key)

    def municipalities(self, state: str) -> list[str]:
        """The official names of a state's municipalities, sorted; empty for an unknown state."""
        canonical = self.canonical_state(state)
        names = {place.municipality for places in self._municipalities[canonical].values() for place in places}
        return sorted((name for name in names if name), key=fold) if canonical else []

    def locate(
        self, state: str | None, municipality: str | None = None, parish: str | None = None
    ) -> GazetteerMatch | None:
        """The most precise place named: the parish, else the municipality, else the state; None if none.

        A municipality is looked for in the given state; without a recognisable state, in the
        whole country, where it must be unambiguous ("Libertador" is not; "Atures" is). A name
        that does not fit (a parish of another municipality) is ignored rather than guessed.
        """
        canonical_state = self.canonical_state(state)
        found_municipality = _pick(self._municipalities[canonical_state], municipality) if municipality else None
        if found_municipality is not None:
            canonical_state = found_municipality.state
        if parish:
            # within the municipality, else the state, else the whole country
            within = (canonical_state, found_municipality.municipality if found_municipality else None)
            found_parish = _pick(self._parishes[within], parish)
            if found_parish is not None:
                return self._match(found_parish, "parish")
        if found_municipality is not None:
            return self._match(found_municipality, "municipality")
        if canonical_state is not None:
            state_place = self._states.get(_name_key(canonical_state))
            if state_place is not None:
                return self._match(state_place, "state")
        return None

    @staticmethod
    def _match(place: GazetteerPlace, precision: PlacePrecision) -> GazetteerMatch:
        return GazetteerMatch(
            latitude=place.latitude,
            longitude=place.longitude,
            precision=precision,
            state=place.state,
            municipality=place.municipality,
            parish=place.parish,
            place=place.place,
        )


def _read_places(text: str) -> list[GazetteerPlace]:
    places = []
    for row in csv.DictReader(io.StringIO(text)):
        if row["level"] not in _LEVELS or row["source"] not in _SOURCES:
            raise ValueError(f"gazetteer row with an unknown level or source: {row}")
        places.append(
            GazetteerPlace(
                level=_LEVELS[row["level"]],
                state=row["state"],
                municipality=row["municipality"] or None,
                parish=row["parish"] or None,
                place=row["place"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                geonameid=int(row["geonameid"]) if row["geonameid"] else None,
                source=_SOURCES[row["source"]],
            )
        )
    return places


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package, read once."""
    text = resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return Gazetteer(_read_places(text))


def locate_place(
    state: str | None, municipality: str | None = None, parish: str | None = None
) -> GazetteerMatch | None:
    """``default_gazetteer().locate(...)``: the most precise shipped place named, or None."""
    return default_gazetteer().locate(state, municipality, parish)
