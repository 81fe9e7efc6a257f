"""The Bestandsverhältnis dialog's data: loading, saving the single data OM
owns, and (administrators only) creating and deleting tenancies.

Bestandsverhältnisse normally come from d+ RW; RW-converted fields are
refused by :func:`~omclient.services.common.apply_changes`. Saving uses the
optimistic version counter: a save based on an outdated copy raises
:class:`~omclient.errors.ConflictError` and writes nothing.

Bezugsdatum: when RW converted none and OM holds none, the Objekt's
Bezugsdatum applies; the DTO says so (``bezugsdatum_aus_objekt``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from omclient.domain import (
    Auftrag,
    Bankgarantie,
    Bestandsverhaeltnis,
    Buchung,
    Einheit,
    FbStundung,
    Finanzierungsbeitrag,
    Funktion,
    IndivFeld,
    IndivWert,
    Kaution,
    Konfiguration,
    Person,
    Schluessel,
    Sparbuch,
    StatusAllerArt,
    Verkettung,
    Vermerk,
    Vertrag,
    Vorschreibung,
    WbfPruefung,
    Zahlungsdaten,
)
from omclient.domain.base import is_rw_owned
from omclient.domain.enums import BvArt, IndivEntitaet
from omclient.domain.konfiguration import KONFIG_UNTERBESTANDSARTEN
from omclient.errors import ReadOnlyFieldError, ValidationError
from omclient.formatting import date as fmt_date
from omclient.services import einheit as einheit_svc
from omclient.services import felder, serienbrief, sicherheiten, wbf, zahlung
from omclient.services.benutzer import require_admin
from omclient.services.bv_common import bv_unit_of_work, load_bv
from omclient.services.common import apply_changes, check_version, get_or_404
from omclient.services.dto import BenutzerDto, Dto
from omclient.services.serienbrief import SerienbriefVorlageDto

#: The single data of Register Allgemein a clerk may edit (RW fields are refused by the mark).
ALLGEMEIN_FELDER = (
    "bezugsdatum",
    "auszugsdatum",
    "befristung_bis",
    "unterbestandsart",
    "leerstand_grund",
    "leerstand_kommentar",
    "bemerkung",
)

LEERSTANDSGRUND = ("Bestandsverhaeltnis", "Leerstandsgrund")

LOESCHEN_WARNUNG = (
    "Bestandsverhältnisse werden im Normalfall in d+ RW angelegt und nach d+ OM konvertiert. "
    "Wird ein Bestandsverhältnis hier gelöscht, gehen seine in d+ OM erfassten Daten "
    "(Sicherheitsleistungen, Zahlung, WBF-Prüfungen, Funktionen, Infogrid-Einträge, "
    "Indiv Felder) verloren."
)
ANLEGEN_WARNUNG = (
    "Bestandsverhältnisse werden im Normalfall in d+ RW angelegt und nach d+ OM konvertiert. "
    "Ein hier angelegtes Bestandsverhältnis ist in d+ RW nicht bekannt."
)


class BvDto(Dto):
    """Register Allgemein and the dialog's title data."""

    id: int
    version: int
    bv_nr: str
    art: BvArt
    bestandsart: str | None
    unterbestandsart: str | None
    aktiv: bool
    einheit_id: int
    einheit_nr: str
    top_nr: str | None
    objekt_id: int
    objekt_nr: str
    objekt_bezeichnung: str
    person_id: int | None
    person_name: str
    person_nr: str | None
    bezugsdatum: dt.date | None
    bezugsdatum_objekt: dt.date | None
    auszugsdatum: dt.date | None
    befristung_bis: dt.date | None
    leerstand_grund: str | None
    leerstand_kommentar: str | None
    bemerkung: str | None
    kaution_aktiv: bool
    finanzierungsbeitrag_aktiv: bool
    bankgarantie_aktiv: bool
    sparbuch_aktiv: bool
    sonstiges_aktiv: bool
    rw_felder: str
    rw_owned: frozenset[str] = frozenset()
    """The fields d+ RW owns for this record (the domain's answer, for the dialog)."""

    @property
    def bestandnehmer_bezeichnung(self) -> str:
        """Mieter or Eigentümer, as the manual labels the person."""
        return self.art.bestandnehmer

    @property
    def bezugsdatum_aus_objekt(self) -> bool:
        """True when no Bezugsdatum is held and the Objekt's applies."""
        return self.bezugsdatum is None and self.bezugsdatum_objekt is not None

    @property
    def bezugsdatum_wirksam(self) -> dt.date | None:
        return self.bezugsdatum if self.bezugsdatum is not None else self.bezugsdatum_objekt

    @property
    def titel(self) -> str:
        return (
            f"Bestandsverhältnis {self.objekt_nr}/{self.einheit_nr}/{self.bv_nr} – "
            f"{self.person_name or 'ohne Bestandnehmer'}"
        )

    def ist_rw(self, feld: str) -> bool:
        """Whether d+ RW owns ``feld`` for this record (the mark on the column + rw_felder)."""
        return is_rw_owned(Bestandsverhaeltnis, feld, self.rw_felder)

    def ist_aktiv_am(self, stichtag: dt.date) -> bool:
        if not self.aktiv:
            return False
        bezug = self.bezugsdatum_wirksam
        if bezug is not None and bezug > stichtag:
            return False
        return self.auszugsdatum is None or self.auszugsdatum >= stichtag


