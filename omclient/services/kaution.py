"""Payout of a Kaution (rent deposit) with interest from the Richtsätze.

The rules follow §16b MRG and savings-deposit practice:

* interest runs from the day **after** the Einzahlungsdatum up to and including
  the day **before** the Auszahlungsstichtag;
* day count 30E/360 (default) — ``days(a, b) = 360·(Y₂−Y₁) + 30·(M₂−M₁) +
  (min(D₂,30) − min(D₁,30))`` for the period (a, b] — or act/365;
* the rate of a day is the Richtsatz with the latest "gültig ab" on or before
  that day; a period is split where the rate changes;
* interest is capitalised at every 31.12. and at the payout: the interest of
  the capitalisation period, summed unrounded over its rate periods, is rounded
  half-up to cents (gross), KESt = gross · KESt-Satz rounded half-up to cents,
  and the net interest is added to the balance, earning interest from the next
  day on.

All arithmetic is Decimal. :func:`calculate` is pure (no database);
:func:`aufstellung` and :func:`aufstellung_fuer_bv` read the Richtsätze and the
settings (KESt-Satz, Zinstage-Methode, kept in ``Einstellung``) from a session.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.domain import (
    Bestandsverhaeltnis,
    Einheit,
    Einstellung,
    Kaution,
    Objekt,
    Person,
    Richtsatz,
)
from omclient.errors import NotFoundError, ValidationError
from omclient.formatting import LOCALE, amount, money
from omclient.formatting import date as fmt_date
from omclient.services.benutzer import require_admin
from omclient.services.dto import BenutzerDto, Dto
from omclient.services.kontoauszug import person_name
from omclient.services.lookup import find_einheit

CENT = Decimal("0.01")
ZINS_STELLEN = Decimal("1e-10")
DEFAULT_KEST_PROZENT = Decimal("25")
KEY_KEST = "kaution.kest_prozent"
KEY_ZINSMETHODE = "kaution.zinsmethode"


class Zinsmethode(enum.StrEnum):
    """Day-count convention of the deposit interest."""

    DREISSIG_360 = "30E/360"
    ACT_365 = "act/365"

    @property
    def bezeichnung(self) -> str:
        return {
            Zinsmethode.DREISSIG_360: "30E/360 (Monat zu 30, Jahr zu 360 Tagen)",
            Zinsmethode.ACT_365: "act/365 (tatsächliche Tage, Jahr zu 365 Tagen)",
        }[self]

    @property
    def jahrestage(self) -> int:
        return 360 if self is Zinsmethode.DREISSIG_360 else 365

    def days(self, start: dt.date, end: dt.date) -> int:
        """Interest days of the period (start, end]: start excluded, end included."""
        if self is Zinsmethode.ACT_365:
            return (end - start).days
        return (
            360 * (end.year - start.year)
            + 30 * (end.month - start.month)
            + (min(end.day, 30) - min(start.day, 30))
        )


class KautionsEinstellungen(Dto):
    """The calculation settings an administrator maintains."""

    kest_prozent: Decimal = DEFAULT_KEST_PROZENT
    zinsmethode: Zinsmethode = Zinsmethode.DREISSIG_360


class KautionsZeile(Dto):
    """One rate period of the Aufstellung.

    ``von``/``bis`` are the first and last interest day (both included).
    ``zinsen`` is the unrounded interest of this period (to 10 decimal places;
    the gross interest is computed exactly from the rates and days). A row that
    closes a capitalisation period (31.12. or the payout) carries its
    ``abschluss`` date and the rounded ``zinsen_brutto``, ``kest``,
    ``zinsen_netto`` and the ``kapital_neu``; the other rows leave them empty.
    """

    von: dt.date
    bis: dt.date
    tage: int
    zinssatz: Decimal
    kapital: Decimal
    zinsen: Decimal
    abschluss: dt.date | None = None
    zinsen_brutto: Decimal | None = None
    kest: Decimal | None = None
    zinsen_netto: Decimal | None = None
    kapital_neu: Decimal | None = None


class KautionsAufstellung(Dto):
    """The whole payout calculation: every period, the totals and the Auszahlungsbetrag."""

    betrag: Decimal
    einzahlungsdatum: dt.date
    stichtag: dt.date
    zinsmethode: Zinsmethode
    kest_prozent: Decimal
    zeilen: tuple[KautionsZeile, ...]
    zinsen_brutto: Decimal
    kest: Decimal
    zinsen_netto: Decimal
    auszahlungsbetrag: Decimal


class KautionsKontext(Dto):
    """Who and what a Kaution belongs to — the header of the Kautionsabrechnung."""

    bestandsverhaeltnis_id: int
    bv_nr: str
    person_id: int | None
    mieter: str
    mieter_adresse: str
    objekt_nr: str
    objekt_bezeichnung: str
    einheit_nr: str
    top_nr: str | None
    einheit_strasse: str
    einheit_ort: str
    mandant_id: int
    betrag: Decimal | None
    einzahlungsdatum: dt.date | None
    auszahlungsdatum: dt.date | None

    @property
    def einheit_adresse(self) -> str:
        return ", ".join(p for p in (self.einheit_strasse, self.einheit_ort) if p)

    @property
    def einheit_text(self) -> str:
        top = f", Top {self.top_nr}" if self.top_nr else ""
        return f"{self.objekt_nr}/{self.einheit_nr}{top}"


def zinssatz_text(value: Decimal) -> str:
    """A rate as de_AT text with 2 to 4 decimals: ``0,125 %``, ``2,00 %``."""
    return f"{format_decimal(value, format='#,##0.00##', locale=LOCALE)} %"


def prozent_text(value: Decimal) -> str:
    """A tax rate as de_AT text with up to 2 decimals: ``25 %``, ``27,5 %``."""
    return f"{format_decimal(value, format='#,##0.##', locale=LOCALE)} %"


@dataclass(frozen=True)
class Spalte:
    """A column of the Aufstellung: key, heading, cell text, right-aligned or not."""

    key: str
    titel: str
    text: Callable[[KautionsZeile], str]
    rechts: bool = True


SPALTEN: tuple[Spalte, ...] = (
    Spalte("von", "Von", lambda z: fmt_date(z.von), rechts=False),
    Spalte("bis", "Bis", lambda z: fmt_date(z.bis), rechts=False),
    Spalte("tage", "Tage", lambda z: str(z.tage)),
    Spalte("zinssatz", "Zinssatz", lambda z: zinssatz_text(z.zinssatz)),
    Spalte("kapital", "Kapital €", lambda z: amount(z.kapital)),
    Spalte("zinsen_brutto", "Zinsen brutto €", lambda z: amount(z.zinsen_brutto)),
    Spalte("kest", "KESt €", lambda z: amount(z.kest)),
    Spalte("zinsen_netto", "Zinsen netto €", lambda z: amount(z.zinsen_netto)),
    Spalte("kapital_neu", "Kapital neu €", lambda z: amount(z.kapital_neu)),
)
"""The columns every view of the Aufstellung shows (CLI, dialog, report).

