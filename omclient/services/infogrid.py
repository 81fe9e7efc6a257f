"""The Infogrid: records linked to an Einheit or a Bestandsverhältnis, with counts.

Kinds (Verträge, Vermerke, Aufträge, Schlüssel) and their order come from
``InfogridEinstellung`` per context (administrators edit them in the
Infogrid-Einstellungen); without settings all kinds show in their natural
order. A user may hide single entries (``InfogridAusblendung``, per user and
context). Only records linked to the given Einheit/Bestandsverhältnis count —
never those linked to the Objekt only.

Records are created/edited generically from :data:`FELDER`, the one
declaration of each kind's fields (label, kind, required) that the UI builds
its forms from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from omclient.domain import (
    Auftrag,
    Bestandsverhaeltnis,
    Einheit,
    Flaechenaufteilung,
    InfogridAusblendung,
    InfogridEinstellung,
    Schluessel,
    Vermerk,
    Verrechnungseinheit,
    Vertrag,
)
from omclient.domain.enums import InfoArt, InfoKontext
from omclient.errors import ValidationError
from omclient.formatting import date as fmt_date
from omclient.services.benutzer import require_admin
from omclient.services.common import get_or_404
from omclient.services.dto import BenutzerDto, Dto
from omclient.services.felder import Feld, Formular

MODELLE: dict[InfoArt, type[Vertrag | Vermerk | Auftrag | Schluessel]] = {
    InfoArt.VERTRAG: Vertrag,
    InfoArt.VERMERK: Vermerk,
    InfoArt.AUFTRAG: Auftrag,
    InfoArt.SCHLUESSEL: Schluessel,
}

SINGULAR = {
    InfoArt.VERTRAG: "Vertrag",
    InfoArt.VERMERK: "Vermerk",
    InfoArt.AUFTRAG: "Auftrag",
    InfoArt.SCHLUESSEL: "Schlüssel",
}


@dataclass(frozen=True)
class InfoFeld:
    """A field of an Infogrid record: attribute, German label, form kind, required."""

    name: str
    label: str
    kind: str = "text"
    pflicht: bool = False


FELDER: dict[InfoArt, tuple[InfoFeld, ...]] = {
    InfoArt.VERTRAG: (
        InfoFeld("vertragsart", "Vertragsart", pflicht=True),
        InfoFeld("nummer", "Nummer"),
        InfoFeld("beginn", "Beginn", "date"),
        InfoFeld("ende", "Ende", "date"),
        InfoFeld("betrag", "Betrag (€)", "decimal"),
        InfoFeld("bemerkung", "Bemerkung", "multiline"),
    ),
    InfoArt.VERMERK: (
        InfoFeld("datum", "Datum", "date", pflicht=True),
        InfoFeld("betreff", "Betreff", pflicht=True),
        InfoFeld("text", "Text", "multiline"),
    ),
    InfoArt.AUFTRAG: (
        InfoFeld("nummer", "Nummer"),
        InfoFeld("datum", "Datum", "date", pflicht=True),
        InfoFeld("betreff", "Betreff", pflicht=True),
        InfoFeld("status", "Status", pflicht=True),
        InfoFeld("beschreibung", "Beschreibung", "multiline"),
    ),
    InfoArt.SCHLUESSEL: (
        InfoFeld("art", "Art", pflicht=True),
        InfoFeld("nummer", "Nummer"),
        InfoFeld("anzahl", "Anzahl", "int", pflicht=True),
        InfoFeld("ausgabedatum", "Ausgabedatum", "date"),
        InfoFeld("rueckgabedatum", "Rückgabedatum", "date"),
        InfoFeld("bemerkung", "Bemerkung", "multiline"),
    ),
}

AUFTRAG_STATUS = ("offen", "in Arbeit", "erledigt", "storniert")


def formular(art: InfoArt) -> Formular:
    """The form of a record of kind ``art``: required fields' labels end in " *"."""
    felder = []
    for f in FELDER[art]:
        label = f.label + (" *" if f.pflicht else "")
        if art is InfoArt.AUFTRAG and f.name == "status":
            felder.append(
                Feld(f.name, label, "choice", choices=tuple((s, s) for s in AUFTRAG_STATUS))
            )
        else:
            felder.append(Feld(f.name, label, f.kind))
    return Formular(MODELLE[art], tuple(felder))