def _person_name(person: Person | None) -> str:
    return person.anzeigename if person else ""


def _dto(bv: Bestandsverhaeltnis) -> BvDto:
    einheit = bv.einheit
    objekt = einheit.objekt
    return BvDto(
        id=bv.id,
        version=bv.version,
        bv_nr=bv.bv_nr,
        art=bv.art,
        bestandsart=bv.bestandsart,
        unterbestandsart=bv.unterbestandsart,
        aktiv=bv.aktiv,
        einheit_id=einheit.id,
        einheit_nr=einheit.einheit_nr,
        top_nr=einheit.top_nr,
        objekt_id=objekt.id,
        objekt_nr=objekt.objekt_nr,
        objekt_bezeichnung=objekt.bezeichnung,
        person_id=bv.person_id,
        person_name=_person_name(bv.person),
        person_nr=bv.person.person_nr if bv.person else None,
        bezugsdatum=bv.bezugsdatum,
        bezugsdatum_objekt=objekt.bezugsdatum,
        auszugsdatum=bv.auszugsdatum,
        befristung_bis=bv.befristung_bis,
        leerstand_grund=bv.leerstand_grund,
        leerstand_kommentar=bv.leerstand_kommentar,
        bemerkung=bv.bemerkung,
        kaution_aktiv=bv.kaution_aktiv,
        finanzierungsbeitrag_aktiv=bv.finanzierungsbeitrag_aktiv,
        bankgarantie_aktiv=bv.bankgarantie_aktiv,
        sparbuch_aktiv=bv.sparbuch_aktiv,
        sonstiges_aktiv=bv.sonstiges_aktiv,
        rw_felder=bv.rw_felder or "",
        rw_owned=frozenset(n for n in _DIALOG_FIELDS if is_rw_owned(bv, n)),
    )


_DIALOG_FIELDS = (
    *felder.BV_ALLGEMEIN.namen(),
    *felder.SONSTIGES.namen(),
    "einheit_id",
    "person_id",
)


def vertrag_ids(session: Session, bv_id: int) -> set[int]:
    """The ids of the Verträge of Bestandsverhältnis ``bv_id`` (to spot a new one)."""
    return set(session.scalars(select(Vertrag.id).where(Vertrag.bestandsverhaeltnis_id == bv_id)))


def load_bestandsverhaeltnis(session: Session, bv_id: int) -> BvDto:
    return _dto(load_bv(session, bv_id))


def leerstandsgruende(session: Session) -> list[str]:
    """The choice list Status aller Art Bestandsverhaeltnis/Leerstandsgrund."""
    tabelle, gruppe = LEERSTANDSGRUND
    return list(
        session.scalars(
            select(StatusAllerArt.wert)
            .where(StatusAllerArt.tabelle == tabelle, StatusAllerArt.gruppe == gruppe)
            .order_by(StatusAllerArt.position, StatusAllerArt.wert)
        )
    )


def unterbestandsarten(session: Session, bestandsart: str | None) -> list[str]:
    """Unterbestandsarten configured for ``bestandsart`` (table 1306); empty: none apply."""
    if not bestandsart:
        return []
    return list(
        session.scalars(
            select(Konfiguration.wert)
            .where(
                Konfiguration.tabelle == KONFIG_UNTERBESTANDSARTEN,
                Konfiguration.schluessel == bestandsart,
            )
            .order_by(Konfiguration.position, Konfiguration.wert)
        )
    )


