"""Interessenten from Immomio: OpenImmo-Feedback import, list and search.

The feedback (``openimmo_feedback`` → ``objekt`` → ``interessent``) names the
object asked about (``oobj_id`` = our ``openimmo_obid``, or ``anbieter_id`` /
``zusatz_refnr`` = the external id) and the person: vorname, nachname, email,
tel/mobil, anfrage. Birth date and search wishes come as
``user_defined_extend/feld`` (name ``geburtsdatum``, ``zimmer_min``,
``flaeche_min``, ``miete_max``) or ``user_defined_simplefield``; a plain
``geburtsdatum`` child (some portals send one) is read too.

Duplicates are merged, not doubled: the same person is first name + last name
+ birth date, or — when no birth date is known — the e-mail address. Merging
fills empty fields and appends a new inquiry text.

:func:`suche_fuer_einheit` is what the Einheit dialog's "Suche nach
Interessenten" calls.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal, InvalidOperation

from lxml import etree
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import (
    Einheit,
    ImmomioSyncStand,
    Interessent,
    Mandant,
    Objekt,
    Vorschreibung,
)
from omclient.errors import ValidationError
from omclient.immomio.einstellungen import load_settings
from omclient.immomio.leerstaende import leerstand_aus_einheit
from omclient.immomio.preise import ust_saetze_laden
from omclient.immomio.transport import Transport
from omclient.services.common import get_or_404

QUELLE = "Immomio"


class FeedbackInteressent(BaseModel):
    """One inquiry read from a feedback file."""

    model_config = ConfigDict(frozen=True)

    vorname: str | None = None
    nachname: str
    geburtsdatum: dt.date | None = None
    email: str | None = None
    telefon: str | None = None
    anfrage_text: str | None = None
    externe_objekt_id: str | None = None
    zimmer_min: int | None = None
    flaeche_min: Decimal | None = None
    miete_max: Decimal | None = None


class InteressentDto(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    vorname: str | None
    nachname: str
    geburtsdatum: dt.date | None
    email: str | None
    telefon: str | None
    anfrage_text: str | None
    einheit_id: int | None
    einheit_bezeichnung: str | None = None
    externe_objekt_id: str | None
    quelle: str | None
    erstellt_am: dt.datetime
    zimmer_min: int | None
    flaeche_min: Decimal | None
    miete_max: Decimal | None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.nachname, self.vorname) if p)


class InteressentTreffer(BaseModel):
    """An Interessent found for a unit, and why."""

    model_config = ConfigDict(frozen=True)

    interessent: InteressentDto
    direkt: bool
    gruende: list[str]


class ImportErgebnis(BaseModel):
    model_config = ConfigDict(frozen=True)

    gelesen: int
    neu: int
    zusammengefuehrt: int
    ohne_einheit: int
    dateien: int = 1


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _child(element: etree._Element, tag: str) -> str | None:
    found = element.find(tag)
    return _clean(found.text) if found is not None else None


def _extras(element: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for feld in element.iterfind("user_defined_extend/feld"):
        name, wert = _child(feld, "name"), _child(feld, "wert")
        if name and wert:
            values[name.lower()] = wert
    for simple in element.iterfind("user_defined_simplefield"):
        name = simple.get("feldname")
        if name and simple.text and simple.text.strip():
            values[name.lower()] = simple.text.strip()
    return values


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def _decimal(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def _int(text: str | None) -> int | None:
    value = _decimal(text)
    return int(value) if value is not None else None


def _xml_aus(inhalt: bytes) -> list[bytes]:
    """The XML documents in ``inhalt`` (a plain XML file or a ZIP of them)."""
    if inhalt[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(inhalt)) as archive:
                return [archive.read(n) for n in archive.namelist() if n.lower().endswith(".xml")]
        except zipfile.BadZipFile as exc:
            raise ValidationError("Die Feedback-Datei ist kein gültiges ZIP-Archiv.") from exc
    return [inhalt]


def parse_feedback(inhalt: bytes) -> list[FeedbackInteressent]:
    """All inquiries of an OpenImmo-Feedback file (XML or ZIP with XML)."""
    result: list[FeedbackInteressent] = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for document in _xml_aus(inhalt):
        try:
            root = etree.fromstring(document, parser)
        except etree.XMLSyntaxError as exc:
            raise ValidationError(
                f"Die Feedback-Datei ist kein gültiges XML: {exc.msg} (Zeile {exc.lineno})"
            ) from exc
        if root.tag != "openimmo_feedback":
            raise ValidationError(
                f"Keine OpenImmo-Feedback-Datei (Wurzelelement „{root.tag}“ statt "
                "„openimmo_feedback“)."
            )
        for objekt in root.iterfind("objekt"):
            objekt_id = (
                _child(objekt, "oobj_id")
                or _child(objekt, "anbieter_id")
                or _child(objekt, "zusatz_refnr")
            )
            for person in objekt.iterfind("interessent"):
                extras = _extras(person)
                nachname = _child(person, "nachname") or _child(person, "firma")
                if not nachname:
                    continue
                result.append(
                    FeedbackInteressent(
                        vorname=_child(person, "vorname"),
                        nachname=nachname,
                        geburtsdatum=_date(
                            extras.get("geburtsdatum") or _child(person, "geburtsdatum")
                        ),
                        email=(_child(person, "email") or "").lower() or None,
                        telefon=_child(person, "tel") or _child(person, "mobil"),
                        anfrage_text=_child(person, "anfrage"),
                        externe_objekt_id=objekt_id,
                        zimmer_min=_int(extras.get("zimmer_min")),
                        flaeche_min=_decimal(extras.get("flaeche_min")),
                        miete_max=_decimal(extras.get("miete_max")),
                    )
                )
    return result


def _einheit_fuer(session: Session, externe_id: str | None, separator: str) -> int | None:
    if not externe_id:
        return None
    found = session.scalar(
        select(ImmomioSyncStand.einheit_id).where(ImmomioSyncStand.externe_id == externe_id)
    )
    if found is not None:
        return found
    parts = externe_id.split(separator)
    if len(parts) != 3:
        return None
    mandant_nr, objekt_nr, einheit_nr = parts
    return session.scalar(
        select(Einheit.id)
        .join(Einheit.objekt)
        .join(Objekt.mandant)
        .where(
            Mandant.mandant_nr == mandant_nr,
            Objekt.objekt_nr == objekt_nr,
            Einheit.einheit_nr == einheit_nr,
        )
    )


def _same_person(session: Session, item: FeedbackInteressent) -> Interessent | None:
    if item.geburtsdatum is not None:
        query = select(Interessent).where(
            func.lower(Interessent.nachname) == item.nachname.lower(),
            func.lower(func.coalesce(Interessent.vorname, "")) == (item.vorname or "").lower(),
            Interessent.geburtsdatum == item.geburtsdatum,
        )
        found = session.scalars(query.order_by(Interessent.id)).first()
        if found is not None:
            return found
        if item.email:
            # Known before only by e-mail (no birth date then): the same person.
            return session.scalars(
                select(Interessent)
                .where(
                    func.lower(Interessent.email) == item.email,
                    Interessent.geburtsdatum.is_(None),
                )
                .order_by(Interessent.id)
            ).first()
        return None
    if item.email:
        return session.scalars(
            select(Interessent)
            .where(func.lower(Interessent.email) == item.email)
            .order_by(Interessent.id)
        ).first()
    return None


def import_feedback(
    session: Session,
    eintraege: list[FeedbackInteressent],
    clock: Clock = SYSTEM_CLOCK,
    separator: str | None = None,
) -> ImportErgebnis:
    """Store ``eintraege`` (in the caller's transaction), merging duplicates."""
    sep = separator or load_settings(session).separator
    neu = merged = ohne = 0
    for item in eintraege:
        einheit_id = _einheit_fuer(session, item.externe_objekt_id, sep)
        if einheit_id is None:
            ohne += 1
        existing = _same_person(session, item)
        if existing is None:
            session.add(
                Interessent(
                    vorname=item.vorname,
                    nachname=item.nachname,
                    geburtsdatum=item.geburtsdatum,
                    email=item.email,
                    telefon=item.telefon,
                    anfrage_text=item.anfrage_text,
                    einheit_id=einheit_id,
                    externe_objekt_id=item.externe_objekt_id,
                    quelle=QUELLE,
                    erstellt_am=clock.now(),
                    zimmer_min=item.zimmer_min,
                    flaeche_min=item.flaeche_min,
                    miete_max=item.miete_max,
                )
            )
            neu += 1
        else:
            _merge(existing, item, einheit_id)
            merged += 1
        session.flush()
    return ImportErgebnis(
        gelesen=len(eintraege), neu=neu, zusammengefuehrt=merged, ohne_einheit=ohne
    )


def _merge(target: Interessent, item: FeedbackInteressent, einheit_id: int | None) -> None:
    for name in (
        "vorname",
        "geburtsdatum",
        "email",
        "telefon",
        "zimmer_min",
        "flaeche_min",
        "miete_max",
    ):
        value = getattr(item, name)
        if value is not None and getattr(target, name) in (None, ""):
            setattr(target, name, value)
    if item.telefon and target.telefon != item.telefon:
        target.telefon = item.telefon
    if item.anfrage_text:
        text = item.anfrage_text
        if item.externe_objekt_id and item.externe_objekt_id != target.externe_objekt_id:
            text = f"[{item.externe_objekt_id}] {text}"
        if not target.anfrage_text:
            target.anfrage_text = text
        elif item.anfrage_text not in target.anfrage_text:
            target.anfrage_text = f"{target.anfrage_text}\n\n{text}"
    if einheit_id is not None:
        target.einheit_id = einheit_id
        target.externe_objekt_id = item.externe_objekt_id


def import_datei(
    sessions: sessionmaker[Session], inhalt: bytes, clock: Clock = SYSTEM_CLOCK
) -> ImportErgebnis:
    """Parse first (nothing stored on a bad file), then import in one transaction."""
    eintraege = parse_feedback(inhalt)
    with sessions.begin() as session:
        return import_feedback(session, eintraege, clock)


def abrufen(
    sessions: sessionmaker[Session], transport: Transport, clock: Clock = SYSTEM_CLOCK
) -> ImportErgebnis:
    """Fetch feedback files over the transport, import each, then acknowledge it.

    A file is acknowledged (deleted at the server) only after its import was
    committed; a file that fails to import stays there for the next run.
    """
    files = transport.feedback_abrufen()
    totals = {"gelesen": 0, "neu": 0, "zusammengefuehrt": 0, "ohne_einheit": 0}
    for datei in files:
        result = import_datei(sessions, datei.inhalt, clock)
        for key in totals:
            totals[key] += getattr(result, key)
        transport.feedback_quittieren(datei)
    return ImportErgebnis(dateien=len(files), **totals)


def _dtos(session: Session, rows: list[Interessent]) -> list[InteressentDto]:
    ids = {r.einheit_id for r in rows if r.einheit_id is not None}
    names: dict[int, str] = {}
    if ids:
        for einheit, objekt in session.execute(
            select(Einheit, Objekt).join(Einheit.objekt).where(Einheit.id.in_(ids))
        ):
            top = f" Top {einheit.top_nr}" if einheit.top_nr else ""
            names[einheit.id] = f"{objekt.objekt_nr}/{einheit.einheit_nr}{top}"
    return [
        InteressentDto.model_validate(r).model_copy(
            update={"einheit_bezeichnung": names.get(r.einheit_id) if r.einheit_id else None}
        )
        for r in rows
    ]


def liste(
    session: Session, suchtext: str = "", einheit_id: int | None = None
) -> list[InteressentDto]:
    """Interessenten, newest first; ``suchtext`` filters name, e-mail, telephone."""
    query = select(Interessent)
    if suchtext.strip():
        pattern = f"%{suchtext.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Interessent.nachname).like(pattern),
                func.lower(func.coalesce(Interessent.vorname, "")).like(pattern),
                func.lower(func.coalesce(Interessent.email, "")).like(pattern),
                func.coalesce(Interessent.telefon, "").like(pattern),
            )
        )
    if einheit_id is not None:
        query = query.where(Interessent.einheit_id == einheit_id)
    rows = list(session.scalars(query.order_by(Interessent.erstellt_am.desc(), Interessent.id)))
    return _dtos(session, rows)


