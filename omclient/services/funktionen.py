"""Funktionen (Funktionsträger) of an Einheit or a Bestandsverhältnis.

A Funktion is active when today lies between Beginn and Ende (open ends
count as open). Funktionsarten marked ``aus_rw`` (31000, 41000, 51000, 61000)
come from d+ RW: such Funktionen cannot be added, changed, deleted or copied,
and no other Funktion can be turned into one — every operation here refuses
with a ``ReadOnlyFieldError``/``ValidationError`` before writing.

The context is given as ``(kontext, datensatz_id)`` with
``InfoKontext.EINHEIT`` or ``InfoKontext.BESTANDSVERHAELTNIS``, so the
Einheit dialog (Register Personen) and the Bestandsverhältnis dialog
(Register Funktionen) share this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from omclient.domain import Bestandsverhaeltnis, Einheit, Funktion, Funktionsart, Person
from omclient.domain.enums import InfoKontext
from omclient.errors import ReadOnlyFieldError, ValidationError
from omclient.services import serienbrief
from omclient.services.common import get_or_404
from omclient.services.dto import Dto
from omclient.services.serienbrief import SerienbriefVorlageDto

RW_HINWEIS = "Funktionen aus d+ RW"


class PersonenZeile(Dto):
    """One row of Register Personen: a Bestandnehmer or a Funktionsträger.

    ``funktion_id`` is None for Bestandnehmer rows (the tenancy itself, from
    d+ RW); ``aus_rw`` marks rows that cannot be changed in OM.
    """

    funktion_id: int | None
    bestandsverhaeltnis_id: int | None
    person_id: int | None
    person: str
    funktion: str
    code: str | None
    beginn: dt.date | None
    ende: dt.date | None
    aktiv: bool
    aus_rw: bool
    bemerkung: str | None = None


class FunktionsartDto(Dto):
    id: int
    code: str
    bezeichnung: str
    aus_rw: bool

    @property
    def text(self) -> str:
        return f"{self.code} {self.bezeichnung}"


class PersonTreffer(Dto):
    id: int
    person_nr: str
    name: str
    ort: str | None


def ist_aktiv(beginn: dt.date | None, ende: dt.date | None, heute: dt.date) -> bool:
    """Active when ``heute`` lies between Beginn and Ende (both inclusive, open = unbounded)."""
    return (beginn is None or beginn <= heute) and (ende is None or ende >= heute)


def _scope(kontext: InfoKontext, datensatz_id: int):  # type: ignore[no-untyped-def]
    if kontext is InfoKontext.EINHEIT:
        return Funktion.einheit_id == datensatz_id
    return Funktion.bestandsverhaeltnis_id == datensatz_id


def _check_target(session: Session, kontext: InfoKontext, datensatz_id: int) -> None:
    if kontext is InfoKontext.EINHEIT:
        get_or_404(session, Einheit, datensatz_id, "Einheit")
    else:
        get_or_404(session, Bestandsverhaeltnis, datensatz_id, "Bestandsverhältnis")


def _zeile(f: Funktion, heute: dt.date) -> PersonenZeile:
    return PersonenZeile(
        funktion_id=f.id,
        bestandsverhaeltnis_id=f.bestandsverhaeltnis_id,
        person_id=f.person_id,
        person=f.person.anzeigename,
        funktion=f.funktionsart.bezeichnung,
        code=f.funktionsart.code,
        beginn=f.beginn,
        ende=f.ende,
        aktiv=ist_aktiv(f.beginn, f.ende, heute),
        aus_rw=f.funktionsart.aus_rw,
        bemerkung=f.bemerkung,
    )


def personen(
    session: Session,
    kontext: InfoKontext,
    datensatz_id: int,
    heute: dt.date,
    auch_inaktive: bool = False,
) -> list[PersonenZeile]:
    """Bestandnehmer (for an Einheit) followed by the Funktionsträger.

    Without ``auch_inaktive`` only rows active on ``heute`` are listed.
    """
    _check_target(session, kontext, datensatz_id)
    rows: list[PersonenZeile] = []
    if kontext is InfoKontext.EINHEIT:
        for bv in session.scalars(
            select(Bestandsverhaeltnis)
            .where(Bestandsverhaeltnis.einheit_id == datensatz_id)
            .order_by(Bestandsverhaeltnis.bv_nr)
        ):
            rows.append(
                PersonenZeile(
                    funktion_id=None,
                    bestandsverhaeltnis_id=bv.id,
                    person_id=bv.person_id,
                    person=bv.person.anzeigename if bv.person else "(leer)",
                    funktion=bv.art.bestandnehmer,
                    code=None,
                    beginn=bv.bezugsdatum,
                    ende=bv.auszugsdatum,
                    aktiv=bv.ist_aktiv_am(heute),
                    aus_rw=True,
                    bemerkung=bv.bestandsart,
                )
            )
    for f in session.scalars(
        select(Funktion)
        .join(Funktionsart)
        .where(_scope(kontext, datensatz_id))
        .order_by(Funktionsart.code, Funktion.beginn, Funktion.id)
    ):
        rows.append(_zeile(f, heute))
    if not auch_inaktive:
        rows = [r for r in rows if r.aktiv]
    return rows


def funktionsarten(session: Session, auch_rw: bool = False) -> list[FunktionsartDto]:
    """Funktionsarten by code; RW ones only with ``auch_rw`` (never offered for new ones)."""
    query = select(Funktionsart).order_by(Funktionsart.code)
    if not auch_rw:
        query = query.where(Funktionsart.aus_rw.is_(False))
    return [FunktionsartDto.model_validate(a) for a in session.scalars(query)]


def personen_suchen(session: Session, text: str, limit: int = 50) -> list[PersonTreffer]:
    """Persons whose name, company or number contains ``text`` (case-insensitive)."""
    pattern = f"%{text.strip()}%"
    query = (
        select(Person)
        .where(
            or_(
                Person.nachname.ilike(pattern),
                Person.vorname.ilike(pattern),
                Person.firma.ilike(pattern),
                Person.person_nr.ilike(pattern),
            )
        )
        .order_by(Person.nachname, Person.vorname, Person.firma)
        .limit(limit)
    )
    return [
        PersonTreffer(id=p.id, person_nr=p.person_nr, name=p.anzeigename, ort=p.ort)
        for p in session.scalars(query)
    ]


def _refuse_rw(funktion: Funktion, was: str) -> None:
    if funktion.funktionsart.aus_rw:
        raise ReadOnlyFieldError(
            f"der Funktion {funktion.funktionsart.code} {funktion.funktionsart.bezeichnung}",
            [was],
        )


def _art(session: Session, funktionsart_id: int) -> Funktionsart:
    art = get_or_404(session, Funktionsart, funktionsart_id, "Funktionsart")
    if art.aus_rw:
        raise ValidationError(
            f"Die Funktion {art.code} {art.bezeichnung} kommt aus d+ RW und kann in d+ OM "
            "nicht hinzugefügt werden."
        )
    return art


def _check_dates(beginn: dt.date | None, ende: dt.date | None) -> None:
    if beginn is not None and ende is not None and ende < beginn:
        raise ValidationError("Das Ende der Funktion darf nicht vor ihrem Beginn liegen.")


def hinzufuegen(
    session: Session,
    kontext: InfoKontext,
    datensatz_id: int,
    funktionsart_id: int,
    person_id: int,
    beginn: dt.date | None,
    ende: dt.date | None = None,
    bemerkung: str | None = None,
    heute: dt.date | None = None,
) -> PersonenZeile:
    """Add a Funktion (not one of the RW Funktionsarten). Caller owns the transaction."""
    _check_target(session, kontext, datensatz_id)
    _art(session, funktionsart_id)
    get_or_404(session, Person, person_id, "Person")
    _check_dates(beginn, ende)
    f = Funktion(
        funktionsart_id=funktionsart_id,
        person_id=person_id,
        einheit_id=datensatz_id if kontext is InfoKontext.EINHEIT else None,
        bestandsverhaeltnis_id=datensatz_id if kontext is InfoKontext.BESTANDSVERHAELTNIS else None,
        beginn=beginn,
        ende=ende,
        bemerkung=(bemerkung or "").strip() or None,
    )
    session.add(f)
    session.flush()
    session.refresh(f)
    return _zeile(f, heute or dt.date.today())


def bearbeiten(
    session: Session,
    funktion_id: int,
    funktionsart_id: int,
    person_id: int,
    beginn: dt.date | None,
    ende: dt.date | None,
    bemerkung: str | None,
    heute: dt.date | None = None,
) -> PersonenZeile:
    """Change an OM Funktion; RW ones and a change into an RW Funktionsart are refused."""
    f = get_or_404(session, Funktion, funktion_id, "Funktion")
    _refuse_rw(f, "Funktion")
    if funktionsart_id != f.funktionsart_id:
        _art(session, funktionsart_id)
    get_or_404(session, Person, person_id, "Person")
    _check_dates(beginn, ende)
    f.funktionsart_id = funktionsart_id
    f.person_id = person_id
    f.beginn = beginn
    f.ende = ende
    f.bemerkung = (bemerkung or "").strip() or None
    session.flush()
    session.refresh(f)
    return _zeile(f, heute or dt.date.today())


def loeschen(session: Session, funktion_id: int) -> None:
    """Delete an OM Funktion; RW ones are refused."""
    f = get_or_404(session, Funktion, funktion_id, "Funktion")
    _refuse_rw(f, "Funktion")
    session.delete(f)
    session.flush()


def enddatum_definieren(session: Session, funktion_id: int, ende: dt.date | None) -> None:
    """Set the date the Funktion ends (None reopens it); RW ones are refused."""
    f = get_or_404(session, Funktion, funktion_id, "Funktion")
    _refuse_rw(f, "Ende")
    _check_dates(f.beginn, ende)
    f.ende = ende
    session.flush()


def kopieren(
    session: Session,
    funktion_id: int,
    ziele: Iterable[tuple[InfoKontext, int]],
    person_id: int | None = None,
) -> int:
    """Copy an OM Funktion onto other Einheiten/Bestandsverhältnisse (optionally another person).

    A Funktion from d+ RW cannot be copied, and a target that already holds
    the same Funktionsart for the same person is skipped. Returns the number
    of Funktionen created.
    """
    f = get_or_404(session, Funktion, funktion_id, "Funktion")
    if f.funktionsart.aus_rw:
        raise ValidationError(
            f"Die Funktion {f.funktionsart.code} {f.funktionsart.bezeichnung} kommt aus d+ RW "
            "und kann nicht kopiert werden."
        )
    neue_person = person_id if person_id is not None else f.person_id
    get_or_404(session, Person, neue_person, "Person")
    ziel_liste = list(ziele)
    if not ziel_liste:
        raise ValidationError("Bitte wählen Sie mindestens ein Ziel für die Kopie.")
    created = 0
    for kontext, datensatz_id in ziel_liste:
        _check_target(session, kontext, datensatz_id)
        exists = session.scalar(
            select(Funktion.id).where(
                _scope(kontext, datensatz_id),
                Funktion.funktionsart_id == f.funktionsart_id,
                Funktion.person_id == neue_person,
                Funktion.beginn == f.beginn if f.beginn else Funktion.beginn.is_(None),
            )
        )
        if exists is not None:
            continue
        session.add(
            Funktion(
                funktionsart_id=f.funktionsart_id,
                person_id=neue_person,
                einheit_id=datensatz_id if kontext is InfoKontext.EINHEIT else None,
                bestandsverhaeltnis_id=(
                    datensatz_id if kontext is InfoKontext.BESTANDSVERHAELTNIS else None
                ),
                beginn=f.beginn,
                ende=f.ende,
                bemerkung=f.bemerkung,
            )
        )
        created += 1
    session.flush()
    return created


def funktion(session: Session, funktion_id: int, heute: dt.date) -> PersonenZeile:
    return _zeile(get_or_404(session, Funktion, funktion_id, "Funktion"), heute)


def funktionsart_von(session: Session, funktion_id: int) -> FunktionsartDto:
    f = get_or_404(session, Funktion, funktion_id, "Funktion")
    return FunktionsartDto.model_validate(f.funktionsart)


class KopierZiel(Dto):
    kontext: InfoKontext
    datensatz_id: int
    text: str


def kopierziele(session: Session, kontext: InfoKontext, datensatz_id: int) -> list[KopierZiel]:
    """Where a Funktion of the record may be copied: the Objekt's other Einheiten
    (Einheit context) or the unit's other Bestandsverhältnisse (BV context)."""
    if kontext is InfoKontext.EINHEIT:
        einheit = get_or_404(session, Einheit, datensatz_id, "Einheit")
        units = session.scalars(
            select(Einheit)
            .where(Einheit.objekt_id == einheit.objekt_id, Einheit.id != einheit.id)
            .order_by(Einheit.einheit_nr)
        )
        return [
            KopierZiel(
                kontext=kontext,
                datensatz_id=e.id,
                text=f"{e.einheit_nr}"
                + (f" Top {e.top_nr}" if e.top_nr else "")
                + f" – {e.einheitsart.value}",
            )
            for e in units
        ]
    bv = get_or_404(session, Bestandsverhaeltnis, datensatz_id, "Bestandsverhältnis")
    others = session.scalars(
        select(Bestandsverhaeltnis)
        .where(Bestandsverhaeltnis.einheit_id == bv.einheit_id, Bestandsverhaeltnis.id != bv.id)
        .order_by(Bestandsverhaeltnis.bv_nr)
    )
    return [
        KopierZiel(
            kontext=kontext,
            datensatz_id=b.id,
            text=f"{b.bv_nr} {b.person.anzeigename if b.person else '(leer)'}",
        )
        for b in others
    ]


SERIENBRIEF_HAUPTDATENMENGE = "Funktion"


def serienbrief_vorlagen(session: Session) -> list[SerienbriefVorlageDto]:
    """Serienbrief templates of the Hauptdatenmenge Funktion ("Serienbriefe über Funktionen")."""
    return serienbrief.vorlagen(session, SERIENBRIEF_HAUPTDATENMENGE)
