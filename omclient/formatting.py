"""Austrian German formats of amounts, areas and dates (as babel's de_AT writes them),
and parsing of what users type."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal

LOCALE = "de_AT"
CENT = Decimal("0.01")
# The largest value a Numeric(12, 2) column holds.
MAX_AMOUNT = Decimal("9999999999.99")
_PLAIN_NUMBER_RE = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


def round_cents(value: Decimal) -> Decimal:
    """Round half-up to cents (commercial rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | None, *, blank: str = "") -> str:
    """``€ 1.234,56`` — as babel writes EUR for de_AT."""
    if value is None:
        return blank
    return format_currency(round_cents(value), "EUR", locale=LOCALE)


def amount(value: Decimal | None, *, blank: str = "") -> str:
    """``1.234,56`` without currency sign (table columns headed with €)."""
    if value is None:
        return blank
    return format_decimal(round_cents(value), format="#,##0.00", locale=LOCALE)


def number(value: Decimal | int | float | None, digits: int = 2, *, blank: str = "") -> str:
    if value is None:
        return blank
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def area(value: Decimal | None, *, blank: str = "") -> str:
    """``1.234,56 m²``"""
    if value is None:
        return blank
    return f"{number(value, 2)} m²"


def percent(value: Decimal | None, digits: int = 3, *, blank: str = "") -> str:
    """Interest rate ``1,500 %``."""
    if value is None:
        return blank
    return f"{number(value, digits)} %"


def date(value: dt.date | None, *, blank: str = "") -> str:
    """``31.12.2025``"""
    if value is None:
        return blank
    return _babel_date(value, format="dd.MM.yyyy", locale=LOCALE)


_DATE_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_date(text: str) -> dt.date:
    """Parse ``TT.MM.JJJJ``; a clear German message for anything else."""
    match = _DATE_RE.match(text or "")
    if not match:
        raise ValueError(f"„{text}“ ist kein Datum im Format TT.MM.JJJJ.")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"„{text}“ ist kein gültiges Datum.") from None


def parse_decimal(text: str) -> Decimal:
    """Parse ``1.234,56``, ``1234,56``, ``1234.56`` or ``€ 1.234,56``."""
    raw = (text or "").replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not raw:
        raise ValueError("Bitte geben Sie einen Betrag ein.")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "")
    # Digits with one decimal point only: Decimal() alone would also take
    # "1e999", "NaN" or "Infinity".
    if not _PLAIN_NUMBER_RE.fullmatch(raw):
        raise ValueError(f"„{text}“ ist kein gültiger Betrag.")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"„{text}“ ist kein gültiger Betrag.") from None
    if abs(value) > MAX_AMOUNT:
        raise ValueError(f"„{text}“ ist zu groß (höchstens {number(MAX_AMOUNT)}).")
    return value
