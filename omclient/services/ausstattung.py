"""Equipment (Ausstattung) of one Einheit: list, edit, templates, inspections, tickets.

Only items explicitly assigned to the unit are handled here (not those of the
Objekt or Stiegenhaus). Write functions expect the caller's transaction
(``with session.begin():``) and validate before changing anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from omclient.domain import (
    Auftrag,
    Ausstattung,
    Ausstattungsgruppe,
    Ausstattungsvorlage,
    Einheit,
    Instandhaltung,
)
from omclient.errors import ValidationError
from omclient.services.common import get_or_404
from omclient.services.dto import Dto

EDITABLE = (
    "gruppe_id",
    "bezeichnung",
    "raum",
    "menge",
    "mengeneinheit",
    "hersteller",
    "einbaudatum",
    "zustand",
    "bemerkung",
)


class AusstattungDto(Dto):
    id: int
    einheit_id: int
    gruppe_id: int
    gruppe: str
    bezeichnung: str
    raum: str | None = None
    menge: Decimal
    mengeneinheit: str | None = None
    hersteller: str | None = None
    einbaudatum: dt.date | None = None
    zustand: str | None = None
    aktiv: bool
    bemerkung: str | None = None
    letzte_pruefung: dt.date | None = None
    naechste_faelligkeit: dt.date | None = None


class GruppeDto(Dto):
    id: int
    name: str


class VorlageDto(Dto):
    id: int
    name: str
    positionen: int


class InstandhaltungDto(Dto):
    id: int
    ausstattung_id: int
    datum: dt.date
    ergebnis: str | None = None
    naechste_faelligkeit: dt.date | None = None
    pruefer: str | None = None
    bemerkung: str | None = None


class TicketDto(Dto):
    id: int
    nummer: str
    betreff: str
    einheit_id: int
    ausstattung_id: int | None


def _dto(a: Ausstattung) -> AusstattungDto:
    letzte = a.instandhaltungen[-1] if a.instandhaltungen else None
    return AusstattungDto(
        id=a.id,
        einheit_id=a.einheit_id,
        gruppe_id=a.gruppe_id,
        gruppe=a.gruppe.name,
        bezeichnung=a.bezeichnung,
        raum=a.raum,
        menge=a.menge,
        mengeneinheit=a.mengeneinheit,
        hersteller=a.hersteller,
        einbaudatum=a.einbaudatum,
        zustand=a.zustand,
        aktiv=a.aktiv,
        bemerkung=a.bemerkung,
        letzte_pruefung=letzte.datum if letzte else None,
        naechste_faelligkeit=letzte.naechste_faelligkeit if letzte else None,
    )


def gruppen(session: Session) -> list[GruppeDto]:
    """Equipment groups in their configured order (the filter above the list)."""
    rows = session.scalars(
        select(Ausstattungsgruppe).order_by(Ausstattungsgruppe.position, Ausstattungsgruppe.name)
    )
    return [GruppeDto.model_validate(g) for g in rows]


def vorlagen(session: Session) -> list[VorlageDto]:
    rows = session.scalars(select(Ausstattungsvorlage).order_by(Ausstattungsvorlage.name))
    return [VorlageDto(id=v.id, name=v.name, positionen=len(v.positionen)) for v in rows]


def liste(
    session: Session,
    einheit_id: int,
    gruppe_id: int | None = None,
    auch_inaktive: bool = True,
) -> list[AusstattungDto]:
    """This unit's equipment, by group order and name; optionally one group only."""
    get_or_404(session, Einheit, einheit_id, "Einheit")
    query = (
        select(Ausstattung)
        .join(Ausstattungsgruppe)
        .where(Ausstattung.einheit_id == einheit_id)
        .order_by(Ausstattungsgruppe.position, Ausstattung.bezeichnung, Ausstattung.id)
    )
    if gruppe_id is not None:
        query = query.where(Ausstattung.gruppe_id == gruppe_id)
    if not auch_inaktive:
        query = query.where(Ausstattung.aktiv.is_(True))
    return [_dto(a) for a in session.scalars(query)]


