"""Kontoauszug of a Bestandsverhältnis: Saldovortrag, postings, running balance.

The balance is Soll − Haben: positive means the Bestandnehmer owes money
("offener Betrag"), negative is a "Guthaben". For a period [von, bis] the
Saldovortrag is the balance of every posting before ``von``; the postings of
the period follow in date order (then Buchungsnummer), each with the running
balance. All arithmetic is Decimal; Saldovortrag + ΣSoll − ΣHaben = Endsaldo
holds to the cent by construction and is asserted.

Batch statements (:func:`kontoauszuege`) load every tenancy's data with a few
set queries instead of one round trip per tenancy.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, joinedload

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import (
    Bestandsverhaeltnis,
    Buchung,
    Einheit,
    Mandant,
    Objekt,
    Person,
    Zahlungsdaten,
)
from omclient.domain.enums import Zahlungsart
from omclient.errors import NotFoundError, ValidationError
from omclient.formatting import date as fmt_date
from omclient.services.bankdaten import mask_iban
from omclient.services.dto import Dto

ZERO = Decimal("0.00")
_CHUNK = 500


class MandantDto(Dto):
    """The landlord as printed in letterheads."""

    name: str
    strasse: str | None = None
    plz: str | None = None
    ort: str | None = None
    telefon: str | None = None
    email: str | None = None
    uid_nr: str | None = None


class KontoPosten(Dto):
    datum: dt.date
    beleg_nr: str
    text: str
    soll: Decimal
    haben: Decimal
    saldo: Decimal


class Zahlungsinfo(Dto):
    """Payment data from the Register Zahlung, IBAN masked for printing."""

    zahlungsart: Zahlungsart
    kontoinhaber: str | None = None
    iban_maskiert: str = ""
    bic: str | None = None
    bank: str | None = None
    mandatsreferenz: str | None = None
    mandatsdatum: dt.date | None = None


class KontoauszugDto(Dto):
    bv_id: int
    bv_nr: str
    objekt_nr: str
    objekt_bezeichnung: str
    einheit_nr: str
    top_nr: str | None
    einheitsart: str
    einheit_adresse: str
    person_nr: str | None
    bestandnehmer: str
    anrede_zeile: str
    anschrift: tuple[str, ...]
    mandant: MandantDto
    von: dt.date
    bis: dt.date
    saldovortrag: Decimal
    posten: tuple[KontoPosten, ...]
    summe_soll: Decimal
    summe_haben: Decimal
    endsaldo: Decimal
    zahlung: Zahlungsinfo | None

    @property
    def saldo_wort(self) -> str:
        """ "offener Betrag", "Guthaben" or "ausgeglichen" for the Endsaldo."""
        return saldo_wort(self.endsaldo)

    @property
    def kennung(self) -> str:
        """``1010/0001/1`` — Objekt/Einheit/Bestandsverhältnis."""
        return f"{self.objekt_nr}/{self.einheit_nr}/{self.bv_nr}"


def saldo_wort(saldo: Decimal) -> str:
    if saldo > 0:
        return "offener Betrag"
    if saldo < 0:
        return "Guthaben"
    return "ausgeglichen"


def default_period(clock: Clock = SYSTEM_CLOCK) -> tuple[dt.date, dt.date]:
    """The current calendar year."""
    year = clock.today().year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _check_period(von: dt.date, bis: dt.date) -> None:
    if von > bis:
        raise ValidationError(
            f"Der Zeitraum ist ungültig: „von“ ({fmt_date(von)}) liegt nach „bis“ "
            f"({fmt_date(bis)})."
        )


def person_name(person: Person | None) -> str:
    """ "Mag. Eva Novak" or the company name."""
    if person is None:
        return ""
    if person.firma:
        return person.firma
    return " ".join(p for p in (person.titel, person.vorname, person.nachname) if p)


def anschrift(person: Person | None, einheit: Einheit) -> tuple[str, ...]:
    """Address lines for the envelope window: Anrede, name, street, town.

    A tenant without an own postal address gets the letter at the unit.
    """
    lines: list[str] = []
    if person is not None and person.anrede and not person.firma:
        lines.append(person.anrede)
    lines.append(person_name(person) or "An die Bestandnehmer")
    if person is not None and (person.strasse or person.ort):
        street = " ".join(p for p in (person.strasse, person.hausnummer) if p)
        town = " ".join(p for p in (person.plz, person.ort) if p)
        country = person.land
    else:
        street = einheit_strasse(einheit)
        town = " ".join(p for p in (einheit.plz, einheit.ort) if p)
        country = einheit.land
    lines.extend(line for line in (street, town) if line)
    if country and country != "AUT":
        lines.append(country)
    return tuple(lines)


def einheit_strasse(einheit: Einheit) -> str:
    """``Donaufelder Straße 101/1/1`` (Stiege and Tür appended when known)."""
    objekt = einheit.objekt
    street = einheit.strasse or objekt.strasse or ""
    number = einheit.hausnummer or objekt.hausnummer or ""
    tail = "/".join(p for p in (number, einheit.stiege, einheit.tuer) if p)
    return " ".join(p for p in (street, tail) if p)


def einheit_adresse(einheit: Einheit) -> str:
    objekt = einheit.objekt
    town = " ".join(p for p in (einheit.plz or objekt.plz, einheit.ort or objekt.ort) if p)
    return ", ".join(p for p in (einheit_strasse(einheit), town) if p)


def anrede_zeile(person: Person | None) -> str:
    """The salutation: "Sehr geehrte Frau Mag. Novak," … "Sehr geehrte Damen und Herren,"."""
    if person is None or person.firma or not person.nachname:
        return "Sehr geehrte Damen und Herren,"
    name = " ".join(p for p in (person.titel, person.nachname) if p)
    if person.anrede == "Frau":
        return f"Sehr geehrte Frau {name},"
    if person.anrede == "Herr":
        return f"Sehr geehrter Herr {name},"
    return "Sehr geehrte Damen und Herren,"


def mandant_dto(mandant: Mandant) -> MandantDto:
    return MandantDto.model_validate(mandant)


def _zahlungsinfo(row: Zahlungsdaten | None) -> Zahlungsinfo | None:
    if row is None:
        return None
    return Zahlungsinfo(
        zahlungsart=row.zahlungsart,
        kontoinhaber=row.kontoinhaber,
        iban_maskiert=mask_iban(row.iban) if row.iban else "",
        bic=row.bic,
        bank=row.bank,
        mandatsreferenz=row.mandatsreferenz,
        mandatsdatum=row.mandatsdatum,
    )


def _assemble(
    bv: Bestandsverhaeltnis,
    vortrag: Decimal,
    buchungen: Sequence[Buchung],
    zahlung: Zahlungsdaten | None,
    von: dt.date,
    bis: dt.date,
) -> KontoauszugDto:
    einheit = bv.einheit
    objekt = einheit.objekt
    saldo = vortrag
    posten = []
    summe_soll = summe_haben = ZERO
    for b in buchungen:
        saldo += b.soll - b.haben
        summe_soll += b.soll
        summe_haben += b.haben
        posten.append(
            KontoPosten(
                datum=b.datum,
                beleg_nr=b.beleg_nr or b.buchungs_nr,
                text=b.text,
                soll=b.soll,
                haben=b.haben,
                saldo=saldo,
            )
        )
    assert vortrag + summe_soll - summe_haben == saldo
    return KontoauszugDto(
        bv_id=bv.id,
        bv_nr=bv.bv_nr,
        objekt_nr=objekt.objekt_nr,
        objekt_bezeichnung=objekt.bezeichnung,
        einheit_nr=einheit.einheit_nr,
        top_nr=einheit.top_nr,
        einheitsart=einheit.einheitsart.value,
        einheit_adresse=einheit_adresse(einheit),
        person_nr=bv.person.person_nr if bv.person else None,
        bestandnehmer=person_name(bv.person),
        anrede_zeile=anrede_zeile(bv.person),
        anschrift=anschrift(bv.person, einheit),
        mandant=mandant_dto(objekt.mandant),
        von=von,
        bis=bis,
        saldovortrag=vortrag,
        posten=tuple(posten),
        summe_soll=summe_soll,
        summe_haben=summe_haben,
        endsaldo=saldo,
        zahlung=_zahlungsinfo(zahlung),
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def kontoauszuege(
    session: Session,
    bv_ids: Sequence[int],
    von: dt.date | None = None,
    bis: dt.date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> list[KontoauszugDto]:
    """Statements of ``bv_ids`` (in that order) for [von, bis] (default: current year).

    Raises NotFoundError for an unknown id, ValidationError for von > bis.
    """
    default_von, default_bis = default_period(clock)
    von = von or default_von
    bis = bis or default_bis
    _check_period(von, bis)
    ids = list(dict.fromkeys(bv_ids))
    bvs: dict[int, Bestandsverhaeltnis] = {}
    vortrag: dict[int, Decimal] = {}
    buchungen: defaultdict[int, list[Buchung]] = defaultdict(list)
    zahlungen: dict[int, Zahlungsdaten] = {}
    for chunk in _chunks(ids):
        for bv in session.scalars(
            select(Bestandsverhaeltnis)
            .where(Bestandsverhaeltnis.id.in_(chunk))
            .options(
                joinedload(Bestandsverhaeltnis.person),
                joinedload(Bestandsverhaeltnis.einheit)
                .joinedload(Einheit.objekt)
                .joinedload(Objekt.mandant),
            )
        ):
            bvs[bv.id] = bv
        for bv_id, total in session.execute(
            select(Buchung.bestandsverhaeltnis_id, func.sum(Buchung.soll) - func.sum(Buchung.haben))
            .where(Buchung.bestandsverhaeltnis_id.in_(chunk), Buchung.datum < von)
            .group_by(Buchung.bestandsverhaeltnis_id)
        ):
            vortrag[bv_id] = Decimal(total or 0).quantize(Decimal("0.01"))
        for buchung in session.scalars(
            select(Buchung)
            .where(
                Buchung.bestandsverhaeltnis_id.in_(chunk),
                Buchung.datum >= von,
                Buchung.datum <= bis,
            )
            .order_by(Buchung.bestandsverhaeltnis_id, Buchung.datum, Buchung.buchungs_nr)
        ):
            buchungen[buchung.bestandsverhaeltnis_id].append(buchung)
        for zahlung in session.scalars(
            select(Zahlungsdaten).where(Zahlungsdaten.bestandsverhaeltnis_id.in_(chunk))
        ):
            zahlungen[zahlung.bestandsverhaeltnis_id] = zahlung
    missing = [i for i in ids if i not in bvs]
    if missing:
        raise NotFoundError(f"Das Bestandsverhältnis {missing[0]} gibt es nicht (mehr).")
    return [
        _assemble(bvs[i], vortrag.get(i, ZERO), buchungen[i], zahlungen.get(i), von, bis)
        for i in ids
    ]


def kontoauszug(
    session: Session,
    bv_id: int,
    von: dt.date | None = None,
    bis: dt.date | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> KontoauszugDto:
    """The statement of one Bestandsverhältnis for [von, bis] (default: current year)."""
    return kontoauszuege(session, [bv_id], von, bis, clock)[0]


def _overlapping(von: dt.date, bis: dt.date) -> list[ColumnElement[bool]]:
    return [
        or_(Bestandsverhaeltnis.bezugsdatum.is_(None), Bestandsverhaeltnis.bezugsdatum <= bis),
        or_(Bestandsverhaeltnis.auszugsdatum.is_(None), Bestandsverhaeltnis.auszugsdatum >= von),
    ]


def bv_fuer_einheit(
    session: Session,
    einheit_id: int,
    von: dt.date,
    bis: dt.date,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """The tenancy a statement of an Einheit is for: the one current today, else the
    latest one overlapping [von, bis]. ValidationError when the unit has none."""
    einheit = session.get(Einheit, einheit_id)
    if einheit is None:
        raise NotFoundError("Die Einheit gibt es nicht (mehr).")
    today = clock.today()
    bvs = list(einheit.bestandsverhaeltnisse)
    current = [bv for bv in bvs if bv.ist_aktiv_am(today)]
    if current:
        return current[-1].id
    overlapping = [
        bv
        for bv in bvs
        if (bv.bezugsdatum is None or bv.bezugsdatum <= bis)
        and (bv.auszugsdatum is None or bv.auszugsdatum >= von)
    ]
    if overlapping:
        return overlapping[-1].id
    label = f"{einheit.objekt.objekt_nr}/{einheit.einheit_nr}"
    if not bvs:
        raise ValidationError(
            f"Die Einheit {label} hat kein Mietverhältnis – es gibt kein Konto, für das ein "
            "Kontoauszug erstellt werden kann."
        )
    raise ValidationError(
        f"Die Einheit {label} hat im Zeitraum {fmt_date(von)} – {fmt_date(bis)} kein "
        "Mietverhältnis."
    )


def bv_ids_fuer_objekt(session: Session, objekt_id: int, von: dt.date, bis: dt.date) -> list[int]:
    """Every tenancy of the Objekt that runs during [von, bis], by Einheit and Bezug."""
    return list(
        session.scalars(
            select(Bestandsverhaeltnis.id)
            .join(Einheit, Bestandsverhaeltnis.einheit_id == Einheit.id)
            .where(Einheit.objekt_id == objekt_id, *_overlapping(von, bis))
            .order_by(
                Einheit.einheit_nr, Bestandsverhaeltnis.bezugsdatum, Bestandsverhaeltnis.bv_nr
            )
        )
    )


def bv_ids_fuer_einheiten(
    session: Session, einheit_ids: Sequence[int], von: dt.date, bis: dt.date
) -> list[int]:
    """Tenancies of the given Einheiten running during [von, bis] (for the batch)."""
    result: list[int] = []
    for chunk in _chunks(list(einheit_ids)):
        result.extend(
            session.scalars(
                select(Bestandsverhaeltnis.id)
                .join(Einheit, Bestandsverhaeltnis.einheit_id == Einheit.id)
                .where(Einheit.id.in_(chunk), *_overlapping(von, bis))
                .order_by(
                    Einheit.objekt_id,
                    Einheit.einheit_nr,
                    Bestandsverhaeltnis.bezugsdatum,
                    Bestandsverhaeltnis.bv_nr,
                )
            )
        )
    return result
