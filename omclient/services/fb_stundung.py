"""FB-Stundung: deferral of (part of) a Finanzierungsbeitrag, paid back in
monthly instalments with interest on the outstanding balance.

The Ratenplan is an annuity: every instalment is the same amount (rounded to
cents) except the last, which settles the remainder so that the repayments
add up to the deferred amount exactly. Interest of a month is the balance
times the annual rate / 12, rounded half-up to cents. At 0 % the amount is
simply split into equal instalments.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from omclient.domain import FbStundung, Finanzierungsbeitrag
from omclient.errors import ValidationError
from omclient.formatting import money, round_cents
from omclient.services.bv_common import load_bv
from omclient.services.common import get_or_404
from omclient.services.dto import Dto

MAX_RATEN = 360
MAX_ZINSSATZ = Decimal("20")
ZERO = Decimal("0")


class RatenplanZeile(Dto):
    nr: int
    faellig: dt.date
    rate: Decimal
    zinsen: Decimal
    tilgung: Decimal
    restschuld: Decimal


class FbStundungInput(Dto):
    betrag: Decimal
    raten: int
    beginn: dt.date
    zinssatz: Decimal = ZERO
    bemerkung: str | None = None


class FbStundungDto(Dto):
    id: int
    bv_id: int
    betrag: Decimal
    raten: int
    beginn: dt.date
    zinssatz: Decimal
    bemerkung: str | None
    ratenplan: tuple[RatenplanZeile, ...]

    @property
    def summe_zinsen(self) -> Decimal:
        return sum((z.zinsen for z in self.ratenplan), ZERO)

    @property
    def summe_raten(self) -> Decimal:
        return sum((z.rate for z in self.ratenplan), ZERO)

    @property
    def ende(self) -> dt.date:
        return self.ratenplan[-1].faellig


class FbUebersicht(Dto):
    """What the FB-Stundung dialog shows above the list."""

    bv_id: int
    fb_betrag: Decimal | None
    fb_aktiv: bool
    gestundet: Decimal
    stundungen: tuple[FbStundungDto, ...]

    @property
    def noch_stundbar(self) -> Decimal | None:
        return None if self.fb_betrag is None else self.fb_betrag - self.gestundet


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's last day (31.01. → 28./29.02.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validate_input(data: FbStundungInput) -> list[str]:
    problems = []
    if data.betrag <= ZERO:
        problems.append("Der gestundete Betrag muss größer als 0 sein.")
    if data.betrag != round_cents(data.betrag):
        problems.append("Der gestundete Betrag darf höchstens zwei Nachkommastellen haben.")
    if not 1 <= data.raten <= MAX_RATEN:
        problems.append(f"Die Anzahl der Raten muss zwischen 1 und {MAX_RATEN} liegen.")
    if not ZERO <= data.zinssatz <= MAX_ZINSSATZ:
        problems.append(f"Der Zinssatz muss zwischen 0 und {MAX_ZINSSATZ} % pro Jahr liegen.")
    return problems


def ratenplan(data: FbStundungInput) -> tuple[RatenplanZeile, ...]:
    """The instalment schedule to the cent (see module docstring).

    Raises ValidationError for impossible input.
    """
    problems = validate_input(data)
    if problems:
        raise ValidationError(problems[0], problems)
    monthly = data.zinssatz / Decimal(100) / Decimal(12)
    n = data.raten
    if monthly == ZERO:
        rate = round_cents(data.betrag / n)
    else:
        rate = round_cents(data.betrag * monthly / (1 - (1 + monthly) ** -n))
    rows = []
    rest = data.betrag
    for i in range(n):
        zinsen = round_cents(rest * monthly)
        tilgung = rest if i == n - 1 else min(rate - zinsen, rest)
        rest -= tilgung
        rows.append(
            RatenplanZeile(
                nr=i + 1,
                faellig=add_months(data.beginn, i),
                rate=tilgung + zinsen,
                zinsen=zinsen,
                tilgung=tilgung,
                restschuld=rest,
            )
        )
    return tuple(rows)


def _dto(row: FbStundung) -> FbStundungDto:
    data = FbStundungInput(
        betrag=row.betrag, raten=row.raten, beginn=row.beginn, zinssatz=row.zinssatz
    )
    return FbStundungDto(
        id=row.id,
        bv_id=row.bestandsverhaeltnis_id,
        betrag=row.betrag,
        raten=row.raten,
        beginn=row.beginn,
        zinssatz=row.zinssatz,
        bemerkung=row.bemerkung,
        ratenplan=ratenplan(data),
    )


def load_uebersicht(session: Session, bv_id: int) -> FbUebersicht:
    bv = load_bv(session, bv_id)
    fb = session.scalar(
        select(Finanzierungsbeitrag).where(Finanzierungsbeitrag.bestandsverhaeltnis_id == bv_id)
    )
    rows = session.scalars(
        select(FbStundung)
        .where(FbStundung.bestandsverhaeltnis_id == bv_id)
        .order_by(FbStundung.beginn, FbStundung.id)
    ).all()
    stundungen = tuple(_dto(r) for r in rows)
    return FbUebersicht(
        bv_id=bv_id,
        fb_betrag=fb.betrag if fb else None,
        fb_aktiv=bv.finanzierungsbeitrag_aktiv,
        gestundet=sum((s.betrag for s in stundungen), ZERO),
        stundungen=stundungen,
    )


def _check_against_fb(
    session: Session, bv_id: int, betrag: Decimal, ignore_id: int | None
) -> list[str]:
    bv = load_bv(session, bv_id)
    fb = session.scalar(
        select(Finanzierungsbeitrag).where(Finanzierungsbeitrag.bestandsverhaeltnis_id == bv_id)
    )
    if not bv.finanzierungsbeitrag_aktiv or fb is None or fb.betrag is None:
        return [
            "Für dieses Bestandsverhältnis ist kein Finanzierungsbeitrag erfasst und aktiviert. "
            "Bitte erfassen Sie ihn zuerst unter Sicherheitsleistungen."
        ]
    query = select(func.coalesce(func.sum(FbStundung.betrag), 0)).where(
        FbStundung.bestandsverhaeltnis_id == bv_id
    )
    if ignore_id is not None:
        query = query.where(FbStundung.id != ignore_id)
    other = Decimal(session.scalar(query) or 0)
    if other + betrag > fb.betrag:
        return [
            f"Es können höchstens {money(fb.betrag - other)} gestundet werden "
            f"(Finanzierungsbeitrag {money(fb.betrag)}, bereits gestundet {money(other)})."
        ]
    return []


def save_stundung(
    sessions: sessionmaker[Session],
    bv_id: int,
    data: FbStundungInput,
    stundung_id: int | None = None,
) -> FbStundungDto:
    """Create (``stundung_id=None``) or change a deferral; validated, one transaction.

    The deferral cannot exceed the Finanzierungsbeitrag minus other deferrals.
    """
    problems = validate_input(data)
    if problems:
        raise ValidationError(problems[0], problems)
    with sessions.begin() as session:
        problems = _check_against_fb(session, bv_id, data.betrag, stundung_id)
        if problems:
            raise ValidationError(problems[0], problems)
        if stundung_id is None:
            row = FbStundung(bestandsverhaeltnis_id=bv_id)
            session.add(row)
        else:
            row = get_or_404(session, FbStundung, stundung_id, "FB-Stundung")
            if row.bestandsverhaeltnis_id != bv_id:
                raise ValidationError("Die FB-Stundung gehört nicht zu diesem Bestandsverhältnis.")
        row.betrag = data.betrag
        row.raten = data.raten
        row.beginn = data.beginn
        row.zinssatz = data.zinssatz
        row.bemerkung = (data.bemerkung or "").strip() or None
        session.flush()
        return _dto(row)


def delete_stundung(sessions: sessionmaker[Session], bv_id: int, stundung_id: int) -> None:
    with sessions.begin() as session:
        row = get_or_404(session, FbStundung, stundung_id, "FB-Stundung")
        if row.bestandsverhaeltnis_id != bv_id:
            raise ValidationError("Die FB-Stundung gehört nicht zu diesem Bestandsverhältnis.")
        session.delete(row)
