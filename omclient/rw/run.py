"""The generic run of the RW import over the :data:`~omclient.rw.targets.TARGETS`.

One :class:`Run` per import and connection: for each target in file order it
reads the stored records by natural key (:meth:`Run.load`), validates and
compares the file's records and writes the new and changed ones
(:meth:`Run.import_file`), and on a full export deactivates what the file no
longer contains (:meth:`Run.deactivate_missing`). What differs between files
is declared in their target; nothing here names a file.
"""

from __future__ import annotations

import functools
import itertools
import operator
import sys
import threading
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from sqlalchemy import (
    Connection,
    Table,
    and_,
    bindparam,
    insert,
    or_,
    select,
    update,
)

from omclient.errors import OmError
from omclient.rw.bulk import BackgroundWriter, IdBlocks, bulk_insert, driver_rows
from omclient.rw.fastpath import converter, fingerprint, line_fingerprints
from omclient.rw.format import DELIMITER, FileSpec, Manifest, canon
from omclient.rw.reader import CsvDatei, ExportQuelle, Fehlerliste, validate
from omclient.rw.targets import TARGETS, CodeList, Ref, Target

ProgressFn = Callable[[int, int, str], None]
"""``progress(done_records, total_records, text)``; called from the importing thread."""

BATCH = 5000
ID_BLOCK = 10_000


class ImportAbgebrochen(OmError):
    """The user cancelled the import; everything was rolled back."""

    title = "RW-Import abgebrochen"


class EntitaetZaehler(BaseModel):
    """Counts of one file's records (mutable while the import runs)."""

    datei: str
    bezeichnung: str
    neu: int = 0
    geaendert: int = 0
    unveraendert: int = 0
    deaktiviert: int = 0


class _Entry:
    """A stored (or just imported) record: id, fingerprint, RW-converted fields, Mandant,
    and the line of the current file that delivered it (0: not in the file)."""

    __slots__ = ("fp", "id", "line", "mandant", "rw")

    def __init__(self, id_: int | None, fp: int, rw: str, mandant: str, line: int = 0) -> None:
        self.id = id_
        self.fp = fp
        self.rw = rw
        self.mandant = mandant
        self.line = line


