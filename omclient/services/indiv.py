"""Individual fields (Indiv Felder) of Einheiten and Bestandsverhältnisse.

Definitions (``IndivFeld``) per entity are managed by administrators only:
create, edit, reorder, delete (deleting one that has values needs
``auch_werte=True`` — the UI asks first). Values (``IndivWert``) are stored as
text in a canonical form and validated by the field's type:

=========  =====================  ==============================
Typ        Python value           stored
=========  =====================  ==============================
Text       ``str``                as entered
Zahl       ``Decimal``            ``"1234.5"``
Datum      ``datetime.date``      ISO ``"2026-11-23"``
Ja/Nein    ``bool``               ``"ja"`` / ``"nein"``
Auswahl    ``str`` from the list  as entered
=========  =====================  ==============================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from omclient import formatting as fmt
from omclient.domain import Bestandsverhaeltnis, Einheit, IndivFeld, IndivWert
from omclient.domain.enums import IndivEntitaet, IndivFeldTyp
from omclient.errors import ValidationError
from omclient.services.benutzer import require_admin
from omclient.services.common import get_or_404
from omclient.services.dto import BenutzerDto, Dto

IndivValue = str | Decimal | dt.date | bool | None


class IndivFeldDto(Dto):
    id: int
    entitaet: IndivEntitaet
    bezeichnung: str
    typ: IndivFeldTyp
    auswahl: list[str]
    position: int
    pflicht: bool
    anzahl_werte: int = 0


class IndivWertDto(Dto):
    """A field with this record's value (typed) and its display text."""

    feld: IndivFeldDto
    wert: IndivValue
    anzeige: str


def _feld_dto(session: Session, feld: IndivFeld) -> IndivFeldDto:
    count = session.scalar(
        select(func.count())
        .select_from(IndivWert)
        .where(IndivWert.feld_id == feld.id, IndivWert.wert.is_not(None))
    )
    return IndivFeldDto(
        id=feld.id,
        entitaet=feld.entitaet,
        bezeichnung=feld.bezeichnung,
        typ=feld.typ,
        auswahl=feld.auswahl(),
        position=feld.position,
        pflicht=feld.pflicht,
        anzahl_werte=count or 0,
    )


def _ordered(session: Session, entitaet: IndivEntitaet) -> list[IndivFeld]:
    return list(
        session.scalars(
            select(IndivFeld)
            .where(IndivFeld.entitaet == entitaet)
            .order_by(IndivFeld.position, IndivFeld.id)
        )
    )


def felder(session: Session, entitaet: IndivEntitaet) -> list[IndivFeldDto]:
    """The field definitions of ``entitaet`` in their order."""
    return [_feld_dto(session, f) for f in _ordered(session, entitaet)]


def _check_record(session: Session, entitaet: IndivEntitaet, datensatz_id: int) -> None:
    if entitaet is IndivEntitaet.EINHEIT:
        get_or_404(session, Einheit, datensatz_id, "Einheit")
    else:
        get_or_404(session, Bestandsverhaeltnis, datensatz_id, "Bestandsverhältnis")


def parse_wert(typ: IndivFeldTyp, stored: str | None) -> IndivValue:
    """The typed value of a stored text (None when empty or unreadable)."""
    if stored is None or stored == "":
        return None
    try:
        if typ is IndivFeldTyp.ZAHL:
            return Decimal(stored)
        if typ is IndivFeldTyp.DATUM:
            return dt.date.fromisoformat(stored)
    except (InvalidOperation, ValueError):
        return None
    if typ is IndivFeldTyp.JA_NEIN:
        return stored == "ja"
    return stored


def anzeige(typ: IndivFeldTyp, wert: IndivValue) -> str:
    """The value as shown in de_AT."""
    if wert is None:
        return ""
    if typ is IndivFeldTyp.ZAHL and isinstance(wert, Decimal):
        return fmt.number(wert, max(0, -int(wert.as_tuple().exponent)))
    if typ is IndivFeldTyp.DATUM and isinstance(wert, dt.date):
        return fmt.date(wert)
    if typ is IndivFeldTyp.JA_NEIN:
        return "Ja" if wert else "Nein"
    return str(wert)


def werte(session: Session, entitaet: IndivEntitaet, datensatz_id: int) -> list[IndivWertDto]:
    """Every field of ``entitaet`` with this record's value (None when unset)."""
    _check_record(session, entitaet, datensatz_id)
    fields = _ordered(session, entitaet)
    stored = {
        w.feld_id: w.wert
        for w in session.scalars(
            select(IndivWert).where(
                IndivWert.datensatz_id == datensatz_id,
                IndivWert.feld_id.in_([f.id for f in fields]),
            )
        )
    }
    result = []
    for f in fields:
        value = parse_wert(f.typ, stored.get(f.id))
        result.append(
            IndivWertDto(feld=_feld_dto(session, f), wert=value, anzeige=anzeige(f.typ, value))
        )
    return result