def lade(session: Session, ausstattung_id: int) -> AusstattungDto:
    return _dto(get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung"))


def _clean(session: Session, values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = [k for k in values if k not in EDITABLE]
    if unknown:
        raise ValidationError(f"Unbekannte Felder: {', '.join(unknown)}")
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        cleaned[key] = value
    problems = []
    if "bezeichnung" in cleaned and not cleaned["bezeichnung"]:
        problems.append("Bitte geben Sie eine Bezeichnung ein.")
    gruppe_id = cleaned.get("gruppe_id")
    if "gruppe_id" in cleaned and (
        gruppe_id is None or session.get(Ausstattungsgruppe, gruppe_id) is None
    ):
        problems.append("Bitte wählen Sie eine Gruppe.")
    if "menge" in cleaned:
        menge = cleaned["menge"]
        if menge is None:
            cleaned["menge"] = Decimal("1")
        elif not isinstance(menge, Decimal) or menge <= 0:
            problems.append("Die Menge muss größer als 0 sein.")
    if problems:
        raise ValidationError("\n".join(problems), problems)
    return cleaned


def hinzufuegen(session: Session, einheit_id: int, values: Mapping[str, Any]) -> AusstattungDto:
    """Add an item to the Einheit (Gruppe and Bezeichnung required)."""
    get_or_404(session, Einheit, einheit_id, "Einheit")
    data = {"menge": Decimal("1"), **values}
    for required in ("gruppe_id", "bezeichnung"):
        data.setdefault(required, None)
    cleaned = _clean(session, data)
    item = Ausstattung(einheit_id=einheit_id, aktiv=True, **cleaned)
    session.add(item)
    session.flush()
    session.refresh(item)
    return _dto(item)


def bearbeiten(session: Session, ausstattung_id: int, values: Mapping[str, Any]) -> AusstattungDto:
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    for key, value in _clean(session, values).items():
        setattr(item, key, value)
    session.flush()
    session.refresh(item)
    return _dto(item)


def entfernen(session: Session, ausstattung_id: int) -> None:
    """Remove the item with its inspections; tickets keep existing without the link."""
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    for auftrag in session.scalars(select(Auftrag).where(Auftrag.ausstattung_id == item.id)):
        auftrag.ausstattung_id = None
    for pruefung in list(item.instandhaltungen):
        session.delete(pruefung)
    session.delete(item)
    session.flush()


def _copy(item: Ausstattung, einheit_id: int) -> Ausstattung:
    return Ausstattung(
        einheit_id=einheit_id,
        aktiv=True,
        **{name: getattr(item, name) for name in EDITABLE},
    )


def kopieren(
    session: Session, ausstattung_id: int, ziel_einheit_id: int | None = None
) -> AusstattungDto:
    """Copy the item onto the same Einheit (default) or another one (without inspections)."""
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    ziel = item.einheit_id if ziel_einheit_id is None else ziel_einheit_id
    get_or_404(session, Einheit, ziel, "Einheit")
    copy = _copy(item, ziel)
    session.add(copy)
    session.flush()
    session.refresh(copy)
    return _dto(copy)


def verschieben(session: Session, ausstattung_id: int, ziel_einheit_id: int) -> AusstattungDto:
    """Move the item (with its inspections) to another Einheit."""
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    get_or_404(session, Einheit, ziel_einheit_id, "Einheit")
    if ziel_einheit_id == item.einheit_id:
        raise ValidationError("Die Ausstattung gehört bereits zu dieser Einheit.")
    item.einheit_id = ziel_einheit_id
    session.flush()
    session.refresh(item)
    return _dto(item)


def aktiv_setzen(session: Session, ausstattung_id: int, aktiv: bool) -> AusstattungDto:
    """Set the item inactive (or active again); inactive items stay listed, greyed."""
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    item.aktiv = aktiv
    session.flush()
    return _dto(item)


def vorlage_buchen(session: Session, einheit_id: int, vorlage_id: int) -> int:
    """Add every position of the Ausstattungsvorlage to the Einheit; returns the count."""
    get_or_404(session, Einheit, einheit_id, "Einheit")
    vorlage = get_or_404(session, Ausstattungsvorlage, vorlage_id, "Ausstattungsvorlage")
    if not vorlage.positionen:
        raise ValidationError(f"Die Vorlage „{vorlage.name}“ enthält keine Positionen.")
    for pos in vorlage.positionen:
        session.add(
            Ausstattung(
                einheit_id=einheit_id,
                gruppe_id=pos.gruppe_id,
                bezeichnung=pos.bezeichnung,
                raum=pos.raum,
                menge=pos.menge,
                mengeneinheit=pos.mengeneinheit,
                aktiv=True,
            )
        )
    session.flush()
    return len(vorlage.positionen)


def instandhaltungen(session: Session, ausstattung_id: int) -> list[InstandhaltungDto]:
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    return [InstandhaltungDto.model_validate(p) for p in item.instandhaltungen]


def instandhaltung_erfassen(
    session: Session,
    ausstattung_id: int,
    datum: dt.date | None,
    ergebnis: str | None,
    naechste_faelligkeit: dt.date | None = None,
    pruefer: str | None = None,
    bemerkung: str | None = None,
) -> InstandhaltungDto:
    """Record an inspection (date, result, next due date) of the item."""
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    problems = []
    if datum is None:
        problems.append("Bitte geben Sie das Datum der Prüfung ein.")
    elif naechste_faelligkeit is not None and naechste_faelligkeit <= datum:
        problems.append("Die nächste Fälligkeit muss nach dem Prüfdatum liegen.")
    if problems:
        raise ValidationError("\n".join(problems), problems)
    assert datum is not None
    pruefung = Instandhaltung(
        ausstattung_id=item.id,
        datum=datum,
        ergebnis=(ergebnis or "").strip() or None,
        naechste_faelligkeit=naechste_faelligkeit,
        pruefer=(pruefer or "").strip() or None,
        bemerkung=(bemerkung or "").strip() or None,
    )
    session.add(pruefung)
    session.flush()
    session.expire(item, ["instandhaltungen"])
    return InstandhaltungDto.model_validate(pruefung)


def ticket_erstellen(
    session: Session,
    ausstattung_id: int,
    betreff: str,
    beschreibung: str | None,
    heute: dt.date,
    verrechnungseinheit_id: int | None = None,
) -> TicketDto:
    """Create an Auftrag (ticket) linked to the item's Einheit, shown in its Infogrid."""
    item = get_or_404(session, Ausstattung, ausstattung_id, "Ausstattung")
    betreff = (betreff or "").strip()
    if not betreff:
        raise ValidationError("Bitte geben Sie einen Betreff für das Ticket ein.")
    auftrag = Auftrag(
        einheit_id=item.einheit_id,
        ausstattung_id=item.id,
        datum=heute,
        betreff=betreff,
        beschreibung=(beschreibung or "").strip() or None,
        status="offen",
        nummer=naechste_auftragsnummer(session, heute),
        verrechnungseinheit_id=verrechnungseinheit_id,
    )
    session.add(auftrag)
    session.flush()
    return TicketDto(
        id=auftrag.id,
        nummer=auftrag.nummer or "",
        betreff=auftrag.betreff,
        einheit_id=item.einheit_id,
        ausstattung_id=item.id,
    )


def naechste_auftragsnummer(session: Session, heute: dt.date) -> str:
    """The next free number ``A-<year>-<nnnn>`` of this year."""
    prefix = f"A-{heute.year}-"
    count = (
        session.scalar(
            select(func.count()).select_from(Auftrag).where(Auftrag.nummer.like(f"{prefix}%"))
        )
        or 0
    )
    n = count + 1
    while session.scalar(select(Auftrag.id).where(Auftrag.nummer == f"{prefix}{n:04d}")):
        n += 1
    return f"{prefix}{n:04d}"
