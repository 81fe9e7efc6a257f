"""The Einheitenübersicht of an Objekt: rows of both Register, filters, Vergabestellen.

Register *Einheiten* lists one :class:`EinheitZeile` per Einheit, Register
*Eigentümer / Mieter* one :class:`BestandnehmerZeile` per Bestandsverhältnis.
Every filter of :class:`UebersichtFilter` is applied in SQL; a Register costs
two queries (rows + current Bestandnehmer), never one per row.

"Current" (momentan aktiv) means on the ``stichtag`` the caller passes (the
clock's today): the Bestandsverhältnis is active, has moved in (Bezug empty or
on/before the Stichtag) and has not moved out (Auszug empty or on/after it).
"Ausgezogen" means an Auszugsdatum before the Stichtag (or a Bestandsverhältnis
that RW marked inactive). Rows carry ``aktiv``/``einheit_aktiv``/``ausgezogen``
so a view that loads the wider set can hide rows without asking again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import String, and_, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from omclient.domain import (
    Bestandsverhaeltnis,
    Einheit,
    Flaechenaufteilung,
    Objekt,
    Person,
    Sachbereich,
    Stiegenhaus,
    Vergabestelle,
    Verrechnungseinheit,
)
from omclient.domain.enums import BvArt, Einheitsart, Typus
from omclient.domain.stammdaten import anzeigename
from omclient.errors import NotFoundError, ValidationError
from omclient.memory import gc_paused
from omclient.services.dto import Dto


class Register(StrEnum):
    """The two Register of the Einheitenübersicht (the values are stored per user)."""

    EINHEITEN = "einheiten"
    BESTANDNEHMER = "bestandnehmer"


NAME_SEPARATOR = "; "


class UebersichtFilter(Dto):
    """What narrows the lists. ``veh_id`` needs ``sachbereich_id`` (VEH numbers
    repeat across Sachbereiche). ``bestandnehmer_art`` None = Alle."""

    stiegenhaus_id: int | None = None
    sachbereich_id: int | None = None
    veh_id: int | None = None
    auch_inaktive: bool = False
    auch_ausgezogene: bool = False
    bestandnehmer_art: BvArt | None = None
    bestandsart: str | None = None


class EinheitZeile(Dto):
    """One row of Register Einheiten."""

    id: int
    version: int
    einheit_nr: str
    top_nr: str | None
    typus: Typus
    einheitsart: Einheitsart
    stiege: str | None
    stockwerk: str | None
    lage: str | None
    nettonutzflaeche: Decimal | None
    raeume: int | None
    kategorie: str | None
    status: str | None
    vergabestelle_id: int | None
    vergabestelle: str | None
    bestandnehmer: str
    aktiv: bool

    @property
    def typus_text(self) -> str:
        """Mieter or Eigentümer, as the list shows the Typus."""
        return self.typus.bestandnehmer


class BestandnehmerZeile(Dto):
    """One row of Register Eigentümer / Mieter (a Bestandsverhältnis)."""

    id: int
    bv_nr: str
    einheit_id: int
    einheit_nr: str
    top_nr: str | None
    person_id: int | None
    person_nr: str | None
    name: str
    art: BvArt
    bestandsart: str | None
    bezugsdatum: dt.date | None
    auszugsdatum: dt.date | None
    befristung_bis: dt.date | None
    telefon: str | None
    email: str | None
    ausgezogen: bool
    einheit_aktiv: bool

    @property
    def typus_text(self) -> str:
        return self.art.bestandnehmer

    @property
    def kontakt(self) -> str:
        """Telephone and e-mail as one line."""
        return " · ".join(p for p in (self.telefon, self.email) if p)


class Auswahl(Dto):
    """An entry of a choice list: id and the text shown."""

    id: int
    text: str


class VehAuswahl(Auswahl):
    sachbereich_id: int


class UebersichtKopf(Dto):
    """The top area: the Objekt and the choices for Sachbereich, VEH, Stiegenhaus.

    The Bestandsart choices belong to Register Eigentümer / Mieter: :func:`bestandsarten`.
    """

    objekt_id: int
    objekt_nr: str
    bezeichnung: str
    adresse: str
    mandant_id: int
    stiegenhaeuser: list[Auswahl]
    sachbereiche: list[Auswahl]
    vehs: list[VehAuswahl]

    @property
    def titel(self) -> str:
        return f"{self.objekt_nr} {self.bezeichnung}"

    def vehs_fuer(self, sachbereich_id: int | None) -> list[VehAuswahl]:
        """The VEHs of this Objekt in ``sachbereich_id`` (none without a Sachbereich)."""
        if sachbereich_id is None:
            return []
        return [v for v in self.vehs if v.sachbereich_id == sachbereich_id]


D = TypeVar("D", bound=Dto)


def _trusted(cls: type[D]) -> Callable[[dict[str, Any]], D]:
    """A constructor for frozen DTOs from a complete dict of values the database typed.

    Same result as ``cls.model_construct(**values)`` given every field, without
    pydantic's per-call bookkeeping: a Register of 5,000 rows is built in a few
    milliseconds (``model_construct`` and validation cost more than the SQL
    fetch itself). The fields-set is shared: frozen DTOs never change it.
    """
    new = object.__new__
    set_attr = object.__setattr__
    fields_set = set(cls.model_fields)

    def make(values: dict[str, Any]) -> D:
        dto = new(cls)
        set_attr(dto, "__dict__", values)
        set_attr(dto, "__pydantic_fields_set__", fields_set)
        set_attr(dto, "__pydantic_extra__", None)
        set_attr(dto, "__pydantic_private__", None)
        return dto

    return make


def _plain(column: Any) -> ColumnElement[str]:
    """An enum column read as its stored text: the rows map it with a dict lookup,
    cheaper than the Enum type's per-value result processing."""
    return type_coerce(column, String())


