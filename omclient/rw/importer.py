"""The RW import: validate an export completely, then apply it in one transaction.

Contract of :func:`import_export`:

* Every record of every file is validated (pydantic row models, references
  between files and to the database, duplicate keys, manifest row counts).
  All problems are collected; if there is any, the transaction is rolled back
  and a :class:`~omclient.errors.ValidationError` lists them as
  ``datei:zeile:spalte: Meldung`` — the database is unchanged.
* Otherwise records are upserted by natural key, writing only RW-owned columns
  (``rw_owned_fields`` of the model — the one mark). Conditionally owned fields
  (Stockwerk, Mietzins-Kategorie, Bezug, Auszug, Befristung) are written when
  RW delivers a value and then listed in ``rw_felder``; an empty value leaves
  what OM entered, unless RW had delivered that field before.
* A ``full`` export marks records of its Mandanten that it no longer contains
  as inactive (Objekte, Stiegen, VEHs, Einheiten, Bestandsverhältnisse,
  Verkettungen) or ended (Funktionen, Vorschreibungen); nothing is deleted.
* The same export twice changes nothing the second time: each record is
  compared with the stored one in a canonical text form (the way the exporter
  writes it), so an unchanged record costs one hash and no write.
* Each run, also a failed, cancelled or dry one, is recorded in ``RwImportLauf``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import itertools
import json
import operator
import sqlite3
import sys
import threading
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from sqlalchemy import (
    Connection,
    Enum,
    Select,
    String,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import ClauseElement

from omclient import domain as d
from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain.base import is_conditionally_rw_owned, rw_owned_fields
from omclient.domain.enums import ImportErgebnis
from omclient.domain.konfiguration import KONFIG_MIETZINS_KATEGORIE
from omclient.errors import OmError, ValidationError
from omclient.memory import gc_paused
from omclient.rw.fastpath import converter, fingerprint, line_fingerprints
from omclient.rw.format import (
    DELIMITER,
    FILES,
    RW_FUNKTIONSCODES,
    FileSpec,
    Manifest,
    canon,
)
from omclient.rw.reader import CsvDatei, ExportQuelle, Fehlerliste, read_manifest, validate
from omclient.services.dto import Dto

ProgressFn = Callable[[int, int, str], None]
"""``progress(done_records, total_records, text)``; called from the importing thread."""

BATCH = 5000
# Bound values per SQLite statement (SQLITE_MAX_VARIABLE_NUMBER: 32766 since 3.32).
SQLITE_VARIABLES = 32_000 if sqlite3.sqlite_version_info >= (3, 32) else 999
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


class RwImportErgebnis(Dto):
    """What a run did (or, for a dry run, would do)."""

    lauf_id: int
    quelle: str
    art: str
    mandanten: list[str]
    exportiert_am: dt.datetime
    probelauf: bool
    entitaeten: list[EntitaetZaehler]
    dauer_s: float

    @property
    def neu(self) -> int:
        return sum(e.neu for e in self.entitaeten)

    @property
    def geaendert(self) -> int:
        return sum(e.geaendert for e in self.entitaeten)

    @property
    def unveraendert(self) -> int:
        return sum(e.unveraendert for e in self.entitaeten)

    @property
    def deaktiviert(self) -> int:
        return sum(e.deaktiviert for e in self.entitaeten)

    @property
    def zeilen(self) -> int:
        return self.neu + self.geaendert + self.unveraendert

    @property
    def aenderungen(self) -> int:
        return self.neu + self.geaendert + self.deaktiviert


class RwImportLaufDto(Dto):
    id: int
    gestartet_am: dt.datetime
    beendet_am: dt.datetime | None
    benutzer: str
    quelle: str
    datei_hash: str
    art: str
    mandant_nr: str | None
    neu: int
    geaendert: int
    unveraendert: int
    deaktiviert: int
    ergebnis: ImportErgebnis
    meldungen: str | None


# --------------------------------------------------------------------------- targets


@dataclass
class _Target:
    """How one CSV file maps onto its table."""

    spec: FileSpec
    model: type[d.Base]
    key: tuple[str, ...]
    deactivate: str | None = None
    conditional: tuple[str, ...] = ()
    versioned: bool = False
    mapped: dict[str, str] = field(default_factory=dict)

    @property
    def table(self) -> Table:
        return self.model.__table__  # type: ignore[return-value]

    @functools.cached_property
    def stem(self) -> str:
        return self.spec.stem


def _targets() -> list[_Target]:
    def t(name: str, model: type[d.Base], key: tuple[str, ...], **kw: Any) -> _Target:
        spec = next(s for s in FILES if s.name == name)
        conditional = tuple(
            c for c in rw_owned_fields(model) if is_conditionally_rw_owned(model, c)
        )
        return _Target(spec, model, key, conditional=conditional, **kw)

    return [
        t("mandanten.csv", d.Mandant, ("mandant_nr",), deactivate="aktiv"),
        t("sachbereiche.csv", d.Sachbereich, ("code",)),
        t("objekte.csv", d.Objekt, ("mandant_nr", "objekt_nr"), deactivate="aktiv"),
        t(
            "stiegenhaeuser.csv",
            d.Stiegenhaus,
            ("mandant_nr", "objekt_nr", "nummer"),
            deactivate="aktiv",
        ),
        t(
            "verrechnungseinheiten.csv",
            d.Verrechnungseinheit,
            ("mandant_nr", "objekt_nr", "sachbereich", "nummer"),
            deactivate="aktiv",
        ),
        t("mietzinskategorien.csv", d.Konfiguration, ("code",)),
        t(
            "einheiten.csv",
            d.Einheit,
            ("mandant_nr", "objekt_nr", "einheit_nr"),
            deactivate="aktiv",
            versioned=True,
            mapped={"mietzins_kategorie": "mietzinskategorien"},
        ),
        t("personen.csv", d.Person, ("mandant_nr", "person_nr")),
        t(
            "bestandsverhaeltnisse.csv",
            d.Bestandsverhaeltnis,
            ("mandant_nr", "objekt_nr", "einheit_nr", "bv_nr"),
            deactivate="aktiv",
            versioned=True,
        ),
        t("funktionen.csv", d.Funktion, ("rw_schluessel",), deactivate="ende"),
        t(
            "verkettungen.csv",
            d.Verkettung,
            (
                "mandant_nr",
                "haupt_objekt_nr",
                "haupt_einheit_nr",
                "haupt_bv_nr",
                "sub_objekt_nr",
                "sub_einheit_nr",
                "sub_bv_nr",
            ),
            deactivate="aktiv",
        ),
        t(
            "vorschreibungen.csv",
            d.Vorschreibung,
            ("mandant_nr", "objekt_nr", "einheit_nr", "bv_nr", "art", "gueltig_ab"),
            deactivate="gueltig_bis",
        ),
        t("buchungen.csv", d.Buchung, ("buchungs_nr",)),
    ]


TARGETS = _targets()
TARGETS_BY_STEM = {target.stem: target for target in TARGETS}

# Files whose records later files refer to: new records get their id in advance.
_REFERENCED = {
    "mandanten",
    "sachbereiche",
    "objekte",
    "einheiten",
    "personen",
    "bestandsverhaeltnisse",
}


# Files compared by fingerprint first (see ``_Run.import_file``): no later file refers
# to them and no field of theirs is conditionally owned.
_BY_FINGERPRINT = {"funktionen", "verkettungen", "vorschreibungen", "buchungen"}


def written_columns(target: _Target) -> list[str]:
    """The table columns the importer writes for ``target`` (RW-owned ones).

    For most tables that is exactly ``rw_owned_fields``; Funktion and the
    Mietzins-Kategorie table carry no mark because only the rows with RW codes
    are RW's — the importer writes just those rows.
    """
    if target.model is d.Funktion:
        return [
            "rw_schluessel",
            "funktionsart_id",
            "person_id",
            "einheit_id",
            "bestandsverhaeltnis_id",
            "beginn",
            "ende",
        ]
    if target.model is d.Konfiguration:
        return ["tabelle", "schluessel", "wert"]
    return rw_owned_fields(target.model)


# ------------------------------------------------------------ existing-row selects


def _key_select(target: _Target) -> Select[Any]:
    """Stored rows of ``target`` as (id, rw_felder, Mandant, fingerprint, key columns).

    Records that a full export never deactivates and whose key is their own
    (Buchungen) need no Mandant: they are read without joins.
    """
    tab = target.table
    if target.deactivate is None and all(k in tab.c for k in target.key):
        return select(
            tab.c.id,
            literal_column("''"),
            literal_column("''"),
            tab.c.rw_fingerprint,
            *[tab.c[k] for k in target.key],
        )
    stmt = _existing_rows(target)
    selected = list(stmt.selected_columns)
    by_name = {column.key: column for column in selected[3:]}
    table = selected[0].element.table  # the aliased target table
    return stmt.with_only_columns(
        *selected[:3],
        table.c.rw_fingerprint,
        *[by_name[c] for c in target.key],
        maintain_column_froms=True,
    )


def _stored_keys(conn: Connection, target: _Target) -> Iterator[tuple[Any, ...]]:
    """The rows of :func:`_key_select`, their key columns as canonical texts."""
    stmt = _key_select(target)
    plain = all(
        isinstance(c.type, String) and not isinstance(c.type, Enum)
        for c in list(stmt.selected_columns)[4:]
    )
    if plain:  # ids, fingerprints and texts: the driver's own rows will do
        yield from driver_rows(conn, stmt)
        return
    for partition in conn.execute(stmt).partitions(10_000):
        for row in partition:
            yield (*row[:4], *map(canon, row[4:]))


def driver_rows(conn: Connection, stmt: ClauseElement) -> Iterator[tuple[Any, ...]]:
    """The rows of ``stmt`` (plain values only) straight from the driver's cursor.

    Hundreds of thousands of ids, fingerprints and key texts are read per import;
    SQLAlchemy's result rows would cost more than the query. Runs in the same
    transaction (the connection's own DBAPI connection).
    """
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(10_000):
            yield from rows
    finally:
        cursor.close()


def _existing_rows(target: _Target) -> Select[Any]:
    """Stored rows of ``target`` as (id, rw_felder, mandant, file columns in any order)."""
    m = d.Mandant.__table__.alias("m")
    o = d.Objekt.__table__.alias("o")
    e = d.Einheit.__table__.alias("e")
    b = d.Bestandsverhaeltnis.__table__.alias("b")
    p = d.Person.__table__.alias("p")
    tab = target.table.alias("t")
    cols = target.spec.columns
    stem = target.stem

    def own(*exclude: str) -> list[Any]:
        return [tab.c[c].label(c) for c in cols if c not in exclude]

    if stem == "mandanten":
        return select(
            tab.c.id.label("id"), tab.c.id.label("rw"), tab.c.mandant_nr.label("_m"), *own()
        )
    if stem == "sachbereiche":
        return select(tab.c.id.label("id"), tab.c.id.label("rw"), tab.c.code.label("_m"), *own())
    if stem == "mietzinskategorien":
        return (
            select(
                tab.c.id.label("id"),
                tab.c.id.label("rw"),
                tab.c.schluessel.label("_m"),
                tab.c.schluessel.label("code"),
                tab.c.wert.label("bezeichnung"),
            )
            .where(tab.c.tabelle == KONFIG_MIETZINS_KATEGORIE)
            .order_by(tab.c.position, tab.c.id)
        )
    if stem == "objekte":
        return select(
            tab.c.id.label("id"),
            tab.c.id.label("rw"),
            m.c.mandant_nr.label("_m"),
            m.c.mandant_nr,
            *own("mandant_nr"),
        ).join_from(tab, m, tab.c.mandant_id == m.c.id)
    if stem in ("stiegenhaeuser", "verrechnungseinheiten"):
        extra: list[Any] = []
        stmt_from: Any = tab.join(o, tab.c.objekt_id == o.c.id).join(m, o.c.mandant_id == m.c.id)
        if stem == "verrechnungseinheiten":
            s = d.Sachbereich.__table__.alias("s")
            stmt_from = stmt_from.join(s, tab.c.sachbereich_id == s.c.id)
            extra = [s.c.code.label("sachbereich")]
        return select(
            tab.c.id.label("id"),
            tab.c.id.label("rw"),
            m.c.mandant_nr.label("_m"),
            m.c.mandant_nr,
            o.c.objekt_nr,
            *extra,
            *own("mandant_nr", "objekt_nr", "sachbereich"),
        ).select_from(stmt_from)
    if stem == "einheiten":
        return select(
            tab.c.id.label("id"),
            tab.c.rw_felder.label("rw"),
            m.c.mandant_nr.label("_m"),
            m.c.mandant_nr,
            o.c.objekt_nr,
            *own("mandant_nr", "objekt_nr"),
        ).select_from(tab.join(o, tab.c.objekt_id == o.c.id).join(m, o.c.mandant_id == m.c.id))
    if stem == "personen":
        return select(
            tab.c.id.label("id"),
            tab.c.id.label("rw"),
            m.c.mandant_nr.label("_m"),
            m.c.mandant_nr,
            *own("mandant_nr"),
        ).join_from(tab, m, tab.c.mandant_id == m.c.id)
    if stem == "bestandsverhaeltnisse":
        return select(
            tab.c.id.label("id"),
            tab.c.rw_felder.label("rw"),
            m.c.mandant_nr.label("_m"),
            m.c.mandant_nr,
            o.c.objekt_nr,
            e.c.einheit_nr,
            p.c.person_nr,
            *own("mandant_nr", "objekt_nr", "einheit_nr", "person_nr"),
        ).select_from(
            tab.join(e, tab.c.einheit_id == e.c.id)
            .join(o, e.c.objekt_id == o.c.id)
            .join(m, o.c.mandant_id == m.c.id)
            .outerjoin(p, tab.c.person_id == p.c.id)
        )
    if stem == "funktionen":
        fa = d.Funktionsart.__table__.alias("fa")
        return (
            select(
                tab.c.id.label("id"),
                tab.c.id.label("rw"),
                m.c.mandant_nr.label("_m"),
                tab.c.rw_schluessel,
                fa.c.code,
                m.c.mandant_nr,
                p.c.person_nr,
                o.c.objekt_nr,
                e.c.einheit_nr,
                b.c.bv_nr,
                tab.c.beginn,
                tab.c.ende,
            )
            .select_from(
                tab.join(fa, tab.c.funktionsart_id == fa.c.id)
                .join(p, tab.c.person_id == p.c.id)
                .join(m, p.c.mandant_id == m.c.id)
                .join(e, tab.c.einheit_id == e.c.id)
                .join(o, e.c.objekt_id == o.c.id)
                .outerjoin(b, tab.c.bestandsverhaeltnis_id == b.c.id)
            )
            .where(tab.c.rw_schluessel.is_not(None))
        )
    if stem == "verkettungen":
        hb, he, ho = b.alias("hb"), e.alias("he"), o.alias("ho")
        sb, se, so = b.alias("sb"), e.alias("se"), o.alias("so")
        return select(
            tab.c.id.label("id"),
            tab.c.id.label("rw"),
            m.c.mandant_nr.label("_m"),
            m.c.mandant_nr,
            ho.c.objekt_nr.label("haupt_objekt_nr"),
            he.c.einheit_nr.label("haupt_einheit_nr"),
            hb.c.bv_nr.label("haupt_bv_nr"),
            so.c.objekt_nr.label("sub_objekt_nr"),
            se.c.einheit_nr.label("sub_einheit_nr"),
            sb.c.bv_nr.label("sub_bv_nr"),
            tab.c.art,
            tab.c.aktiv,
        ).select_from(
            tab.join(hb, tab.c.haupt_bv_id == hb.c.id)
            .join(he, hb.c.einheit_id == he.c.id)
            .join(ho, he.c.objekt_id == ho.c.id)
            .join(m, ho.c.mandant_id == m.c.id)
            .join(sb, tab.c.sub_bv_id == sb.c.id)
            .join(se, sb.c.einheit_id == se.c.id)
            .join(so, se.c.objekt_id == so.c.id)
        )
    if stem in ("vorschreibungen", "buchungen"):
        join: Any
        if stem == "vorschreibungen":
            join = tab.join(e, tab.c.einheit_id == e.c.id).outerjoin(
                b, tab.c.bestandsverhaeltnis_id == b.c.id
            )
        else:
            join = tab.join(b, tab.c.bestandsverhaeltnis_id == b.c.id).join(
                e, b.c.einheit_id == e.c.id
            )
        return select(
            tab.c.id.label("id"),
            tab.c.id.label("rw"),
            m.c.mandant_nr.label("_m"),
            m.c.mandant_nr,
            o.c.objekt_nr,
            e.c.einheit_nr,
            b.c.bv_nr,
            *own("mandant_nr", "objekt_nr", "einheit_nr", "bv_nr"),
        ).select_from(join.join(o, e.c.objekt_id == o.c.id).join(m, o.c.mandant_id == m.c.id))
    raise AssertionError(stem)


# --------------------------------------------------------------------------- the run


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
class _Context:
    conn: Connection
    manifest: Manifest
    fehler: Fehlerliste
    progress: ProgressFn | None
    cancel: threading.Event | None
    total: int
    done: int = 0


class _Run:
    """One import over one connection; writes stop at the first problem."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self._conn = ctx.conn
        self.writer = BackgroundWriter()
        self.free_ids: dict[str, list[int]] = {}
        self.unfingerprinted: set[str] = set()
        # Columns a record's dictionary may bring into its table: the RW-owned ones
        # (foreign keys included) and the import's own bookkeeping.
        self._writable: dict[str, frozenset[str]] = {
            t.stem: frozenset(
                {*written_columns(t), "rw_fingerprint", "rw_felder", "id", "position"}
                & set(t.table.c.keys())
            )
            for t in TARGETS
        }
        self._next_ids: dict[str, int] = {}
        self.maps: dict[str, dict[tuple[str, ...], _Entry]] = {}
        self.zaehler: dict[str, EntitaetZaehler] = {
            t.stem: EntitaetZaehler(datei=t.spec.name, bezeichnung=t.spec.label) for t in TARGETS
        }
        self.funktionsarten: dict[str, int] = {}
        self.mietzins: dict[str, str] = {}
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

    # ------------------------------------------------------------------ loading
    def load(self, target: _Target) -> None:
        """The stored records of ``target`` by natural key (id, fingerprint, Mandant)."""
        entries: dict[tuple[str, ...], _Entry] = {}
        conditional = bool(target.conditional)
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
        if target.stem == "mietzinskategorien":
            self.mietzins = {}
            for mapping in self.conn.execute(_existing_rows(target)).mappings():
                self.mietzins.setdefault(mapping["code"], mapping["bezeichnung"])

    # ---------------------------------------------------------------- resolving
    def _id(self, stem: str, key: tuple[str, ...], column: str, what: str) -> int | None:
        """The id of the record with ``key``; ``what`` names it (``{0}``…: the key's parts)."""
        entry = self.maps[stem].get(key)
        if entry is None:
            raise _Reference(
                column, f"{what.format(*key)} ist weder im Export noch in der Datenbank vorhanden"
            )
        return entry.id

    def _resolve(self, target: _Target, r: dict[str, Any]) -> dict[str, Any]:
        """Database values of ``row`` (foreign keys looked up by natural key)."""
        stem = target.stem
        if (
            stem not in ("sachbereiche", "mietzinskategorien")
            and r["mandant_nr"] not in self.ctx.manifest.mandanten
        ):
            raise _Reference(
                "mandant_nr",
                f"Mandant {r['mandant_nr']} gehört nicht zu diesem Export "
                f"(Manifest: {', '.join(self.ctx.manifest.mandanten)})",
            )
        values = r  # the record's own dictionary; _insert/_update pick the table's columns
        m = r.get("mandant_nr", "")
        if stem in ("mandanten", "sachbereiche"):
            return values
        if stem == "mietzinskategorien":
            return {
                "tabelle": KONFIG_MIETZINS_KATEGORIE,
                "schluessel": r["code"],
                "wert": r["bezeichnung"],
            }
        if stem in ("objekte", "personen"):
            values["mandant_id"] = self._id("mandanten", (m,), "mandant_nr", "Mandant {0}")
            return values
        if stem == "funktionen":
            values["funktionsart_id"] = self.funktionsarten.get(r["code"])
            values["person_id"] = self._id(
                "personen",
                (m, r["person_nr"]),
                "person_nr",
                "Person {1} (Mandant {0})",
            )
            values["einheit_id"] = self._einheit(m, r["objekt_nr"], r["einheit_nr"])
            values["bestandsverhaeltnis_id"] = (
                self._bv(m, r["objekt_nr"], r["einheit_nr"], r["bv_nr"]) if r["bv_nr"] else None
            )
            return values
        if stem == "verkettungen":
            values["haupt_bv_id"] = self._bv(
                m, r["haupt_objekt_nr"], r["haupt_einheit_nr"], r["haupt_bv_nr"], "haupt_bv_nr"
            )
            values["sub_bv_id"] = self._bv(
                m, r["sub_objekt_nr"], r["sub_einheit_nr"], r["sub_bv_nr"], "sub_bv_nr"
            )
            return values
        if stem == "buchungen":
            values["bestandsverhaeltnis_id"] = self._bv(
                m, r["objekt_nr"], r["einheit_nr"], r["bv_nr"]
            )
            return values
        if stem == "vorschreibungen":
            values["einheit_id"] = self._einheit(m, r["objekt_nr"], r["einheit_nr"])
            values["bestandsverhaeltnis_id"] = (
                self._bv(m, r["objekt_nr"], r["einheit_nr"], r["bv_nr"]) if r["bv_nr"] else None
            )
            return values
        if stem == "bestandsverhaeltnisse":
            values["einheit_id"] = self._einheit(m, r["objekt_nr"], r["einheit_nr"])
            values["person_id"] = (
                self._id(
                    "personen",
                    (m, r["person_nr"]),
                    "person_nr",
                    "Person {1} (Mandant {0})",
                )
                if r["person_nr"]
                else None
            )
            return values
        values["objekt_id"] = self._id(
            "objekte", (m, r["objekt_nr"]), "objekt_nr", "Objekt {1} (Mandant {0})"
        )
        if stem == "verrechnungseinheiten":
            values["sachbereich_id"] = self._id(
                "sachbereiche",
                (r["sachbereich"],),
                "sachbereich",
                "Sachbereich {0}",
            )
        if stem == "einheiten" and r["mietzins_kategorie"] is not None:
            kategorie = self.mietzins.get(r["mietzins_kategorie"])
            if kategorie is None:
                raise _Reference(
                    "mietzins_kategorie",
                    f"Mietzins-Kategorie „{r['mietzins_kategorie']}“ ist weder in "
                    "mietzinskategorien.csv noch in Konfigurationstabelle 93106 hinterlegt",
                )
            values["mietzins_kategorie"] = kategorie
        return values

    def _einheit(self, m: str, objekt_nr: str, einheit_nr: str) -> int | None:
        return self._id(
            "einheiten",
            (m, objekt_nr, einheit_nr),
            "einheit_nr",
            "Einheit {1}/{2} (Mandant {0})",
        )

    def _bv(
        self, m: str, objekt_nr: str, einheit_nr: str, bv_nr: str, column: str = "bv_nr"
    ) -> int | None:
        return self._id(
            "bestandsverhaeltnisse",
            (m, objekt_nr, einheit_nr, bv_nr),
            column,
            "Bestandsverhältnis {1}/{2}/{3} (Mandant {0})",
        )

    # -------------------------------------------------------------- one file
    def import_file(self, target: _Target, quelle: ExportQuelle) -> None:
        """Validate and write one file; marks the records it contained (``_Entry.line``)."""
        spec = target.spec
        fehler = self.ctx.fehler
        # Files no later file refers to are first compared by fingerprint alone;
        # the records' natural keys are read only once a record is new or changed.
        by_fingerprint = target.stem in _BY_FINGERPRINT
        entries: dict[tuple[str, ...], _Entry] | None = None
        stored: dict[int, int] = {}  # fingerprint → id, or ~line once the file had it
        hit_ids: list[int] = []
        hit_lines: list[int] = []
        # New records of such files: only their line, for duplicate keys (a single-part
        # key as its text). Nothing refers to them, so they need no entry.
        new_lines: dict[Any, int] = {}
        single = len(target.key) == 1
        referenced = target.stem in _REFERENCED
        if by_fingerprint:
            stored = self._fingerprints(target)
        else:
            entries = self.maps[target.stem]
        zaehler = self.zaehler[target.stem]
        neu = geaendert = unveraendert = 0
        cols = spec.columns
        key_idx = [cols.index(k) for k in target.key]
        key_of = _tuple_getter(key_idx)
        mapped = [(cols.index(c), self.mietzins) for c in target.mapped]
        conditional = list(target.conditional)
        typed_cols = _typed_columns(spec)
        natural = list(range(len(cols)))
        # A known Mietzins-Kategorie code keeps the mapping an administrator gave it.
        owned_by_om = target.stem == "mietzinskategorien"
        inserts: list[dict[str, Any]] = []
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        if target.stem == "funktionen":
            self._ensure_funktionsarten()
        datei = CsvDatei(quelle, spec, fehler)
        convert = converter(spec)
        ticks = 0
        order: list[int] | None = None
        records: Iterable[tuple[int, list[str]]] = datei
        prefiltered = [0]  # records found unchanged before the loop below
        if by_fingerprint and stored and datei.is_simple():
            records = self._unmatched(target, datei, stored, hit_ids, hit_lines, prefiltered)
        elif entries and not mapped and datei.is_simple():
            records = self._unmatched_entries(target, datei, entries, prefiltered)
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
                model = validate(spec, datei.header, line, raw, fehler)
                if model is None:
                    continue
                row = dict(model)
                canonical = [
                    canon(row[c]) if typed else fields[i].strip()
                    for i, (c, typed) in enumerate(typed_cols)
                ]
            try:
                values = self._resolve(target, row)
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
                if entry.fp == fp or owned_by_om:
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
                if target.stem == "mietzinskategorien":
                    self.mietzins[values["schluessel"]] = values["wert"]
                if not by_fingerprint:
                    new_id = None
                    if referenced:  # later files need the id: take it now, not after writing
                        new_id = values["id"] = self._new_id(target)
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
        zaehler.neu, zaehler.geaendert, zaehler.unveraendert = neu, geaendert, unveraendert
        expected = self.ctx.manifest.dateien[spec.name].zeilen
        if datei.header and datei.zeilen != expected:
            fehler.add(
                spec.name,
                datei.zeilen + 2,
                0,
                f"Datei ist unvollständig oder zu lang: {datei.zeilen} Datensätze, "
                f"laut {'manifest.json'} {expected}",
            )
        self._insert(target, inserts)
        for batch in updates.values():
            self._update(target, batch)
        zaehler.unveraendert += prefiltered[0]
        if entries is not None and hit_ids:
            self._mark_hits(target, entries, hit_ids, hit_lines)
        if entries is None:
            # Every record was found by its fingerprint. A full export still has to
            # see the stored records it did not contain: read their keys only then.
            missing = any(v >= 0 for v in stored.values()) or target.stem in self.unfingerprinted
            if self.ctx.manifest.kind == "full" and target.deactivate and missing:
                entries = self._load_with_hits(target, hit_ids, hit_lines)
            else:
                self.maps[target.stem] = {}

    def _new_id(self, target: _Target) -> int:
        """The id for the next new record of ``target`` (SQLite: after the largest one in
        the table — the import holds the only write transaction; PostgreSQL: from the
        column's sequence, a block at a time)."""
        stem = target.stem
        free = self.free_ids.get(stem)
        if not free:
            table = target.table
            if self._conn.dialect.name == "sqlite":
                last = self._next_ids.get(stem)
                if last is None:
                    last = self.conn.execute(select(func.max(table.c.id))).scalar() or 0
                self._next_ids[stem] = last + ID_BLOCK
                free = list(range(last + ID_BLOCK, last, -1))
            else:
                free = list(
                    self.conn.execute(
                        text(
                            "SELECT nextval(pg_get_serial_sequence(:t, 'id')) "
                            "FROM generate_series(1, :n)"
                        ),
                        {"t": table.name, "n": ID_BLOCK},
                    ).scalars()
                )
                free.reverse()
            self.free_ids[stem] = free
        return free.pop()

    def _fingerprints(self, target: _Target) -> dict[int, int]:
        """Fingerprint → id of the stored records of ``target`` that RW delivered.

        Records without a fingerprint (deactivated ones) are noted in
        ``self.unfingerprinted``: a full export has to look at them by key.
        """
        tab = target.table
        stmt = select(tab.c.rw_fingerprint, tab.c.id)
        if "rw_schluessel" in tab.c:
            stmt = stmt.where(tab.c.rw_schluessel.is_not(None))
        stored = dict(driver_rows(self.conn, stmt))
        if stored.pop(None, None) is not None:
            self.unfingerprinted.add(target.stem)
        return stored

    def _unmatched(
        self,
        target: _Target,
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
            hits = 0
            fps = line_fingerprints(lines, DELIMITER)
            for line, content, fp, known in zip(
                itertools.count(first), lines, fps, map(stored.get, fps), strict=False
            ):
                if known is None:
                    fields = datei.record(line, content)
                    if fields is not None:
                        yield line, fields
                    continue
                datei.zeilen += 1
                if known < 0:
                    self._duplicate(key_of(content.split(DELIMITER)), ~known, line, spec)
                    continue
                stored[fp] = ~line
                hit_ids.append(known)
                hit_lines.append(line)
                hits += 1
            prefiltered[0] += hits
            self._tick(target, hits)

    def _unmatched_entries(
        self,
        target: _Target,
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
            hits = 0
            for line, content, entry in zip(
                itertools.count(first), lines, map(by_fp.get, fps), strict=False
            ):
                if entry is None or not natural:
                    fields = datei.record(line, content)
                    if fields is not None:
                        yield line, fields
                    continue
                datei.zeilen += 1
                if entry.line:
                    self._duplicate(key_of(content.split(DELIMITER)), entry.line, line, spec)
                    continue
                entry.line = line
                hits += 1
            prefiltered[0] += hits
            self._tick(target, hits)

    def _mark_hits(
        self,
        target: _Target,
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
        self, target: _Target, hit_ids: list[int], hit_lines: list[int]
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

    def _tick(self, target: _Target, rows: int) -> None:
        """Count ``rows`` more records; report progress, honour Cancel."""
        ctx = self.ctx
        ctx.done += rows
        if ctx.cancel is not None and ctx.cancel.is_set():
            raise ImportAbgebrochen("Der RW-Import wurde abgebrochen; nichts wurde geändert.")
        if ctx.progress is not None:
            ctx.progress(ctx.done, ctx.total, target.spec.label)

    # ---------------------------------------------------------------- writing
    def _insert(self, target: _Target, rows: list[dict[str, Any]]) -> None:
        if rows and not self.ctx.fehler:
            if target.stem == "mietzinskategorien":
                for row in rows:
                    row["position"] = 0
            allowed = self._writable[target.stem]
            names = tuple(n for n in rows[0] if n in allowed)
            if all(len(row) == len(rows[0]) for row in rows):
                bulk = _bulk_insert(self._conn, target.table, names)
                self.writer.submit(bulk.execute, self._conn, bulk.parameters(rows))
            else:
                self.conn.execute(
                    insert(target.table), [{n: row[n] for n in row if n in allowed} for row in rows]
                )
        rows.clear()

    def _update(self, target: _Target, rows: list[dict[str, Any]]) -> None:
        if not rows or self.ctx.fehler:
            rows.clear()
            return
        tab = target.table
        allowed = self._writable[target.stem]
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

    def _ensure_funktionsarten(self) -> None:
        fa = cast(Table, d.Funktionsart.__table__)
        existing = {
            code: (id_, rw)
            for id_, code, rw in self.conn.execute(select(fa.c.id, fa.c.code, fa.c.aus_rw))
        }
        for code, name in RW_FUNKTIONSCODES.items():
            if code not in existing:
                if not self.ctx.fehler:
                    self.conn.execute(insert(fa).values(code=code, bezeichnung=name, aus_rw=True))
            elif not existing[code][1] and not self.ctx.fehler:
                self.conn.execute(update(fa).where(fa.c.code == code).values(aus_rw=True))
        self.funktionsarten = {
            code: id_ for id_, code in self.conn.execute(select(fa.c.id, fa.c.code))
        }

    # ------------------------------------------------------------ deactivation
    def deactivate_missing(self, target: _Target) -> None:
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


class BackgroundWriter:
    """Runs bulk writes on a second thread, one at a time.

    The database driver releases the GIL while SQLite (or PostgreSQL) stores
    the rows, so reading and checking the next records goes on meanwhile on
    the other core. Whoever uses the connection otherwise waits first
    (:meth:`wait`, as :attr:`_Run.conn` does); an error of the write is raised there.
    """

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rw-import")
        self.pending: Future[None] | None = None

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        self.wait()
        self.pending = self.pool.submit(fn, *args)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        self.pool.shutdown(wait=True)


@functools.cache
def _parameters_for(
    dialect: Any, table: Table, names: tuple[str, ...]
) -> Callable[[Sequence[Mapping[str, Any]]], list[tuple[Any, ...]]]:
    """A generated function turning value dictionaries into the driver's tuples.

    Each value passes its column type's bind processor, the conversion
    SQLAlchemy applies itself (dates as text and amounts as numbers on SQLite,
    enumerations by value) — without SQLAlchemy's per-row preparation.
    """
    env: dict[str, Any] = {}
    items = []
    for i, name in enumerate(names):
        type_ = table.c[name].type
        processor = type_.dialect_impl(dialect).bind_processor(dialect)
        if processor is None:
            items.append(f"r[{name!r}]")
        else:
            if type_.python_type in (dt.date, bool) or isinstance(type_, Enum):
                # Few distinct values (dates, flags, enumerations): convert each once.
                processor = functools.lru_cache(maxsize=1 << 14)(processor)
            env[f"p{i}"] = processor
            items.append(f"(None if (v{i} := r[{name!r}]) is None else p{i}(v{i}))")
    source = f"def parameters(rows):\n    return [({', '.join(items)},) for r in rows]\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<rw parameters {table.name}>", "exec"), env, namespace)
    return cast(
        Callable[[Sequence[Mapping[str, Any]]], list[tuple[Any, ...]]], namespace["parameters"]
    )


class _BulkInsert:
    """An INSERT of many rows straight through the driver's ``executemany``.

    SQLAlchemy's executemany of dictionaries spends most of its time preparing
    each row's parameters; here they come from :func:`_parameters_for`, and
    columns not given get their scalar default.
    """

    def __init__(self, dialect: Any, table: Table, names: Sequence[str]) -> None:
        missing = [c for c in table.c if c.name not in names and c.default is not None]
        if any(not c.default.is_scalar for c in missing):  # type: ignore[union-attr]
            raise AssertionError(f"{table.name}: Standardwert ohne festen Wert")
        self.names = list(names)
        columns = [*self.names, *(c.name for c in missing)]
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        # Defaults are constants: written into the statement, not bound per row.
        defaults = [
            str(
                literal(c.default.arg, c.type).compile(  # type: ignore[union-attr]
                    dialect=dialect, compile_kwargs={"literal_binds": True}
                )
            )
            for c in missing
        ]
        quote = dialect.identifier_preparer
        self.sql = (
            f"INSERT INTO {quote.format_table(table)} "
            f"({', '.join(quote.quote(c) for c in columns)}) "
            f"VALUES ({', '.join([marker] * len(self.names) + defaults)})"
        )
        self.build = _parameters_for(dialect, table, tuple(self.names))

        # SQLite: many rows per statement. sqlite3 holds the GIL while it binds and
        # releases it while SQLite stores — per statement, not per row — so the
        # writer thread really runs beside the reading one.
        self.per_statement = 0
        if dialect.name == "sqlite":
            self.per_statement = max(1, SQLITE_VARIABLES // len(self.names))
            self.values_sql = self.sql.split(" VALUES ", 1)
        self._multi: dict[int, str] = {}

    def _multi_sql(self, rows: int) -> str:
        sql = self._multi.get(rows)
        if sql is None:
            head, one = self.values_sql
            sql = self._multi[rows] = f"{head} VALUES {', '.join([one] * rows)}"
        return sql

    def parameters(self, rows: Sequence[dict[str, Any]]) -> list[tuple[str, Any]]:
        """The statements for ``rows``: (SQL, parameters) each."""
        params = self.build(rows)
        per = self.per_statement
        if not per:
            return [(self.sql, params)]
        return [
            (self._multi_sql(len(chunk)), tuple(itertools.chain.from_iterable(chunk)))
            for chunk in (params[i : i + per] for i in range(0, len(params), per))
        ]

    def execute(self, conn: Connection, statements: Statements) -> None:
        execute_statements(conn, statements)


@functools.cache
def _bulk_insert_for(dialect: Any, table: Table, names: tuple[str, ...]) -> _BulkInsert:
    return _BulkInsert(dialect, table, names)


def _check_paramstyle(conn: Connection) -> None:
    if conn.dialect.paramstyle not in ("qmark", "format", "pyformat"):
        raise AssertionError(f"Parameterstil {conn.dialect.paramstyle} nicht unterstützt")


def _bulk_insert(conn: Connection, table: Table, names: tuple[str, ...]) -> _BulkInsert:
    _check_paramstyle(conn)
    return _bulk_insert_for(conn.dialect, table, names)


Statements = list[tuple[str, Any]]
"""(SQL, parameters) pairs for the driver: one row's tuple, or a list of them for executemany."""


def insert_statements(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> Statements:
    """The driver statements inserting ``rows`` (dictionaries with the same keys).

    The path of the importer's own INSERTs (:class:`_BulkInsert`): values pass
    their column type's bind processor, constant defaults fill the columns not given.
    Only reads the connection's dialect, so it may be called while another
    thread executes statements on the connection.
    """
    if not rows:
        return []
    inserter = _bulk_insert(conn, table, tuple(rows[0]))
    return inserter.parameters(rows)


def update_statements(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> Statements:
    """The driver statement for ``UPDATE … SET <columns> WHERE id = row["id"]`` over ``rows``.

    One prepared statement, each value through its column type's bind processor.
    """
    if not rows:
        return []
    _check_paramstyle(conn)
    dialect = conn.dialect
    columns = [n for n in rows[0] if n != "id"]
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer
    sql = (
        f"UPDATE {quote.format_table(table)} SET "
        + ", ".join(f"{quote.quote(n)} = {marker}" for n in columns)
        + f" WHERE {quote.quote('id')} = {marker}"
    )
    return [(sql, _parameters_for(dialect, table, (*columns, "id"))(rows))]


def execute_statements(conn: Connection, statements: Statements) -> None:
    for sql, params in statements:
        conn.exec_driver_sql(sql, params)


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dictionaries with the same keys) straight through the driver."""
    execute_statements(conn, insert_statements(conn, table, rows))


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


# ------------------------------------------------------------------ entry points


@gc_paused()
def import_export(
    sessions: sessionmaker[Session],
    path: Path | str,
    *,
    dry_run: bool = False,
    benutzer: str | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RwImportErgebnis:
    """Import the RW export at ``path`` (folder or .zip) in one transaction.

    ``dry_run``: do everything, report the counts, then roll back.
    Raises ValidationError listing every problem (nothing changed) or
    ImportAbgebrochen when ``cancel`` is set (nothing changed). Either way,
    and on success, the run is recorded in RwImportLauf.
    """
    path = Path(path)
    user = benutzer or _os_user()
    started = clock.now()
    t0 = time.perf_counter()
    quelle_text = str(path)
    try:
        quelle = ExportQuelle(path)
    except ValidationError as err:
        _record_failure(sessions, started, clock, user, quelle_text, "", None, None, err)
        raise
    with quelle:
        try:
            manifest = read_manifest(quelle)
        except ValidationError as err:
            _record_failure(
                sessions, started, clock, user, quelle_text, quelle.sha256, None, None, err
            )
            raise
        fehler = Fehlerliste()
        _check_files(quelle, manifest, fehler)
        total = sum(entry.zeilen for entry in manifest.dateien.values())
        session = sessions()
        runs: list[_Run] = []
        try:
            trans = session.begin()
            conn = session.connection()
            ctx = _Context(conn, manifest, fehler, progress, cancel, total)
            run = _Run(ctx)
            runs.append(run)
            for target in TARGETS:
                present = target.spec.name in manifest.dateien and quelle.has(target.spec.name)
                if target.stem not in _BY_FINGERPRINT or not present:
                    run.load(target)
                if present:
                    run.import_file(target, quelle)
                if manifest.kind == "full":
                    run.deactivate_missing(target)
                if target.stem not in _REFERENCED:
                    run.maps[target.stem] = {}  # no later file refers to these records
            run.finish()
            if progress is not None:
                progress(total, total, "fertig")
            if fehler:
                raise fehler.as_error()
            ergebnis = ImportErgebnis.PROBELAUF if dry_run else ImportErgebnis.ERFOLGREICH
            counts = list(run.zaehler.values())
            lauf = _lauf(
                started, clock, user, quelle_text, quelle.sha256, manifest, counts, ergebnis, None
            )
            if dry_run:
                trans.rollback()
                with session.begin():
                    session.add(lauf)
            else:
                session.add(lauf)
                trans.commit()
            return RwImportErgebnis(
                lauf_id=lauf.id,
                quelle=quelle_text,
                art=manifest.kind,
                mandanten=manifest.mandanten,
                exportiert_am=manifest.exported_at,
                probelauf=dry_run,
                entitaeten=counts,
                dauer_s=time.perf_counter() - t0,
            )
        except (ValidationError, ImportAbgebrochen) as err:
            _stop(runs)
            session.rollback()
            _record_failure(
                sessions, started, clock, user, quelle_text, quelle.sha256, manifest, None, err
            )
            raise
        except BaseException:
            _stop(runs)
            session.rollback()
            raise
        finally:
            session.close()


def _stop(runs: list[_Run]) -> None:
    """Stop the writer of a failed run; its own error is secondary then."""
    for run in runs:
        with contextlib.suppress(Exception):
            run.finish()


def _check_files(quelle: ExportQuelle, manifest: Manifest, fehler: Fehlerliste) -> None:
    for name in manifest.dateien:
        if not quelle.has(name):
            fehler.add(name, 0, 0, "Datei fehlt, obwohl manifest.json sie aufführt")
    known = {spec.name for spec in FILES}
    for name in sorted(quelle.names() & known):
        if name not in manifest.dateien:
            fehler.add(name, 0, 0, "Datei ist nicht in manifest.json aufgeführt")
    if manifest.kind == "full":
        for spec in FILES:
            if spec.name not in manifest.dateien:
                fehler.add(spec.name, 0, 0, "Datei fehlt: ein Vollexport braucht alle Dateien")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "unbekannt"


def _lauf(
    started: dt.datetime,
    clock: Clock,
    user: str,
    quelle: str,
    sha: str,
    manifest: Manifest | None,
    counts: Iterable[EntitaetZaehler],
    ergebnis: ImportErgebnis,
    meldungen: str | None,
) -> d.RwImportLauf:
    counts = list(counts)
    return d.RwImportLauf(
        gestartet_am=started,
        beendet_am=clock.now(),
        benutzer=user[:100],
        quelle=quelle[-500:],
        datei_hash=sha,
        art=manifest.kind if manifest else "",
        mandant_nr=",".join(manifest.mandanten)[:20] if manifest else None,
        neu=sum(c.neu for c in counts),
        geaendert=sum(c.geaendert for c in counts),
        unveraendert=sum(c.unveraendert for c in counts),
        deaktiviert=sum(c.deaktiviert for c in counts),
        details=json.dumps([c.model_dump() for c in counts], ensure_ascii=False),
        ergebnis=ergebnis,
        meldungen=meldungen,
    )


def _record_failure(
    sessions: sessionmaker[Session],
    started: dt.datetime,
    clock: Clock,
    user: str,
    quelle: str,
    sha: str,
    manifest: Manifest | None,
    counts: Iterable[EntitaetZaehler] | None,
    err: OmError,
) -> None:
    ergebnis = (
        ImportErgebnis.ABGEBROCHEN if isinstance(err, ImportAbgebrochen) else ImportErgebnis.FEHLER
    )
    lines = [err.message]
    if isinstance(err, ValidationError):
        lines += [p for p in err.problems if p != err.message]
    with sessions.begin() as session:
        session.add(
            _lauf(
                started,
                clock,
                user,
                quelle,
                sha,
                manifest,
                counts or [],
                ergebnis,
                "\n".join(lines),
            )
        )


def import_history(sessions: sessionmaker[Session], limit: int = 200) -> list[RwImportLaufDto]:
    """Past runs, newest first."""
    with sessions() as session:
        rows = session.scalars(
            select(d.RwImportLauf).order_by(d.RwImportLauf.id.desc()).limit(limit)
        ).all()
        return [RwImportLaufDto.model_validate(r) for r in rows]
