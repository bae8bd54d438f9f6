"""The catalogue's HTTP controllers (glue only: one service call each)."""

from seedbank.catalog.controllers.accessions import AccessionController
from seedbank.catalog.controllers.custodians import CustodianController
from seedbank.catalog.controllers.germination import GerminationController
from seedbank.catalog.controllers.lots import LotController
from seedbank.catalog.controllers.maps import MapController
from seedbank.catalog.controllers.mcpd import McpdController
from seedbank.catalog.controllers.taxa import TaxonController

__all__ = [
    "CONTROLLERS",
    "AccessionController",
    "CustodianController",
    "GerminationController",
    "LotController",
    "MapController",
    "McpdController",
    "TaxonController",
]

CONTROLLERS = [
    TaxonController,
    CustodianController,
    AccessionController,
    LotController,
    GerminationController,
    MapController,
    McpdController,
]
