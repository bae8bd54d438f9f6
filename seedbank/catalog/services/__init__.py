"""Catalogue services: one write transaction per operation, domain errors out, Structs in and out."""

from seedbank.catalog.services.accessions import create_accession, get_accession, update_accession
from seedbank.catalog.services.custodians import create_custodian, get_custodian, list_custodians, update_custodian
from seedbank.catalog.services.ledger import Posting, list_ledger, post_entry, record_stock_movement
from seedbank.catalog.services.lineage import lot_lineage
from seedbank.catalog.services.lots import LotFilter, get_lot, list_lots, register_lot, split_lot, update_lot
from seedbank.catalog.services.maps import accession_features, custodian_features
from seedbank.catalog.services.nearby import CustodianFilter, custodians_within, nearest_custodians, nearest_holders
from seedbank.catalog.services.places import geocode_custodian, geocode_missing
from seedbank.catalog.services.search import AccessionQuery, search_accessions
from seedbank.catalog.services.taxa import create_taxon, get_taxon, list_taxa, update_taxon

__all__ = [
    "AccessionQuery",
    "CustodianFilter",
    "LotFilter",
    "Posting",
    "accession_features",
    "create_accession",
    "create_custodian",
    "create_taxon",
    "custodian_features",
    "custodians_within",
    "geocode_custodian",
    "geocode_missing",
    "get_accession",
    "get_custodian",
    "get_lot",
    "get_taxon",
    "list_custodians",
    "list_ledger",
    "list_lots",
    "list_taxa",
    "lot_lineage",
    "nearest_custodians",
    "nearest_holders",
    "post_entry",
    "record_stock_movement",
    "register_lot",
    "search_accessions",
    "split_lot",
    "update_accession",
    "update_custodian",
    "update_lot",
    "update_taxon",
]