def uebersicht_kopf(session: Session, objekt_id: int) -> UebersichtKopf:
    """The Objekt and its filter choices; NotFoundError for an unknown id."""
    objekt = session.get(Objekt, objekt_id)
    if objekt is None:
        raise NotFoundError(f"Das Objekt {objekt_id} wurde nicht gefunden.")
    stiegen = session.execute(
        select(Stiegenhaus.id, Stiegenhaus.nummer, Stiegenhaus.bezeichnung)
        .where(Stiegenhaus.objekt_id == objekt_id)
        .order_by(Stiegenhaus.nummer)
    ).all()
    vehs = session.execute(
        select(
            Verrechnungseinheit.id,
            Verrechnungseinheit.nummer,
            Verrechnungseinheit.bezeichnung,
            Verrechnungseinheit.sachbereich_id,
        )
        .where(Verrechnungseinheit.objekt_id == objekt_id)
        .order_by(Verrechnungseinheit.nummer)
    ).all()
    sachbereiche = session.execute(
        select(Sachbereich.id, Sachbereich.code, Sachbereich.bezeichnung).order_by(Sachbereich.code)
    ).all()
    adresse = " ".join(p for p in (objekt.strasse, objekt.hausnummer) if p)
    ort = " ".join(p for p in (objekt.plz, objekt.ort) if p)
    return UebersichtKopf(
        objekt_id=objekt.id,
        objekt_nr=objekt.objekt_nr,
        bezeichnung=objekt.bezeichnung,
        adresse=", ".join(p for p in (adresse, ort) if p),
        mandant_id=objekt.mandant_id,
        stiegenhaeuser=[Auswahl(id=s.id, text=f"{s.nummer} – {s.bezeichnung}") for s in stiegen],
        sachbereiche=[Auswahl(id=s.id, text=f"{s.code} – {s.bezeichnung}") for s in sachbereiche],
        vehs=[
            VehAuswahl(
                id=v.id, text=f"{v.nummer} – {v.bezeichnung}", sachbereich_id=v.sachbereich_id
            )
            for v in vehs
        ],
    )


def bestandsarten(session: Session, objekt_id: int) -> list[str]:
    """The Bestandsarten the Objekt's Bestandsverhältnisse use (choices of the filter)."""
    arten = session.scalars(
        select(Bestandsverhaeltnis.bestandsart)
        .join(Einheit, Einheit.id == Bestandsverhaeltnis.einheit_id)
        .where(Einheit.objekt_id == objekt_id, Bestandsverhaeltnis.bestandsart.is_not(None))
        .distinct()
        .order_by(Bestandsverhaeltnis.bestandsart)
    ).all()
    return [a for a in arten if a]