def _normalize(feld: IndivFeld, value: Any) -> str | None:
    """Canonical stored text for ``value``; ValueError with a German reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if feld.pflicht:
            raise ValueError("ist ein Pflichtfeld.")
        return None
    typ = feld.typ
    if typ is IndivFeldTyp.TEXT:
        return str(value).strip()
    if typ is IndivFeldTyp.ZAHL:
        if isinstance(value, bool):
            raise ValueError("erwartet eine Zahl.")
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        else:
            try:
                number = fmt.parse_decimal(str(value))
            except ValueError:
                raise ValueError(f"„{value}“ ist keine Zahl.") from None
        return str(number.normalize()) if number == number.to_integral() else str(number)
    if typ is IndivFeldTyp.DATUM:
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return fmt.parse_date(str(value)).isoformat()
        except ValueError:
            raise ValueError(f"„{value}“ ist kein Datum (TT.MM.JJJJ).") from None
    if typ is IndivFeldTyp.JA_NEIN:
        if isinstance(value, bool):
            return "ja" if value else "nein"
        text = str(value).strip().lower()
        if text in ("ja", "j", "true", "1"):
            return "ja"
        if text in ("nein", "n", "false", "0"):
            return "nein"
        raise ValueError(f"„{value}“ ist weder Ja noch Nein.")
    text = str(value).strip()
    if text not in feld.auswahl():
        raise ValueError(f"„{text}“ steht nicht in der Auswahlliste.")
    return text


def werte_speichern(
    session: Session,
    entitaet: IndivEntitaet,
    datensatz_id: int,
    values: Mapping[int, Any],
) -> list[IndivWertDto]:
    """Validate all ``values`` (feld_id → value) by type, then store them.

    Nothing is written when any value is invalid (ValidationError listing each).
    """
    _check_record(session, entitaet, datensatz_id)
    fields = {f.id: f for f in _ordered(session, entitaet)}
    problems: list[str] = []
    normalized: dict[int, str | None] = {}
    for feld_id, value in values.items():
        feld = fields.get(feld_id)
        if feld is None:
            problems.append(f"Das individuelle Feld {feld_id} gibt es nicht (mehr).")
            continue
        try:
            normalized[feld_id] = _normalize(feld, value)
        except ValueError as exc:
            problems.append(f"{feld.bezeichnung}: {exc}")
    if problems:
        raise ValidationError(
            "Die individuellen Felder können nicht gespeichert werden:\n" + "\n".join(problems),
            problems,
        )
    existing = {
        w.feld_id: w
        for w in session.scalars(
            select(IndivWert).where(
                IndivWert.datensatz_id == datensatz_id, IndivWert.feld_id.in_(list(normalized))
            )
        )
    }
    for feld_id, text in normalized.items():
        row = existing.get(feld_id)
        if row is None:
            if text is not None:
                session.add(IndivWert(feld_id=feld_id, datensatz_id=datensatz_id, wert=text))
        elif text is None:
            session.delete(row)
        else:
            row.wert = text
    session.flush()
    return werte(session, entitaet, datensatz_id)


def _auswahl_text(auswahl: list[str] | str | None) -> str | None:
    if auswahl is None:
        return None
    items = auswahl.splitlines() if isinstance(auswahl, str) else auswahl
    cleaned = []
    for item in items:
        item = item.strip()
        if item and item not in cleaned:
            cleaned.append(item)
    return "\n".join(cleaned) or None


def _validate_definition(
    session: Session,
    entitaet: IndivEntitaet,
    bezeichnung: str,
    typ: IndivFeldTyp,
    auswahl: str | None,
    feld_id: int | None,
) -> None:
    problems = []
    if not bezeichnung:
        problems.append("Bitte geben Sie eine Bezeichnung ein.")
    elif len(bezeichnung) > 100:
        problems.append("Die Bezeichnung darf höchstens 100 Zeichen lang sein.")
    else:
        clash = session.scalar(
            select(IndivFeld.id).where(
                IndivFeld.entitaet == entitaet,
                func.lower(IndivFeld.bezeichnung) == bezeichnung.lower(),
            )
        )
        if clash is not None and clash != feld_id:
            problems.append(f"Ein Feld „{bezeichnung}“ gibt es bereits.")
    if typ is IndivFeldTyp.AUSWAHL and not auswahl:
        problems.append("Ein Auswahlfeld braucht mindestens einen Eintrag in der Auswahlliste.")
    if problems:
        raise ValidationError("\n".join(problems), problems)


def feld_anlegen(
    session: Session,
    user: BenutzerDto,
    entitaet: IndivEntitaet,
    bezeichnung: str,
    typ: IndivFeldTyp,
    auswahl: list[str] | str | None = None,
    pflicht: bool = False,
) -> IndivFeldDto:
    """Define a new field at the end of the list (administrators only)."""
    require_admin(user, "Das Verwalten individueller Felder")
    bezeichnung = (bezeichnung or "").strip()
    text = _auswahl_text(auswahl) if typ is IndivFeldTyp.AUSWAHL else None
    _validate_definition(session, entitaet, bezeichnung, typ, text, None)
    last = session.scalar(
        select(func.max(IndivFeld.position)).where(IndivFeld.entitaet == entitaet)
    )
    feld = IndivFeld(
        entitaet=entitaet,
        bezeichnung=bezeichnung,
        typ=typ,
        auswahlliste=text,
        position=(last + 1) if last is not None else 0,
        pflicht=pflicht,
    )
    session.add(feld)
    session.flush()
    return _feld_dto(session, feld)


def feld_bearbeiten(
    session: Session,
    user: BenutzerDto,
    feld_id: int,
    bezeichnung: str,
    typ: IndivFeldTyp,
    auswahl: list[str] | str | None = None,
    pflicht: bool = False,
) -> IndivFeldDto:
    """Change a definition (administrators only).

    Changing the type, or removing choices, is refused while stored values
    would no longer be valid.
    """
    require_admin(user, "Das Verwalten individueller Felder")
    feld = get_or_404(session, IndivFeld, feld_id, "Individuelles Feld")
    bezeichnung = (bezeichnung or "").strip()
    text = _auswahl_text(auswahl) if typ is IndivFeldTyp.AUSWAHL else None
    _validate_definition(session, feld.entitaet, bezeichnung, typ, text, feld.id)
    probe = IndivFeld(entitaet=feld.entitaet, bezeichnung=bezeichnung, typ=typ, auswahlliste=text)
    invalid = []
    for wert in session.scalars(
        select(IndivWert.wert).where(IndivWert.feld_id == feld.id, IndivWert.wert.is_not(None))
    ):
        shown = anzeige(feld.typ, parse_wert(feld.typ, wert)) if typ is not feld.typ else wert
        try:
            _normalize(probe, shown)
        except ValueError:
            if shown not in invalid:
                invalid.append(shown)
    if invalid:
        raise ValidationError(
            "Vorhandene Werte passen nicht zur neuen Definition: "
            + ", ".join(map(str, invalid[:5]))
        )
    if typ is not feld.typ:
        for row in session.scalars(select(IndivWert).where(IndivWert.feld_id == feld.id)):
            if row.wert is not None:
                row.wert = _normalize(probe, anzeige(feld.typ, parse_wert(feld.typ, row.wert)))
    feld.bezeichnung = bezeichnung
    feld.typ = typ
    feld.auswahlliste = text
    feld.pflicht = pflicht
    session.flush()
    return _feld_dto(session, feld)


def feld_verschieben(session: Session, user: BenutzerDto, feld_id: int, schritt: int) -> None:
    """Move a definition up (``schritt`` < 0) or down in its entity's order."""
    require_admin(user, "Das Verwalten individueller Felder")
    feld = get_or_404(session, IndivFeld, feld_id, "Individuelles Feld")
    fields = _ordered(session, feld.entitaet)
    index = fields.index(feld)
    target = max(0, min(len(fields) - 1, index + schritt))
    fields.insert(target, fields.pop(index))
    for position, f in enumerate(fields):
        f.position = position
    session.flush()