class _Reference(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Context:
    conn: Connection
    manifest: Manifest
    fehler: Fehlerliste
    progress: ProgressFn | None
    cancel: threading.Event | None
    total: int
    done: int = 0


class Run:
    """One import over one connection; writes stop at the first problem."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._conn = ctx.conn
        self.writer = BackgroundWriter()
        self.ids = IdBlocks(ctx.conn, self.writer, ID_BLOCK)
        self.unfingerprinted: set[str] = set()
        self.maps: dict[str, dict[tuple[str, ...], _Entry]] = {}
        self.zaehler: dict[str, EntitaetZaehler] = {
            t.stem: EntitaetZaehler(datei=t.spec.name, bezeichnung=t.spec.label) for t in TARGETS
        }
        # code → text of the files that have a ``translation``
        self.translations: dict[str, dict[str, str]] = {}
        self.stichtag = ctx.manifest.exported_at.date()

    @property
    def conn(self) -> Connection:
        """The connection, once the writer thread has finished with it."""
        self.writer.wait()
        return self._conn

    def finish(self) -> None:
        """Wait for the last INSERT (its error, if any, is raised) and stop the writer."""
        try:
            self.writer.wait()
        finally:
            self.writer.close()

    def load(self, target: Target) -> None:
        """The stored records of ``target`` by natural key (id, fingerprint, Mandant)."""
        entries: dict[tuple[str, ...], _Entry] = {}
        conditional = bool(target.rw_felder)
        for row in _stored_keys(self.conn, target):
            key = _shared_key(row[4:])
            if key in entries:  # e.g. two 93106 rows for one code: the first one counts
                continue
            entries[key] = _Entry(
                row[0],
                row[3],
                sys.intern(row[1] or "") if conditional else "",
                sys.intern(row[2] or ""),
            )
        self.maps[target.stem] = entries
        if target.translation is not None:
            code, text_ = target.translation
            translation: dict[str, str] = {}
            for mapping in self.conn.execute(target.stored_rows()).mappings():
                translation.setdefault(mapping[code], mapping[text_])
            self.translations[target.stem] = translation

    def _resolver(self, target: Target) -> Callable[[dict[str, Any]], dict[str, Any]]:
        """The function giving a record's database values for this file: foreign keys
        looked up by natural key, codes translated, columns renamed.

        It returns the record's own dictionary with the foreign keys added (keys that
        are no written column are left out when writing) and raises :class:`_Reference`
        for a key neither in the export nor in the database. Made per file, when the
        records of the files it refers to are all known.
        """
        mandanten = self.ctx.manifest.mandanten
        per_mandant = target.per_mandant
        renamed, fixed = target.columns, target.fixed
        lookups = [
            (ref.column, ref.getter, ref.single, ref.optional, self.maps[ref.source_name], ref)
            for ref in target.refs
        ]
        translations = [(tr, self.translations[tr.source]) for tr in target.translate]

        def resolve(r: dict[str, Any]) -> dict[str, Any]:
            if per_mandant and r["mandant_nr"] not in mandanten:
                raise _Reference(
                    "mandant_nr",
                    f"Mandant {r['mandant_nr']} gehört nicht zu diesem Export "
                    f"(Manifest: {', '.join(mandanten)})",
                )
            values = r
            if renamed:
                values = {renamed.get(c, c): v for c, v in r.items()}
            if fixed:
                values.update(fixed)
            for column, getter, single, optional, entries, ref in lookups:
                key = (getter(r),) if single else getter(r)
                if optional and not key[-1]:
                    values[column] = None
                    continue
                entry = entries.get(key)
                values[column] = _unknown(ref, key) if entry is None else entry.id
            for tr, translation in translations:
                code = r[tr.column]
                if code is not None:
                    translated = translation.get(code)
                    if translated is None:
                        raise _Reference(tr.column, tr.missing.format(code))
                    values[tr.column] = translated
            return values

        return resolve

    def import_file(self, target: Target, quelle: ExportQuelle) -> None:
        """Validate and write one file; marks the records it contained (``_Entry.line``)."""
        spec = target.spec
        fehler = self.ctx.fehler
        # Files no later file refers to are first compared by fingerprint alone;
        # the records' natural keys are read only once a record is new or changed.
        by_fingerprint = target.by_fingerprint
        entries: dict[tuple[str, ...], _Entry] | None = None
        stored: dict[int, int] = {}  # fingerprint → id, or ~line once the file had it
        hit_ids: list[int] = []
        hit_lines: list[int] = []
        # New records of such files: only their line, for duplicate keys (a single-part
        # key as its text). Nothing refers to them, so they need no entry.
        new_lines: dict[Any, int] = {}
        single = len(target.key) == 1
        referenced = target.referenced
        if by_fingerprint:
            stored = self._fingerprints(target)
        else:
            entries = self.maps[target.stem]
        neu = geaendert = unveraendert = 0
        cols = spec.columns
        key_idx = [cols.index(k) for k in target.key]
        key_of = _tuple_getter(key_idx)
        mapped = [(cols.index(tr.column), self.translations[tr.source]) for tr in target.translate]
        conditional = list(target.rw_felder)
        typed_cols = _typed_columns(spec)
        natural = list(range(len(cols)))
        keep_stored = not target.updates
        translation = self.translations.get(target.stem)
        inserts: list[dict[str, Any]] = []
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for ref in target.refs:
            if isinstance(ref.source, CodeList):
                self._ensure_codes(ref.source)
        resolve = self._resolver(target)
        datei = CsvDatei(quelle, spec, fehler)
        convert = converter(spec)
        ticks = 0
        order: list[int] | None = None
        prefiltered = [0]  # records found unchanged before the loop below
        records = self._records(target, datei, stored, entries, hit_ids, hit_lines, prefiltered)
        for line, raw in records:
            if order is None:
                order = [datei.header[c] for c in cols]
                if order == natural:
                    order = []
            fields = [raw[j] for j in order] if order else raw
            ticks += 1
            if ticks >= 2000:
                self._tick(target, ticks)
                ticks = 0
            texts = fields
            if mapped:  # compared as the text OM shows (the mapped Bezeichnung)
                texts = list(fields)
                for i, mapping in mapped:
                    if texts[i]:
                        texts[i] = mapping.get(texts[i], "\x00" + texts[i])
            fp = fingerprint(texts)
            if entries is None:
                known = stored.get(fp)
                if known is not None:
                    if known < 0:
                        self._duplicate(key_of(fields), ~known, line, spec)
                        continue
                    stored[fp] = ~line
                    hit_ids.append(known)
                    hit_lines.append(line)
                    unveraendert += 1
                    continue
                entries = self._load_with_hits(target, hit_ids, hit_lines)
            key = key_of(fields)
            entry = entries.get(key)
            if entry is not None and entry.fp == fp:
                # The stored record's canonical text, byte for byte: valid and unchanged.
                if entry.line:
                    self._duplicate(key, entry.line, line, spec)
                    continue
                entry.line = line
                unveraendert += 1
                continue
            converted = convert(fields)
            if converted is not None:
                row, canonical = converted
            else:
                validated = validate(spec, datei.header, line, raw, fehler)
                if validated is None:
                    continue
                row = dict(validated)
                canonical = [
                    canon(row[c]) if typed else fields[i].strip()
                    for i, (c, typed) in enumerate(typed_cols)
                ]
            try:
                values = resolve(row)
            except _Reference as ref:
                fehler.add(spec.name, line, datei.header.get(ref.column, -1) + 1, ref.message)
                continue
            if mapped:
                canonical = list(canonical)
                for i, _mapping in mapped:
                    canonical[i] = canon(values.get(cols[i]))
            if canonical is not fields:
                fp = fingerprint(canonical)
                canonical_key = key_of(canonical)
                if canonical_key != key:
                    key = canonical_key
                    entry = entries.get(key)
            if entry is not None:
                if entry.line:
                    self._duplicate(key, entry.line, line, spec)
                    continue
                entry.line = line
                if entry.fp == fp or keep_stored:
                    unveraendert += 1
                    continue
            elif by_fingerprint:
                new_key: Any = key[0] if single else _shared_key(key)
                first = new_lines.get(new_key)
                if first is not None:
                    self._duplicate(key, first, line, spec)
                    continue
                new_lines[new_key] = line
            rw_old = entry.rw if entry is not None else ""
            values["rw_fingerprint"] = fp
            rw_new = ""
            if conditional:
                rw_new, values = _apply_conditional(conditional, values, rw_old, entry is None)
                values["rw_felder"] = rw_new
            if entry is None:
                neu += 1
                if translation is not None:
                    code, text_ = cast(tuple[str, str], target.translation)
                    translation[row[code]] = row[text_]
                if not by_fingerprint:
                    new_id = None
                    if referenced:  # later files need the id: take it now, not after writing
                        new_id = values["id"] = self.ids.take(target.table)
                    entries[_shared_key(key)] = _Entry(
                        new_id, fp, rw_new, sys.intern(row.get("mandant_nr", "")), line
                    )
                inserts.append(values)
                if len(inserts) >= BATCH:
                    self._insert(target, inserts)
            else:
                geaendert += 1
                entry.fp = fp
                entry.rw = rw_new
                values["_id"] = entry.id
                batch = updates.setdefault(tuple(sorted(values)), [])
                batch.append(values)
                if len(batch) >= BATCH:
                    self._update(target, batch)
        self._tick(target, ticks)
        self._check_count(datei)
        self._insert(target, inserts)
        for batch in updates.values():
            self._update(target, batch)
        zaehler = self.zaehler[target.stem]
        zaehler.neu, zaehler.geaendert = neu, geaendert
        zaehler.unveraendert = unveraendert + prefiltered[0]
        if entries is not None and hit_ids:
            self._mark_hits(target, entries, hit_ids, hit_lines)
        if entries is None:
            self._all_found_by_fingerprint(target, stored, hit_ids, hit_lines)

    def _records(
        self,
        target: Target,
        datei: CsvDatei,
        stored: dict[int, int],
        entries: dict[tuple[str, ...], _Entry] | None,
        hit_ids: list[int],
        hit_lines: list[int],
        prefiltered: list[int],
    ) -> Iterable[tuple[int, list[str]]]:
        """The records of ``datei`` still to compare field by field, with their lines.

        A simple file (see :meth:`CsvDatei.is_simple`) is first compared line by line
        with the stored fingerprints; the lines found unchanged are counted in
        ``prefiltered`` (and, by fingerprint alone, noted in ``hit_ids``/``hit_lines``).
        """
        if target.by_fingerprint and stored and datei.is_simple():
            return self._unmatched(target, datei, stored, hit_ids, hit_lines, prefiltered)
        if entries and not target.translate and datei.is_simple():
            return self._unmatched_entries(target, datei, entries, prefiltered)
        return datei

    def _check_count(self, datei: CsvDatei) -> None:
        """A file with fewer or more records than the manifest says is an error."""
        expected = self.ctx.manifest.dateien[datei.spec.name].zeilen
        if datei.header and datei.zeilen != expected:
            self.ctx.fehler.add(
                datei.spec.name,
                datei.zeilen + 2,
                0,
                f"Datei ist unvollständig oder zu lang: {datei.zeilen} Datensätze, "
                f"laut manifest.json {expected}",
            )

    def _all_found_by_fingerprint(
        self, target: Target, stored: dict[int, int], hit_ids: list[int], hit_lines: list[int]
    ) -> None:
        """After a file whose records all had a stored fingerprint: a full export still has
        to see the stored records it did not contain, so their keys are read only then."""
        missing = any(v >= 0 for v in stored.values()) or target.stem in self.unfingerprinted
        if self.ctx.manifest.kind == "full" and target.deactivate and missing:
            self._load_with_hits(target, hit_ids, hit_lines)
        else:
            self.maps[target.stem] = {}

    def _fingerprints(self, target: Target) -> dict[int, int]:
        """Fingerprint → id of the stored records of ``target`` that RW delivered.

        Records without a fingerprint (deactivated ones) are noted in
        ``self.unfingerprinted``: a full export has to look at them by key.
        """
        tab = target.table
        stmt = select(tab.c.rw_fingerprint, tab.c.id)
        if target.rows_of_rw is not None:
            stmt = stmt.where(target.rows_of_rw)
        stored = dict(driver_rows(self.conn, stmt))
        if stored.pop(None, None) is not None:
            self.unfingerprinted.add(target.stem)
        return stored

    def _unmatched(
        self,
        target: Target,
        datei: CsvDatei,
        stored: dict[int, int],
        hit_ids: list[int],
        hit_lines: list[int],
        prefiltered: list[int],
    ) -> Iterator[tuple[int, list[str]]]:
        """The records of a simple file whose fingerprint is not stored, with their lines.

        Whole blocks of lines are fingerprinted at once, without splitting them into
        fields: a stored record's canonical content, byte for byte, is unchanged.
        """
        spec = target.spec
        cols = spec.columns
        key_of = _tuple_getter([cols.index(k) for k in target.key])
        natural: bool | None = None
        for first, lines in datei.blocks():
            if natural is None:
                natural = [datei.header[c] for c in cols] == list(range(len(cols)))
            if not natural:
                for line, content in enumerate(lines, start=first):
                    fields = datei.record(line, content)
                    if fields is not None:
                        yield line, fields
                continue
            hits = recognised = 0
            fps = line_fingerprints(lines, DELIMITER)
            for line, content, fp, known in zip(
                itertools.count(first), lines, fps, map(stored.get, fps), strict=False
            ):
                if known is None:
                    fields = datei.record(line, content)
                    if fields is not None:
                        yield line, fields
                    continue
                recognised += 1
                if known < 0:
                    self._duplicate(key_of(content.split(DELIMITER)), ~known, line, spec)
                    continue
                stored[fp] = ~line
                hit_ids.append(known)
                hit_lines.append(line)
                hits += 1
            datei.recognised(recognised)
            prefiltered[0] += hits
            self._tick(target, hits)

    def _unmatched_entries(
        self,
        target: Target,
        datei: CsvDatei,
        entries: dict[tuple[str, ...], _Entry],
        prefiltered: list[int],
    ) -> Iterator[tuple[int, list[str]]]:
        """Like :meth:`_unmatched` for files whose stored records are read by key anyway
        (later files refer to them): a line with a stored fingerprint marks its record."""
        spec = target.spec
        cols = spec.columns
        key_of = _tuple_getter([cols.index(k) for k in target.key])
        by_fp = {e.fp: e for e in entries.values() if e.fp is not None and e.id is not None}
        natural: bool | None = None
        for first, lines in datei.blocks():
            if natural is None:
                natural = [datei.header[c] for c in cols] == list(range(len(cols)))
            fps = line_fingerprints(lines, DELIMITER) if natural else [0] * len(lines)
            hits = recognised = 0
            for line, content, entry in zip(
                itertools.count(first), lines, map(by_fp.get, fps), strict=False
            ):
                if entry is None or not natural:
                    fields = datei.record(line, content)
                    if fields is not None:
                        yield line, fields
                    continue
                recognised += 1
                if entry.line:
                    self._duplicate(key_of(content.split(DELIMITER)), entry.line, line, spec)
                    continue
                entry.line = line
                hits += 1
            datei.recognised(recognised)
            prefiltered[0] += hits
            self._tick(target, hits)

    def _mark_hits(
        self,
        target: Target,
        entries: dict[tuple[str, ...], _Entry],
        hit_ids: list[int],
        hit_lines: list[int],
    ) -> None:
        """Mark the records found by fingerprint in ``entries`` (read meanwhile); a key
        that another line of the file also had is a duplicate."""
        by_id = {entry.id: (key, entry) for key, entry in entries.items()}
        for id_, line in zip(hit_ids, hit_lines, strict=True):
            key, entry = by_id[id_]
            if entry.line and entry.line != line:
                first, later = sorted((entry.line, line))
                self._duplicate(key, first, later, target.spec)
            entry.line = line

    def _load_with_hits(
        self, target: Target, hit_ids: list[int], hit_lines: list[int]
    ) -> dict[tuple[str, ...], _Entry]:
        """The stored records by key, those the file already had marked with their line."""
        self.load(target)
        entries = self.maps[target.stem]
        if hit_ids:
            by_id = {entry.id: entry for entry in entries.values()}
            for id_, line in zip(hit_ids, hit_lines, strict=True):
                by_id[id_].line = line
        return entries

    def _duplicate(self, key: tuple[str, ...], first: int, line: int, spec: FileSpec) -> None:
        self.ctx.fehler.add(
            spec.name, line, 0, f"doppelter Schlüssel {'/'.join(key)} (schon in Zeile {first})"
        )

    def _tick(self, target: Target, rows: int) -> None:
        """Count ``rows`` more records; report progress, honour Cancel."""
        ctx = self.ctx
        ctx.done += rows
        if ctx.cancel is not None and ctx.cancel.is_set():
            raise ImportAbgebrochen("Der RW-Import wurde abgebrochen; nichts wurde geändert.")
        if ctx.progress is not None:
            ctx.progress(ctx.done, ctx.total, target.spec.label)

    def _insert(self, target: Target, rows: list[dict[str, Any]]) -> None:
        if rows and not self.ctx.fehler:
            allowed = target.writable
            names = tuple(n for n in rows[0] if n in allowed)
            if all(len(row) == len(rows[0]) for row in rows):
                bulk = bulk_insert(self._conn, target.table, names)
                self.writer.submit(bulk.execute, self._conn, bulk.parameters(rows))
            else:
                self.conn.execute(
                    insert(target.table), [{n: row[n] for n in row if n in allowed} for row in rows]
                )
        rows.clear()

    def _update(self, target: Target, rows: list[dict[str, Any]]) -> None:
        if not rows or self.ctx.fehler:
            rows.clear()
            return
        tab = target.table
        allowed = target.writable
        names = [n for n in rows[0] if n in allowed]
        values: dict[str, Any] = {n: bindparam(f"p_{n}") for n in names}
        if target.versioned:
            values["version"] = tab.c.version + 1
        stmt = update(tab).where(tab.c.id == bindparam("_id")).values(values)
        self.conn.execute(
            stmt.execution_options(synchronize_session=False),
            [{"_id": row["_id"], **{f"p_{n}": row[n] for n in names}} for row in rows],
        )
        rows.clear()

    def _ensure_codes(self, codes: CodeList) -> None:
        """Make sure every code of ``codes`` is stored and marked as RW's; map them to ids."""
        table = cast(Table, codes.model.__table__)
        code_, flag = table.c.code, table.c[codes.flag]
        existing = {code: rw for code, rw in self.conn.execute(select(code_, flag))}
        if not self.ctx.fehler:
            for code, name in codes.codes.items():
                if code not in existing:
                    self.conn.execute(
                        insert(table).values({"code": code, "bezeichnung": name, codes.flag: True})
                    )
                elif not existing[code]:
                    self.conn.execute(update(table).where(code_ == code).values({codes.flag: True}))
        self.maps[codes.name] = {
            (code,): _Entry(id_, 0, "", "")
            for id_, code in self.conn.execute(select(table.c.id, code_))
        }

    def deactivate_missing(self, target: Target) -> None:
        """Mark stored records of the export's Mandanten that the file did not contain."""
        if target.deactivate is None or self.ctx.fehler:
            return
        scope = set(self.ctx.manifest.mandanten)
        entries = self.maps[target.stem]
        missing = [
            e.id
            for k, e in entries.items()
            if e.id is not None and not e.line and e.mandant in scope
        ]
        if not missing:
            return
        tab = target.table
        stichtag = self.stichtag
        count = 0
        for start in range(0, len(missing), 900):
            chunk = missing[start : start + 900]
            if target.deactivate == "aktiv":
                values: dict[str, Any] = {"aktiv": False, "rw_fingerprint": None}
                if target.versioned:
                    values["version"] = tab.c.version + 1
                stmt = (
                    update(tab)
                    .where(and_(tab.c.id.in_(chunk), tab.c.aktiv.is_(True)))
                    .values(values)
                )
            else:
                column = tab.c[target.deactivate]
                stmt = (
                    update(tab)
                    .where(and_(tab.c.id.in_(chunk), or_(column.is_(None), column > stichtag)))
                    .values({target.deactivate: stichtag, "rw_fingerprint": None})
                )
            count += self.conn.execute(stmt).rowcount or 0
        self.zaehler[target.stem].deaktiviert += count