def _check_filter(session: Session, objekt_id: int, flt: UebersichtFilter) -> None:
    if flt.veh_id is None:
        if flt.stiegenhaus_id is not None:
            _check_stiegenhaus(session, objekt_id, flt.stiegenhaus_id)
        return
    if flt.sachbereich_id is None:
        raise ValidationError(
            "Bitte wählen Sie zuerst einen Sachbereich: dieselbe VEH-Nummer gibt es in "
            "mehreren Sachbereichen."
        )
    veh = session.get(Verrechnungseinheit, flt.veh_id)
    if veh is None or veh.objekt_id != objekt_id or veh.sachbereich_id != flt.sachbereich_id:
        raise ValidationError("Die gewählte VEH gehört nicht zu diesem Objekt und Sachbereich.")
    if flt.stiegenhaus_id is not None:
        _check_stiegenhaus(session, objekt_id, flt.stiegenhaus_id)


def _check_stiegenhaus(session: Session, objekt_id: int, stiegenhaus_id: int) -> None:
    stiege = session.get(Stiegenhaus, stiegenhaus_id)
    if stiege is None or stiege.objekt_id != objekt_id:
        raise ValidationError("Das gewählte Stiegenhaus gehört nicht zu diesem Objekt.")


def _einheit_conditions(objekt_id: int, flt: UebersichtFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Einheit.objekt_id == objekt_id]
    if not flt.auch_inaktive:
        conditions.append(Einheit.aktiv.is_(True))
    if flt.stiegenhaus_id is not None:
        conditions.append(Einheit.stiegenhaus_id == flt.stiegenhaus_id)
    if flt.veh_id is not None:
        conditions.append(
            Einheit.id.in_(
                select(Flaechenaufteilung.einheit_id).where(
                    Flaechenaufteilung.verrechnungseinheit_id == flt.veh_id
                )
            )
        )
    return conditions


def _current(stichtag: dt.date) -> ColumnElement[bool]:
    bv = Bestandsverhaeltnis
    return and_(
        bv.aktiv.is_(True),
        or_(bv.bezugsdatum.is_(None), bv.bezugsdatum <= stichtag),
        or_(bv.auszugsdatum.is_(None), bv.auszugsdatum >= stichtag),
    )


def _moved_out(stichtag: dt.date) -> ColumnElement[bool]:
    bv = Bestandsverhaeltnis
    return or_(bv.auszugsdatum < stichtag, bv.aktiv.is_(False))


def einheiten_zeilen(
    session: Session,
    objekt_id: int,
    flt: UebersichtFilter | None = None,
    *,
    stichtag: dt.date,
) -> list[EinheitZeile]:
    """Register Einheiten: the Objekt's Einheiten narrowed by ``flt``, by Einheitennummer.

    ``bestandnehmer`` names the current Bestandnehmer (several joined by "; ").
    One query: the Einheiten outer-joined with their current Bestandsverhältnisse
    (a unit with two current ones comes twice and is merged here).
    """
    flt = flt or UebersichtFilter()
    _check_filter(session, objekt_id, flt)
    bv = Bestandsverhaeltnis
    query = (
        select(
            Einheit.id,
            Einheit.version,
            Einheit.einheit_nr,
            Einheit.top_nr,
            _plain(Einheit.typus),
            _plain(Einheit.einheitsart),
            Stiegenhaus.nummer,
            Einheit.stiege,
            Einheit.stockwerk,
            Einheit.lage,
            Einheit.nettonutzflaeche,
            Einheit.raeume,
            Einheit.anzahl_raeume,
            Einheit.kategorie,
            Einheit.status,
            Einheit.vergabestelle_id,
            Vergabestelle.name,
            Einheit.aktiv,
            Person.firma,
            Person.titel,
            Person.nachname,
            Person.vorname,
        )
        .outerjoin(Stiegenhaus, Stiegenhaus.id == Einheit.stiegenhaus_id)
        .outerjoin(Vergabestelle, Vergabestelle.id == Einheit.vergabestelle_id)
        .outerjoin(bv, and_(bv.einheit_id == Einheit.id, _current(stichtag)))
        .outerjoin(Person, Person.id == bv.person_id)
        .where(*_einheit_conditions(objekt_id, flt))
        .order_by(Einheit.einheit_nr, Einheit.id, bv.bezugsdatum, bv.id)
    )
    make = _trusted(EinheitZeile)
    typen = {t.value: t for t in Typus}
    arten = {a.value: a for a in Einheitsart}
    with gc_paused():
        # Core execution: the ORM's row loading would add its own per-row work.
        rows = session.connection().execute(query).all()
        return _einheiten(rows, make, typen, arten)


