"""MCPD v2.1 passport files (pure): read as they stream, check every row, map to the API's contracts and back, write.

- :class:`McpdReader` turns bytes (chunks or a binary file) into :class:`McpdRow` one at a time:
  UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252/Latin-1 (``encoding`` says which);
  comma, semicolon or tab (sniffed from the header); quoted fields with delimiters and line breaks.
- :func:`check_row` names every problem of a row (row, physical line, column, value, reason) and,
  when there is no error, gives its :class:`Passport`: ``TaxonCreate`` and ``AccessionCreate`` fields.
- :func:`accession_to_mcpd` is the way back from an ``AccessionRead`` and its taxon; :func:`write_mcpd`
  streams a standard file. Import → export → import gives the same passport.

MCPD fields our schema has no column for (PUID when it is not a DOI, ACCEURL) and columns MCPD does not
define travel in ``remarks`` as ``FIELD:value`` entries, MCPD's REMARKS convention; PUID and ACCEURL are
put first so an export can take them back out into their columns. seedbank's own passport fields with no
MCPD descriptor travel as the extension columns COLLECTOR, HOLDERCOMMUNITY and ACCESSTERMS.
"""

from seedbank.catalog.mcpd.checks import CheckedRow, Passport, check_row, passport_from_row, validate_row
from seedbank.catalog.mcpd.mapping import EXTENSION_FIELDS, MCPD_FIELDS, REQUIRED_FIELDS
from seedbank.catalog.mcpd.reader import McpdReader, McpdRow, Problem
from seedbank.catalog.mcpd.writer import TaxonNames, accession_to_mcpd, write_mcpd

__all__ = [
    "EXTENSION_FIELDS",
    "MCPD_FIELDS",
    "REQUIRED_FIELDS",
    "CheckedRow",
    "McpdReader",
    "McpdRow",
    "Passport",
    "Problem",
    "TaxonNames",
    "accession_to_mcpd",
    "check_row",
    "passport_from_row",
    "validate_row",
    "write_mcpd",
]