def suche_fuer_einheit(
    session: Session, einheit_id: int, clock: Clock = SYSTEM_CLOCK
) -> list[InteressentTreffer]:
    """Interessenten for a unit: who asked about it, then whose wishes it meets.

    A wish matches when the unit has at least ``zimmer_min`` rooms, at least
    ``flaeche_min`` m² and its gross total rent is at most ``miete_max``.
    Interessenten without any wish are only listed for the unit they asked
    about. Direct inquiries come first, then by the number of wishes met.
    """
    einheit = get_or_404(session, Einheit, einheit_id, "Einheit")
    raeume = einheit.raeume if einheit.raeume is not None else einheit.anzahl_raeume
    flaeche = einheit.nettonutzflaeche
    miete = _gesamtmiete(session, einheit, clock.today())
    rows = list(session.scalars(select(Interessent).order_by(Interessent.nachname, Interessent.id)))
    found: list[tuple[Interessent, bool, list[str]]] = []
    for row in rows:
        direct = row.einheit_id == einheit_id
        reasons: list[str] = ["hat nach dieser Einheit gefragt"] if direct else []
        wishes = [row.zimmer_min, row.flaeche_min, row.miete_max]
        if all(w is None for w in wishes):
            if direct:
                found.append((row, direct, reasons))
            continue
        ok = True
        if row.zimmer_min is not None:
            if raeume is not None and raeume >= row.zimmer_min:
                reasons.append(f"mind. {row.zimmer_min} Zimmer")
            else:
                ok = False
        if row.flaeche_min is not None:
            if flaeche is not None and flaeche >= row.flaeche_min:
                reasons.append(f"mind. {row.flaeche_min} m²")
            else:
                ok = False
        if row.miete_max is not None:
            if miete is not None and miete <= row.miete_max:
                reasons.append(f"Miete bis {row.miete_max} €")
            else:
                ok = False
        if ok or direct:
            found.append((row, direct, reasons))
    found.sort(key=lambda t: (not t[1], -len(t[2]), t[0].nachname.lower()))
    dtos = _dtos(session, [r for r, _, _ in found])
    return [
        InteressentTreffer(interessent=dto, direkt=direct, gruende=reasons)
        for dto, (_, direct, reasons) in zip(dtos, found, strict=True)
    ]


def _gesamtmiete(session: Session, einheit: Einheit, stichtag: dt.date) -> Decimal | None:
    """Gross total rent of the unit's target rent (Soll-Vorschreibung), as advertised."""
    rows = list(
        session.scalars(
            select(Vorschreibung).where(
                Vorschreibung.einheit_id == einheit.id,
                Vorschreibung.bestandsverhaeltnis_id.is_(None),
            )
        )
    )
    settings = load_settings(session)
    saetze = ust_saetze_laden(session)
    return leerstand_aus_einheit(
        einheit, None, rows, settings, stichtag, saetze=saetze
    ).gesamtmiete_brutto
