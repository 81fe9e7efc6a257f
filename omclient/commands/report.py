"""``omclient report BERICHT …``: write a report as PDF.

Every report has its own sub-command, registered by one ``_register_<name>``
function in :func:`register`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from omclient.clock import SYSTEM_CLOCK
from omclient.commands import date_arg, open_db
from omclient.config import Settings
from omclient.formatting import money


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="Berichte als PDF erzeugen")
    reports = report.add_subparsers(title="Berichte", metavar="BERICHT", required=True)
    _register_kaution(reports)


def _register_kaution(reports: argparse._SubParsersAction) -> None:
    parser = reports.add_parser(
        "kaution",
        help="Kautionsabrechnung des aktuellen Bestandsverhältnisses einer Einheit",
        description="Schreibt die Kautionsabrechnung (Aufstellung der Zinsen, KESt und "
        "Auszahlungsbetrag) des am Stichtag aktuellen Bestandsverhältnisses der Einheit als PDF.",
    )
    parser.add_argument("--objekt", metavar="NR", required=True, help="Objektnummer, z. B. 1010")
    parser.add_argument(
        "--einheit", metavar="NR", required=True, help="Einheitennummer, z. B. 0001"
    )
    parser.add_argument(
        "--stichtag",
        metavar="TT.MM.JJJJ",
        type=date_arg,
        help="Auszahlungsstichtag (Standard: das erfasste Auszahlungsdatum der Kaution, "
        "sonst heute)",
    )
    parser.add_argument(
        "--bv",
        metavar="NR",
        help="ein bestimmtes (auch früheres) Bestandsverhältnis statt des aktuellen",
    )
    parser.add_argument(
        "--mandant",
        metavar="NR",
        help="Mandantennummer, falls die Objektnummer bei mehreren Mandanten vorkommt",
    )
    parser.add_argument(
        "-o", "--output", metavar="DATEI.pdf", required=True, type=Path, help="Zieldatei"
    )
    parser.set_defaults(func=run_kaution)


def run_kaution(args: argparse.Namespace, settings: Settings) -> int:
    from omclient.reports import kautionsabrechnung
    from omclient.services import kaution

    clock = SYSTEM_CLOCK
    database = open_db(settings)
    try:
        with database.sessions() as session:
            bv_id = kaution.find_bv(
                session,
                args.objekt,
                args.einheit,
                clock.today(),
                bv_nr=args.bv,
                mandant_nr=args.mandant,
            )
            stichtag = args.stichtag or kautionsabrechnung.default_stichtag(session, bv_id, clock)
            _, result = kaution.aufstellung_fuer_bv(session, bv_id, stichtag)
            pdf = kautionsabrechnung.build_pdf(session, bv_id, stichtag, clock)
    finally:
        database.dispose()
    target = args.output
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    print(f"Kautionsabrechnung gespeichert: {target}")
    print(f"Auszahlungsbetrag: {money(result.auszahlungsbetrag)}")
    return 0
