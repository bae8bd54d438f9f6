"""Reading an MCPD file as it streams (pure): bytes in, one :class:`McpdRow` at a time out.

UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252/Latin-1 (``encoding`` says which);
comma, semicolon or tab (sniffed from the header); quoted fields with delimiters and line breaks.
Problems of the file as a whole (a repeated or missing required column) collect in ``problems``.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from seedbank.catalog.mcpd.mapping import KNOWN, REQUIRED_FIELDS

__all__ = ["McpdReader", "McpdRow", "Problem", "Severity"]

Severity = Literal["error", "warning"]
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth saying) about a file or a row; ``row`` is None for the file as a whole."""

    reason: str
    row: int | None = None  # 1-based data row
    line: int | None = None  # physical line where the row starts (the header is line 1)
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = "file" if self.row is None else f"row {self.row}"
        if self.line is not None:
            where += f" (line {self.line})"
        if self.column:
            where += f", {self.column}"
        if self.value is not None:
            where += f" {self.value!r}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class McpdRow:
    """One data row: MCPD (and extension) fields by name, other columns apart; values trimmed, empty ones left out."""

    number: int
    line: int
    fields: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # problems of shape found while reading


# -- reading ------------------------------------------------------------------------------


@runtime_checkable
class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


# Bytes 0x80–0x9F: Windows-1252 letters where defined, Latin-1 control characters where not.
_CP1252_TABLE = str.maketrans(
    {
        chr(byte): bytes([byte]).decode("cp1252")
        for byte in range(0x80, 0xA0)
        if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    }
)


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _chunks(source: Iterable[bytes] | _Readable, size: int) -> Iterator[bytes]:
    if isinstance(source, _Readable):
        while chunk := source.read(size):
            yield chunk
    else:
        yield from source


def _lines(pieces: Iterable[str]) -> Iterator[str]:
    """Text pieces → physical lines with their endings (``\\r\\n``, ``\\n`` or a lone ``\\r``)."""
    buffer = ""
    for piece in pieces:
        buffer += piece
        start = 0
        for match in _LINE_END.finditer(buffer):
            if match.group() == "\r" and match.end() == len(buffer):
                break  # its \n may open the next piece
            yield buffer[start : match.end()]
            start = match.end()
        buffer = buffer[start:]
    if buffer:
        yield buffer


