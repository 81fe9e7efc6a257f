"""``omclient kaution BETRAG EINGEZAHLT STICHTAG [--richtsatz TT.MM.JJJJ=PROZENT ...]``.

Prints the Aufstellung of the payout as a table; the last line is
``Auszahlungsbetrag: € 3.067,26``. Given ``--richtsatz`` options replace the
database's Richtsätze for this call; ``--kest`` and ``--zinstage`` replace the
stored settings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from decimal import Decimal

from omclient.commands import date_arg, decimal_arg, open_db
from omclient.config import Settings
from omclient.errors import ValidationError
from omclient.formatting import amount, money, parse_date, parse_decimal
from omclient.formatting import date as fmt_date
from omclient.services import kaution
from omclient.services.kaution import SPALTEN, KautionsAufstellung, Zinsmethode, prozent_text


def parse_rate(text: str) -> Decimal:
    """A rate in % as ``1,5`` or ``0.125``.

    Unlike amounts, a dot is always the decimal point: no rate has a thousands
    separator, and ``0.125`` must not become 125.
    """
    raw = text.replace("%", "").replace(" ", "").strip()
    if "," in raw:
        return parse_decimal(raw)
    if not re.fullmatch(r"\d{1,3}(\.\d+)?", raw):
        raise ValueError(f"„{text}“ ist kein gültiger Zinssatz.")
    return Decimal(raw)


def richtsatz_arg(text: str) -> tuple[dt.date, Decimal]:
    """argparse type for ``TT.MM.JJJJ=PROZENT`` (e.g. ``01.01.2023=1,5`` or ``=1.5``)."""
    datum, sep, satz = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(
            f"„{text}“: erwartet wird TT.MM.JJJJ=PROZENT, z. B. 01.01.2023=1,5"
        )
    try:
        return parse_date(datum), parse_rate(satz)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"„{text}“: {exc}") from exc


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "kaution",
        help="Auszahlungsbetrag einer Kaution mit Zinsen berechnen",
        description="Berechnet den Auszahlungsbetrag einer Kaution zum Stichtag mit den "
        "Zinssätzen der Richtsätze (Zinsen vom Tag nach der Einzahlung bis zum Tag vor dem "
        "Stichtag, Kapitalisierung zum 31.12. und bei Auszahlung, abzüglich KESt) und gibt "
        "die Aufstellung aus.",
    )
    parser.add_argument(
        "betrag", metavar="BETRAG", type=decimal_arg, help="z. B. 3000 oder 3.000,00"
    )
    parser.add_argument(
        "eingezahlt", metavar="EINGEZAHLT", type=date_arg, help="Einzahlungsdatum TT.MM.JJJJ"
    )
    parser.add_argument(
        "stichtag", metavar="STICHTAG", type=date_arg, help="Auszahlungsstichtag TT.MM.JJJJ"
    )
    parser.add_argument(
        "--richtsatz",
        metavar="TT.MM.JJJJ=PROZENT",
        type=richtsatz_arg,
        action="append",
        help="Zinssatz in %% p.a. gültig ab dem Datum; mehrfach angeben. Ersetzt für diesen "
        "Aufruf die Richtsätze der Datenbank.",
    )
    parser.add_argument(
        "--kest",
        metavar="PROZENT",
        type=decimal_arg,
        help="KESt-Satz in %% (sonst aus den Grundeinstellungen, Standard 25)",
    )
    parser.add_argument(
        "--zinstage",
        choices=[m.value for m in Zinsmethode],
        help="Zinstage-Methode (sonst aus den Grundeinstellungen, Standard 30E/360)",
    )
    parser.set_defaults(func=run)


def _richtsaetze(pairs: list[tuple[dt.date, Decimal]] | None) -> dict[dt.date, Decimal] | None:
    if pairs is None:
        return None
    table: dict[dt.date, Decimal] = {}
    for datum, satz in pairs:
        if datum in table and table[datum] != satz:
            raise ValidationError(
                f"Für den {fmt_date(datum)} wurden zwei verschiedene Richtsätze angegeben."
            )
        table[datum] = satz
    return table


def run(args: argparse.Namespace, settings: Settings) -> int:
    richtsaetze = _richtsaetze(args.richtsatz)
    database = open_db(settings)
    try:
        with database.sessions() as session:
            stored = kaution.load_settings(session)
            einstellungen = stored.model_copy(
                update={
                    k: v
                    for k, v in (
                        ("kest_prozent", args.kest),
                        ("zinsmethode", Zinsmethode(args.zinstage) if args.zinstage else None),
                    )
                    if v is not None
                }
            )
            result = kaution.aufstellung(
                session,
                args.betrag,
                args.eingezahlt,
                args.stichtag,
                richtsaetze=richtsaetze,
                einstellungen=einstellungen,
            )
    finally:
        database.dispose()
    print("\n".join(format_aufstellung(result)))
    return 0


def format_aufstellung(result: KautionsAufstellung) -> list[str]:
    """The Aufstellung as text lines; the last one is ``Auszahlungsbetrag: € …``."""
    lines = [
        f"Kaution:           {money(result.betrag)}",
        f"Einzahlungsdatum:  {fmt_date(result.einzahlungsdatum)}",
        f"Stichtag:          {fmt_date(result.stichtag)}",
        f"Berechnung:        Zinstage {result.zinsmethode.value}, "
        f"KESt {prozent_text(result.kest_prozent)}",
        "",
    ]
    header = [s.titel for s in SPALTEN]
    rows = [[s.text(z) for s in SPALTEN] for z in result.zeilen]
    total = [
        "Summe",
        "",
        "",
        "",
        "",
        amount(result.zinsen_brutto),
        amount(result.kest),
        amount(result.zinsen_netto),
        amount(result.auszahlungsbetrag),
    ]
    widths = [max(len(r[i]) for r in [header, *rows, total]) for i in range(len(SPALTEN))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if s.rechts else c.ljust(w)
            for c, w, s in zip(cells, widths, SPALTEN, strict=True)
        ).rstrip()

    lines.append(line(header))
    lines.append("  ".join("-" * w for w in widths))
    if rows:
        lines.extend(line(r) for r in rows)
    else:
        lines.append("(keine Zinstage)")
    lines.append("  ".join("-" * w for w in widths))
    lines.append(line(total))
    lines.append("")
    lines.append(f"Auszahlungsbetrag: {money(result.auszahlungsbetrag)}")
    return lines
