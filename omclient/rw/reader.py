"""Reading an RW export: the folder or ``.zip``, its manifest, its CSV records.

Nothing here touches the database. Problems are collected in a
:class:`Fehlerliste` as ``datei:zeile:spalte: Meldung`` (German, 1-based; the
column is the field's position in the row, 0 when the whole line or file is
meant) so the importer can report *all* of them and change nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pydantic

from omclient.errors import ValidationError
from omclient.rw.format import (
    DELIMITER,
    FILES_BY_NAME,
    MANIFEST,
    SUPPORTED_VERSIONS,
    FileSpec,
    Manifest,
    Row,
)

BOM = b"\xef\xbb\xbf"
READ_BLOCK = 1 << 22  # bytes read, hashed and decoded at a time


@dataclass
class Fehler:
    datei: str
    zeile: int
    spalte: int
    meldung: str

    def __str__(self) -> str:
        return f"{self.datei}:{self.zeile}:{self.spalte}: {self.meldung}"


@dataclass
class Fehlerliste:
    """All problems found in an export; keeps the first ``limit`` in full."""

    limit: int = 1000
    eintraege: list[Fehler] = field(default_factory=list)
    anzahl: int = 0

    def add(self, datei: str, zeile: int, spalte: int, meldung: str) -> None:
        self.anzahl += 1
        if len(self.eintraege) < self.limit:
            self.eintraege.append(Fehler(datei, zeile, spalte, meldung))

    def __bool__(self) -> bool:
        return self.anzahl > 0

    def texte(self) -> list[str]:
        lines = [str(f) for f in self.eintraege]
        if self.anzahl > len(self.eintraege):
            lines.append(f"… und {self.anzahl - len(self.eintraege)} weitere Fehler")
        return lines

    def as_error(self) -> ValidationError:
        return ValidationError(
            f"Der RW-Export enthält {self.anzahl} Fehler; es wurde nichts geändert.",
            self.texte(),
        )


class ExportQuelle:
    """A folder or a ``.zip`` holding an RW export; hashes every byte it hands out."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self.hasher = hashlib.sha256()
        if not self.path.exists():
            raise ValidationError(f"{self.path}: Datei oder Ordner nicht gefunden.")
        if self.path.is_dir():
            self._names = {p.name for p in self.path.iterdir() if p.is_file()}
        else:
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ValidationError(
                    f"{self.path.name}: weder ein Ordner noch ein lesbares ZIP-Archiv ({exc})."
                ) from None
            self._names = {
                Path(info.filename).name for info in self._zip.infolist() if not info.is_dir()
            }

    def __enter__(self) -> ExportQuelle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def names(self) -> set[str]:
        return set(self._names)

    def has(self, name: str) -> bool:
        return name in self._names

    def open(self, name: str) -> IO[bytes]:
        if self._zip is not None:
            for info in self._zip.infolist():
                if Path(info.filename).name == name:
                    return self._zip.open(info)
            raise FileNotFoundError(name)
        return (self.path / name).open("rb")

    @property
    def sha256(self) -> str:
        return self.hasher.hexdigest()


def read_manifest(quelle: ExportQuelle) -> Manifest:
    """The validated manifest; an unknown format version is refused."""
    if not quelle.has(MANIFEST):
        raise ValidationError(f"{MANIFEST} fehlt: {quelle.path} ist kein RW-Export.")
    with quelle.open(MANIFEST) as fh:
        raw = fh.read()
    quelle.hasher.update(raw)
    try:
        data: Any = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{MANIFEST}: kein gültiges JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{MANIFEST}: erwartet wird ein JSON-Objekt.")
    version = str(data.get("format_version", ""))
    if version not in SUPPORTED_VERSIONS:
        raise ValidationError(
            f"{MANIFEST}: Formatversion „{version}“ wird nicht unterstützt "
            f"(unterstützt: {', '.join(sorted(SUPPORTED_VERSIONS))})."
        )
    try:
        return Manifest.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = [
            f"{MANIFEST}: {'.'.join(str(p) for p in err['loc'])}: {german_message(err)}"
            for err in exc.errors()
        ]
        raise ValidationError(f"{MANIFEST} ist ungültig.", problems) from None


