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
from omclient.formatting import date as date_text
from omclient.formatting import money


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="Berichte als PDF erzeugen")
    reports = report.add_subparsers(title="Berichte", metavar="BERICHT", required=True)
    _register_kaution(reports)
    _register_kontoauszug(reports)
    _register_uebergabeprotokoll(reports)


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


def _register_kontoauszug(reports: argparse._SubParsersAction) -> None:
    parser = reports.add_parser(
        "kontoauszug",
        help="Kontoauszug einer Einheit oder aller Mietverhältnisse eines Objekts",
        description="Schreibt den Kontoauszug (Saldovortrag, Buchungen, Saldo) als PDF. Mit "
        "--einheit für das aktuelle Mietverhältnis der Einheit, sonst für alle "
        "Mietverhältnisse des Objekts im Zeitraum: endet PFAD auf .pdf, in eine Datei, "
        "sonst als eine Datei je Mietverhältnis in den Ordner PFAD.",
    )
    parser.add_argument("--objekt", metavar="NR", required=True, help="Objektnummer, z. B. 1010")
    parser.add_argument("--einheit", metavar="NR", help="Einheitennummer, z. B. 0001")
    parser.add_argument(
        "--von", metavar="TT.MM.JJJJ", type=date_arg, help="Beginn (Standard: 01.01. des Jahres)"
    )
    parser.add_argument(
        "--bis", metavar="TT.MM.JJJJ", type=date_arg, help="Ende (Standard: 31.12. des Jahres)"
    )
    parser.add_argument(
        "--mandant",
        metavar="NR",
        help="Mandantennummer, falls die Objektnummer bei mehreren Mandanten vorkommt",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PFAD",
        required=True,
        type=Path,
        help="Zieldatei (.pdf) oder Zielordner",
    )
    parser.set_defaults(func=run_kontoauszug)


def run_kontoauszug(args: argparse.Namespace, settings: Settings) -> int:
    from omclient.reports import batch, kontoauszug
    from omclient.reports.layout import write
    from omclient.services import kontoauszug as service
    from omclient.services.lookup import find_einheit, find_objekt

    clock = SYSTEM_CLOCK
    default_von, default_bis = service.default_period(clock)
    von, bis = args.von or default_von, args.bis or default_bis
    target: Path = args.output
    database = open_db(settings)
    try:
        with database.sessions() as session:
            if args.einheit:
                einheit = find_einheit(session, args.objekt, args.einheit, args.mandant)
                bv_id = service.bv_fuer_einheit(session, einheit.id, von, bis, clock)
                auszug = service.kontoauszug(session, bv_id, von, bis, clock)
                if target.is_dir():
                    target = target / f"Kontoauszug_{batch.safe_file_part(auszug.kennung)}.pdf"
                write(kontoauszug.render_auszuege([auszug], clock), target)
                print(f"Kontoauszug gespeichert: {target}")
                print(
                    f"Endsaldo per {date_text(auszug.bis)}: {money(abs(auszug.endsaldo))} "
                    f"({auszug.saldo_wort})"
                )
                return 0
            objekt = find_objekt(session, args.objekt, args.mandant)
            einheit_ids = [e.id for e in objekt.einheiten]
        mode = (
            batch.BatchMode.ONE_PDF
            if target.suffix.lower() == ".pdf"
            else batch.BatchMode.FILE_PER_TENANCY
        )
        result = batch.run_batch(
            database.sessions,
            batch.kontoauszug_report(von, bis),
            einheit_ids,
            target,
            mode,
            clock=clock,
        )
    finally:
        database.dispose()
    print(result.summary)
    return 0


def _register_uebergabeprotokoll(reports: argparse._SubParsersAction) -> None:
    parser = reports.add_parser(
        "uebergabeprotokoll",
        help="Wohnungsübergabeprotokoll (Einzug oder Auszug) einer Einheit",
        description="Schreibt das Wohnungsübergabeprotokoll des aktuellen Mietverhältnisses "
        "der Einheit als PDF (Einzug; mit --auszug das Auszugsprotokoll, bei leerer Einheit "
        "für das zuletzt beendete Mietverhältnis).",
    )
    parser.add_argument("--objekt", metavar="NR", required=True, help="Objektnummer, z. B. 1010")
    parser.add_argument(
        "--einheit", metavar="NR", required=True, help="Einheitennummer, z. B. 0001"
    )
    parser.add_argument("--auszug", action="store_true", help="Protokoll für den Auszug")
    parser.add_argument(
        "--mandant",
        metavar="NR",
        help="Mandantennummer, falls die Objektnummer bei mehreren Mandanten vorkommt",
    )
    parser.add_argument(
        "-o", "--output", metavar="DATEI.pdf", required=True, type=Path, help="Zieldatei"
    )
    parser.set_defaults(func=run_uebergabeprotokoll)


def run_uebergabeprotokoll(args: argparse.Namespace, settings: Settings) -> int:
    from omclient.reports import uebergabeprotokoll
    from omclient.reports.layout import write
    from omclient.services import uebergabe
    from omclient.services.lookup import find_einheit

    clock = SYSTEM_CLOCK
    art = uebergabe.UebergabeArt.AUSZUG if args.auszug else uebergabe.UebergabeArt.EINZUG
    database = open_db(settings)
    try:
        with database.sessions() as session:
            einheit = find_einheit(session, args.objekt, args.einheit, args.mandant)
            bv_id = uebergabe.bv_fuer_uebergabe(session, einheit.id, art, clock)
            dto = uebergabe.uebergabe(session, bv_id, art)
    finally:
        database.dispose()
    write(uebergabeprotokoll.render_dto(dto, clock), args.output)
    print(f"{dto.titel} gespeichert: {args.output}")
    print(f"Mietverhältnis {dto.bv_kennung}: {dto.bestandnehmer}")
    return 0