def _clean_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def validate_allgemein(
    session: Session, bv: Bestandsverhaeltnis, changes: Mapping[str, Any]
) -> list[str]:
    """German problems with ``changes`` against ``bv`` (RW fields are refused separately)."""
    problems: list[str] = []
    unknown = [name for name in changes if name not in ALLGEMEIN_FELDER]
    if unknown:
        problems.append(f"Diese Felder gehören nicht zu Register Allgemein: {', '.join(unknown)}")
        return problems

    def value(name: str) -> Any:
        return changes[name] if name in changes else getattr(bv, name)

    bezug = value("bezugsdatum") or bv.einheit.objekt.bezugsdatum
    auszug, befristung = value("auszugsdatum"), value("befristung_bis")
    if bezug and auszug and auszug < bezug:
        problems.append(
            f"Das Auszugsdatum {fmt_date(auszug)} liegt vor dem Bezugsdatum {fmt_date(bezug)}."
        )
    if bezug and befristung and befristung < bezug:
        problems.append(
            f"Die Befristung {fmt_date(befristung)} liegt vor dem Bezugsdatum {fmt_date(bezug)}."
        )
    grund = _clean_text(changes.get("leerstand_grund"))
    if grund and grund not in leerstandsgruende(session):
        problems.append(f"„{grund}“ ist kein Leerstandsgrund der Liste (Status aller Art).")
    unterart = _clean_text(changes.get("unterbestandsart"))
    if unterart and unterart not in unterbestandsarten(session, bv.bestandsart):
        problems.append(
            f"„{unterart}“ ist keine Unterbestandsart der Bestandsart „{bv.bestandsart or ''}“."
        )
    return problems


def save(
    sessions: sessionmaker[Session],
    bv_id: int,
    expected_version: int | None,
    *,
    today: dt.date,
    allgemein: Mapping[str, Any] | None = None,
    sicherheiten_input: sicherheiten.SicherheitenInput | None = None,
    zahlung_input: zahlung.ZahlungInput | None = None,
    wbf_pruefungen: tuple[wbf.WbfPruefungDto, ...] | None = None,
    weitere: Sequence[Callable[[Session], object]] = (),
) -> BvDto:
    """Save the dialog: every Register's data in ONE transaction with the version counter.

    Parts given as None stay untouched. ``weitere`` are further writers run in
    the same transaction (e.g. the Indiv Felder of the BV) after validation.
    Raises ReadOnlyFieldError (an RW field in ``allgemein``), ValidationError
    (every problem of every Register), ConflictError (someone saved the BV
    since ``expected_version``). Nothing is written on any error.
    """
    changes = {k: _clean_text(v) for k, v in (allgemein or {}).items()}
    with bv_unit_of_work(sessions, bv_id, expected_version) as (session, bv):
        problems = validate_allgemein(session, bv, changes)
        if not problems:
            blocked = [n for n in changes if is_rw_owned(bv, n) and changes[n] != getattr(bv, n)]
            if blocked:
                raise ReadOnlyFieldError("des Bestandsverhältnisses", blocked)
        if sicherheiten_input is not None:
            problems += sicherheiten.validate_sicherheiten(session, bv, sicherheiten_input)
        if zahlung_input is not None:
            problems += zahlung.validate_zahlung(zahlung_input, today)
        if wbf_pruefungen is not None:
            problems += wbf.validate_wbf(wbf_pruefungen, wbf.known_wbf_ids(session, bv_id))
        if problems:
            raise ValidationError(
                problems[0] if len(problems) == 1 else "Bitte korrigieren Sie diese Eingaben.",
                problems,
            )
        # Unchanged RW values may come back from a form; only real changes are applied.
        apply_changes(bv, {k: v for k, v in changes.items() if v != getattr(bv, k)})
        if sicherheiten_input is not None:
            sicherheiten.apply_sicherheiten(session, bv, sicherheiten_input)
        if zahlung_input is not None:
            zahlung.apply_zahlung(session, bv, zahlung_input)
        if wbf_pruefungen is not None:
            wbf.apply_wbf(session, bv, wbf_pruefungen)
        for writer in weitere:
            writer(session)
    with sessions() as session:
        return load_bestandsverhaeltnis(session, bv_id)