def _einheiten(
    rows: Sequence[Any],
    make: Callable[[dict[str, Any]], EinheitZeile],
    typen: dict[str, Typus],
    arten: dict[str, Einheitsart],
) -> list[EinheitZeile]:
    result: list[EinheitZeile] = []
    last_id = None
    # Tuple unpacking: reading Row attributes by name costs several times more.
    for (
        id_,
        version,
        einheit_nr,
        top_nr,
        typus,
        einheitsart,
        stiege_nr,
        stiege,
        stockwerk,
        lage,
        flaeche,
        raeume,
        anzahl_raeume,
        kategorie,
        status,
        vergabestelle_id,
        vergabestelle,
        aktiv,
        firma,
        titel,
        nachname,
        vorname,
    ) in rows:
        name = anzeigename(firma, titel, nachname, vorname)
        if id_ == last_id:
            previous = result[-1]
            if name and name not in previous.bestandnehmer.split(NAME_SEPARATOR):
                joined = f"{previous.bestandnehmer}{NAME_SEPARATOR}{name}"
                result[-1] = make({**previous.__dict__, "bestandnehmer": joined})
            continue
        last_id = id_
        result.append(
            make(
                {
                    "id": id_,
                    "version": version,
                    "einheit_nr": einheit_nr,
                    "top_nr": top_nr,
                    "typus": typen[typus],
                    "einheitsart": arten[einheitsart],
                    "stiege": stiege_nr or stiege,
                    "stockwerk": stockwerk,
                    "lage": lage,
                    "nettonutzflaeche": flaeche,
                    "raeume": raeume if raeume is not None else anzahl_raeume,
                    "kategorie": kategorie,
                    "status": status,
                    "vergabestelle_id": vergabestelle_id,
                    "vergabestelle": vergabestelle,
                    "bestandnehmer": name,
                    "aktiv": aktiv,
                }
            )
        )
    return result


def bestandnehmer_zeilen(
    session: Session,
    objekt_id: int,
    flt: UebersichtFilter | None = None,
    *,
    stichtag: dt.date,
) -> list[BestandnehmerZeile]:
    """Register Eigentümer / Mieter: one row per Bestandsverhältnis of the Objekt.

    Default: the current ones of active Einheiten. ``auch_ausgezogene`` adds those
    moved out before ``stichtag``, ``auch_inaktive`` those of inactive Einheiten;
    ``bestandnehmer_art`` (Miete = nur Mieter, Eigentum = nur Eigentümer) and
    ``bestandsart`` narrow. Ordered by Einheitennummer, then Bezug.
    """
    flt = flt or UebersichtFilter()
    _check_filter(session, objekt_id, flt)
    bv = Bestandsverhaeltnis
    conditions = _einheit_conditions(objekt_id, flt)
    current = _current(stichtag)
    conditions.append(or_(current, _moved_out(stichtag)) if flt.auch_ausgezogene else current)
    if flt.bestandnehmer_art is not None:
        conditions.append(bv.art == flt.bestandnehmer_art)
    if flt.bestandsart:
        conditions.append(bv.bestandsart == flt.bestandsart)
    # Core execution: the ORM's row loading would add its own per-row work.
    rows = (
        session.connection()
        .execute(
            select(
                bv.id,
                bv.bv_nr,
                bv.einheit_id,
                Einheit.einheit_nr,
                Einheit.top_nr,
                bv.person_id,
                Person.person_nr,
                Person.firma,
                Person.titel,
                Person.nachname,
                Person.vorname,
                _plain(bv.art),
                bv.bestandsart,
                bv.bezugsdatum,
                bv.auszugsdatum,
                bv.befristung_bis,
                bv.aktiv,
                Person.telefon,
                Person.email,
                Einheit.aktiv,
            )
            .join(Einheit, Einheit.id == bv.einheit_id)
            .outerjoin(Person, Person.id == bv.person_id)
            .where(*conditions)
            .order_by(Einheit.einheit_nr, bv.bezugsdatum, bv.id)
        )
        .all()
    )
    make = _trusted(BestandnehmerZeile)
    arten = {a.value: a for a in BvArt}
    with gc_paused():
        return [
            make(
                {
                    "id": id_,
                    "bv_nr": bv_nr,
                    "einheit_id": einheit_id,
                    "einheit_nr": einheit_nr,
                    "top_nr": top_nr,
                    "person_id": person_id,
                    "person_nr": person_nr,
                    "name": ""
                    if person_id is None
                    else anzeigename(firma, titel, nachname, vorname),
                    "art": arten[art],
                    "bestandsart": bestandsart,
                    "bezugsdatum": bezug,
                    "auszugsdatum": auszug,
                    "befristung_bis": befristung,
                    "telefon": telefon,
                    "email": email,
                    "ausgezogen": not aktiv or (auszug is not None and auszug < stichtag),
                    "einheit_aktiv": einheit_aktiv,
                }
            )
            for (
                id_,
                bv_nr,
                einheit_id,
                einheit_nr,
                top_nr,
                person_id,
                person_nr,
                firma,
                titel,
                nachname,
                vorname,
                art,
                bestandsart,
                bezug,
                auszug,
                befristung,
                aktiv,
                telefon,
                email,
                einheit_aktiv,
            ) in rows
        ]