class CsvDatei:
    """Streams the records of one CSV file of an export.

    Checks encoding (UTF-8, optional BOM), header and column count; problems go
    to ``fehler``, faulty records are skipped. ``header`` maps column name →
    position; ``zeilen`` counts the data records seen.
    """

    def __init__(self, quelle: ExportQuelle, spec: FileSpec, fehler: Fehlerliste) -> None:
        self.quelle = quelle
        self.spec = spec
        self.fehler = fehler
        self.header: dict[str, int] = {}
        self.zeilen = 0

    def _lines(self, fh: IO[bytes]) -> Iterator[Iterable[str]]:
        """The file's physical lines, in blocks: each block an iterable of lines.

        Reads a few MiB at a time; a block without NUL bytes that decodes as
        UTF-8 is handed out as one text (split only at ``\\n``, like the
        bytes); otherwise its lines are checked one by one for the messages.
        """
        hasher = self.quelle.hasher
        number = 0  # physical lines handed out so far
        rest = b""
        first = True
        while True:
            block = fh.read(READ_BLOCK)
            if block:
                hasher.update(block)
                data = rest + block
                cut = data.rfind(b"\n") + 1
                if not cut:
                    rest = data
                    continue
                part, rest = data[:cut], data[cut:]
            elif rest:
                part, rest = rest, b""
            else:
                return
            if first:
                first = False
                if part.startswith(BOM):
                    part = part[len(BOM) :]
            if b"\x00" not in part:
                try:
                    text = part.decode("utf-8")
                except UnicodeDecodeError:
                    pass
                else:
                    number += part.count(b"\n") + (not part.endswith(b"\n"))
                    yield io.StringIO(text, newline="\n")
                    continue
            pieces = part.split(b"\n")
            lines = [piece + b"\n" for piece in pieces[:-1]]
            if pieces[-1]:
                lines.append(pieces[-1])
            yield self._checked(lines, number)
            number += len(lines)

    def _checked(self, lines: list[bytes], before: int) -> Iterator[str]:
        """Lines of a block with NUL bytes or bad UTF-8: each problem reported."""
        name = self.spec.name
        for number, raw in enumerate(lines, start=before + 1):
            if b"\x00" in raw:
                self.fehler.add(
                    name,
                    number,
                    raw[: raw.index(b"\x00")].count(DELIMITER.encode()) + 1,
                    "unzulässiges Nullzeichen (0x00) in der Zeile",
                )
                raw = raw.replace(b"\x00", b"")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = raw[: exc.start].decode("utf-8", "replace").count(DELIMITER) + 1
                self.fehler.add(
                    name,
                    number,
                    column,
                    f"ungültige Zeichenkodierung (Byte 0x{raw[exc.start]:02X} an Position "
                    f"{exc.start + 1}); erwartet wird UTF-8",
                )
                yield raw.decode("utf-8", "replace")

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """``(first physical line, fields)`` of every well-formed data record."""
        name = self.spec.name
        width = len(self.spec.columns)
        with self.quelle.open(name) as fh:
            lines = itertools.chain.from_iterable(self._lines(fh))
            reader = csv.reader(lines, delimiter=DELIMITER, strict=True)
            previous_line = 0
            try:
                for fields in reader:
                    line = previous_line + 1
                    previous_line = reader.line_num
                    if len(fields) == width and self.header:
                        self.zeilen += 1
                        yield line, fields
                        continue
                    if not self.header:
                        if not self._read_header(fields):
                            return
                        continue
                    if not fields or fields == [""]:
                        self.fehler.add(name, line, 0, "leere Zeile")
                        continue
                    self.zeilen += 1
                    self.fehler.add(
                        name,
                        line,
                        min(len(fields), width) + 1,
                        f"falsche Spaltenanzahl: {len(fields)} statt {width}",
                    )
            except csv.Error as exc:
                self.fehler.add(
                    name, previous_line + 1, 0, f"Datei ist abgeschnitten oder defekt ({exc})"
                )
        if not self.header:
            self.fehler.add(name, 1, 0, "Kopfzeile fehlt (Datei ist leer)")

    def is_simple(self) -> bool:
        """Whether the file has no quotes, no NUL bytes and line ends only as ``\\n`` or
        ``\\r\\n``: then every line is one record, split at ``;`` (as the exporter writes
        all ordinary data). Reads the file once more; hashes nothing."""
        with self.quelle.open(self.spec.name) as fh:
            carry = b""
            while block := fh.read(READ_BLOCK):
                data = carry + block
                if b'"' in data or b"\x00" in data:
                    return False
                carry = b"\r" if data.endswith(b"\r") else b""
                if b"\r" in data[: len(data) - len(carry)].replace(b"\r\n", b""):
                    return False
            return not carry

    def blocks(self) -> Iterator[tuple[int, list[str]]]:
        """For a simple file: ``(number of its first line, lines without line end)`` per
        block of data lines, after the header; :meth:`record` splits and checks a line."""
        number = 0
        with self.quelle.open(self.spec.name) as fh:
            for part in self._lines(fh):
                text = part.getvalue() if isinstance(part, io.StringIO) else "".join(part)
                lines = text.replace("\r\n", "\n").split("\n")
                if text.endswith("\n"):
                    lines.pop()
                first = number + 1
                number += len(lines)
                if not self.header and lines:
                    if not self._read_header(lines[0].split(DELIMITER)):
                        return
                    lines = lines[1:]
                    first += 1
                if lines:
                    yield first, lines
        if not self.header:
            self.fehler.add(self.spec.name, 1, 0, "Kopfzeile fehlt (Datei ist leer)")

    def recognised(self, lines: int) -> None:
        """Count ``lines`` of a simple file that the caller recognised whole (by their
        fingerprints) without splitting them with :meth:`record`."""
        self.zeilen += lines

    def record(self, line: int, text: str) -> list[str] | None:
        """The fields of one line of a simple file, or None after reporting its problem."""
        fields = text.split(DELIMITER)
        width = len(self.spec.columns)
        if len(fields) == width:
            self.zeilen += 1
            return fields
        if fields == [""]:
            self.fehler.add(self.spec.name, line, 0, "leere Zeile")
            return None
        self.zeilen += 1
        self.fehler.add(
            self.spec.name,
            line,
            min(len(fields), width) + 1,
            f"falsche Spaltenanzahl: {len(fields)} statt {width}",
        )
        return None

    def _read_header(self, fields: list[str]) -> bool:
        name = self.spec.name
        expected = self.spec.columns
        names = [f.strip() for f in fields]
        missing = [c for c in expected if c not in names]
        unknown = [(i, c) for i, c in enumerate(names) if c not in expected]
        for i, column in unknown:
            self.fehler.add(name, 1, i + 1, f"unbekannte Spalte „{column}“")
        if missing:
            self.fehler.add(name, 1, 0, f"Spalten fehlen in der Kopfzeile: {', '.join(missing)}")
        seen: set[str] = set()
        for i, column in enumerate(names):
            if column in seen:
                self.fehler.add(name, 1, i + 1, f"Spalte „{column}“ kommt doppelt vor")
            seen.add(column)
        if missing or unknown or len(seen) != len(names):
            return False
        self.header = {c: i for i, c in enumerate(names)}
        return True


