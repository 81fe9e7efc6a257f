"""Objekte and persons: search as you type, the Objekt list, Objekt Stammdaten,
lookup by number, and a person with all their Bestandsverhältnisse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from omclient.domain import (
    Bestandsverhaeltnis,
    Einheit,
    Flaechenaufteilung,
    Mandant,
    Objekt,
    Person,
    Sachbereich,
    Stiegenhaus,
    Verrechnungseinheit,
)
from omclient.domain.enums import BvArt
from omclient.errors import NotFoundError, ValidationError
from omclient.services.common import apply_changes, get_or_404
from omclient.services.dto import Dto


class ObjektZeile(Dto):
    """One row of the main window's Objekt list."""

    id: int
    objekt_nr: str
    bezeichnung: str
    adresse: str
    plz: str | None
    ort: str | None
    mandant_nr: str
    mandant: str
    einheiten: int
    aktiv: bool


def _adresse(strasse: str | None, hausnummer: str | None) -> str:
    return " ".join(p for p in (strasse, hausnummer) if p)


def _number_prefix(text: str) -> ColumnElement[bool]:
    """``objekt_nr`` starts with ``text``, as an index range (LIKE would scan)."""
    upper = text[:-1] + chr(ord(text[-1]) + 1)
    return and_(Objekt.objekt_nr >= text, Objekt.objekt_nr < upper)


def search_objekte(session: Session, text: str = "", *, limit: int = 200) -> list[ObjektZeile]:
    """Objekte whose number starts with ``text`` or whose name or place contains it
    (case-insensitive), at most ``limit``.

    Number-prefix matches come first, each part ordered by number. The prefix
    is an index range. Names and places are searched when room is left, except
    for digits that already start an Objektnummer (the clerk is typing a
    number): so typing an Objektnummer stays fast in large portfolios.
    """
    text = text.strip()
    active_units = (
        select(func.count())
        .where(Einheit.objekt_id == Objekt.id, Einheit.aktiv.is_(True))
        .correlate(Objekt)
        .scalar_subquery()
    )
    query = select(
        Objekt.id,
        Objekt.objekt_nr,
        Objekt.bezeichnung,
        Objekt.strasse,
        Objekt.hausnummer,
        Objekt.plz,
        Objekt.ort,
        Mandant.mandant_nr,
        Mandant.name,
        active_units,
        Objekt.aktiv,
    ).join(Mandant, Mandant.id == Objekt.mandant_id)
    if not text:
        rows = list(session.execute(query.order_by(Objekt.objekt_nr).limit(limit)).all())
    else:
        prefix = _number_prefix(text)
        rows = list(
            session.execute(query.where(prefix).order_by(Objekt.objekt_nr).limit(limit)).all()
        )
        if len(rows) < limit and not (rows and text.isdigit()):
            needle = text.lower()
            rows += session.execute(
                query.where(
                    ~prefix,
                    or_(
                        func.lower(Objekt.bezeichnung).contains(needle, autoescape=True),
                        func.lower(Objekt.ort).contains(needle, autoescape=True),
                    ),
                )
                .order_by(Objekt.objekt_nr)
                .limit(limit - len(rows))
            ).all()
    return [
        ObjektZeile(
            id=id_,
            objekt_nr=objekt_nr,
            bezeichnung=bezeichnung,
            adresse=_adresse(strasse, hausnummer),
            plz=plz,
            ort=ort,
            mandant_nr=mandant_nr,
            mandant=mandant,
            einheiten=einheiten,
            aktiv=aktiv,
        )
        for (
            id_,
            objekt_nr,
            bezeichnung,
            strasse,
            hausnummer,
            plz,
            ort,
            mandant_nr,
            mandant,
            einheiten,
            aktiv,
        ) in rows
    ]


def objekt_id_by_nr(session: Session, objekt_nr: str, *, mandant_id: int | None = None) -> int:
    """The id of the Objekt with number ``objekt_nr``.

    Objektnummern are unique per Mandant; when several Mandanten use the number,
    ``mandant_id``'s Objekt is taken. Unknown or empty number → a German message.
    """
    nummer = objekt_nr.strip()
    if not nummer:
        raise ValidationError("Bitte geben Sie eine Objektnummer ein.")
    rows = session.execute(
        select(Objekt.id, Objekt.mandant_id, Mandant.mandant_nr)
        .join(Mandant, Mandant.id == Objekt.mandant_id)
        .where(Objekt.objekt_nr == nummer)
        .order_by(Mandant.mandant_nr)
    ).all()
    if not rows:
        raise NotFoundError(f"Ein Objekt mit der Nummer „{nummer}“ gibt es nicht.")
    if len(rows) == 1:
        return int(rows[0].id)
    for row in rows:
        if row.mandant_id == mandant_id:
            return int(row.id)
    raise ValidationError(
        f"Die Objektnummer „{nummer}“ gibt es bei mehreren Mandanten ("
        + ", ".join(r.mandant_nr for r in rows)
        + "); bitte wählen Sie das Objekt in der Objektliste."
    )


