"""The catalogue's HTTP controllers (glue only: one service call each)."""

from seedbank.catalog.controllers.accessions import AccessionController
from seedbank.catalog.controllers.custodians import CustodianController
from seedbank.catalog.controllers.lots import LotController
from seedbank.catalog.controllers.taxa import TaxonController

__all__ = ["CONTROLLERS", "AccessionController", "CustodianController", "LotController", "TaxonController"]

CONTROLLERS = [TaxonController, CustodianController, AccessionController, LotController]