class InfogridEintrag(Dto):
    """One line of the Infogrid: the kind, how many records, hidden by the user."""

    art: InfoArt
    anzahl: int
    ausgeblendet: bool = False

    @property
    def text(self) -> str:
        return f"{self.art.value} ({self.anzahl})"


class InfogridEinstellungDto(Dto):
    art: InfoArt
    position: int
    sichtbar: bool


class InfoDatensatz(Dto):
    """A record of one kind: id, the sort date, a title line and all field values."""

    id: int
    art: InfoArt
    datum: dt.date | None
    titel: str
    werte: dict[str, Any]


class VehOption(Dto):
    id: int
    sachbereich: str
    text: str


def _link(model: Any, kontext: InfoKontext, datensatz_id: int) -> Any:
    column = model.einheit_id if kontext is InfoKontext.EINHEIT else model.bestandsverhaeltnis_id
    return column == datensatz_id


def _check_target(session: Session, kontext: InfoKontext, datensatz_id: int) -> None:
    if kontext is InfoKontext.EINHEIT:
        get_or_404(session, Einheit, datensatz_id, "Einheit")
    else:
        get_or_404(session, Bestandsverhaeltnis, datensatz_id, "Bestandsverhältnis")


def einstellungen(session: Session, kontext: InfoKontext) -> list[InfogridEinstellungDto]:
    """The configured kinds of ``kontext`` in order (every kind, configured or not)."""
    rows = {
        r.art: r
        for r in session.scalars(
            select(InfogridEinstellung).where(InfogridEinstellung.kontext == kontext)
        )
    }
    natural = list(InfoArt)
    result = [
        InfogridEinstellungDto(
            art=art,
            position=rows[art].position if art in rows else 1000 + natural.index(art),
            sichtbar=rows[art].sichtbar if art in rows else True,
        )
        for art in natural
    ]
    return sorted(result, key=lambda r: (r.position, natural.index(r.art)))


def einstellungen_speichern(
    session: Session,
    user: BenutzerDto,
    kontext: InfoKontext,
    reihenfolge: list[tuple[InfoArt, bool]],
) -> None:
    """Store which kinds show in ``kontext`` and in which order (administrators only)."""
    require_admin(user, "Das Ändern der Infogrid-Einstellungen")
    arten = [art for art, _ in reihenfolge]
    if len(set(arten)) != len(arten):
        raise ValidationError("Jede Art darf in den Infogrid-Einstellungen nur einmal vorkommen.")
    existing = {
        r.art: r
        for r in session.scalars(
            select(InfogridEinstellung).where(InfogridEinstellung.kontext == kontext)
        )
    }
    for position, (art, sichtbar) in enumerate(reihenfolge):
        row = existing.get(art)
        if row is None:
            session.add(
                InfogridEinstellung(kontext=kontext, art=art, position=position, sichtbar=sichtbar)
            )
        else:
            row.position = position
            row.sichtbar = sichtbar
    session.flush()


def eintraege(
    session: Session,
    kontext: InfoKontext,
    datensatz_id: int,
    benutzer_id: int | None,
    auch_ausgeblendete: bool = False,
) -> list[InfogridEintrag]:
    """The Infogrid lines for the record: configured kinds in order, with counts.

    Kinds switched off by the administrator never show; kinds the user hid
    show only with ``auch_ausgeblendete`` (marked ``ausgeblendet``).
    """
    _check_target(session, kontext, datensatz_id)
    hidden = set()
    if benutzer_id is not None:
        hidden = set(
            session.scalars(
                select(InfogridAusblendung.art).where(
                    InfogridAusblendung.benutzer_id == benutzer_id,
                    InfogridAusblendung.kontext == kontext,
                )
            )
        )
    result = []
    for setting in einstellungen(session, kontext):
        if not setting.sichtbar:
            continue
        if setting.art in hidden and not auch_ausgeblendete:
            continue
        model = MODELLE[setting.art]
        count = session.scalar(
            select(func.count()).select_from(model).where(_link(model, kontext, datensatz_id))
        )
        result.append(
            InfogridEintrag(art=setting.art, anzahl=count or 0, ausgeblendet=setting.art in hidden)
        )
    return result