class StiegenhausZeile(Dto):
    id: int
    nummer: str
    bezeichnung: str
    aktiv: bool
    einheiten: int


class VehZeile(Dto):
    id: int
    sachbereich: str
    sachbereich_bezeichnung: str
    nummer: str
    bezeichnung: str
    aktiv: bool
    einheiten: int


class ObjektStammdaten(Dto):
    """The Objekt's Stammdaten as the Objekt dialog shows them."""

    id: int
    objekt_nr: str
    bezeichnung: str
    strasse: str | None
    hausnummer: str | None
    plz: str | None
    ort: str | None
    land: str
    baujahr: int | None
    bezugsdatum: dt.date | None
    aktiv: bool
    aufzug: bool
    fahrradraum: bool
    bemerkung: str | None
    mandant_id: int
    mandant: str
    einheiten_aktiv: int
    einheiten_inaktiv: int
    stiegenhaeuser: list[StiegenhausZeile]
    vehs: list[VehZeile]


def objekt_stammdaten(session: Session, objekt_id: int) -> ObjektStammdaten:
    """Stammdaten, Stiegenhäuser and VEHs (with their number of Einheiten) of an Objekt."""
    objekt = get_or_404(session, Objekt, objekt_id, "Objekt")
    mandant = session.get(Mandant, objekt.mandant_id)
    assert mandant is not None
    counts = dict(
        session.execute(
            select(Einheit.aktiv, func.count())
            .where(Einheit.objekt_id == objekt_id)
            .group_by(Einheit.aktiv)
        ).all()
    )
    stiegen = session.execute(
        select(Stiegenhaus, func.count(Einheit.id))
        .outerjoin(Einheit, Einheit.stiegenhaus_id == Stiegenhaus.id)
        .where(Stiegenhaus.objekt_id == objekt_id)
        .group_by(Stiegenhaus.id)
        .order_by(Stiegenhaus.nummer)
    ).all()
    vehs = session.execute(
        select(Verrechnungseinheit, Sachbereich, func.count(Flaechenaufteilung.id))
        .join(Sachbereich, Sachbereich.id == Verrechnungseinheit.sachbereich_id)
        .outerjoin(
            Flaechenaufteilung,
            Flaechenaufteilung.verrechnungseinheit_id == Verrechnungseinheit.id,
        )
        .where(Verrechnungseinheit.objekt_id == objekt_id)
        .group_by(Verrechnungseinheit.id, Sachbereich.id)
        .order_by(Sachbereich.code, Verrechnungseinheit.nummer)
    ).all()
    return ObjektStammdaten(
        id=objekt.id,
        objekt_nr=objekt.objekt_nr,
        bezeichnung=objekt.bezeichnung,
        strasse=objekt.strasse,
        hausnummer=objekt.hausnummer,
        plz=objekt.plz,
        ort=objekt.ort,
        land=objekt.land,
        baujahr=objekt.baujahr,
        bezugsdatum=objekt.bezugsdatum,
        aktiv=objekt.aktiv,
        aufzug=objekt.aufzug,
        fahrradraum=objekt.fahrradraum,
        bemerkung=objekt.bemerkung,
        mandant_id=mandant.id,
        mandant=f"{mandant.mandant_nr} {mandant.name}",
        einheiten_aktiv=counts.get(True, 0),
        einheiten_inaktiv=counts.get(False, 0),
        stiegenhaeuser=[
            StiegenhausZeile(
                id=s.id, nummer=s.nummer, bezeichnung=s.bezeichnung, aktiv=s.aktiv, einheiten=n
            )
            for s, n in stiegen
        ],
        vehs=[
            VehZeile(
                id=v.id,
                sachbereich=sb.code,
                sachbereich_bezeichnung=sb.bezeichnung,
                nummer=v.nummer,
                bezeichnung=v.bezeichnung,
                aktiv=v.aktiv,
                einheiten=n,
            )
            for v, sb, n in vehs
        ],
    )


def objekt_speichern(session: Session, objekt_id: int, changes: Mapping[str, Any]) -> list[str]:
    """Save OM-owned Objekt fields (Aufzug, Fahrradraum, Bemerkung) in one transaction.

    RW-owned fields are refused (ReadOnlyFieldError), nothing is written then.
    Returns the names that changed.
    """
    with session.begin():
        objekt = get_or_404(session, Objekt, objekt_id, "Objekt")
        return apply_changes(objekt, changes)


