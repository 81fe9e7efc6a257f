"""The import rules of every file of an RW export: one :class:`Target` each.

A target says what the generic run (:mod:`omclient.rw.run`) needs to know
about one file: its table (the model), the natural key, how the stored records
are read back in the file's terms, how the file's references become foreign
keys, and when a stored record no longer in a full export is deactivated.
Everything else is derived: which columns are written (the RW mark on the
model's columns), which fields a row lists in ``rw_felder``, whether the table
has a version counter, whether later files refer to the records and so
whether an unchanged record can be recognised by its fingerprint alone.

Adding a file to the export: its row model and :class:`~omclient.rw.format.FileSpec`
in :mod:`omclient.rw.format`, the RW mark on the model's columns, one target
here (in the order of :data:`~omclient.rw.format.FILES`), and tests.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Enum, Select, String, Table, literal_column, select
from sqlalchemy.orm import aliased

from omclient import domain as d
from omclient.domain.base import rw_felder_fields, rw_owned_fields
from omclient.domain.konfiguration import KONFIG_MIETZINS_KATEGORIE
from omclient.rw.format import FILES_BY_NAME, RW_FUNKTIONSCODES, FileSpec


@dataclass(frozen=True, eq=False)
class CodeList:
    """A list of codes RW uses that OM keeps in its own table (not an export file).

    Before a file refers to it, the run makes sure every code exists and is
    marked as RW's (``flag``); the file's rows validate the codes themselves.
    """

    name: str
    model: type[d.Base]
    codes: Mapping[str, str]  # code → Bezeichnung of a new row
    flag: str  # the boolean column marking the rows as RW's


FUNKTIONSARTEN = CodeList("funktionsarten", d.Funktionsart, RW_FUNKTIONSCODES, "aus_rw")


@dataclass(frozen=True)
class Ref:
    """A foreign key filled by looking up a record of an earlier file by its natural key.

    ``key`` are the file's columns that make the referenced record's key (in the
    order of that file's key); ``what`` names it in the message when it is
    neither in the export nor in the database (``{0}``, ``{1}``, …: the key's
    parts), reported at the column ``at`` (default: the key's last column).
    ``optional``: an empty last key column means "no reference" (NULL).
    A reference to a :class:`CodeList` is never reported: the row model already
    refused unknown codes.
    """

    column: str
    source: str | CodeList
    key: tuple[str, ...]
    what: str = ""
    optional: bool = False
    at: str = ""

    @property
    def report_at(self) -> str:
        return self.at or self.key[-1]

    @functools.cached_property
    def source_name(self) -> str:
        return self.source.name if isinstance(self.source, CodeList) else self.source

    @functools.cached_property
    def single(self) -> bool:
        return len(self.key) == 1

    @functools.cached_property
    def getter(self) -> Callable[[Mapping[str, Any]], Any]:
        """The key's value(s) from a record's values (one value for a one-column key)."""
        return operator.itemgetter(*self.key)


@dataclass(frozen=True)
class Translate:
    """A file column holding a code of another file that OM stores as that code's text.

    The Einheit's Mietzins-Kategorie arrives as RW's code and is stored as the
    Kategorie OM shows (Konfigurationstabelle 93106, filled by
    ``mietzinskategorien.csv`` or an administrator).
    """

    column: str
    source: str  # the file whose records give code → text (its ``translation``)
    missing: str  # the message for an unknown code; ``{0}``: the code


Joins = Callable[["Tables"], Select[Any]]


@dataclass(frozen=True)
class Target:
    """How one CSV file maps onto its table.

    ``stored`` selects the stored records as ``(id, rw_felder, Mandant, file
    columns by name…)`` — the file's columns as the file would show them, for
    comparison and for looking records up by natural key. ``deactivate``: the
    column a full export sets for stored records it no longer contains
    (``aktiv`` → false; a date column → the export day). ``columns`` renames
    file columns into table columns and ``fixed`` adds constant values (for a
    file stored in a shared table). ``translation``: the (code, text) columns by
    which later files' :class:`Translate` read this file's records.
    ``updates=False``: a stored record is never changed (an administrator may
    have edited it).
    """

    spec: FileSpec
    model: type[d.Base]
    key: tuple[str, ...]
    stored: Joins
    refs: tuple[Ref, ...] = ()
    translate: tuple[Translate, ...] = ()
    deactivate: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, Any] = field(default_factory=dict)
    translation: tuple[str, str] | None = None
    updates: bool = True
    referenced: bool = False  # set by :func:`_declare` from the other targets

    @functools.cached_property
    def stem(self) -> str:
        return self.spec.stem

    @functools.cached_property
    def table(self) -> Table:
        return cast(Table, self.model.__table__)

    @functools.cached_property
    def written(self) -> list[str]:
        """The table columns the importer writes: those carrying the RW mark."""
        return rw_owned_fields(self.model)

    @functools.cached_property
    def writable(self) -> frozenset[str]:
        """Keys a record's dictionary may bring into the table: the written columns and
        the import's own bookkeeping."""
        own = {*self.written, "id", "rw_fingerprint", "rw_felder"}
        return frozenset(own & set(self.table.c.keys()))

    @functools.cached_property
    def rw_felder(self) -> tuple[str, ...]:
        """The conditionally owned columns, listed per row in ``rw_felder``."""
        return tuple(rw_felder_fields(self.model))

    @property
    def versioned(self) -> bool:
        """Whether a changed record's version counter goes up (the dialogs' optimistic lock)."""
        return self.model.__mapper__.version_id_col is not None

    @functools.cached_property
    def per_mandant(self) -> bool:
        """Whether each record names its Mandant (which must be one of the export's)."""
        return "mandant_nr" in self.spec.columns

    @property
    def by_fingerprint(self) -> bool:
        """Whether the file is first compared by fingerprint alone.

        When no later file refers to the records and no field is conditionally
        owned, a stored fingerprint equal to the line's says "unchanged" without
        reading the stored record's key; keys are read only once a record is new
        or changed, or a full export has to deactivate what it lacks.
        """
        return not self.referenced and not self.rw_felder and not self.translate

    @functools.cached_property
    def rows_of_rw(self) -> Any:
        """The SQL condition picking the table's rows RW delivered, or None: all are RW's."""
        return getattr(self.model, "von_rw", None)

    def stored_rows(self) -> Select[Any]:
        """The stored records of the target in the file's terms (see the class text)."""
        tables = Tables(self)
        stmt = self.stored(tables)
        if self.rows_of_rw is not None:
            stmt = stmt.where(cast(Any, aliased(self.model, tables.t)).von_rw)
        return stmt

    @functools.cached_property
    def stored_keys(self) -> Select[Any]:
        """The stored records as (id, rw_felder, Mandant, fingerprint, key columns).

        Records that a full export never deactivates and whose key is their own
        (Buchungen, Sachbereiche) need no Mandant: they are read without joins.
        """
        tab = self.table
        if self.deactivate is None and all(k in tab.c for k in self.key):
            stmt = select(
                tab.c.id,
                literal_column("''"),
                literal_column("''"),
                tab.c.rw_fingerprint,
                *[tab.c[k] for k in self.key],
            )
            return stmt if self.rows_of_rw is None else stmt.where(self.rows_of_rw)
        stmt = self.stored_rows()
        selected = list(stmt.selected_columns)
        by_name = {column.key: column for column in selected[3:]}
        table = selected[0].element.table  # the aliased target table
        return stmt.with_only_columns(
            *selected[:3],
            table.c.rw_fingerprint,
            *[by_name[c] for c in self.key],
            maintain_column_froms=True,
        )

    @functools.cached_property
    def keys_are_texts(self) -> bool:
        """Whether :attr:`stored_keys` reads the key columns as their canonical texts."""
        return all(
            isinstance(c.type, String) and not isinstance(c.type, Enum)
            for c in list(self.stored_keys.selected_columns)[4:]
        )


class Tables:
    """The aliased tables a :attr:`Target.stored` select joins (``t``: the target's own)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.t = target.table.alias("t")
        self.m = d.Mandant.__table__.alias("m")
        self.o = d.Objekt.__table__.alias("o")
        self.e = d.Einheit.__table__.alias("e")
        self.b = d.Bestandsverhaeltnis.__table__.alias("b")
        self.p = d.Person.__table__.alias("p")

    def head(self, mandant: Any = None) -> list[Any]:
        """The leading (id, rw_felder, Mandant) columns; ``mandant`` default: ``m``'s number.

        Tables without conditionally owned columns give their id in place of ``rw_felder``.
        """
        t = self.t
        return [
            t.c.id.label("id"),
            (t.c.rw_felder if self.target.rw_felder else t.c.id).label("rw"),
            (self.m.c.mandant_nr if mandant is None else mandant).label("_m"),
        ]

    def own(self, *exclude: str) -> list[Any]:
        """The file's columns that the table itself holds, except ``exclude``."""
        return [self.t.c[c].label(c) for c in self.target.spec.columns if c not in exclude]


def _mandanten(x: Tables) -> Select[Any]:
    return select(*x.head(mandant=x.t.c.mandant_nr), *x.own())


def _sachbereiche(x: Tables) -> Select[Any]:
    return select(*x.head(mandant=x.t.c.code), *x.own())


def _of_mandant(x: Tables) -> Select[Any]:
    return select(*x.head(), x.m.c.mandant_nr, *x.own("mandant_nr")).join_from(
        x.t, x.m, x.t.c.mandant_id == x.m.c.id
    )


def _in_objekt(x: Tables, *extra: Any, joins: Any = None) -> Select[Any]:
    """Records of an Objekt: Mandant and Objekt number, then ``extra`` and own columns
    (``joins`` adds what ``extra`` needs to the joined Objekt and Mandant)."""
    t, o, m = x.t, x.o, x.m
    source = t.join(o, t.c.objekt_id == o.c.id).join(m, o.c.mandant_id == m.c.id)
    return select(
        *x.head(),
        m.c.mandant_nr,
        o.c.objekt_nr,
        *extra,
        *x.own("mandant_nr", "objekt_nr", *(c.key for c in extra)),
    ).select_from(source if joins is None else joins(source))


def _verrechnungseinheiten(x: Tables) -> Select[Any]:
    s = d.Sachbereich.__table__.alias("s")
    return _in_objekt(
        x,
        s.c.code.label("sachbereich"),
        joins=lambda source: source.join(s, x.t.c.sachbereich_id == s.c.id),
    )


def _mietzinskategorien(x: Tables) -> Select[Any]:
    t = x.t
    return select(
        *x.head(mandant=t.c.schluessel),
        t.c.schluessel.label("code"),
        t.c.wert.label("bezeichnung"),
    ).order_by(t.c.position, t.c.id)


def _bestandsverhaeltnisse(x: Tables) -> Select[Any]:
    t, e, o, m, p = x.t, x.e, x.o, x.m, x.p
    return select(
        *x.head(),
        m.c.mandant_nr,
        o.c.objekt_nr,
        e.c.einheit_nr,
        p.c.person_nr,
        *x.own("mandant_nr", "objekt_nr", "einheit_nr", "person_nr"),
    ).select_from(
        t.join(e, t.c.einheit_id == e.c.id)
        .join(o, e.c.objekt_id == o.c.id)
        .join(m, o.c.mandant_id == m.c.id)
        .outerjoin(p, t.c.person_id == p.c.id)
    )


def _funktionen(x: Tables) -> Select[Any]:
    t, e, o, m, p, b = x.t, x.e, x.o, x.m, x.p, x.b
    fa = d.Funktionsart.__table__.alias("fa")
    return select(
        *x.head(),
        t.c.rw_schluessel,
        fa.c.code,
        m.c.mandant_nr,
        p.c.person_nr,
        o.c.objekt_nr,
        e.c.einheit_nr,
        b.c.bv_nr,
        t.c.beginn,
        t.c.ende,
    ).select_from(
        t.join(fa, t.c.funktionsart_id == fa.c.id)
        .join(p, t.c.person_id == p.c.id)
        .join(m, p.c.mandant_id == m.c.id)
        .join(e, t.c.einheit_id == e.c.id)
        .join(o, e.c.objekt_id == o.c.id)
        .outerjoin(b, t.c.bestandsverhaeltnis_id == b.c.id)
    )


def _verkettungen(x: Tables) -> Select[Any]:
    t, m = x.t, x.m
    hb, he, ho = x.b.alias("hb"), x.e.alias("he"), x.o.alias("ho")
    sb, se, so = x.b.alias("sb"), x.e.alias("se"), x.o.alias("so")
    return select(
        *x.head(),
        m.c.mandant_nr,
        ho.c.objekt_nr.label("haupt_objekt_nr"),
        he.c.einheit_nr.label("haupt_einheit_nr"),
        hb.c.bv_nr.label("haupt_bv_nr"),
        so.c.objekt_nr.label("sub_objekt_nr"),
        se.c.einheit_nr.label("sub_einheit_nr"),
        sb.c.bv_nr.label("sub_bv_nr"),
        t.c.art,
        t.c.aktiv,
    ).select_from(
        t.join(hb, t.c.haupt_bv_id == hb.c.id)
        .join(he, hb.c.einheit_id == he.c.id)
        .join(ho, he.c.objekt_id == ho.c.id)
        .join(m, ho.c.mandant_id == m.c.id)
        .join(sb, t.c.sub_bv_id == sb.c.id)
        .join(se, sb.c.einheit_id == se.c.id)
        .join(so, se.c.objekt_id == so.c.id)
    )


def _of_einheit(x: Tables, joins: Any) -> Select[Any]:
    """Records of an Einheit and maybe a Bestandsverhältnis (``joins`` reach ``e`` and ``b``)."""
    e, o, m = x.e, x.o, x.m
    return select(
        *x.head(),
        m.c.mandant_nr,
        o.c.objekt_nr,
        e.c.einheit_nr,
        x.b.c.bv_nr,
        *x.own("mandant_nr", "objekt_nr", "einheit_nr", "bv_nr"),
    ).select_from(joins.join(o, e.c.objekt_id == o.c.id).join(m, o.c.mandant_id == m.c.id))


def _vorschreibungen(x: Tables) -> Select[Any]:
    t, e, b = x.t, x.e, x.b
    return _of_einheit(
        x, t.join(e, t.c.einheit_id == e.c.id).outerjoin(b, t.c.bestandsverhaeltnis_id == b.c.id)
    )


def _buchungen(x: Tables) -> Select[Any]:
    t, e, b = x.t, x.e, x.b
    return _of_einheit(
        x, t.join(b, t.c.bestandsverhaeltnis_id == b.c.id).join(e, b.c.einheit_id == e.c.id)
    )


_MANDANT = Ref("mandant_id", "mandanten", ("mandant_nr",), "Mandant {0}")
_OBJEKT = Ref("objekt_id", "objekte", ("mandant_nr", "objekt_nr"), "Objekt {1} (Mandant {0})")
_EINHEIT = Ref(
    "einheit_id",
    "einheiten",
    ("mandant_nr", "objekt_nr", "einheit_nr"),
    "Einheit {1}/{2} (Mandant {0})",
)
_PERSON = Ref("person_id", "personen", ("mandant_nr", "person_nr"), "Person {1} (Mandant {0})")
_BV_WHAT = "Bestandsverhältnis {1}/{2}/{3} (Mandant {0})"
_BV = Ref(
    "bestandsverhaeltnis_id",
    "bestandsverhaeltnisse",
    ("mandant_nr", "objekt_nr", "einheit_nr", "bv_nr"),
    _BV_WHAT,
)


def _target(name: str, model: type[d.Base], key: tuple[str, ...], **rules: Any) -> Target:
    return Target(FILES_BY_NAME[name], model, key, **rules)


def _declare(targets: list[Target]) -> list[Target]:
    """``targets`` with ``referenced`` set where a later file refers to the records.

    What the targets derive from the models is worked out here, once, when the
    module is imported, not in the first import run.
    """
    sources = {ref.source for t in targets for ref in t.refs}
    sources |= {tr.source for t in targets for tr in t.translate}
    declared = [dataclasses.replace(t, referenced=t.stem in sources) for t in targets]
    for target in declared:
        target.writable, target.rw_felder, target.keys_are_texts  # noqa: B018
    return declared


TARGETS: list[Target] = _declare(
    [
        _target("mandanten.csv", d.Mandant, ("mandant_nr",), stored=_mandanten, deactivate="aktiv"),
        _target("sachbereiche.csv", d.Sachbereich, ("code",), stored=_sachbereiche),
        _target(
            "objekte.csv",
            d.Objekt,
            ("mandant_nr", "objekt_nr"),
            stored=_of_mandant,
            refs=(_MANDANT,),
            deactivate="aktiv",
        ),
        _target(
            "stiegenhaeuser.csv",
            d.Stiegenhaus,
            ("mandant_nr", "objekt_nr", "nummer"),
            stored=_in_objekt,
            refs=(_OBJEKT,),
            deactivate="aktiv",
        ),
        _target(
            "verrechnungseinheiten.csv",
            d.Verrechnungseinheit,
            ("mandant_nr", "objekt_nr", "sachbereich", "nummer"),
            stored=_verrechnungseinheiten,
            refs=(
                _OBJEKT,
                Ref("sachbereich_id", "sachbereiche", ("sachbereich",), "Sachbereich {0}"),
            ),
            deactivate="aktiv",
        ),
        _target(
            "mietzinskategorien.csv",
            d.Konfiguration,
            ("code",),
            stored=_mietzinskategorien,
            columns={"code": "schluessel", "bezeichnung": "wert"},
            fixed={"tabelle": KONFIG_MIETZINS_KATEGORIE},
            translation=("code", "bezeichnung"),
            # A known code keeps the Kategorie an administrator gave it.
            updates=False,
        ),
        _target(
            "einheiten.csv",
            d.Einheit,
            ("mandant_nr", "objekt_nr", "einheit_nr"),
            stored=_in_objekt,
            refs=(_OBJEKT,),
            translate=(
                Translate(
                    "mietzins_kategorie",
                    "mietzinskategorien",
                    "Mietzins-Kategorie „{0}“ ist weder in mietzinskategorien.csv noch in "
                    "Konfigurationstabelle 93106 hinterlegt",
                ),
            ),
            deactivate="aktiv",
        ),
        _target(
            "personen.csv",
            d.Person,
            ("mandant_nr", "person_nr"),
            stored=_of_mandant,
            refs=(_MANDANT,),
        ),
        _target(
            "bestandsverhaeltnisse.csv",
            d.Bestandsverhaeltnis,
            ("mandant_nr", "objekt_nr", "einheit_nr", "bv_nr"),
            stored=_bestandsverhaeltnisse,
            refs=(_EINHEIT, dataclasses.replace(_PERSON, optional=True)),
            deactivate="aktiv",
        ),
        _target(
            "funktionen.csv",
            d.Funktion,
            ("rw_schluessel",),
            stored=_funktionen,
            refs=(
                Ref("funktionsart_id", FUNKTIONSARTEN, ("code",)),
                _PERSON,
                _EINHEIT,
                dataclasses.replace(_BV, optional=True),
            ),
            deactivate="ende",
        ),
        _target(
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
            stored=_verkettungen,
            refs=(
                Ref(
                    "haupt_bv_id",
                    "bestandsverhaeltnisse",
                    ("mandant_nr", "haupt_objekt_nr", "haupt_einheit_nr", "haupt_bv_nr"),
                    _BV_WHAT,
                ),
                Ref(
                    "sub_bv_id",
                    "bestandsverhaeltnisse",
                    ("mandant_nr", "sub_objekt_nr", "sub_einheit_nr", "sub_bv_nr"),
                    _BV_WHAT,
                ),
            ),
            deactivate="aktiv",
        ),
        _target(
            "vorschreibungen.csv",
            d.Vorschreibung,
            ("mandant_nr", "objekt_nr", "einheit_nr", "bv_nr", "art", "gueltig_ab"),
            stored=_vorschreibungen,
            refs=(_EINHEIT, dataclasses.replace(_BV, optional=True)),
            deactivate="gueltig_bis",
        ),
        _target(
            "buchungen.csv",
            d.Buchung,
            ("buchungs_nr",),
            stored=_buchungen,
            refs=(_BV,),
        ),
    ]
)
TARGETS_BY_STEM = {target.stem: target for target in TARGETS}


def written_columns(target: Target) -> list[str]:
    """The table columns the importer writes for ``target`` (its RW-marked ones)."""
    return target.written