def _sniff_delimiter(header: str) -> str:
    """The most frequent of comma, semicolon and tab outside quotes in the header line (comma on a tie)."""
    counts = dict.fromkeys(",;\t", 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


class McpdReader:
    """Reads an MCPD file once, a row at a time.

    ``encoding``, ``delimiter``, ``columns``, ``unknown_columns`` and the file's ``problems`` fill in as it goes:
    the header is read with the first row, and a fall-back from UTF-8 may come at any point.
    """

    def __init__(self, source: Iterable[bytes] | _Readable, *, chunk_size: int = 64 * 1024) -> None:
        self._source = source
        self._chunk_size = chunk_size
        self._started = False
        self.encoding: str | None = None
        self.delimiter: str | None = None
        self.columns: tuple[str, ...] = ()
        self.unknown_columns: tuple[str, ...] = ()
        self.problems: list[Problem] = []

    def __iter__(self) -> Iterator[McpdRow]:
        if self._started:
            raise RuntimeError("an MCPD reader reads its source once")
        self._started = True
        lines = _lines(self._decode(_chunks(self._source, self._chunk_size)))
        first = next(lines, None)
        if first is None or not first.strip():
            self.problems.append(Problem("the file is empty or its first line is blank: no header", line=1))
            return
        self.delimiter = _sniff_delimiter(first)
        reader = csv.reader(itertools.chain([first], lines), delimiter=self.delimiter)
        try:
            header = next(reader)
        except csv.Error as error:
            self.problems.append(Problem(f"the header line cannot be read: {error}", line=1))
            return
        layout = self._read_header(header)
        names = [name for name, _ in layout]
        width, all_known = len(layout), all(known for _, known in layout)
        number, end = 0, reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                number, start, end = number + 1, end + 1, reader.line_num
                yield McpdRow(number, start, {}, {}, (Problem(f"unreadable CSV: {error}", row=number, line=start),))
                continue
            start, end = end + 1, reader.line_num
            if width == len(values) and all_known:  # the common case, kept short: every column an MCPD one
                fields = {name: value for name, raw in zip(names, values, strict=True) if (value := raw.strip())}
                if fields:
                    number += 1
                    yield McpdRow(number, start, fields)
            elif any(value.strip() for value in values):
                number += 1
                yield self._row(number, start, values, layout)

    def _read_header(self, header: list[str]) -> list[tuple[str, bool]]:
        """Each column's name and whether it is an MCPD (or extension) field."""
        layout: list[tuple[str, bool]] = []
        seen: set[str] = set()
        unknown: list[str] = []
        for position, raw in enumerate(header, start=1):
            name = raw.strip().lstrip("\ufeff")
            key = name.upper()
            if key in KNOWN and key not in seen:
                seen.add(key)
                layout.append((key, True))
                continue
            if key in KNOWN:
                self.problems.append(Problem(f"column {position} repeats {key}", line=1, column=key))
            label = name or f"COLUMN{position}"
            layout.append((label, False))
            if name:  # a nameless column (a trailing delimiter) is only worth a word if it holds values
                unknown.append(label)
        self.columns = tuple(name for name, _ in layout)
        self.unknown_columns = tuple(unknown)
        for required in REQUIRED_FIELDS:
            if required not in seen:
                self.problems.append(Problem(f"required column {required} is missing", line=1, column=required))
        if unknown:
            self.problems.append(
                Problem(
                    "columns MCPD v2.1 does not define; their values are kept in REMARKS as COLUMN:value",
                    line=1,
                    value=", ".join(unknown),
                    severity="warning",
                )
            )
        return layout

    def _row(self, number: int, line: int, values: list[str], layout: list[tuple[str, bool]]) -> McpdRow:
        problems: list[Problem] = []
        if len(values) > len(layout) and any(value.strip() for value in values[len(layout) :]):
            reason = f"{len(values)} values but the header has {len(layout)} columns"
            problems.append(Problem(reason, row=number, line=line))
        elif len(values) < len(layout):
            reason = f"only {len(values)} values but the header has {len(layout)} columns"
            problems.append(Problem(reason, row=number, line=line))
        fields: dict[str, str] = {}
        extra: dict[str, str] = {}
        for (name, known), raw in zip(layout, values, strict=False):
            value = raw.strip()
            if not value:
                continue
            if known:
                fields[name] = value
            else:
                extra[name] = value
                if name not in self.unknown_columns:
                    reason = "a value under a column with no name; kept in REMARKS"
                    problems.append(Problem(reason, number, line, name, value, "warning"))
        return McpdRow(number, line, fields, extra, tuple(problems))

    def _decode(self, chunks: Iterable[bytes]) -> Iterator[str]:
        chunks = iter(chunks)
        head = b""
        for chunk in chunks:  # enough bytes to see a byte-order mark
            head += chunk
            if len(head) >= 3:
                break
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Excel's "Unicode text" export; the decoder reads the BOM itself. A lone surrogate (never seen in
            # practice) becomes U+FFFD rather than stopping the read.
            self.encoding = "utf-16"
            decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
            for chunk in itertools.chain([head], chunks):
                yield decoder.decode(chunk)
            yield decoder.decode(b"", final=True)
            return
        if head.startswith(codecs.BOM_UTF8):
            self.encoding, head = "utf-8-sig", head[len(codecs.BOM_UTF8) :]
        else:
            self.encoding = "utf-8"
        yield from self._utf8_or_cp1252(itertools.chain([head], chunks))

    def _utf8_or_cp1252(self, chunks: Iterable[bytes]) -> Iterator[str]:
        """UTF-8 while the bytes are UTF-8; from the first byte that is not, Windows-1252 for the rest."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0  # bytes handed to the decoder so far
        seen_non_ascii = False
        for chunk in chunks:
            if self.encoding == "cp1252":
                yield _cp1252(chunk)
                continue
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                data = pending + chunk
                good = data[: error.start].decode("utf-8")
                self._fall_back(offset - len(pending) + error.start, seen_non_ascii or not good.isascii())
                text = good + _cp1252(data[error.start :])
            seen_non_ascii = seen_non_ascii or not text.isascii()
            offset += len(chunk)
            yield text
        pending = decoder.getstate()[0]
        if self.encoding != "cp1252" and pending:  # the file ends inside a multi-byte sequence
            self._fall_back(offset - len(pending), seen_non_ascii)
            yield _cp1252(pending)

    def _fall_back(self, byte_offset: int, after_utf8_text: bool) -> None:
        self.encoding = "cp1252"
        if after_utf8_text:
            reason = (
                f"UTF-8 up to byte {byte_offset}, then bytes that are not UTF-8: the rest was read as "
                "Windows-1252 (Latin-1); check accented letters after that point"
            )
        else:
            reason = "not UTF-8: read as Windows-1252 (Latin-1)"
        self.problems.append(Problem(reason, severity="warning"))
