"""One MCPD import's work inside its write transaction, a batch of checked rows at a time.

For each batch: the same INSTCODE + ACCENUMB (or DOI) as an earlier row of the file is an error of the
later row (the keys seen so far live in a temporary table, not in memory: flat however long the file);
a DOI another accession holds is an error; taxa are matched by folded full name or created through
``create_taxon``; each clean row is classified against what is stored (insert, update, or leave alone:
columns the file lacks are neither compared nor written) and written with multi-row statements, with
the columns the services derive (PUID, joined lists, search terms). Writing a batch overlaps checking
the next one. At the end, sequences move past the numbers written and the audit trail records the
import, and each accession it changed (before and after).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from seedbank.accounts.policy import Action, allows
from seedbank.accounts.principal import Principal
from seedbank.audit import services as audit
from seedbank.catalog.mcpd import Problem
from seedbank.catalog.mcpd.stored import ACCESSION_COLUMNS, TaxonEntry, accession_terms_of, columns_given, taxon_terms
from seedbank.catalog.mcpd_prepare import FileInfo, PreparedRow
from seedbank.catalog.passport import puid_for
from seedbank.catalog.schemas import TaxonCreate
from seedbank.catalog.schemas_mcpd import McpdProblem
from seedbank.catalog.services.taxa import create_taxon
from seedbank.db import Database, EngineKind, Row

__all__ = ["PROBLEMS_SHOWN", "ImportRun", "ProblemSink", "Tally", "problem_read"]

PROBLEMS_SHOWN = 1000  # problems a report carries; all of them go to ``on_problem``

ProblemSink = Callable[[Problem], None]

_INSERT_COLUMNS = (*ACCESSION_COLUMNS, "puid", "steward", "created_at", "updated_at")
_INSERT = f"INSERT INTO accession ({', '.join(_INSERT_COLUMNS)})"
_INSERT_WITH_ID = f"INSERT INTO accession (id, {', '.join(_INSERT_COLUMNS)})"
_accession_values = operator.itemgetter(*ACCESSION_COLUMNS)
_INSERT_TERM = "INSERT INTO accession_term (accession, term)"
_INSERT_KEY = "INSERT INTO mcpd_import_key (instcode, accession_number, puid, row_number, line)"
# Below SQLite's and PostgreSQL's limits on one statement's parameters (32,766 and 32,767).
_PARAMETERS_PER_STATEMENT = 20_000
_TAXA = (
    "SELECT id, genus, species, species_author, subtaxa, subtaxa_author, crop_name, common_name_es, "
    "common_name_en, local_name, name_key FROM taxon"
)
# The file's keys so far (a temporary table: flat memory, and the same on both engines).
_KEYS_TABLE = {
    EngineKind.SQLITE: [
        "DROP TABLE IF EXISTS temp.mcpd_import_key",
        "CREATE TEMP TABLE mcpd_import_key (instcode TEXT NOT NULL, accession_number TEXT NOT NULL, "
        "puid TEXT, row_number INTEGER NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (accession_number, instcode))",
        "CREATE UNIQUE INDEX temp.mcpd_import_key_puid ON mcpd_import_key (puid)",
    ],
    EngineKind.POSTGRES: [
        "CREATE TEMP TABLE mcpd_import_key (instcode TEXT NOT NULL, accession_number TEXT NOT NULL, "
        "puid TEXT, row_number INTEGER NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (accession_number, instcode)) "
        "ON COMMIT DROP",
        "CREATE UNIQUE INDEX mcpd_import_key_puid ON mcpd_import_key (puid)",
    ],
}
_KEYS_TABLE[EngineKind.COCKROACH] = _KEYS_TABLE[EngineKind.POSTGRES]
# An accession an import changes: its id, its row before and after (for the audit trail).
_Change = tuple[int, Row, Row]
_BUMP_SEQUENCE = (
    "INSERT INTO number_sequence (name, value) VALUES ({}, {}) ON CONFLICT (name) DO UPDATE SET value = "
    "CASE WHEN number_sequence.value < excluded.value THEN excluded.value ELSE number_sequence.value END"
)


@dataclass(slots=True)
class Tally:
    rows: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    taxa_created: int = 0
    problems_total: int = 0
    shown: list[McpdProblem] = field(default_factory=list)


def problem_read(problem: Problem) -> McpdProblem:
    return McpdProblem(
        reason=problem.reason,
        severity=problem.severity,
        row=problem.row,
        line=problem.line,
        column=problem.column,
        value=problem.value,
    )


class ImportRun:
    """One import's state inside its write transaction: settles the file a batch at a time."""

    def __init__(
        self,
        db: Database,
        actor: Principal,
        *,
        file_name: str | None,
        dry_run: bool,
        clean_only: bool,
        steward: int | None,
        on_problem: ProblemSink | None,
    ) -> None:
        self.db = db
        self.actor = actor
        self.file_name, self.clean_only = file_name, clean_only
        self.steward = steward
        self.on_problem = on_problem
        self.now = dt.datetime.now(dt.UTC)
        self.tally = Tally()
        self.writing = not dry_run
        self.taxa: dict[str, TaxonEntry] = {}
        self.stored_taxa: dict[str, Row] = {}
        self.said_about_taxa: set[tuple[str, str]] = set()
        self.given: frozenset[str] = frozenset()
        self.update_sql = ""
        self.updated_columns: tuple[str, ...] = ()
        self.highest: dict[str, int] = {}  # per institute: the highest sequence-shaped number written
        self.pending: asyncio.Task[None] | None = None
        self.fake_ids = 0

    async def start(self) -> None:
        for statement in _KEYS_TABLE[self.db.kind]:
            await self.db.fetch(statement)
        for row in await self.db.fetch(_TAXA):
            self.stored_taxa[row["name_key"]] = row
            self.taxa[row["name_key"]] = TaxonEntry(row["id"], row["genus"], taxon_terms(row))

    def learn_header(self, info: FileInfo) -> None:
        self.given = columns_given(info.columns) | {"taxon", "instcode", "accession_number"}
        updated = [column for column in ACCESSION_COLUMNS if column in self.given]
        assignments = ", ".join(f"{column} = {{}}" for column in (*updated, "puid", "updated_at"))
        self.update_sql = f"UPDATE accession SET {assignments} WHERE id = {{}}"
        self.updated_columns = tuple(updated)
        if any(problem.severity == "error" for problem in info.problems):
            self.writing = False  # a file-level error: nothing loads

    def stop_writing_on_errors(self) -> None:
        if not self.clean_only and self.tally.with_errors:
            self.writing = False

    # -- one batch ----------------------------------------------------------------------------

    async def settle(self, batch: list[PreparedRow]) -> None:
        if self.pending is not None:
            await self.pending  # the previous batch's writes come first, on the same connection
            self.pending = None
        await self._repeats(batch)
        await self._puids_taken(batch)
        await self._taxa(batch)
        existing = await self._existing(batch)
        inserts, updates = self._classify(batch, existing)
        await self._remember_keys(batch)
        self._count(batch)
        if self.writing and (inserts or updates):
            self.pending = asyncio.create_task(self._write(inserts, updates))

    async def finish(self) -> None:
        if self.pending is not None:
            await self.pending
            self.pending = None

    async def abandon(self) -> None:
        """Stop a batch still being written before its transaction ends (nothing may run after the rollback)."""
        if self.pending is not None and not self.pending.done():
            self.pending.cancel()
            with contextlib.suppress(BaseException):
                await self.pending
        self.pending = None

    async def _repeats(self, batch: list[PreparedRow]) -> None:
        """The same INSTCODE + ACCENUMB (or DOI) as an earlier row of the file: an error of the later one."""
        clean = [item for item in batch if item.stored is not None]
        if not clean:
            return
        numbers = sorted({item.stored.accession_number for item in clean if item.stored})
        dois = sorted({item.stored.doi for item in clean if item.stored and item.stored.doi})
        earlier: dict[tuple[str, str], tuple[int, int]] = {}
        earlier_doi: dict[str, tuple[int, int]] = {}
        for chunk in _chunks(numbers):
            marks = ", ".join("{}" for _ in chunk)
            for found in await self.db.fetch(
                f"SELECT instcode, accession_number, row_number, line FROM mcpd_import_key "
                f"WHERE accession_number IN ({marks})",
                *chunk,
            ):
                earlier[(found["instcode"], found["accession_number"])] = (found["row_number"], found["line"])
        for chunk in _chunks(dois):
            marks = ", ".join("{}" for _ in chunk)
            for found in await self.db.fetch(
                f"SELECT puid, row_number, line FROM mcpd_import_key WHERE puid IN ({marks})", *chunk
            ):
                earlier_doi[found["puid"]] = (found["row_number"], found["line"])
        for item in clean:
            stored = item.stored
            assert stored is not None
            key = (stored.instcode, stored.accession_number)
            if key in earlier:
                number, line = earlier[key]
                reason = f"INSTCODE {key[0]} and ACCENUMB {key[1]} repeat row {number} (line {line})"
                item.fail("ACCENUMB", reason, key[1])
            elif stored.doi and stored.doi in earlier_doi:
                number, line = earlier_doi[stored.doi]
                item.fail("PUID", f"the DOI {stored.doi} repeats row {number} (line {line})", stored.doi)
            else:
                earlier[key] = (item.number, item.line)
                if stored.doi:
                    earlier_doi[stored.doi] = (item.number, item.line)

    async def _puids_taken(self, batch: list[PreparedRow]) -> None:
        """A DOI another accession already has as its PUID."""
        with_doi = [item for item in batch if item.stored is not None and item.stored.doi]
        holders: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(sorted({item.stored.doi for item in with_doi if item.stored and item.stored.doi})):
            marks = ", ".join("{}" for _ in chunk)
            for found in await self.db.fetch(
                f"SELECT puid, instcode, accession_number FROM accession WHERE puid IN ({marks})", *chunk
            ):
                holders[found["puid"]] = (found["instcode"], found["accession_number"])
        for item in with_doi:
            stored = item.stored
            assert stored is not None
            assert stored.doi is not None
            holder = holders.get(stored.doi)
            if holder is not None and holder != (stored.instcode, stored.accession_number):
                reason = f"the DOI {stored.doi} is already the PUID of {holder[0]} {holder[1]}"
                item.fail("PUID", reason, stored.doi)

    async def _taxa(self, batch: list[PreparedRow]) -> None:
        """Match each clean row's taxon by folded full name, or create it."""
        for item in batch:
            if item.stored is None:
                continue
            names = item.taxon
            assert names is not None
            name_key = item.stored.name_key
            entry = self.taxa.get(name_key)
            if entry is None:
                entry = await self._new_taxon(names, name_key)
            else:
                self._compare_taxon(item, names, name_key)
            item.entry = entry

    async def _new_taxon(self, names: dict[str, Any], name_key: str) -> TaxonEntry:
        self.tally.taxa_created += 1
        if self.writing:
            created = await create_taxon(self.db, self.actor, msgspec.convert(names, TaxonCreate))
            taxon_id = created.id
        else:
            self.fake_ids -= 1
            taxon_id = self.fake_ids  # what a real run would create; nothing is written
        entry = TaxonEntry(taxon_id, names["genus"], taxon_terms(names))
        self.taxa[name_key] = entry
        self.stored_taxa[name_key] = names
        return entry

    def _compare_taxon(self, item: PreparedRow, names: dict[str, Any], name_key: str) -> None:
        """A matched taxon keeps its stored names; say so once per differing name."""
        stored = self.stored_taxa.get(name_key)
        if stored is None:
            return
        for column, name in (
            ("SPAUTHOR", "species_author"),
            ("SUBTAUTHOR", "subtaxa_author"),
            ("CROPNAME", "crop_name"),
        ):
            given = names.get(name)
            if given is None or given == stored[name] or (name_key, column) in self.said_about_taxa:
                continue
            self.said_about_taxa.add((name_key, column))
            kept = stored[name] or "nothing"
            reason = f"the catalogue already has this taxon with {column} {kept!r}: the stored name is kept"
            item.problems.append(Problem(reason, item.number, item.line, column, given, "warning"))

    async def _existing(self, batch: list[PreparedRow]) -> dict[tuple[str, str], Row]:
        by_institute: dict[str, list[str]] = {}
        for item in batch:
            if item.stored is not None:
                by_institute.setdefault(item.stored.instcode, []).append(item.stored.accession_number)
        found: dict[tuple[str, str], Row] = {}
        for instcode, numbers in by_institute.items():
            for chunk in _chunks(numbers):
                marks = ", ".join("{}" for _ in chunk)
                for row in await self.db.fetch(
                    f"SELECT * FROM accession WHERE instcode = {{}} AND accession_number IN ({marks})",
                    instcode,
                    *chunk,
                ):
                    found[(row["instcode"], row["accession_number"])] = row
        return found

    def _classify(
        self, batch: list[PreparedRow], existing: dict[tuple[str, str], Row]
    ) -> tuple[list[tuple[PreparedRow, tuple[Any, ...]]], list[tuple[PreparedRow, _Change, tuple[Any, ...]]]]:
        """Insert, update or leave alone; the rows' values ready for the driver."""
        inserts: list[tuple[PreparedRow, tuple[Any, ...]]] = []
        updates: list[tuple[PreparedRow, _Change, tuple[Any, ...]]] = []
        for item in batch:
            stored, taxon = item.stored, item.entry
            if stored is None or taxon is None:
                continue
            values = stored.values | {"taxon": taxon.id}
            current = existing.get((stored.instcode, stored.accession_number))
            if current is None:
                puid = puid_for(stored.instcode, stored.accession_number, taxon.genus, stored.doi)
                self._note_number(stored.instcode, stored.accession_number)
                self.tally.inserted += 1
                row = (*_accession_values(values), puid, self.steward, self.now, self.now)
                inserts.append((item, row))
                continue
            puid = stored.doi or current["puid"]
            if puid == current["puid"] and all(values[column] == current[column] for column in self.updated_columns):
                self.tally.unchanged += 1
                continue
            if not allows(self.actor, Action.ACCESSION_UPDATE, (current["steward"],)):
                reason = f"{self.actor.role} may only update accessions its own organisation stewards"
                item.fail("ACCENUMB", reason, stored.accession_number)
                continue
            self.tally.updated += 1
            changes = {column: values[column] for column in self.updated_columns} | {"puid": puid}
            after = current | changes | {"updated_at": self.now}
            updates.append((item, (current["id"], current, after), (*changes.values(), self.now, current["id"])))
        return inserts, updates

    def _note_number(self, instcode: str, number: str) -> None:
        """Numbers shaped like the institute's own (``VEN001-000123``) push its sequence past them."""
        match = re.fullmatch(rf"{re.escape(instcode)}-(\d{{1,18}})", number)
        if match:
            self.highest[instcode] = max(self.highest.get(instcode, 0), int(match[1]))

    async def _remember_keys(self, batch: list[PreparedRow]) -> None:
        keys = [
            (item.stored.instcode, item.stored.accession_number, item.stored.doi, item.number, item.line)
            for item in batch
            if item.stored is not None
        ]
        if keys:
            await _insert_rows(self.db, _INSERT_KEY, 5, keys)

    def _count(self, batch: list[PreparedRow]) -> None:
        tally = self.tally
        for item in batch:
            tally.rows += 1
            if any(problem.severity == "error" for problem in item.problems):
                tally.with_errors += 1
            elif item.problems:
                tally.with_warnings += 1
            for problem in item.problems:
                tally.problems_total += 1
                if len(tally.shown) < PROBLEMS_SHOWN:
                    tally.shown.append(problem_read(problem))
                if self.on_problem is not None:
                    self.on_problem(problem)

    async def _write(
        self,
        inserts: list[tuple[PreparedRow, tuple[Any, ...]]],
        updates: list[tuple[PreparedRow, _Change, tuple[Any, ...]]],
    ) -> None:
        db = self.db
        terms: list[tuple[int, str]] = []
        if inserts:
            ids = await self._insert_accessions([row for _, row in inserts])
            for (item, _), accession_id in zip(inserts, ids, strict=True):
                stored, taxon = item.stored, item.entry
                assert stored is not None
                assert taxon is not None
                terms += [(accession_id, term) for term in accession_terms_of(taxon, stored.own_terms)]
        if updates:
            await db.execute_many(self.update_sql, [row for _, _, row in updates])
            changed = [change[0] for _, change, _ in updates]
            for chunk in _chunks(changed):
                marks = ", ".join("{}" for _ in chunk)
                await db.fetch(f"DELETE FROM accession_term WHERE accession IN ({marks})", *chunk)
            for item, (accession_id, _, _), _ in updates:
                stored, taxon = item.stored, item.entry
                assert stored is not None
                assert taxon is not None
                terms += [(accession_id, term) for term in accession_terms_of(taxon, stored.own_terms)]
            # An update overwrites passport data: each one's before and after go to the audit trail.
            await audit.record_updates(db, self.actor, "accession", [change for _, change, _ in updates], self.now)
        if terms:
            await _insert_rows(db, _INSERT_TERM, 2, terms)

    async def _insert_accessions(self, rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert accession rows; their ids, in order.

        On SQLite the ids are given, counting on from the largest (the import's transaction holds the
        only write lock): reading them back with RETURNING would hand the interpreter lock back and forth
        with the checking thread once per row. PostgreSQL hands them back in one message.
        """
        db = self.db
        if db.kind is EngineKind.SQLITE:
            first = int(await db.fetch_value("SELECT COALESCE(MAX(id), 0) + 1 FROM accession"))
            ids = list(range(first, first + len(rows)))
            await _insert_rows(
                db, _INSERT_WITH_ID, len(_INSERT_COLUMNS) + 1, [(n, *row) for n, row in zip(ids, rows, strict=True)]
            )
            return ids
        returned = await _insert_rows(
            db, _INSERT, len(_INSERT_COLUMNS), rows, returning="id, instcode, accession_number"
        )
        by_key = {(row["instcode"], row["accession_number"]): row["id"] for row in returned}
        instcode, number = ACCESSION_COLUMNS.index("instcode"), ACCESSION_COLUMNS.index("accession_number")
        return [by_key[(row[instcode], row[number])] for row in rows]

    # -- the end ------------------------------------------------------------------------------

    async def commit_work(self) -> int | None:
        """Sequences past the numbers written, and the import's audit event; its record id when it changed anything."""
        if self.db.kind is EngineKind.SQLITE:  # PostgreSQL drops it at commit; SQLite would keep it on the connection
            await self.db.fetch("DROP TABLE temp.mcpd_import_key")
        tally = self.tally
        if not (tally.inserted or tally.updated or tally.taxa_created):
            return None
        for instcode, highest in self.highest.items():
            await self.db.fetch(_BUMP_SEQUENCE, f"accession:{instcode}", highest)
        import_id = int(await self.db.fetch_value(_NEXT_IMPORT, "mcpd-import"))
        after = {
            "file_name": self.file_name,
            "clean_only": self.clean_only,
            "rows": tally.rows,
            "inserted": tally.inserted,
            "updated": tally.updated,
            "unchanged": tally.unchanged,
            "skipped": tally.with_errors,
            "taxa_created": tally.taxa_created,
        }
        await audit.record(
            self.db, self.actor, "mcpd.import", "import", import_id, before=None, after=after, now=self.now
        )
        return import_id


# A matched taxon's names the file may spell differently (its genus, species and subtaxa are its identity).
_TAXON_NAMES_KEPT = (("SPAUTHOR", "species_author"), ("SUBTAUTHOR", "subtaxa_author"), ("CROPNAME", "crop_name"))
_NEXT_IMPORT = (
    "INSERT INTO number_sequence (name, value) VALUES ({}, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = number_sequence.value + 1 RETURNING value"
)


async def _insert_rows(
    db: Database, head: str, width: int, rows: Sequence[Sequence[Any]], *, returning: str | None = None
) -> list[Row]:
    """Rows as multi-row ``INSERT ... VALUES (...), (...)`` statements of a few thousand parameters.

    Not ``executemany``: SQLite's driver releases and takes back the interpreter lock for every row it
    steps, and each take waits for the thread checking the next batch; one statement releases it once.
    Statements hold a power of two of rows, so the drivers' statement caches see a dozen shapes, not one
    per batch.
    """
    most = 1 << max(0, (_PARAMETERS_PER_STATEMENT // width).bit_length() - 1)
    row_marks = f"({', '.join('{}' for _ in range(width))})"
    tail = f" RETURNING {returning}" if returning else ""
    returned: list[Row] = []
    start = 0
    while start < len(rows):
        count = min(most, 1 << ((len(rows) - start).bit_length() - 1))
        chunk = rows[start : start + count]
        start += count
        sql = f"{head} VALUES {', '.join([row_marks] * count)}{tail}"
        returned += await db.fetch(sql, *itertools.chain.from_iterable(chunk))
    return returned


def _chunks(values: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
