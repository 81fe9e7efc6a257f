"""Stammdaten to Immomio: Wirtschaftseinheiten, Verwaltungseinheiten, Mieter, Mietverträge.

Aareon Connect's second Immomio use case. What goes out (field mapping in
``docs/immomio-stammdaten.md``):

* only data of the configured Mandanten;
* Wirtschaftseinheiten = active Objekte, Verwaltungseinheiten = their active
  Einheiten, each with the composite id (Mandant, Objekt-Nr, Einheit-Nr joined
  with the configured separator);
* Mieter = persons with an e-mail address who hold a Mietvertrag;
  Mietverträge = tenancies (Bestandsart Miete, active, not ended before the
  Stichtag) of such persons. Tenancies of tenants without an e-mail address
  are not sent; the plan counts them.

Change-only like the Leerstände push: ``ImmomioStammdatenStand`` keeps per
record the content hash Immomio confirmed. :func:`plan` compares; a record is
*neu*, *geändert*, *unverändert* or *gelöscht* (sent before, gone now).
:func:`senden` posts JSON per kind and batch (``POST <url>/<stammdaten_pfad>/
<kind>`` with ``{"datensaetze": [...], "loeschen": [ids]}``) and stores what
the server confirmed after each batch in its own transaction, so a broken
transfer resumes with what is left. Every run, also a dry run, is recorded in
``ImmomioUebertragung``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import (
    Bestandsverhaeltnis,
    Einheit,
    ImmomioStammdatenStand,
    ImmomioUebertragung,
    Mandant,
    Objekt,
    Person,
)
from omclient.domain.enums import BvArt
from omclient.errors import OmError, ValidationError
from omclient.immomio.einstellungen import ImmomioEinstellungen, load_settings
from omclient.immomio.leerstaende import stockwerk_deuten
from omclient.immomio.transport import Bestaetigung

log = logging.getLogger(__name__)

WIRTSCHAFTSEINHEITEN = "wirtschaftseinheiten"
VERWALTUNGSEINHEITEN = "verwaltungseinheiten"
MIETER = "mieter"
MIETVERTRAEGE = "mietvertraege"
# Referenced records first: a Mietvertrag names its Verwaltungseinheit and Mieter.
ENTITAETEN = (WIRTSCHAFTSEINHEITEN, VERWALTUNGSEINHEITEN, MIETER, MIETVERTRAEGE)
ENTITAET_TEXT = {
    WIRTSCHAFTSEINHEITEN: "Wirtschaftseinheiten",
    VERWALTUNGSEINHEITEN: "Verwaltungseinheiten",
    MIETER: "Mieter",
    MIETVERTRAEGE: "Mietverträge",
}

NEU, GEAENDERT, GELOESCHT = "neu", "geändert", "gelöscht"


class StammdatenSender(Protocol):
    """What :func:`senden` needs of a transport (the HTTPS transport has it)."""

    art: str

    def json_senden(self, pfad: str, daten: dict[str, Any]) -> Bestaetigung: ...


class Datensatz(BaseModel):
    """One record as Immomio gets it, and what happens with it."""

    model_config = ConfigDict(frozen=True)

    entitaet: str
    externe_id: str
    bezeichnung: str
    daten: dict[str, Any] | None
    inhalt_hash: str | None
    aktion: str | None


class StammdatenPlan(BaseModel):
    """The diff of a Stammdaten transfer, and the tenancies left out."""

    model_config = ConfigDict(frozen=True)

    stichtag: dt.date
    voll: bool
    datensaetze: list[Datensatz]
    ohne_email: list[str]

    def zu_senden(self, entitaet: str | None = None) -> list[Datensatz]:
        return [
            d
            for d in self.datensaetze
            if d.aktion is not None and (entitaet is None or d.entitaet == entitaet)
        ]

    def zaehler(self) -> dict[str, dict[str, int]]:
        """Per kind: neu, geändert, gelöscht, unverändert."""
        result = {e: {NEU: 0, GEAENDERT: 0, GELOESCHT: 0, "unverändert": 0} for e in ENTITAETEN}
        for d in self.datensaetze:
            result[d.entitaet][d.aktion or "unverändert"] += 1
        return result

    def mietvertraege(self) -> list[Datensatz]:
        """The Mietverträge that are current (sent or unchanged), not deleted ones."""
        return [
            d for d in self.datensaetze if d.entitaet == MIETVERTRAEGE and d.aktion != GELOESCHT
        ]


class StammdatenErgebnis(BaseModel):
    model_config = ConfigDict(frozen=True)

    uebertragung_id: int
    ergebnis: str
    gesendet: int
    geloescht: int
    offen: int
    abgelehnt: dict[str, str]
    meldung: str | None


def _hash(daten: dict[str, Any]) -> str:
    text = json.dumps(daten, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def aktuelle_datensaetze(
    session: Session, settings: ImmomioEinstellungen, stichtag: dt.date
) -> tuple[list[tuple[str, str, str, dict[str, Any]]], list[str]]:
    """(kind, id, label, data) of everything to have at Immomio now, and the
    labels of tenancies left out because their tenant has no e-mail address."""
    sep = settings.separator
    mandanten = {
        m.id: m
        for m in session.scalars(select(Mandant).where(Mandant.mandant_nr.in_(settings.mandanten)))
    }
    records: list[tuple[str, str, str, dict[str, Any]]] = []
    if not mandanten:
        return records, []
    objekte = {
        o.id: o
        for o in session.scalars(
            select(Objekt)
            .where(Objekt.mandant_id.in_(list(mandanten)), Objekt.aktiv.is_(True))
            .order_by(Objekt.objekt_nr)
        )
    }
    for objekt in objekte.values():
        nr = mandanten[objekt.mandant_id].mandant_nr
        oid = sep.join((nr, objekt.objekt_nr))
        records.append(
            (
                WIRTSCHAFTSEINHEITEN,
                oid,
                f"Objekt {objekt.objekt_nr} {objekt.bezeichnung}",
                {
                    "id": oid,
                    "mandant": nr,
                    "nummer": objekt.objekt_nr,
                    "bezeichnung": objekt.bezeichnung,
                    "strasse": objekt.strasse,
                    "hausnummer": objekt.hausnummer,
                    "plz": objekt.plz,
                    "ort": objekt.ort,
                    "land": objekt.land,
                    "baujahr": objekt.baujahr,
                },
            )
        )
    einheiten: dict[int, tuple[Einheit, str]] = {}
    for einheit in session.scalars(
        select(Einheit)
        .where(Einheit.objekt_id.in_(list(objekte)), Einheit.aktiv.is_(True))
        .order_by(Einheit.objekt_id, Einheit.einheit_nr)
    ):
        objekt = objekte[einheit.objekt_id]
        nr = mandanten[objekt.mandant_id].mandant_nr
        eid = sep.join((nr, objekt.objekt_nr, einheit.einheit_nr))
        einheiten[einheit.id] = (einheit, eid)
        gedeutet = stockwerk_deuten(einheit.stockwerk)
        top = f" Top {einheit.top_nr}" if einheit.top_nr else ""
        records.append(
            (
                VERWALTUNGSEINHEITEN,
                eid,
                f"{objekt.objekt_nr}/{einheit.einheit_nr}{top} – {einheit.einheitsart.value}",
                {
                    "id": eid,
                    "wirtschaftseinheit_id": sep.join((nr, objekt.objekt_nr)),
                    "nummer": einheit.einheit_nr,
                    "top": einheit.top_nr,
                    "art": einheit.einheitsart.value,
                    "typus": einheit.typus.value,
                    "flaeche": str(einheit.nettonutzflaeche)
                    if einheit.nettonutzflaeche is not None
                    else None,
                    "zimmer": einheit.raeume
                    if einheit.raeume is not None
                    else einheit.anzahl_raeume,
                    "stockwerk": einheit.stockwerk,
                    "etage": gedeutet[0] if gedeutet else None,
                    "strasse": einheit.strasse or objekt.strasse,
                    "hausnummer": einheit.hausnummer or objekt.hausnummer,
                    "stiege": einheit.stiege,
                    "tuer": einheit.tuer,
                    "plz": einheit.plz or objekt.plz,
                    "ort": einheit.ort or objekt.ort,
                },
            )
        )
    ohne_email: list[str] = []
    mieter: dict[int, str] = {}
    vertraege: list[tuple[str, str, str, dict[str, Any]]] = []
    rows = session.execute(
        select(Bestandsverhaeltnis, Person)
        .join(Person, Bestandsverhaeltnis.person_id == Person.id)
        .where(
            Bestandsverhaeltnis.einheit_id.in_(list(einheiten)),
            Bestandsverhaeltnis.art == BvArt.MIETE,
            Bestandsverhaeltnis.aktiv.is_(True),
        )
    ).all()
    for bv, person in sorted(rows, key=lambda r: (einheiten[r[0].einheit_id][1], r[0].bv_nr)):
        if bv.auszugsdatum is not None and bv.auszugsdatum < stichtag:
            continue
        einheit, eid = einheiten[bv.einheit_id]
        vid = sep.join((eid, bv.bv_nr))
        if not (person.email or "").strip():
            ohne_email.append(f"{vid} {person.anzeigename}")
            continue
        top = f" Top {einheit.top_nr}" if einheit.top_nr else ""
        label = f"{person.anzeigename} – {eid}{top}"
        person_mandant = mandanten.get(person.mandant_id) or person.mandant
        nr = person_mandant.mandant_nr
        pid = sep.join((nr, person.person_nr))
        if person.id not in mieter:
            mieter[person.id] = pid
            records.append(
                (
                    MIETER,
                    pid,
                    person.anzeigename,
                    {
                        "id": pid,
                        "mandant": nr,
                        "anrede": person.anrede,
                        "titel": person.titel,
                        "vorname": person.vorname,
                        "nachname": person.nachname,
                        "firma": person.firma,
                        "email": person.email.strip() if person.email else None,
                        "telefon": person.telefon,
                        "mobil": person.mobil,
                        "strasse": person.strasse,
                        "hausnummer": person.hausnummer,
                        "plz": person.plz,
                        "ort": person.ort,
                        "land": person.land,
                    },
                )
            )
        vertraege.append(
            (
                MIETVERTRAEGE,
                vid,
                label,
                {
                    "id": vid,
                    "verwaltungseinheit_id": eid,
                    "mieter_id": pid,
                    "vertragsnummer": bv.bv_nr,
                    "bestandsart": bv.bestandsart,
                    "beginn": _iso(bv.bezugsdatum),
                    "ende": _iso(bv.auszugsdatum),
                    "befristet_bis": _iso(bv.befristung_bis),
                },
            )
        )
    return records + vertraege, ohne_email


def plan(
    session: Session, settings: ImmomioEinstellungen, stichtag: dt.date, voll: bool = False
) -> StammdatenPlan:
    """What differs from what Immomio confirmed (``voll``: everything current again)."""
    current, ohne_email = aktuelle_datensaetze(session, settings, stichtag)
    stands = {
        (s.entitaet, s.externe_id): s
        for s in session.scalars(
            select(ImmomioStammdatenStand).where(ImmomioStammdatenStand.geloescht_am.is_(None))
        )
    }
    datensaetze: list[Datensatz] = []
    seen = set()
    for entitaet, eid, label, daten in current:
        digest = _hash(daten)
        stand = stands.get((entitaet, eid))
        seen.add((entitaet, eid))
        if stand is None:
            aktion: str | None = NEU
        elif stand.inhalt_hash != digest or voll:
            aktion = GEAENDERT
        else:
            aktion = None
        datensaetze.append(
            Datensatz(
                entitaet=entitaet,
                externe_id=eid,
                bezeichnung=label,
                daten=daten,
                inhalt_hash=digest,
                aktion=aktion,
            )
        )
    for key in sorted(set(stands) - seen, key=lambda k: (ENTITAETEN.index(k[0]), k[1])):
        datensaetze.append(
            Datensatz(
                entitaet=key[0],
                externe_id=key[1],
                bezeichnung=key[1],
                daten=None,
                inhalt_hash=None,
                aktion=GELOESCHT,
            )
        )
    return StammdatenPlan(
        stichtag=stichtag, voll=voll, datensaetze=datensaetze, ohne_email=ohne_email
    )


def _require_usable(settings: ImmomioEinstellungen) -> None:
    problems = settings.probleme()
    if settings.transport != "https":
        problems.append(
            "Stammdaten werden nur über die Immomio-API (HTTPS) übertragen, nicht per FTP."
        )
    if problems:
        raise ValidationError(
            "Immomio ist für die Stammdaten noch nicht vollständig eingerichtet "
            "(Extras → Immomio).",
            problems,
        )


def probelauf(
    sessions: sessionmaker[Session],
    benutzer: str,
    clock: Clock = SYSTEM_CLOCK,
    voll: bool = False,
    settings: ImmomioEinstellungen | None = None,
) -> tuple[StammdatenPlan, int]:
    """Plan without sending, recorded as a dry run. Needs configured Mandanten."""
    now = clock.now()
    with sessions() as session:
        settings = settings or load_settings(session)
        if not settings.mandanten:
            raise ValidationError(
                "Für die Stammdaten bitte zuerst die Mandantennummern eintragen "
                "(Extras → Immomio → Einstellungen)."
            )
        p = plan(session, settings, now.date(), voll=voll)
    counts = p.zaehler()
    with sessions.begin() as session:
        record = ImmomioUebertragung(
            gestartet_am=now,
            beendet_am=clock.now(),
            benutzer=benutzer,
            art="Stammdaten-Probelauf",
            transport=settings.transport,
            neu=sum(c[NEU] for c in counts.values()),
            geaendert=sum(c[GEAENDERT] for c in counts.values()),
            zurueckgezogen=sum(c[GELOESCHT] for c in counts.values()),
            ergebnis="Probelauf",
            meldung=_zusammenfassung(p),
        )
        session.add(record)
        session.flush()
        record_id = record.id
    return p, record_id


def _zusammenfassung(p: StammdatenPlan) -> str:
    counts = p.zaehler()
    parts = [
        f"{ENTITAET_TEXT[e]}: neu {c[NEU]}, geändert {c[GEAENDERT]}, gelöscht {c[GELOESCHT]}"
        for e, c in counts.items()
    ]
    parts.append(f"{len(p.ohne_email)} Mietverträge ohne E-Mail des Mieters nicht übertragen")
    return "\n".join(parts)


def senden(
    sessions: sessionmaker[Session],
    transport: StammdatenSender,
    benutzer: str,
    clock: Clock = SYSTEM_CLOCK,
    voll: bool = False,
    settings: ImmomioEinstellungen | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> StammdatenErgebnis:
    """Send the plan kind by kind in batches; see the module doc.

    Settings problems raise ValidationError before anything is sent; transfer
    problems end the run with ``fehlerhaft`` (what was confirmed stays stored).
    """
    started = clock.now()
    with sessions() as session:
        settings = settings or load_settings(session)
        _require_usable(settings)
        p = plan(session, settings, started.date(), voll=voll)
    todo = p.zu_senden()
    with sessions.begin() as session:
        record = ImmomioUebertragung(
            gestartet_am=started,
            benutzer=benutzer,
            art="Stammdaten (voll)" if voll else "Stammdaten",
            transport=transport.art,
            neu=0,
            geaendert=0,
            zurueckgezogen=0,
            ergebnis="läuft" if todo else "nichts zu übertragen",
            beendet_am=None if todo else clock.now(),
        )
        session.add(record)
        session.flush()
        record_id = record.id
    done = {NEU: 0, GEAENDERT: 0, GELOESCHT: 0}
    rejected: dict[str, str] = {}
    ergebnis, meldung = ("erfolgreich", None) if todo else ("nichts zu übertragen", None)
    sent = 0
    if progress and todo:
        progress(0, len(todo))
    size = settings.batch_groesse
    try:
        for entitaet in ENTITAETEN:
            items = p.zu_senden(entitaet)
            for start in range(0, len(items), size):
                if cancelled and cancelled():
                    ergebnis, meldung = "abgebrochen", "Vom Benutzer abgebrochen."
                    break
                batch = items[start : start + size]
                body = {
                    "datensaetze": [d.daten for d in batch if d.aktion != GELOESCHT],
                    "loeschen": [d.externe_id for d in batch if d.aktion == GELOESCHT],
                }
                pfad = f"{settings.stammdaten_pfad.strip('/')}/{entitaet}"
                try:
                    confirmation = transport.json_senden(pfad, body)
                except OmError as exc:
                    ergebnis, meldung = "fehlerhaft", exc.message
                    log.warning("Immomio-Stammdaten %s: %s", record_id, exc.message)
                    break
                _store_confirmed(sessions, batch, confirmation, clock.now(), done, rejected)
                sent += len(batch)
                if progress:
                    progress(sent, len(todo))
            if ergebnis != "erfolgreich":
                break
    except Exception:
        with sessions.begin() as session:
            failed = session.get_one(ImmomioUebertragung, record_id)
            failed.ergebnis, failed.beendet_am = "fehlerhaft", clock.now()
            failed.meldung = "Interner Fehler – Details im Protokoll."
        raise
    if ergebnis == "erfolgreich" and rejected:
        ergebnis, meldung = "teilweise", f"{len(rejected)} Datensätze von Immomio nicht angenommen."
    offen = len(todo) - sum(done.values())
    with sessions.begin() as session:
        record = session.get_one(ImmomioUebertragung, record_id)
        record.neu, record.geaendert, record.zurueckgezogen = (
            done[NEU],
            done[GEAENDERT],
            done[GELOESCHT],
        )
        record.ergebnis = ergebnis
        record.beendet_am = clock.now()
        details = [meldung] if meldung else []
        details += [f"{k}: {v}" for k, v in sorted(rejected.items())]
        if offen and ergebnis not in ("erfolgreich", "nichts zu übertragen"):
            details.append(
                f"{offen} Datensätze noch offen – werden beim nächsten Senden übertragen."
            )
        record.meldung = "\n".join(details) or None
    return StammdatenErgebnis(
        uebertragung_id=record_id,
        ergebnis=ergebnis,
        gesendet=done[NEU] + done[GEAENDERT],
        geloescht=done[GELOESCHT],
        offen=offen,
        abgelehnt=rejected,
        meldung=meldung,
    )


def _store_confirmed(
    sessions: sessionmaker[Session],
    batch: list[Datensatz],
    confirmation: Bestaetigung,
    when: dt.datetime,
    done: dict[str, int],
    rejected: dict[str, str],
) -> None:
    """Record what the server confirmed of one batch (one transaction)."""
    entitaet = batch[0].entitaet
    with sessions.begin() as session:
        stands = {
            s.externe_id: s
            for s in session.scalars(
                select(ImmomioStammdatenStand).where(
                    ImmomioStammdatenStand.entitaet == entitaet,
                    ImmomioStammdatenStand.externe_id.in_([d.externe_id for d in batch]),
                )
            )
        }
        for item in batch:
            if not confirmation.bestaetigt(item.externe_id):
                rejected[item.externe_id] = confirmation.abgelehnt.get(
                    item.externe_id, "nicht bestätigt"
                )
                continue
            stand = stands.get(item.externe_id)
            if stand is None:
                stand = ImmomioStammdatenStand(
                    entitaet=entitaet, externe_id=item.externe_id, gesendet_am=when
                )
                session.add(stand)
            stand.gesendet_am = when
            if item.aktion == GELOESCHT:
                stand.geloescht_am, stand.inhalt_hash = when, None
            else:
                stand.geloescht_am, stand.inhalt_hash = None, item.inhalt_hash
            done[item.aktion or GEAENDERT] += 1