def kann_befristung_uebernehmen(session: Session, bv_id: int, vertrag_id: int) -> dt.date | None:
    """The Vertragsende the Befristung may take over, or None when it may not.

    None when the Vertrag has no end, does not belong to the BV, equals the
    Befristung already, or the Befristung is converted from d+ RW.
    """
    bv = load_bv(session, bv_id)
    vertrag = get_or_404(session, Vertrag, vertrag_id, "Vertrag")
    if vertrag.bestandsverhaeltnis_id != bv_id or vertrag.ende is None:
        return None
    if is_rw_owned(bv, "befristung_bis") or bv.befristung_bis == vertrag.ende:
        return None
    return vertrag.ende


def befristung_aus_vertrag(
    sessions: sessionmaker[Session], bv_id: int, vertrag_id: int, expected_version: int | None
) -> BvDto:
    """Take the Vertrag's Vertragsende over as Befristung (asked in the UI first).

    Refused with ReadOnlyFieldError when d+ RW converted the Befristung.
    """
    with bv_unit_of_work(sessions, bv_id, expected_version) as (session, bv):
        vertrag = get_or_404(session, Vertrag, vertrag_id, "Vertrag")
        if vertrag.bestandsverhaeltnis_id != bv_id:
            raise ValidationError("Der Vertrag gehört nicht zu diesem Bestandsverhältnis.")
        if vertrag.ende is None:
            raise ValidationError("Der Vertrag hat kein Vertragsende.")
        problems = validate_allgemein(session, bv, {"befristung_bis": vertrag.ende})
        if problems:
            raise ValidationError(problems[0], problems)
        apply_changes(bv, {"befristung_bis": vertrag.ende})
    with sessions() as session:
        return load_bestandsverhaeltnis(session, bv_id)


SERIENBRIEF_HAUPTDATENMENGE = "Bestandsverhaeltnis"


def serienbrief_vorlagen(session: Session) -> list[SerienbriefVorlageDto]:
    """The Serienbrief templates of the Hauptdatenmenge Bestandsverhältnis, by name."""
    return serienbrief.vorlagen(session, SERIENBRIEF_HAUPTDATENMENGE)