def reihenfolge_setzen(
    session: Session, user: BenutzerDto, entitaet: IndivEntitaet, feld_ids: list[int]
) -> None:
    """Set the complete order of ``entitaet``'s definitions."""
    require_admin(user, "Das Verwalten individueller Felder")
    fields = {f.id: f for f in _ordered(session, entitaet)}
    if sorted(feld_ids) != sorted(fields):
        raise ValidationError("Die Reihenfolge muss jedes Feld genau einmal enthalten.")
    for position, fid in enumerate(feld_ids):
        fields[fid].position = position
    session.flush()


def anzahl_werte(session: Session, feld_id: int) -> int:
    """How many records hold a value for the field (the UI asks before deleting those)."""
    return _feld_dto(
        session, get_or_404(session, IndivFeld, feld_id, "Individuelles Feld")
    ).anzahl_werte


def feld_loeschen(
    session: Session, user: BenutzerDto, feld_id: int, auch_werte: bool = False
) -> int:
    """Delete a definition; with stored values only when ``auch_werte`` (returns their count)."""
    require_admin(user, "Das Verwalten individueller Felder")
    feld = get_or_404(session, IndivFeld, feld_id, "Individuelles Feld")
    count = anzahl_werte(session, feld_id)
    if count and not auch_werte:
        raise ValidationError(
            f"Für das Feld „{feld.bezeichnung}“ sind {count} Werte erfasst. "
            "Beim Löschen gehen sie verloren."
        )
    for row in session.scalars(select(IndivWert).where(IndivWert.feld_id == feld.id)):
        session.delete(row)
    session.delete(feld)
    session.flush()
    return count