def validate(
    spec: FileSpec, header: dict[str, int], line: int, fields: list[str], fehler: Fehlerliste
) -> Row | None:
    """The record as its pydantic row model, or None after adding its problems.

    Empty fields are left out, so the model's default applies.
    """
    values: dict[str, Any] = {c: fields[i] for c, i in header.items() if fields[i].strip()}
    try:
        return spec.model.model_validate(values)
    except pydantic.ValidationError as exc:
        for err in exc.errors():
            column = str(err["loc"][0]) if err["loc"] else ""
            position = header.get(column, -1) + 1
            label = f" (Spalte {column})" if column else ""
            fehler.add(spec.name, line, position, german_message(err) + label)
        return None


def german_message(err: Any) -> str:
    """pydantic's error dict in German."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", "")))
    if kind == "missing":
        return "Pflichtfeld ist leer"
    if kind == "string_too_long":
        return f"Text ist zu lang (höchstens {ctx.get('max_length')} Zeichen)"
    if kind == "string_too_short":
        return "Pflichtfeld ist leer"
    if kind == "enum":
        return f"„{value}“ ist nicht erlaubt (möglich: {ctx.get('expected', '')})".replace(
            "' or '", "', '"
        )
    if kind == "literal_error":
        return f"„{value}“ ist nicht erlaubt (möglich: {ctx.get('expected', '')})"
    if kind in ("datetime_parsing", "datetime_from_date_parsing", "datetime_type"):
        return f"„{value}“ ist kein Zeitpunkt (ISO 8601, z. B. 2026-11-23T02:00:00)"
    if kind in ("int_parsing", "int_type"):
        return f"„{value}“ ist keine ganze Zahl"
    if kind == "greater_than_equal":
        return f"Wert muss mindestens {ctx.get('ge')} sein"
    if kind == "less_than_equal":
        return f"Wert darf höchstens {ctx.get('le')} sein"
    if kind == "decimal_max_places":
        return f"{value} hat mehr als {ctx.get('decimal_places')} Nachkommastellen"
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return f"{value} ist zu groß für dieses Feld"
    if kind == "too_short":
        return "Liste darf nicht leer sein"
    if kind == "extra_forbidden":
        return "unbekanntes Feld"
    if kind in ("string_type", "list_type", "dict_type", "model_type"):
        return "falscher Datentyp"
    return str(err.get("msg", kind))


def datei_spec(name: str) -> FileSpec:
    return FILES_BY_NAME[name]