class VergabestelleZeile(Dto):
    id: int
    name: str
    gemeindekennziffer: str | None


def zuweisungsberechtigte_vergabestellen(session: Session) -> list[VergabestelleZeile]:
    """The Vergabestellen that may hold the allocation right, by name."""
    rows = session.scalars(
        select(Vergabestelle)
        .where(Vergabestelle.zuweisungsberechtigt.is_(True))
        .order_by(Vergabestelle.name)
    ).all()
    return [VergabestelleZeile.model_validate(v) for v in rows]


def _units_for_update(session: Session, einheit_ids: Sequence[int]) -> list[Einheit]:
    ids = sorted(set(einheit_ids))
    if not ids:
        raise ValidationError("Bitte markieren Sie mindestens eine Einheit.")
    units = list(session.scalars(select(Einheit).where(Einheit.id.in_(ids))).all())
    missing = set(ids) - {e.id for e in units}
    if missing:
        raise NotFoundError(
            "Diese Einheiten gibt es nicht mehr: " + ", ".join(str(i) for i in sorted(missing))
        )
    return units


def vergabestelle_zuweisen(
    session: Session, einheit_ids: Sequence[int], vergabestelle_id: int
) -> int:
    """Give all ``einheit_ids`` the Vergabestelle, in one transaction.

    Only zuweisungsberechtigte Vergabestellen may be assigned. Returns the
    number of Einheiten whose Vergabestelle changed. Nothing is written when
    any id is unknown or the Vergabestelle is not allowed.
    """
    with session.begin():
        stelle = session.get(Vergabestelle, vergabestelle_id)
        if stelle is None:
            raise NotFoundError(f"Die Vergabestelle {vergabestelle_id} wurde nicht gefunden.")
        if not stelle.zuweisungsberechtigt:
            raise ValidationError(f"„{stelle.name}“ ist keine zuweisungsberechtigte Vergabestelle.")
        units = _units_for_update(session, einheit_ids)
        changed = 0
        for unit in units:
            if unit.vergabestelle_id != stelle.id:
                unit.vergabestelle_id = stelle.id
                changed += 1
    return changed


def vergabestelle_entfernen(session: Session, einheit_ids: Sequence[int]) -> int:
    """Remove the Vergabestelle of all ``einheit_ids`` in one transaction.

    Returns the number of Einheiten that had one.
    """
    with session.begin():
        units = _units_for_update(session, einheit_ids)
        changed = 0
        for unit in units:
            if unit.vergabestelle_id is not None:
                unit.vergabestelle_id = None
                changed += 1
    return changed
