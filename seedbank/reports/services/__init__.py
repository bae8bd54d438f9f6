"""Report services: gather what a document says from the database, check who may print it, and render it off
the event loop (labels stream their rows into the renderer; see ``streaming``)."""

from seedbank.reports.services.certificates import germination_certificate, print_germination_certificate
from seedbank.reports.services.common import PrintedPdf
from seedbank.reports.services.inventory import MAX_INVENTORY_LOTS, inventory_list, print_inventory
from seedbank.reports.services.labels import (
    MAX_COPIES,
    MAX_IDS,
    MAX_LABELS_PER_REQUEST,
    LabelLayout,
    LabelPlan,
    LabelRequest,
    plan_labels,
    print_labels,
)
from seedbank.reports.services.links import accession_for_puid

__all__ = [
    "MAX_COPIES",
    "MAX_IDS",
    "MAX_INVENTORY_LOTS",
    "MAX_LABELS_PER_REQUEST",
    "LabelLayout",
    "LabelPlan",
    "LabelRequest",
    "PrintedPdf",
    "accession_for_puid",
    "germination_certificate",
    "inventory_list",
    "plan_labels",
    "print_germination_certificate",
    "print_inventory",
    "print_labels",
]