class PersonBvZeile(Dto):
    """One of a person's Bestandsverhältnisse."""

    id: int
    bv_nr: str
    einheit_id: int
    objekt_nr: str
    objekt: str
    einheit_nr: str
    top_nr: str | None
    art: BvArt
    bestandsart: str | None
    bezugsdatum: dt.date | None
    auszugsdatum: dt.date | None
    befristung_bis: dt.date | None
    zustand: str

    @property
    def typus_text(self) -> str:
        return self.art.bestandnehmer


class PersonDetails(Dto):
    """A person's data, contact and all their Bestandsverhältnisse."""

    id: int
    mandant: str
    person_nr: str
    anrede: str | None
    titel: str | None
    vorname: str | None
    nachname: str | None
    firma: str | None
    strasse: str | None
    hausnummer: str | None
    plz: str | None
    ort: str | None
    land: str
    geburtsdatum: dt.date | None
    email: str | None
    telefon: str | None
    mobil: str | None
    bemerkung: str | None
    anzeigename: str
    bestandsverhaeltnisse: list[PersonBvZeile]


def _zustand(aktiv: bool, bezug: dt.date | None, auszug: dt.date | None, stichtag: dt.date) -> str:
    if not aktiv or (auszug is not None and auszug < stichtag):
        return "ausgezogen"
    if bezug is not None and bezug > stichtag:
        return "künftig"
    return "aktiv"


def person_details(session: Session, person_id: int, *, stichtag: dt.date) -> PersonDetails:
    """The person and every Bestandsverhältnis they hold (any Objekt), newest first."""
    person = get_or_404(session, Person, person_id, "Person")
    mandant = session.get(Mandant, person.mandant_id)
    assert mandant is not None
    bv = Bestandsverhaeltnis
    rows = session.execute(
        select(
            bv.id,
            bv.bv_nr,
            bv.einheit_id,
            Objekt.objekt_nr,
            Objekt.bezeichnung,
            Einheit.einheit_nr,
            Einheit.top_nr,
            bv.art,
            bv.bestandsart,
            bv.bezugsdatum,
            bv.auszugsdatum,
            bv.befristung_bis,
            bv.aktiv,
        )
        .join(Einheit, Einheit.id == bv.einheit_id)
        .join(Objekt, Objekt.id == Einheit.objekt_id)
        .where(bv.person_id == person_id)
        .order_by(Objekt.objekt_nr, Einheit.einheit_nr, bv.bezugsdatum)
    ).all()
    return PersonDetails(
        id=person.id,
        mandant=f"{mandant.mandant_nr} {mandant.name}",
        person_nr=person.person_nr,
        anrede=person.anrede,
        titel=person.titel,
        vorname=person.vorname,
        nachname=person.nachname,
        firma=person.firma,
        strasse=person.strasse,
        hausnummer=person.hausnummer,
        plz=person.plz,
        ort=person.ort,
        land=person.land,
        geburtsdatum=person.geburtsdatum,
        email=person.email,
        telefon=person.telefon,
        mobil=person.mobil,
        bemerkung=person.bemerkung,
        anzeigename=person.anzeigename,
        bestandsverhaeltnisse=[
            PersonBvZeile(
                id=r.id,
                bv_nr=r.bv_nr,
                einheit_id=r.einheit_id,
                objekt_nr=r.objekt_nr,
                objekt=r.bezeichnung,
                einheit_nr=r.einheit_nr,
                top_nr=r.top_nr,
                art=r.art,
                bestandsart=r.bestandsart,
                bezugsdatum=r.bezugsdatum,
                auszugsdatum=r.auszugsdatum,
                befristung_bis=r.befristung_bis,
                zustand=_zustand(r.aktiv, r.bezugsdatum, r.auszugsdatum, stichtag),
            )
            for r in rows
        ],
    )


def person_speichern(session: Session, person_id: int, changes: Mapping[str, Any]) -> list[str]:
    """Save OM-owned person fields (Mobil, Bemerkung) in one transaction.

    RW-owned fields are refused (ReadOnlyFieldError), nothing is written then.
    """
    with session.begin():
        person = get_or_404(session, Person, person_id, "Person")
        return apply_changes(person, changes)


def einheit_ids_des_objekts(session: Session, objekt_id: int) -> list[int]:
    """Ids of every Einheit of the Objekt (also inactive ones), by Einheit-Nr."""
    return list(
        session.scalars(
            select(Einheit.id).where(Einheit.objekt_id == objekt_id).order_by(Einheit.einheit_nr)
        )
    )
