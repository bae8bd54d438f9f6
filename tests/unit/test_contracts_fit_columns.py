"""Every text a contract accepts fits the column it is stored in (SQLite would not say; PostgreSQL would)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from piccolo.columns import Varchar
from piccolo.table import Table

from seedbank.catalog import schemas
from seedbank.catalog.tables import Accession, Custodian, Lot, LotEntry, Taxon

CONTRACTS: list[tuple[type[msgspec.Struct], type[Table]]] = [
    (schemas.TaxonCreate, Taxon),
    (schemas.TaxonUpdate, Taxon),
    (schemas.CustodianCreate, Custodian),
    (schemas.CustodianUpdate, Custodian),
    (schemas.AccessionCreate, Accession),
    (schemas.AccessionUpdate, Accession),
    (schemas.LotCreate, Lot),
    (schemas.LotUpdate, Lot),
    (schemas.MovementCreate, LotEntry),
    (schemas.SplitCreate, Lot),
]


# Stored converted: partial dates as 8-character MCPD text, STORAGE codes joined by ";" (at most 9 codes).
CONVERTED = {"collecting_date", "acquisition_date", "harvest_date", "storage_types"}


def _max_length(info: Any) -> int | None:
    """The longest string a field type admits (None when it is not text)."""
    if isinstance(info, msgspec.inspect.Metadata):
        return _max_length(info.type)
    if isinstance(info, msgspec.inspect.EnumType):
        return max(len(str(member.value)) for member in info.cls)
    if isinstance(info, msgspec.inspect.UnionType):
        lengths = [_max_length(t) for t in info.types]
        known = [n for n in lengths if n is not None]
        return max(known) if known else None
    if isinstance(info, msgspec.inspect.StrType):
        return info.max_length if info.max_length is not None else 10**9
    return None


@pytest.mark.parametrize(("contract", "table"), CONTRACTS, ids=lambda x: x.__name__)
def test_text_fields_fit_their_columns(contract: type[msgspec.Struct], table: type[Table]) -> None:
    struct = msgspec.inspect.type_info(contract)
    assert isinstance(struct, msgspec.inspect.StructType)
    columns = {column._meta.name: column for column in table._meta.columns}
    for field in struct.fields:
        column = columns.get(field.name)
        if not isinstance(column, Varchar) or field.name in CONVERTED:
            continue
        longest = _max_length(field.type)
        assert longest is not None, f"{contract.__name__}.{field.name} is not text but its column is"
        assert longest <= column.length, (
            f"{contract.__name__}.{field.name} admits {longest} characters; the column holds {column.length}"
        )
