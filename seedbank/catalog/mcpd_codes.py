"""Coded values of the FAO/Bioversity Multi-Crop Passport Descriptors v2.1 (pure data).

Source: Alercia, Diulgheroff & Mackay (2015), *FAO/Bioversity Multi-Crop Passport
Descriptors V.2.1*, descriptors 19 (SAMPSTAT), 21 (COLLSRC), 26 (STORAGE), 27 (MLSSTAT).
"""

from __future__ import annotations

from functools import cache

import pycountry

__all__ = [
    "COLLECTING_SOURCES",
    "MLS_STATUSES",
    "SAMPLE_STATUSES",
    "STORAGE_TYPES",
    "is_country_code",
]

SAMPLE_STATUSES: dict[int, str] = {
    100: "Wild",
    110: "Natural",
    120: "Semi-natural/wild",
    130: "Semi-natural/sown",
    200: "Weedy",
    300: "Traditional cultivar/landrace",
    400: "Breeding/research material",
    410: "Breeder's line",
    411: "Synthetic population",
    412: "Hybrid",
    413: "Founder stock/base population",
    414: "Inbred line (parent of hybrid cultivar)",
    415: "Segregating population",
    416: "Clonal selection",
    420: "Genetic stock",
    421: "Mutant (e.g. induced/insertion mutants, tilling populations)",
    422: "Cytogenetic stocks (e.g. chromosome addition/substitution, aneuploids, amphiploids)",
    423: "Other genetic stocks (e.g. mapping populations)",
    500: "Advanced or improved cultivar (conventional breeding methods)",
    600: "GMO (by genetic engineering)",
    999: "Other",
}

COLLECTING_SOURCES: dict[int, str] = {
    10: "Wild habitat",
    11: "Forest or woodland",
    12: "Shrubland",
    13: "Grassland",
    14: "Desert or tundra",
    15: "Aquatic habitat",
    20: "Farm or cultivated habitat",
    21: "Field",
    22: "Orchard",
    23: "Backyard, kitchen or home garden (urban, peri-urban or rural)",
    24: "Fallow land",
    25: "Pasture",
    26: "Farm store",
    27: "Threshing floor",
    28: "Park",
    30: "Market or shop",
    40: "Institute, Experimental station, Research organization, Genebank",
    50: "Seed company",
    60: "Weedy, disturbed or ruderal habitat",
    61: "Roadside",
    62: "Field margin",
    99: "Other",
}

STORAGE_TYPES: dict[int, str] = {
    10: "Seed collection",
    11: "Short term",
    12: "Medium term",
    13: "Long term",
    20: "Field collection",
    30: "In vitro collection",
    40: "Cryopreserved collection",
    50: "DNA collection",
    99: "Other",
}

MLS_STATUSES: dict[int, str] = {
    0: "No (not included in the Multilateral System)",
    1: "Yes (included in the Multilateral System)",
    99: "Other",
}


@cache
def _alpha3_codes() -> frozenset[str]:
    return frozenset(country.alpha_3 for country in pycountry.countries)


def is_country_code(code: str) -> bool:
    """ISO 3166-1 alpha-3, as MCPD ORIGCTY wants (historic codes are not accepted)."""
    return code in _alpha3_codes()