Brutto, KESt, netto and Kapital neu are filled on the row that closes a
capitalisation period (31.12. or the payout)."""


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _rate_on(day: dt.date, dates: list[dt.date], rates: Mapping[dt.date, Decimal]) -> Decimal:
    """The rate of ``day``: the Richtsatz with the latest gültig ab on or before it."""
    valid = [d for d in dates if d <= day]
    if not valid:
        raise ValidationError(_missing_rate_message(day, dates))
    return rates[valid[-1]]


def _missing_rate_message(day: dt.date, dates: list[dt.date]) -> str:
    if not dates:
        return (
            "Es sind keine Richtsätze hinterlegt. Bitte erfassen Sie die Zinssätze unter "
            "Grundeinstellungen → Richtsätze."
        )
    return (
        f"Für den {fmt_date(day)} ist kein Richtsatz hinterlegt (der früheste gilt ab "
        f"{fmt_date(dates[0])}). Bitte ergänzen Sie die Richtsätze unter "
        "Grundeinstellungen → Richtsätze."
    )


def _validate(
    betrag: Decimal,
    einzahlungsdatum: dt.date,
    stichtag: dt.date,
    richtsaetze: Mapping[dt.date, Decimal],
    kest_prozent: Decimal,
) -> None:
    problems: list[str] = []
    if not betrag.is_finite() or betrag < 0:
        problems.append(f"Der Kautionsbetrag ({money(betrag)}) darf nicht negativ sein.")
    if stichtag < einzahlungsdatum:
        problems.append(
            f"Der Stichtag {fmt_date(stichtag)} liegt vor dem Einzahlungsdatum "
            f"{fmt_date(einzahlungsdatum)}."
        )
    for gueltig_ab, satz in sorted(richtsaetze.items()):
        if not satz.is_finite() or satz < 0:
            problems.append(
                f"Der Richtsatz ab {fmt_date(gueltig_ab)} ist negativ ({satz} %); "
                "Zinssätze müssen 0 oder größer sein."
            )
    if not kest_prozent.is_finite() or not Decimal(0) <= kest_prozent <= Decimal(100):
        problems.append(f"Der KESt-Satz ({kest_prozent} %) muss zwischen 0 und 100 % liegen.")
    if problems:
        message = problems[0] if len(problems) == 1 else "Die Kaution kann nicht berechnet werden."
        raise ValidationError(message, problems)


def calculate(
    betrag: Decimal,
    einzahlungsdatum: dt.date,
    stichtag: dt.date,
    richtsaetze: Mapping[dt.date, Decimal],
    *,
    kest_prozent: Decimal = DEFAULT_KEST_PROZENT,
    zinsmethode: Zinsmethode = Zinsmethode.DREISSIG_360,
) -> KautionsAufstellung:
    """The Aufstellung of ``betrag`` paid in on ``einzahlungsdatum`` and paid out on ``stichtag``.

    ``richtsaetze`` maps "gültig ab" to the rate in % p.a. Raises
    :class:`ValidationError` for a negative amount or rate, a Stichtag before the
    Einzahlung, or an interest day without a Richtsatz. A Stichtag on the
    Einzahlungsdatum or the day after gives no interest.
    """
    _validate(betrag, einzahlungsdatum, stichtag, richtsaetze, kest_prozent)
    dates = sorted(richtsaetze)
    first_day = einzahlungsdatum + dt.timedelta(days=1)
    last_day = stichtag - dt.timedelta(days=1)
    zeilen: list[KautionsZeile] = []
    kapital = betrag
    sum_brutto = sum_kest = sum_netto = Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 60
        denominator = Decimal(100 * zinsmethode.jahrestage)
        for year in range(first_day.year, last_day.year + 1):
            start = max(first_day, dt.date(year, 1, 1))
            end = min(last_day, dt.date(year, 12, 31))
            if start > end:
                continue
            # The balance is constant within a capitalisation period, so the
            # gross interest is one exact quotient: kapital · Σ(rate · days) / denominator.
            weighted = Decimal(0)
            rows = []
            for von, bis in _rate_periods(start, end, dates):
                satz = _rate_on(von, dates, richtsaetze)
                tage = zinsmethode.days(von - dt.timedelta(days=1), bis)
                weighted += satz * tage
                zinsen = (kapital * satz * tage / denominator).quantize(ZINS_STELLEN)
                rows.append((von, bis, tage, satz, zinsen))
            brutto = _round(kapital * weighted / denominator)
            kest = _round(brutto * kest_prozent / 100)
            netto = brutto - kest
            neu = kapital + netto
            for index, (von, bis, tage, satz, zinsen) in enumerate(rows):
                closing = index == len(rows) - 1
                zeilen.append(
                    KautionsZeile(
                        von=von,
                        bis=bis,
                        tage=tage,
                        zinssatz=satz,
                        kapital=kapital,
                        zinsen=zinsen,
                        abschluss=bis if closing else None,
                        zinsen_brutto=brutto if closing else None,
                        kest=kest if closing else None,
                        zinsen_netto=netto if closing else None,
                        kapital_neu=neu if closing else None,
                    )
                )
            sum_brutto += brutto
            sum_kest += kest
            sum_netto += netto
            kapital = neu
    return KautionsAufstellung(
        betrag=betrag,
        einzahlungsdatum=einzahlungsdatum,
        stichtag=stichtag,
        zinsmethode=zinsmethode,
        kest_prozent=kest_prozent,
        zeilen=tuple(zeilen),
        zinsen_brutto=sum_brutto,
        kest=sum_kest,
        zinsen_netto=sum_netto,
        auszahlungsbetrag=kapital,
    )


def _rate_periods(
    start: dt.date, end: dt.date, dates: list[dt.date]
) -> list[tuple[dt.date, dt.date]]:
    """Split the interest days [start, end] before every Richtsatz change inside them."""
    if not dates or start < dates[0]:
        raise ValidationError(_missing_rate_message(start, dates))
    periods = []
    von = start
    for change in dates:
        if von < change <= end:
            periods.append((von, change - dt.timedelta(days=1)))
            von = change
    periods.append((von, end))
    return periods


def load_richtsaetze(session: Session) -> dict[dt.date, Decimal]:
    """The Richtsätze table as {gültig ab: Zinssatz}."""
    rows = session.execute(select(Richtsatz.gueltig_ab, Richtsatz.zinssatz)).all()
    return {gueltig_ab: Decimal(zinssatz) for gueltig_ab, zinssatz in rows}


def load_settings(session: Session) -> KautionsEinstellungen:
    """KESt-Satz and Zinstage-Methode from ``Einstellung`` (defaults: 25 %, 30E/360)."""
    values = dict(
        session.execute(
            select(Einstellung.schluessel, Einstellung.wert).where(
                Einstellung.schluessel.in_([KEY_KEST, KEY_ZINSMETHODE])
            )
        ).all()
    )
    settings = KautionsEinstellungen()
    kest = values.get(KEY_KEST)
    methode = values.get(KEY_ZINSMETHODE)
    return KautionsEinstellungen(
        kest_prozent=Decimal(kest) if kest else settings.kest_prozent,
        zinsmethode=Zinsmethode(methode) if methode else settings.zinsmethode,
    )


def save_settings(
    sessions: sessionmaker[Session],
    user: BenutzerDto,
    einstellungen: KautionsEinstellungen,
    clock: Clock = SYSTEM_CLOCK,
) -> KautionsEinstellungen:
    """Store KESt-Satz and Zinstage-Methode (administrators only)."""
    require_admin(user, "Das Ändern der Kautionseinstellungen")
    kest = einstellungen.kest_prozent
    if not kest.is_finite() or not Decimal(0) <= kest <= Decimal(100):
        raise ValidationError(f"Der KESt-Satz ({kest} %) muss zwischen 0 und 100 % liegen.")
    with sessions.begin() as session:
        for key, value in [
            (KEY_KEST, str(kest.normalize())),
            (KEY_ZINSMETHODE, einstellungen.zinsmethode.value),
        ]:
            row = session.scalar(select(Einstellung).where(Einstellung.schluessel == key))
            if row is None:
                row = Einstellung(schluessel=key)
                session.add(row)
            if row.wert != value:
                row.wert = value
                row.geaendert_am = clock.now()
                row.geaendert_von = user.login
    with sessions() as session:
        return load_settings(session)


def aufstellung(
    session: Session,
    betrag: Decimal,
    einzahlungsdatum: dt.date,
    stichtag: dt.date,
    *,
    richtsaetze: Mapping[dt.date, Decimal] | None = None,
    einstellungen: KautionsEinstellungen | None = None,
) -> KautionsAufstellung:
    """:func:`calculate` with the database's Richtsätze and settings.

    ``richtsaetze`` / ``einstellungen`` replace the stored ones for this call.
    """
    settings = einstellungen or load_settings(session)
    rates = load_richtsaetze(session) if richtsaetze is None else richtsaetze
    return calculate(
        betrag,
        einzahlungsdatum,
        stichtag,
        rates,
        kest_prozent=settings.kest_prozent,
        zinsmethode=settings.zinsmethode,
    )


def _address(strasse: str | None, hausnummer: str | None, plz: str | None, ort: str | None) -> str:
    street = " ".join(p for p in (strasse, hausnummer) if p)
    town = " ".join(p for p in (plz, ort) if p)
    return ", ".join(p for p in (street, town) if p)


def _strasse(einheit: Einheit) -> str:
    """Austrian style: street, then house number / Stiege / door (``Hauptstraße 1/2/7``)."""
    nummer = "/".join(p for p in (einheit.hausnummer, einheit.stiege, einheit.tuer) if p)
    return " ".join(p for p in (einheit.strasse, nummer) if p)


def kontext(session: Session, bv_id: int) -> KautionsKontext:
    """Tenant, unit and the stored Kaution of Bestandsverhältnis ``bv_id``."""
    bv = session.get(Bestandsverhaeltnis, bv_id)
    if bv is None:
        raise NotFoundError(f"Das Bestandsverhältnis {bv_id} wurde nicht gefunden.")
    einheit = session.get(Einheit, bv.einheit_id)
    assert einheit is not None
    objekt = session.get(Objekt, einheit.objekt_id)
    assert objekt is not None
    person = session.get(Person, bv.person_id) if bv.person_id else None
    kaution = session.scalar(select(Kaution).where(Kaution.bestandsverhaeltnis_id == bv_id))
    return KautionsKontext(
        bestandsverhaeltnis_id=bv.id,
        bv_nr=bv.bv_nr,
        person_id=bv.person_id,
        mieter=person_name(person),
        mieter_adresse=_address(person.strasse, person.hausnummer, person.plz, person.ort)
        if person
        else "",
        objekt_nr=objekt.objekt_nr,
        objekt_bezeichnung=objekt.bezeichnung,
        einheit_nr=einheit.einheit_nr,
        top_nr=einheit.top_nr,
        einheit_strasse=_strasse(einheit),
        einheit_ort=" ".join(p for p in (einheit.plz, einheit.ort) if p),
        mandant_id=objekt.mandant_id,
        betrag=kaution.betrag if kaution else None,
        einzahlungsdatum=kaution.einzahlungsdatum if kaution else None,
        auszahlungsdatum=kaution.auszahlungsdatum if kaution else None,
    )


def aufstellung_fuer_bv(
    session: Session,
    bv_id: int,
    stichtag: dt.date,
    *,
    betrag: Decimal | None = None,
    einzahlungsdatum: dt.date | None = None,
) -> tuple[KautionsKontext, KautionsAufstellung]:
    """The Aufstellung of the Kaution of Bestandsverhältnis ``bv_id``.

    ``betrag`` / ``einzahlungsdatum`` replace the stored values (a dialog
    computing with what is typed but not saved yet); the returned context
    carries the values used.
    """
    ctx = kontext(session, bv_id)
    overrides = {
        k: v
        for k, v in (("betrag", betrag), ("einzahlungsdatum", einzahlungsdatum))
        if v is not None
    }
    if overrides:
        ctx = ctx.model_copy(update=overrides)
    if ctx.betrag is None or ctx.einzahlungsdatum is None:
        missing = [
            name
            for name, value in (("Betrag", ctx.betrag), ("Einzahlungsdatum", ctx.einzahlungsdatum))
            if value is None
        ]
        raise ValidationError(
            f"Für das Bestandsverhältnis {ctx.einheit_text} ({ctx.mieter or 'ohne Mieter'}) "
            f"fehlt bei der Kaution: {' und '.join(missing)}. Bitte erfassen Sie zuerst "
            "Betrag und Einzahlungsdatum der Kaution."
        )
    return ctx, aufstellung(session, ctx.betrag, ctx.einzahlungsdatum, stichtag)


def find_bv(
    session: Session,
    objekt_nr: str,
    einheit_nr: str,
    stichtag: dt.date,
    *,
    bv_nr: str | None = None,
    mandant_nr: str | None = None,
) -> int:
    """The id of the Bestandsverhältnis of Einheit ``objekt_nr``/``einheit_nr``.

    Without ``bv_nr`` the tenancy current on ``stichtag``; with it, that one.
    Raises NotFoundError / ValidationError with a German message naming what
    is missing or ambiguous.
    """
    einheit = find_einheit(session, objekt_nr, einheit_nr, mandant_nr)
    bvs = session.scalars(
        select(Bestandsverhaeltnis).where(Bestandsverhaeltnis.einheit_id == einheit.id)
    ).all()
    if bv_nr is not None:
        chosen = [bv for bv in bvs if bv.bv_nr == bv_nr]
        if not chosen:
            raise NotFoundError(
                f"Die Einheit {objekt_nr}/{einheit_nr} hat kein Bestandsverhältnis {bv_nr}."
            )
        return chosen[0].id
    current = [bv for bv in bvs if bv.ist_aktiv_am(stichtag)]
    if not current:
        raise NotFoundError(
            f"Die Einheit {objekt_nr}/{einheit_nr} hat am {fmt_date(stichtag)} kein aktuelles "
            "Bestandsverhältnis. Für ein früheres geben Sie dessen Nummer an."
        )
    return max(current, key=lambda bv: bv.bezugsdatum or dt.date.min).id
