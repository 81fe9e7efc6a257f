"""Rent positions of a listing with their USt, rounded as an invoice rounds them.

Every monthly position (Grundmiete, Betriebskosten, Heizkosten, …) is a net
amount rounded half-up to the cent; its USt is the net amount times the rate,
again rounded half-up to the cent; its gross amount is net plus USt. The net
and gross totals are the sums of these rounded positions, so the total a
prospective tenant sees is always the sum of the lines beneath it. Nothing here
uses banker's rounding (``ROUND_HALF_EVEN``, Python's ``round``).

The USt rate of a position depends on what is let (the unit's *Nutzung*) and
on the kind of charge. The defaults follow the Austrian UStG 1994 as in force
since the Steuerreform 2015/2016 (StRefG 2015/2016, BGBl I 118/2015):

* § 10 Abs 2 Z 3 lit a: letting for residential purposes (Wohnzwecke) 10 %,
  "ausgenommen eine als Nebenleistung erbrachte Lieferung von Wärme"; the
  Betriebskosten, Lift and EVB share the rate of the rent they belong to
  (they are Nebenleistungen of the letting).
* Heizung and Warmwasser are the supply of heat excluded above: normal
  rate 20 % (§ 10 Abs 1), also for a flat.
* Letting "Räumlichkeiten oder Plätze für das Abstellen von Fahrzeugen aller
  Art" is neither exempt (§ 6 Abs 1 Z 16) nor for Wohnzwecke: Garagen and
  Stellplätze are 20 %, also their Betriebskosten and a Stellplatz charged on
  a flat.
* Geschäftsräume are exempt (§ 6 Abs 1 Z 16) unless the landlord opted for
  taxation (§ 6 Abs 2); most housing companies opt, so the default is 20 %;
  an administrator sets 0 % where no option was made.
* Keller- and Dachbodenabteile let to residents serve their dwelling and are
  charged like a flat (10 %); Lager let on their own like Geschäftsräume.

An administrator can change every rate (Extras → Immomio); the changed ones
are stored as ``Einstellung`` rows ``immomio.ust.<nutzung>.<art>``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cached_property

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from omclient.domain import Einstellung
from omclient.domain.enums import Einheitsart, Vorschreibungsart
from omclient.errors import ValidationError
from omclient.formatting import round_cents
from omclient.services.benutzer import require_admin
from omclient.services.dto import BenutzerDto

CENT = Decimal("0.01")
UST_PREFIX = "immomio.ust."


def cent(amount: Decimal) -> Decimal:
    """``amount`` rounded half-up to the cent (0.005 → 0.01, never to even)."""
    return round_cents(amount)


class Nutzung(enum.StrEnum):
    """What a unit is let for, as far as the USt rate is concerned."""

    WOHNEN = "Wohnen"
    GESCHAEFT = "Geschäftsraum"
    PARKEN = "Abstellplatz"


NUTZUNG: dict[Einheitsart, Nutzung] = {
    Einheitsart.WOHNUNG: Nutzung.WOHNEN,
    Einheitsart.KELLER: Nutzung.WOHNEN,
    Einheitsart.DACHBODEN: Nutzung.WOHNEN,
    Einheitsart.LOKAL: Nutzung.GESCHAEFT,
    Einheitsart.BUERO: Nutzung.GESCHAEFT,
    Einheitsart.LAGER: Nutzung.GESCHAEFT,
    Einheitsart.GARAGE: Nutzung.PARKEN,
    Einheitsart.PARKPLATZ: Nutzung.PARKEN,
}

_V = Vorschreibungsart
_ZEHN, _ZWANZIG = Decimal("10"), Decimal("20")

STANDARD_UST: dict[tuple[Nutzung, Vorschreibungsart], Decimal] = {
    **{(Nutzung.WOHNEN, art): _ZEHN for art in Vorschreibungsart},
    (Nutzung.WOHNEN, _V.HEIZKOSTEN): _ZWANZIG,
    (Nutzung.WOHNEN, _V.WARMWASSER): _ZWANZIG,
    (Nutzung.WOHNEN, _V.STELLPLATZ): _ZWANZIG,
    **{(Nutzung.GESCHAEFT, art): _ZWANZIG for art in Vorschreibungsart},
    **{(Nutzung.PARKEN, art): _ZWANZIG for art in Vorschreibungsart},
}

UstSaetze = Mapping[tuple[Nutzung, Vorschreibungsart], Decimal]


def _key(nutzung: Nutzung, art: Vorschreibungsart) -> str:
    return f"{UST_PREFIX}{nutzung.name.lower()}.{art.name.lower()}"


def ust_saetze_laden(session: Session) -> dict[tuple[Nutzung, Vorschreibungsart], Decimal]:
    """The USt rates in force: the defaults, overridden by what an administrator stored."""
    stored = {
        row.schluessel: row.wert
        for row in session.scalars(
            select(Einstellung).where(Einstellung.schluessel.startswith(UST_PREFIX))
        )
    }
    saetze = dict(STANDARD_UST)
    for key in saetze:
        text = stored.get(_key(*key))
        if text:
            saetze[key] = Decimal(text)
    return saetze


def ust_saetze_pruefen(
    saetze: Mapping[tuple[Nutzung, Vorschreibungsart], Decimal | str],
) -> dict[tuple[Nutzung, Vorschreibungsart], Decimal]:
    """The rates as Decimals; ValidationError naming every one that is not 0–100 %
    with at most two decimals (``12,5`` and ``12.5`` both accepted)."""
    parsed: dict[tuple[Nutzung, Vorschreibungsart], Decimal] = {}
    problems: list[str] = []
    for (nutzung, art), value in saetze.items():
        try:
            rate = Decimal(str(value).replace(",", ".").strip())
        except InvalidOperation:
            rate = Decimal("-1")
        if not rate.is_finite():
            rate = Decimal("-1")
        if not Decimal("0") <= rate <= Decimal("100") or rate != cent(rate):
            problems.append(f"{nutzung.value}, {art.value}: „{value}“ ist kein USt-Satz (0–100 %).")
        else:
            parsed[(nutzung, art)] = rate
    if problems:
        message = "Die USt-Sätze wurden nicht gespeichert."
        if len(problems) == 1:
            message += f" {problems[0]}"
        raise ValidationError(message, problems)
    return parsed


def ust_saetze_speichern(
    session: Session,
    user: BenutzerDto,
    saetze: Mapping[tuple[Nutzung, Vorschreibungsart], Decimal | str],
    now: dt.datetime | None = None,
) -> None:
    """Store changed rates (administrators only; each 0–100 %, at most two decimals).

    Bad input raises ValidationError naming every bad rate and stores nothing.
    """
    require_admin(user, "Das Ändern der USt-Sätze")
    parsed = ust_saetze_pruefen(saetze)
    stamp = now or dt.datetime.now()
    with session.begin():
        existing = {
            row.schluessel: row
            for row in session.scalars(
                select(Einstellung).where(Einstellung.schluessel.startswith(UST_PREFIX))
            )
        }
        for key, rate in parsed.items():
            text = str(rate.normalize()) if rate else "0"
            row = existing.get(_key(*key))
            if row is None:
                session.add(
                    Einstellung(
                        schluessel=_key(*key),
                        wert=text,
                        geaendert_am=stamp,
                        geaendert_von=user.login,
                    )
                )
            elif row.wert != text:
                row.wert, row.geaendert_am, row.geaendert_von = text, stamp, user.login


class Kostenposition(BaseModel):
    """One monthly position of a listing: net amount (cent), USt rate, USt, gross."""

    model_config = ConfigDict(frozen=True)

    art: Vorschreibungsart
    netto: Decimal
    ust_prozent: Decimal

    @cached_property
    def ust(self) -> Decimal:
        return cent(self.netto * self.ust_prozent / 100)

    @cached_property
    def brutto(self) -> Decimal:
        return self.netto + self.ust


def position(art: Vorschreibungsart, netto: Decimal, ust_prozent: Decimal) -> Kostenposition:
    """A position with its net amount rounded half-up to the cent."""
    # The arguments are typed values already: no validation pass needed (thousands per push).
    return Kostenposition.model_construct(art=art, netto=cent(netto), ust_prozent=ust_prozent)


def summe_netto(positionen: Iterable[Kostenposition]) -> Decimal:
    return sum((p.netto for p in positionen), Decimal("0.00"))


def summe_ust(positionen: Iterable[Kostenposition]) -> Decimal:
    return sum((p.ust for p in positionen), Decimal("0.00"))


def summe_brutto(positionen: Iterable[Kostenposition]) -> Decimal:
    return sum((p.brutto for p in positionen), Decimal("0.00"))