def ausblenden(
    session: Session, benutzer_id: int, kontext: InfoKontext, art: InfoArt, jetzt: dt.datetime
) -> None:
    """Hide the entry ``art`` of ``kontext`` for this user."""
    exists = session.scalar(
        select(InfogridAusblendung.id).where(
            InfogridAusblendung.benutzer_id == benutzer_id,
            InfogridAusblendung.kontext == kontext,
            InfogridAusblendung.art == art,
        )
    )
    if exists is None:
        session.add(
            InfogridAusblendung(benutzer_id=benutzer_id, kontext=kontext, art=art, zeitpunkt=jetzt)
        )
        session.flush()


def einblenden(
    session: Session, benutzer_id: int, kontext: InfoKontext, art: InfoArt | None = None
) -> None:
    """Show a hidden entry again (``art=None``: all hidden entries of the context)."""
    stmt = delete(InfogridAusblendung).where(
        InfogridAusblendung.benutzer_id == benutzer_id, InfogridAusblendung.kontext == kontext
    )
    if art is not None:
        stmt = stmt.where(InfogridAusblendung.art == art)
    session.execute(stmt)


def _titel(art: InfoArt, obj: Any) -> tuple[dt.date | None, str]:
    if art is InfoArt.VERTRAG:
        nr = f" {obj.nummer}" if obj.nummer else ""
        zeit = f" ({fmt_date(obj.beginn)} – {fmt_date(obj.ende)})" if obj.beginn else ""
        return obj.beginn, f"{obj.vertragsart}{nr}{zeit}"
    if art is InfoArt.VERMERK:
        return obj.datum, obj.betreff
    if art is InfoArt.AUFTRAG:
        nr = f"{obj.nummer}: " if obj.nummer else ""
        return obj.datum, f"{nr}{obj.betreff} [{obj.status}]"
    nr = f" {obj.nummer}" if obj.nummer else ""
    return obj.ausgabedatum, f"{obj.anzahl} × {obj.art}{nr}"


def _datensatz(art: InfoArt, obj: Any) -> InfoDatensatz:
    datum, titel = _titel(art, obj)
    werte = {f.name: getattr(obj, f.name) for f in FELDER[art]}
    return InfoDatensatz(id=obj.id, art=art, datum=datum, titel=titel, werte=werte)


def liste(
    session: Session, kontext: InfoKontext, datensatz_id: int, art: InfoArt
) -> list[InfoDatensatz]:
    """The records of kind ``art`` linked to the record, newest first."""
    _check_target(session, kontext, datensatz_id)
    model = MODELLE[art]
    rows = session.scalars(
        select(model).where(_link(model, kontext, datensatz_id)).order_by(model.id.desc())
    )
    items = [_datensatz(art, obj) for obj in rows]
    return sorted(items, key=lambda d: d.datum or dt.date.min, reverse=True)


def lade(session: Session, art: InfoArt, record_id: int) -> InfoDatensatz:
    return _datensatz(art, get_or_404(session, MODELLE[art], record_id, SINGULAR[art]))


def _clean(art: InfoArt, values: Mapping[str, Any]) -> dict[str, Any]:
    felder = {f.name: f for f in FELDER[art]}
    unknown = [k for k in values if k not in felder]
    if unknown:
        raise ValidationError(f"Unbekannte Felder: {', '.join(unknown)}")
    cleaned: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip() or None
        feld = felder[name]
        if feld.kind == "date" and value is not None and not isinstance(value, dt.date):
            problems.append(f"{feld.label}: bitte ein Datum (TT.MM.JJJJ) eingeben.")
        if feld.kind == "decimal" and value is not None and not isinstance(value, Decimal):
            problems.append(f"{feld.label}: bitte einen Betrag eingeben.")
        if feld.kind == "int" and value is not None and (not isinstance(value, int) or value < 0):
            problems.append(f"{feld.label}: bitte eine ganze Zahl ≥ 0 eingeben.")
        cleaned[name] = value
    for feld in felder.values():
        if feld.pflicht and feld.name in cleaned and cleaned[feld.name] is None:
            problems.append(f"{feld.label}: bitte ausfüllen.")
    start, end = {
        InfoArt.VERTRAG: ("beginn", "ende"),
        InfoArt.SCHLUESSEL: ("ausgabedatum", "rueckgabedatum"),
    }.get(art, (None, None))
    if start and end and cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
        problems.append(f"{felder[end].label} darf nicht vor {felder[start].label} liegen.")
    if art is InfoArt.AUFTRAG and cleaned.get("status") not in (None, *AUFTRAG_STATUS):
        problems.append(f"Status: erlaubt sind {', '.join(AUFTRAG_STATUS)}.")
    if problems:
        raise ValidationError("\n".join(problems), problems)
    return cleaned


