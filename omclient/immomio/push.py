"""Change-only transfers of Leerstände to Immomio, dry runs and exports.

:func:`plan` compares the current Leerstände with ``ImmomioSyncStand`` (what
Immomio last confirmed, with a content hash): a unit is *neu* (never sent or
withdrawn before), *geändert* (hash differs), *unverändert*, or
*zurückgezogen* (was sent, is no longer a Leerstand: rented, inactive, not to be
marketed). ``voll=True`` sends every Leerstand as a full transfer (one file,
umfang VOLL).

:func:`push` sends the plan in batches (one ZIP per batch). After each batch
only the objects the server confirmed update their sync state, in one
transaction per batch; so a push that fails or is cancelled half way keeps what
was confirmed and the next push resumes with the rest — nothing is sent twice,
nothing is lost. Every run (also a dry run) is recorded in
``ImmomioUebertragung``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import Einheit, ImmomioSyncStand, ImmomioUebertragung, Objekt
from omclient.errors import OmError, ValidationError
from omclient.immomio import openimmo
from omclient.immomio.einstellungen import ImmomioEinstellungen, load_settings
from omclient.immomio.leerstaende import Leerstand, finde_leerstaende, leerstand_aus_einheit
from omclient.immomio.openimmo import Aktion
from omclient.immomio.transport import Transport

log = logging.getLogger(__name__)

ERGEBNIS_ERFOLGREICH = "erfolgreich"
ERGEBNIS_TEILWEISE = "teilweise"
ERGEBNIS_FEHLER = "fehlerhaft"
ERGEBNIS_ABGEBROCHEN = "abgebrochen"
ERGEBNIS_PROBELAUF = "Probelauf"
ERGEBNIS_NICHTS = "nichts zu übertragen"
ERGEBNIS_LAEUFT = "läuft"


class PlanPosten(BaseModel):
    """One unit in a plan: what happens with it and what it lacks."""

    model_config = ConfigDict(frozen=True)

    einheit_id: int
    externe_id: str
    bezeichnung: str
    adresse: str
    aktion: Aktion | None
    fehlende_felder: list[str]
    inhalt_hash: str | None
    leerstand: Leerstand | None
    nicht_gesendet: str | None = None

    @property
    def aktion_text(self) -> str:
        if self.nicht_gesendet:
            return "nicht gesendet"
        return self.aktion.value if self.aktion else "unverändert"

    @property
    def hinweise(self) -> list[str]:
        """What the clerk should know beyond missing fields (USt of RW differs)."""
        if self.leerstand is None or self.aktion is Aktion.LOESCHEN:
            return []
        return [f"USt {a}" for a in self.leerstand.ust_abweichungen]


class PushPlan(BaseModel):
    """The diff of a transfer: neu / geändert / zurückgezogen (+ unverändert)."""

    model_config = ConfigDict(frozen=True)

    stichtag: dt.date
    voll: bool
    posten: list[PlanPosten]

    def mit(self, aktion: Aktion) -> list[PlanPosten]:
        return [p for p in self.posten if p.aktion is aktion]

    @property
    def zu_senden(self) -> list[PlanPosten]:
        return [p for p in self.posten if p.aktion is not None]

    @property
    def unveraendert(self) -> list[PlanPosten]:
        return [p for p in self.posten if p.aktion is None and not p.nicht_gesendet]

    @property
    def nicht_gesendet(self) -> list[PlanPosten]:
        return [p for p in self.posten if p.nicht_gesendet]

    @property
    def leerstaende(self) -> int:
        return sum(1 for p in self.posten if p.aktion is not Aktion.LOESCHEN)

    def zaehler(self) -> dict[str, int]:
        return {
            "neu": len(self.mit(Aktion.NEU)),
            "geaendert": len(self.mit(Aktion.AENDERN)),
            "zurueckgezogen": len(self.mit(Aktion.LOESCHEN)),
            "unveraendert": len(self.unveraendert),
            "nicht_gesendet": len(self.nicht_gesendet),
        }


class UebertragungDto(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    gestartet_am: dt.datetime
    beendet_am: dt.datetime | None
    benutzer: str
    art: str
    transport: str
    neu: int
    geaendert: int
    zurueckgezogen: int
    ergebnis: str
    meldung: str | None


class PushErgebnis(BaseModel):
    model_config = ConfigDict(frozen=True)

    uebertragung_id: int
    ergebnis: str
    neu: int
    geaendert: int
    zurueckgezogen: int
    offen: int
    abgelehnt: dict[str, str]
    meldung: str | None


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def plan(
    session: Session,
    settings: ImmomioEinstellungen,
    stichtag: dt.date,
    voll: bool = False,
) -> PushPlan:
    """The diff between the current Leerstände and what Immomio confirmed."""
    leerstaende = finde_leerstaende(session, settings, stichtag)
    stands = {s.einheit_id: s for s in session.scalars(select(ImmomioSyncStand))}
    posten: list[PlanPosten] = []
    current_ids = set()
    renamed: list[ImmomioSyncStand] = []
    for ls in leerstaende:
        grund = nicht_senden_grund(ls, settings)
        if grund is not None:
            posten.append(
                PlanPosten(
                    einheit_id=ls.einheit_id,
                    externe_id=ls.externe_id,
                    bezeichnung=ls.bezeichnung,
                    adresse=ls.adresse,
                    aktion=None,
                    fehlende_felder=[],
                    inhalt_hash=None,
                    leerstand=ls,
                    nicht_gesendet=grund,
                )
            )
            continue
        digest = ls.inhalt_hash()
        stand = stands.get(ls.einheit_id)
        aktion: Aktion | None
        active = (
            stand is not None and stand.zurueckgezogen_am is None and stand.inhalt_hash is not None
        )
        if stand is not None and active and stand.externe_id != ls.externe_id:
            # The id changed (other separator, renumbered unit): the object under the
            # old id is withdrawn and the unit is offered anew under its new id.
            renamed.append(stand)
            aktion = Aktion.NEU
        elif stand is None or not active:
            aktion = Aktion.NEU
        elif stand.inhalt_hash != digest:
            aktion = Aktion.AENDERN
        else:
            aktion = Aktion.AENDERN if voll else None
        current_ids.add(ls.einheit_id)
        posten.append(
            PlanPosten(
                einheit_id=ls.einheit_id,
                externe_id=ls.externe_id,
                bezeichnung=ls.bezeichnung,
                adresse=ls.adresse,
                aktion=aktion,
                fehlende_felder=ls.fehlende_felder(),
                inhalt_hash=digest,
                leerstand=ls,
            )
        )
    gone = renamed + [
        s
        for s in stands.values()
        if s.einheit_id not in current_ids
        and s.zurueckgezogen_am is None
        and s.inhalt_hash is not None
    ]
    if gone:
        names = {
            e.id: (f"{o.objekt_nr}/{e.einheit_nr}" + (f" Top {e.top_nr}" if e.top_nr else ""))
            for e, o in session.execute(
                select(Einheit, Objekt)
                .join(Einheit.objekt)
                .where(Einheit.id.in_([s.einheit_id for s in gone]))
            )
        }
        for stand in sorted(gone, key=lambda s: s.externe_id):
            posten.append(
                PlanPosten(
                    einheit_id=stand.einheit_id,
                    externe_id=stand.externe_id,
                    bezeichnung=names.get(stand.einheit_id, stand.externe_id),
                    adresse="",
                    aktion=Aktion.LOESCHEN,
                    fehlende_felder=[],
                    inhalt_hash=None,
                    leerstand=_deleted_leerstand(session, stand, settings, stichtag),
                )
            )
    return PushPlan(stichtag=stichtag, voll=voll, posten=posten)


def nicht_senden_grund(ls: Leerstand, settings: ImmomioEinstellungen) -> str | None:
    """Why ``ls`` is kept from Immomio (the administrator's choice), or None."""
    if ls.einheitsart.value in settings.nicht_senden:
        return f"Einheitsart {ls.einheitsart.value} wird laut Einstellung nicht vermarktet"
    if settings.mandanten and settings.anbieter_fuer(ls.mandant_nr) is None:
        return (
            f"für Mandant {ls.mandant_nr} ist kein Anbieter eingerichtet "
            "(Extras → Immomio → Einstellungen)"
        )
    return None


def _deleted_leerstand(
    session: Session, stand: ImmomioSyncStand, settings: ImmomioEinstellungen, stichtag: dt.date
) -> Leerstand | None:
    """The unit's data for the DELETE (the unit still exists, it just is not vacant)."""
    einheit = session.get(Einheit, stand.einheit_id)
    if einheit is None:
        return None
    ls = leerstand_aus_einheit(einheit, None, [], settings, stichtag)
    return ls.model_copy(update={"externe_id": stand.externe_id})


def objekte_des_plans(p: PushPlan) -> list[openimmo.Objekt]:
    """The objects a transfer of ``p`` contains (a full transfer needs no DELETEs)."""
    return [
        openimmo.Objekt(leerstand=x.leerstand, aktion=x.aktion)
        for x in p.zu_senden
        if x.aktion is not None
        and x.leerstand is not None
        and not (p.voll and x.aktion is Aktion.LOESCHEN)
    ]


def export(
    session: Session,
    settings: ImmomioEinstellungen,
    ziel: Path,
    clock: Clock = SYSTEM_CLOCK,
    voll: bool = False,
) -> PushPlan:
    """Write what a push would send to ``ziel`` (``.xml`` plain, else ZIP). Sends nothing.

    Works before Immomio is configured: then every Mandant's Leerstände are
    written with the Mandant as Anbieter.
    """
    now = clock.now()
    p = plan(session, settings, now.date(), voll=voll)
    root = openimmo.dokument(objekte_des_plans(p), settings, now, voll=voll)
    data = openimmo.xml_bytes(root)
    if ziel.suffix.lower() != ".xml":
        data = openimmo.zip_paket(data, ziel.stem)
    ziel.parent.mkdir(parents=True, exist_ok=True)
    ziel.write_bytes(data)
    return p


def _require_usable(settings: ImmomioEinstellungen) -> None:
    problems = settings.probleme()
    if problems:
        raise ValidationError(
            "Immomio ist noch nicht vollständig eingerichtet (Extras → Immomio).", problems
        )


def probelauf(
    sessions: sessionmaker[Session],
    benutzer: str,
    clock: Clock = SYSTEM_CLOCK,
    voll: bool = False,
    settings: ImmomioEinstellungen | None = None,
) -> tuple[PushPlan, int]:
    """Plan without sending; recorded as a Probelauf. Returns the plan and the record id."""
    now = clock.now()
    with sessions() as session:
        settings = settings or load_settings(session)
        p = plan(session, settings, now.date(), voll=voll)
    counts = p.zaehler()
    missing = sum(1 for x in p.posten if x.fehlende_felder and x.aktion is not Aktion.LOESCHEN)
    with sessions.begin() as session:
        record = ImmomioUebertragung(
            gestartet_am=now,
            beendet_am=clock.now(),
            benutzer=benutzer,
            art="Probelauf (voll)" if voll else "Probelauf",
            transport=settings.transport,
            neu=counts["neu"],
            geaendert=counts["geaendert"],
            zurueckgezogen=counts["zurueckgezogen"],
            ergebnis=ERGEBNIS_PROBELAUF,
            meldung=f"{p.leerstaende} Leerstände, {missing} mit fehlenden Angaben"
            + (f", {counts['nicht_gesendet']} nicht gesendet" if counts["nicht_gesendet"] else ""),
        )
        session.add(record)
        session.flush()
        record_id = record.id
    return p, record_id


def push(
    sessions: sessionmaker[Session],
    transport: Transport,
    benutzer: str,
    clock: Clock = SYSTEM_CLOCK,
    voll: bool = False,
    settings: ImmomioEinstellungen | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PushErgebnis:
    """Send new/changed Leerstände and DELETEs for withdrawn ones; see module doc.

    Never raises for transfer problems once started: the result (and the
    ``ImmomioUebertragung`` record) says ``fehlerhaft``/``abgebrochen`` and what
    was confirmed before. Settings problems raise ValidationError before anything
    is sent.
    """
    started = clock.now()
    with sessions() as session:
        settings = settings or load_settings(session)
        _require_usable(settings)
        p = plan(session, settings, started.date(), voll=voll)
    # A full transfer replaces everything at the receiver: no DELETEs needed.
    todo = [x for x in p.zu_senden if not (voll and x.aktion is Aktion.LOESCHEN)]
    with sessions.begin() as session:
        record = ImmomioUebertragung(
            gestartet_am=started,
            benutzer=benutzer,
            art="voll" if voll else "Änderungen",
            transport=transport.art,
            neu=0,
            geaendert=0,
            zurueckgezogen=0,
            ergebnis=ERGEBNIS_LAEUFT if todo else ERGEBNIS_NICHTS,
            beendet_am=None if todo else clock.now(),
            meldung=None if todo else f"{p.leerstaende} Leerstände, keine Änderungen",
        )
        session.add(record)
        session.flush()
        record_id = record.id
    if not todo:
        return PushErgebnis(
            uebertragung_id=record_id,
            ergebnis=ERGEBNIS_NICHTS,
            neu=0,
            geaendert=0,
            zurueckgezogen=0,
            offen=0,
            abgelehnt={},
            meldung=None,
        )

    # A full transfer replaces everything at the receiver, so it must be one file.
    size = len(todo) if voll else settings.batch_groesse
    batches = [todo[i : i + size] for i in range(0, len(todo), size)]
    done = {Aktion.NEU: 0, Aktion.AENDERN: 0, Aktion.LOESCHEN: 0}
    rejected: dict[str, str] = {}
    sent = 0
    ergebnis = ERGEBNIS_ERFOLGREICH
    meldung: str | None = None
    if progress:
        progress(0, len(todo))
    try:
        for number, batch in enumerate(batches, start=1):
            if cancelled and cancelled():
                ergebnis = ERGEBNIS_ABGEBROCHEN
                meldung = "Vom Benutzer abgebrochen."
                break
            now = clock.now()
            name = f"omclient_{record_id:06d}_{number:04d}"
            objekte = [
                openimmo.Objekt(leerstand=x.leerstand, aktion=x.aktion)
                for x in batch
                if x.aktion is not None and x.leerstand is not None
            ]
            data = openimmo.zip_paket(
                openimmo.xml_bytes(openimmo.dokument(objekte, settings, now, voll=voll)), name
            )
            try:
                confirmation = transport.senden(f"{name}.zip", data)
            except OmError as exc:
                ergebnis = ERGEBNIS_FEHLER
                meldung = exc.message
                log.warning("Immomio-Übertragung %s: %s", record_id, exc.message)
                break
            confirmed_at = clock.now()
            with sessions.begin() as session:
                stands = {
                    s.einheit_id: s
                    for s in session.scalars(
                        select(ImmomioSyncStand).where(
                            ImmomioSyncStand.einheit_id.in_([x.einheit_id for x in batch])
                        )
                    )
                }
                # The external id is unique: a stale row under an id now used by another
                # unit (e.g. a unit number moved) gives way.
                stale = session.scalars(
                    select(ImmomioSyncStand).where(
                        ImmomioSyncStand.externe_id.in_([x.externe_id for x in batch]),
                        ImmomioSyncStand.einheit_id.not_in([x.einheit_id for x in batch]),
                    )
                ).all()
                for row in stale:
                    session.delete(row)
                session.flush()
                for item in batch:
                    if item.aktion is None:
                        continue
                    if not confirmation.bestaetigt(item.externe_id):
                        rejected[item.externe_id] = confirmation.abgelehnt.get(
                            item.externe_id, "nicht bestätigt"
                        )
                        continue
                    _record_confirmed(session, stands.get(item.einheit_id), item, confirmed_at)
                    done[item.aktion] += 1
            sent += len(batch)
            if progress:
                progress(sent, len(todo))
    except Exception:
        # A bug, not a transfer problem: leave no record "läuft" behind.
        with sessions.begin() as session:
            record = session.get_one(ImmomioUebertragung, record_id)
            record.ergebnis = ERGEBNIS_FEHLER
            record.beendet_am = clock.now()
            record.meldung = "Interner Fehler – Details im Protokoll."
        raise
    if voll and ergebnis == ERGEBNIS_ERFOLGREICH:
        done[Aktion.LOESCHEN] = _withdraw_missing(sessions, p, clock.now())
    if ergebnis == ERGEBNIS_ERFOLGREICH and rejected:
        ergebnis = ERGEBNIS_TEILWEISE
        meldung = f"{len(rejected)} Einheit(en) von Immomio nicht angenommen."
    offen = len(todo) - sum(v for k, v in done.items() if not (voll and k is Aktion.LOESCHEN))
    with sessions.begin() as session:
        record = session.get_one(ImmomioUebertragung, record_id)
        record.neu = done[Aktion.NEU]
        record.geaendert = done[Aktion.AENDERN]
        record.zurueckgezogen = done[Aktion.LOESCHEN]
        record.ergebnis = ergebnis
        record.beendet_am = clock.now()
        details = [meldung] if meldung else []
        details += [f"{k}: {v}" for k, v in sorted(rejected.items())]
        if offen and ergebnis != ERGEBNIS_ERFOLGREICH:
            details.append(
                f"{offen} Einheit(en) noch offen – werden beim nächsten Senden übertragen."
            )
        record.meldung = "\n".join(details) or None
    return PushErgebnis(
        uebertragung_id=record_id,
        ergebnis=ergebnis,
        neu=done[Aktion.NEU],
        geaendert=done[Aktion.AENDERN],
        zurueckgezogen=done[Aktion.LOESCHEN],
        offen=offen,
        abgelehnt=rejected,
        meldung=meldung,
    )


def _record_confirmed(
    session: Session, stand: ImmomioSyncStand | None, item: PlanPosten, when: dt.datetime
) -> None:
    if stand is None:
        stand = ImmomioSyncStand(einheit_id=item.einheit_id, externe_id=item.externe_id)
        session.add(stand)
    elif item.aktion is Aktion.LOESCHEN and stand.externe_id != item.externe_id:
        return  # the withdrawal of an old id; the unit already lives under its new one
    stand.externe_id = item.externe_id
    stand.gesendet_am = when
    if item.aktion is Aktion.LOESCHEN:
        stand.zurueckgezogen_am = when
        stand.inhalt_hash = None
    else:
        stand.zurueckgezogen_am = None
        stand.inhalt_hash = item.inhalt_hash


def _withdraw_missing(sessions: sessionmaker[Session], p: PushPlan, when: dt.datetime) -> int:
    """After a confirmed full transfer, units not in it are gone at Immomio too."""
    sent = {x.einheit_id for x in p.posten if x.aktion is not Aktion.LOESCHEN}
    count = 0
    with sessions.begin() as session:
        for stand in session.scalars(
            select(ImmomioSyncStand).where(ImmomioSyncStand.zurueckgezogen_am.is_(None))
        ):
            if stand.einheit_id not in sent:
                stand.zurueckgezogen_am = when
                stand.inhalt_hash = None
                count += 1
    return count


def verlauf(session: Session, limit: int = 200) -> list[UebertragungDto]:
    """The latest transfers and dry runs, newest first."""
    rows = session.scalars(
        select(ImmomioUebertragung)
        .order_by(ImmomioUebertragung.gestartet_am.desc(), ImmomioUebertragung.id.desc())
        .limit(limit)
    )
    return [UebertragungDto.model_validate(r) for r in rows]