def _unknown(ref: Ref, key: tuple[str, ...]) -> int | None:
    """A referenced record that is missing: a code of a :class:`CodeList` (the row model
    refused unknown codes, so only after an earlier problem) gives NULL; anything else
    is the record's error."""
    if isinstance(ref.source, CodeList):
        return None
    what = ref.what.format(*key)
    raise _Reference(ref.report_at, f"{what} ist weder im Export noch in der Datenbank vorhanden")


def _stored_keys(conn: Connection, target: Target) -> Iterator[tuple[Any, ...]]:
    """The rows of :meth:`Target.stored_keys`, their key columns as canonical texts."""
    stmt = target.stored_keys
    if target.keys_are_texts:  # ids, fingerprints and texts: the driver's own rows will do
        yield from driver_rows(conn, stmt)
        return
    for partition in conn.execute(stmt).partitions(10_000):
        for row in partition:
            yield (*row[:4], *map(canon, row[4:]))


@functools.cache
def _typed_columns(spec: FileSpec) -> list[tuple[str, bool]]:
    """Per column: does its canonical text need the validated value?

    Plain optional texts are canonical as their stripped raw text; typed
    columns (dates, amounts, ja/nein, numbers, enums) and columns with a
    default are rendered from the validated value.
    """
    result = []
    for name, info in spec.model.model_fields.items():
        inner = [a for a in typing.get_args(info.annotation) if a is not type(None)]
        base = info.annotation if not inner else inner[0]
        if typing.get_origin(base) is typing.Annotated:
            base = typing.get_args(base)[0]
        plain = base is str and info.default in (None, PydanticUndefined)
        result.append((name, not plain))
    return result