def dokumente_ordner(session: Session, bv_id: int, root: Path) -> Path:
    """The BV's document folder below its Einheit's (``…/Einheit/BV 2 Novak Eva``), created
    on demand; ValidationError when it cannot be created."""
    bv = load_bv(session, bv_id)
    einheit_ordner = einheit_svc.dokumente_ordner(session, bv.einheit_id, root)
    name = f"BV {bv.bv_nr} {_person_name(bv.person)}".strip()
    folder = einheit_ordner / einheit_svc.safe_path_part(name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(
            f"Der Dokumentenordner {folder} kann nicht angelegt werden: {exc.strerror or exc}"
        ) from exc
    return folder


class BvAnlage(Dto):
    """What an administrator enters to create a Bestandsverhältnis in OM."""

    einheit_id: int
    person_id: int | None
    art: BvArt = BvArt.MIETE
    bestandsart: str | None = None
    bezugsdatum: dt.date | None = None
    befristung_bis: dt.date | None = None
    bv_nr: str | None = None


def naechste_bv_nr(session: Session, einheit_id: int) -> str:
    """The next free number of the Einheit's Bestandsverhältnisse ("1", "2", …)."""
    numbers = session.scalars(
        select(Bestandsverhaeltnis.bv_nr).where(Bestandsverhaeltnis.einheit_id == einheit_id)
    ).all()
    return str(max((int(n) for n in numbers if n.isdigit()), default=0) + 1)


def create_bestandsverhaeltnis(
    sessions: sessionmaker[Session], user: BenutzerDto, data: BvAnlage
) -> BvDto:
    """Create a Bestandsverhältnis in OM (administrators only; see ANLEGEN_WARNUNG).

    The previous open tenancy of the Einheit must have ended before the new Bezugsdatum.
    """
    require_admin(user, "Das Anlegen von Bestandsverhältnissen")
    with sessions.begin() as session:
        einheit = get_or_404(session, Einheit, data.einheit_id, "Einheit")
        problems = []
        if data.person_id is not None and session.get(Person, data.person_id) is None:
            problems.append("Die gewählte Person gibt es nicht.")
        bv_nr = (data.bv_nr or "").strip() or naechste_bv_nr(session, einheit.id)
        taken = session.scalar(
            select(func.count()).where(
                Bestandsverhaeltnis.einheit_id == einheit.id, Bestandsverhaeltnis.bv_nr == bv_nr
            )
        )
        if taken:
            problems.append(f"Die Nummer {bv_nr} ist bei dieser Einheit schon vergeben.")
        bezug = data.bezugsdatum
        if bezug and data.befristung_bis and data.befristung_bis < bezug:
            problems.append("Die Befristung liegt vor dem Bezugsdatum.")
        if bezug is not None:
            offen = session.scalar(
                select(Bestandsverhaeltnis).where(
                    Bestandsverhaeltnis.einheit_id == einheit.id,
                    Bestandsverhaeltnis.aktiv.is_(True),
                    or_(
                        Bestandsverhaeltnis.auszugsdatum.is_(None),
                        Bestandsverhaeltnis.auszugsdatum >= bezug,
                    ),
                    or_(
                        Bestandsverhaeltnis.bezugsdatum.is_(None),
                        Bestandsverhaeltnis.bezugsdatum <= bezug,
                    ),
                )
            )
            if offen is not None:
                problems.append(
                    f"Das Bestandsverhältnis {offen.bv_nr} dieser Einheit läuft am "
                    f"{fmt_date(bezug)} noch; bitte zuerst das Auszugsdatum erfassen."
                )
        if problems:
            raise ValidationError(problems[0], problems)
        bv = Bestandsverhaeltnis(
            einheit_id=einheit.id,
            person_id=data.person_id,
            bv_nr=bv_nr,
            art=data.art,
            bestandsart=data.bestandsart or einheit.bestandsart,
            bezugsdatum=bezug,
            befristung_bis=data.befristung_bis,
            aktiv=True,
            rw_felder="",
        )
        session.add(bv)
        session.flush()
        new_id = bv.id
    with sessions() as session:
        return load_bestandsverhaeltnis(session, new_id)


def delete_bestandsverhaeltnis(
    sessions: sessionmaker[Session], user: BenutzerDto, bv_id: int, expected_version: int | None
) -> None:
    """Delete a Bestandsverhältnis and its OM data (administrators only; see LOESCHEN_WARNUNG).

    Refused while d+ RW postings or Vorschreibungen refer to it: those belong to RW.
    """
    require_admin(user, "Das Löschen von Bestandsverhältnissen")
    with sessions.begin() as session:
        bv = load_bv(session, bv_id)
        check_version(bv, expected_version)
        rw_rows = (
            ("Buchungen", select(func.count()).where(Buchung.bestandsverhaeltnis_id == bv_id)),
            (
                "Vorschreibungen",
                select(func.count()).where(Vorschreibung.bestandsverhaeltnis_id == bv_id),
            ),
        )
        for what, query in rw_rows:
            count = session.scalar(query)
            if count:
                raise ValidationError(
                    f"Das Bestandsverhältnis hat {count} {what} aus d+ RW und kann in d+ OM "
                    "nicht gelöscht werden."
                )
        sicherheiten.forget_all_losungswoerter(session, bv_id)
        dependents: tuple[type[Any], ...] = (
            Kaution,
            Finanzierungsbeitrag,
            FbStundung,
            Bankgarantie,
            Sparbuch,
            WbfPruefung,
            Zahlungsdaten,
            Funktion,
            Vertrag,
            Vermerk,
            Auftrag,
            Schluessel,
        )
        for model in dependents:
            session.execute(delete(model).where(model.bestandsverhaeltnis_id == bv_id))
        session.execute(
            delete(Verkettung).where(
                or_(Verkettung.haupt_bv_id == bv_id, Verkettung.sub_bv_id == bv_id)
            )
        )
        feld_ids = select(IndivFeld.id).where(
            IndivFeld.entitaet == IndivEntitaet.BESTANDSVERHAELTNIS
        )
        session.execute(
            delete(IndivWert).where(
                IndivWert.feld_id.in_(feld_ids), IndivWert.datensatz_id == bv_id
            )
        )
        session.delete(bv)
