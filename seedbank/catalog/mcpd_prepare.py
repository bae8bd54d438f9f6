"""An MCPD file read and checked ahead of its import, a batch at a time, off the event loop.

Checking a row is pure Python (~tens of µs a row) and writing it is mostly SQLite's or PostgreSQL's
work, so the two overlap: a small file is checked in a worker thread; a large one (a file on disk of
``WORKER_ABOVE_BYTES`` or more) in a worker process, ``python -m seedbank.catalog.mcpd_prepare``,
which takes a core of its own instead of the interpreter lock the database driver's thread needs.
The worker sends pickled batches down a pipe; the pipe's buffer holds a batch or two, so memory stays
flat however long the file. If the importer dies, the worker's next write fails and it exits.

The import consumes :class:`PreparedRow` batches and the file's :class:`FileInfo` the same way either way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import operator
import os
import pickle
import struct
import sys
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from seedbank.catalog.mcpd.checks import check_row
from seedbank.catalog.mcpd.reader import McpdReader, McpdRow, Problem
from seedbank.catalog.mcpd.stored import ACCESSION_COLUMNS, StoredPassport, TaxonEntry, stored_passport

__all__ = ["WORKER_ABOVE_BYTES", "FileInfo", "Preparation", "PreparedRow", "open_preparation", "prepare_rows"]

WORKER_ABOVE_BYTES = 4 * 1024 * 1024  # about 20,000 rows: below, a process costs more to start than it saves
_FRAME = struct.Struct("!Q")


@dataclass(slots=True)
class PreparedRow:
    """One row checked: where it is, its problems, and (when clean) its stored form and taxon names."""

    number: int
    line: int
    problems: list[Problem]
    stored: StoredPassport | None
    taxon: dict[str, Any] | None
    entry: TaxonEntry | None = None  # the catalogue's taxon, once the import has matched or made it

    def fail(self, column: str, reason: str, value: str | None) -> None:
        """An error the import itself finds (a repeated key...): the row is no longer clean."""
        self.problems.append(Problem(reason, self.number, self.line, column, value))
        self.stored = None


@dataclass(slots=True)
class FileInfo:
    """What the reader learnt of the file: filled in as it goes (an encoding fall-back may come late)."""

    encoding: str | None = None
    delimiter: str | None = None
    columns: tuple[str, ...] = ()
    unknown_columns: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def of(cls, reader: McpdReader) -> FileInfo:
        return cls(reader.encoding, reader.delimiter, reader.columns, reader.unknown_columns, list(reader.problems))


def prepare_rows(rows: Iterator[McpdRow], today: dt.date, count: int) -> list[PreparedRow]:
    """Check the next ``count`` rows (pure work)."""
    batch: list[PreparedRow] = []
    for row in rows:
        checked = check_row(row, today=today)
        passport = checked.passport
        if passport is None:
            batch.append(PreparedRow(row.number, row.line, checked.problems, None, None))
        else:
            stored = stored_passport(passport)
            batch.append(PreparedRow(row.number, row.line, checked.problems, stored, passport.taxon))
        if len(batch) == count:
            break
    return batch


class Preparation:
    """Batches of checked rows from a thread (small files, streams) or a worker process (large files)."""

    info: FileInfo

    async def batch(self) -> list[PreparedRow]:
        """The next batch; empty at the end of the file."""
        raise NotImplementedError

    async def close(self) -> None:
        """Stop early (nothing to do once the file has been read to its end)."""


class _InThread(Preparation):
    def __init__(self, source: IO[bytes] | Iterable[bytes], today: dt.date, count: int) -> None:
        self._reader = McpdReader(source)
        self._rows = iter(self._reader)
        self._today, self._count = today, count
        self.info = FileInfo()

    async def batch(self) -> list[PreparedRow]:
        rows = await asyncio.to_thread(prepare_rows, self._rows, self._today, self._count)
        self.info = FileInfo.of(self._reader)
        return rows


class _InProcess(Preparation):
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process
        self._done = False
        self.info = FileInfo()

    @classmethod
    async def start(cls, path: Path, today: dt.date, count: int) -> _InProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            __name__,
            str(path),
            today.isoformat(),
            str(count),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            limit=1024 * 1024,
        )
        return cls(process)

    async def batch(self) -> list[PreparedRow]:
        if self._done:
            return []
        stdout = self._process.stdout
        assert stdout is not None
        try:
            (size,) = _FRAME.unpack(await stdout.readexactly(_FRAME.size))
            kind, payload, info = pickle.loads(await stdout.readexactly(size))  # noqa: S301  (our own worker)
        except asyncio.IncompleteReadError:
            code = await self._process.wait()
            raise RuntimeError(f"the worker checking the file stopped (exit code {code})") from None
        self.info = info
        if kind == "error":
            raise RuntimeError(f"the worker checking the file failed:\n{payload}")
        if kind == "end":
            self._done = True
            await self._process.wait()
            return []
        return [_from_wire(wire) for wire in payload]

    async def close(self) -> None:
        if self._process.returncode is None:
            self._process.kill()
            await self._process.wait()


def _file_path(source: object) -> Path | None:
    """The path of an open regular file (what a worker process can open again), or None."""
    name = getattr(source, "name", None)
    if not isinstance(name, str) or not hasattr(source, "fileno"):
        return None
    path = Path(name)
    try:
        same = path.is_file() and os.path.samefile(path, f"/proc/self/fd/{source.fileno()}")
    except (OSError, ValueError):
        same = path.is_file()
    return path if same else None


async def open_preparation(source: IO[bytes] | Iterable[bytes], today: dt.date, count: int) -> Preparation:
    """Check ``source`` a batch of ``count`` rows at a time: in a worker process when it is a large file."""
    path = _file_path(source)
    if path is not None and path.stat().st_size >= WORKER_ABOVE_BYTES:
        return await _InProcess.start(path, today, count)
    return _InThread(source, today, count)


# Rows cross the pipe as plain tuples, which pickle several times faster than the dataclasses.
_VALUE_COLUMNS = tuple(column for column in ACCESSION_COLUMNS if column != "taxon")
_TAXON_NAMES = ("genus", "species", "species_author", "subtaxa", "subtaxa_author", "crop_name")
_values_of = operator.itemgetter(*_VALUE_COLUMNS)
Wire = tuple[Any, ...]


def _to_wire(row: PreparedRow) -> Wire:
    stored = row.stored
    if stored is None or row.taxon is None:
        return (row.number, row.line, row.problems or None, None, None)
    values = _values_of(stored.values)
    compact = (stored.instcode, stored.accession_number, stored.name_key, values, stored.doi, stored.own_terms)
    taxon = tuple(row.taxon.get(name) for name in _TAXON_NAMES)
    return (row.number, row.line, row.problems or None, compact, taxon)


def _from_wire(wire: Wire) -> PreparedRow:
    number, line, problems, compact, taxon = wire
    if compact is None:
        return PreparedRow(number, line, problems or [], None, None)
    instcode, accession_number, name_key, values, doi, own_terms = compact
    stored = StoredPassport(
        instcode, accession_number, name_key, dict(zip(_VALUE_COLUMNS, values, strict=True)), doi, own_terms
    )
    return PreparedRow(number, line, problems or [], stored, dict(zip(_TAXON_NAMES, taxon, strict=True)))


def _send(out: BinaryIO, kind: str, payload: object, reader: McpdReader) -> None:
    data = pickle.dumps((kind, payload, FileInfo.of(reader)), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_FRAME.pack(len(data)))
    out.write(data)
    out.flush()


def _work(path: str, today: dt.date, count: int, out: BinaryIO) -> None:
    """The worker: read and check the file, a pickled batch at a time on ``out``."""
    with open(path, "rb") as source:
        reader = McpdReader(source)
        rows = iter(reader)
        try:
            while batch := prepare_rows(rows, today, count):
                _send(out, "batch", [_to_wire(row) for row in batch], reader)
            _send(out, "end", None, reader)
        except BrokenPipeError:
            return  # the importer has gone: nothing to do
        except Exception:
            _send(out, "error", traceback.format_exc(), reader)


if __name__ == "__main__":  # pragma: no cover  (run by _InProcess)
    # Through the module's own name, so what is pickled names classes the importer can find.
    from seedbank.catalog import mcpd_prepare

    try:
        mcpd_prepare._work(sys.argv[1], dt.date.fromisoformat(sys.argv[2]), int(sys.argv[3]), sys.stdout.buffer)
    except BrokenPipeError:
        sys.exit(0)