def _tuple_getter(positions: Sequence[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """A fast ``lambda seq: tuple(seq[i] for i in positions)``."""
    getter = operator.itemgetter(*positions)
    if len(positions) == 1:
        return lambda seq: (getter(seq),)
    return getter


def _shared_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """``key`` with its short parts (Mandant, Objekt, Einheit, BV numbers) interned.

    Hundreds of thousands of records repeat a few Mandant and Objekt numbers and
    the same Top and BV numbers; sharing one string each keeps the import within
    its memory budget. Long parts (Person and Buchung numbers) are unique anyway.
    """
    if len(key) < 2:
        return key
    return tuple([sys.intern(part) if len(part) <= 8 else part for part in key])


def _apply_conditional(
    conditional: Sequence[str], values: dict[str, Any], rw_old: str, new: bool
) -> tuple[str, dict[str, Any]]:
    """Values to write and the new ``rw_felder`` under conditional ownership.

    A delivered value is written and becomes RW's; an empty one clears the field
    only if RW had delivered it before, otherwise OM's value stays untouched
    (a new record starts empty).
    """
    if not conditional:
        return "", values
    owned = {n for n in rw_old.split(",") if n}
    for name in conditional:
        if values.get(name) is not None:
            owned.add(name)
        elif name in owned or new:
            owned.discard(name)
            values[name] = None
        else:
            values.pop(name, None)
    return sys.intern(",".join(n for n in conditional if n in owned)), values