def veh_optionen(session: Session, einheit_id: int) -> tuple[bool, list[VehOption]]:
    """The Verrechnungseinheiten an Auftrag of the unit can be booked on.

    Returns ``(uneindeutig, optionen)``: ambiguous when a Sachbereich holds
    several VEHs of the unit — then the user must choose one.
    """
    rows = session.execute(
        select(Verrechnungseinheit)
        .join(
            Flaechenaufteilung, Flaechenaufteilung.verrechnungseinheit_id == Verrechnungseinheit.id
        )
        .where(Flaechenaufteilung.einheit_id == einheit_id)
        .order_by(Verrechnungseinheit.sachbereich_id, Verrechnungseinheit.nummer)
    ).scalars()
    options = [
        VehOption(
            id=v.id,
            sachbereich=v.sachbereich.code,
            text=f"{v.sachbereich.code} {v.nummer} – {v.bezeichnung} ({v.sachbereich.bezeichnung})",
        )
        for v in rows
    ]
    per_sb: dict[str, int] = {}
    for o in options:
        per_sb[o.sachbereich] = per_sb.get(o.sachbereich, 0) + 1
    return any(n > 1 for n in per_sb.values()), options


def anlegen(
    session: Session,
    kontext: InfoKontext,
    datensatz_id: int,
    art: InfoArt,
    values: Mapping[str, Any],
    heute: dt.date,
    benutzer: str | None = None,
    verrechnungseinheit_id: int | None = None,
) -> InfoDatensatz:
    """Create a record of kind ``art`` linked to the record (validated first).

    For an Auftrag of an Einheit with an ambiguous Sachbereich (see
    :func:`veh_optionen`) ``verrechnungseinheit_id`` must name one of its VEHs.
    """
    _check_target(session, kontext, datensatz_id)
    data: dict[str, Any] = {f.name: None for f in FELDER[art] if f.pflicht}
    if art in (InfoArt.VERMERK, InfoArt.AUFTRAG):
        data["datum"] = heute
    if art is InfoArt.AUFTRAG:
        data["status"] = "offen"
    if art is InfoArt.SCHLUESSEL:
        data["anzahl"] = 1
    data.update(values)
    cleaned = _clean(art, data)
    extra: dict[str, Any] = {}
    if art is InfoArt.AUFTRAG:
        from omclient.services.ausstattung import naechste_auftragsnummer

        if not cleaned.get("nummer"):
            cleaned["nummer"] = naechste_auftragsnummer(session, heute)
        if kontext is InfoKontext.EINHEIT:
            uneindeutig, optionen = veh_optionen(session, datensatz_id)
            ids = {o.id for o in optionen}
            if verrechnungseinheit_id is not None and verrechnungseinheit_id not in ids:
                raise ValidationError("Die Verrechnungseinheit gehört nicht zu dieser Einheit.")
            if uneindeutig and verrechnungseinheit_id is None:
                raise ValidationError(
                    "Die Einheit hat einen uneindeutigen Sachbereich: bitte wählen Sie "
                    "Sachbereich bzw. Verrechnungseinheit für den Auftrag."
                )
            if verrechnungseinheit_id is None and len(optionen) == 1:
                verrechnungseinheit_id = optionen[0].id
        extra["verrechnungseinheit_id"] = verrechnungseinheit_id
    if art is InfoArt.VERMERK:
        extra["benutzer"] = benutzer
    link = (
        {"einheit_id": datensatz_id}
        if kontext is InfoKontext.EINHEIT
        else {"bestandsverhaeltnis_id": datensatz_id}
    )
    obj = MODELLE[art](**link, **cleaned, **extra)
    session.add(obj)
    session.flush()
    return _datensatz(art, obj)


def bearbeiten(
    session: Session, art: InfoArt, record_id: int, values: Mapping[str, Any]
) -> InfoDatensatz:
    obj = get_or_404(session, MODELLE[art], record_id, SINGULAR[art])
    for name, value in _clean(art, values).items():
        setattr(obj, name, value)
    session.flush()
    return _datensatz(art, obj)


def loeschen(session: Session, art: InfoArt, record_id: int) -> None:
    obj = get_or_404(session, MODELLE[art], record_id, SINGULAR[art])
    session.delete(obj)
    session.flush()
