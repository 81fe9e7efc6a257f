"""``omclient demo``: the demo portfolio, through the real RW import path."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from omclient.clock import SYSTEM_CLOCK
from omclient.commands import open_db
from omclient.config import Settings
from omclient.demo import (
    BIG_OBJEKT_DEFAULT_FROM,
    BIG_OBJEKT_MANDANT,
    BIG_OBJEKT_NR,
    BIG_OBJEKT_UNITS,
    PARALLEL_FROM,
    fill_database,
    write_rw_export,
)
from omclient.services.stats import entity_counts


def _de(number: int) -> str:
    """``100000`` → ``100.000``"""
    return f"{number:,}".replace(",", ".")


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "demo",
        help="Demo-Bestand erzeugen (als RW-Export und über den RW-Import)",
        description=(
            "Erzeugt einen realistischen österreichischen Demo-Bestand mit genau N Einheiten "
            "(Wien, Graz, Linz, Innsbruck, Salzburg; drei Mandanten). Gleicher Startwert "
            "(--seed) am gleichen Tag ergibt die gleichen Daten. Ohne --out wird der Bestand "
            "als RW-Export in einen temporären Ordner geschrieben, über den RW-Import in die "
            "konfigurierte (leere) Datenbank übernommen und um die OM-Daten ergänzt "
            "(Kautionen, Ausstattung, Richtsätze, Einstellungen …). Mit --out wird nur der "
            "RW-Export geschrieben. Buchungen: bis 5.000 Einheiten 24 Monate, bis 100.000 "
            "Einheiten die letzten 12 Monate, darüber nur die letzten 2 Monate. "
            f"Ab {_de(PARALLEL_FROM)} Einheiten werden die Objekte in einem Prozess je "
            "Prozessorkern erzeugt (das Ergebnis ist dasselbe). "
            f"Ab {_de(BIG_OBJEKT_DEFAULT_FROM)} Einheiten enthält der Bestand das Großobjekt "
            f"{BIG_OBJEKT_NR} (Mandant {BIG_OBJEKT_MANDANT}) mit {_de(BIG_OBJEKT_UNITS)} "
            "Einheiten und rund 12.000 Bestandsverhältnissen (--big-objekt)."
        ),
    )
    cmd.add_argument(
        "--units",
        type=int,
        default=2000,
        metavar="N",
        help="Anzahl der Einheiten (alle Arten; Standard 2000)",
    )
    cmd.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="Startwert des Zufallsgenerators (Standard 1)",
    )
    cmd.add_argument(
        "--out",
        type=Path,
        metavar="ORDNER",
        help="nur den RW-Export in diesen Ordner (oder diese .zip) schreiben",
    )
    cmd.add_argument(
        "--big-objekt",
        type=int,
        metavar="N",
        default=None,
        help=f"Einheiten des Großobjekts {BIG_OBJEKT_NR} (0 = keines; Standard "
        f"{BIG_OBJEKT_UNITS} ab {BIG_OBJEKT_DEFAULT_FROM} Einheiten, sonst 0)",
    )
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.units < 1:
        print("Fehler: --units muss mindestens 1 sein.", file=sys.stderr)
        return 2
    start = time.perf_counter()
    if args.out is not None:
        umfang = write_rw_export(
            args.out,
            units=args.units,
            seed=args.seed,
            stichtag=SYSTEM_CLOCK.today(),
            big_objekt=args.big_objekt,
        )
        print(
            f"RW-Export geschrieben: {args.out} ({umfang.einheiten} Einheiten, "
            f"{umfang.bestandsverhaeltnisse} Bestandsverhältnisse, {umfang.zeilen} Datensätze, "
            f"{time.perf_counter() - start:.1f} s)"
        )
        print(f"Übernehmen mit: omclient rw-import {args.out}")
        return 0
    database = open_db(settings)
    try:
        umfang, ergebnis = fill_database(
            database, units=args.units, seed=args.seed, big_objekt=args.big_objekt
        )
        with database.sessions() as session:
            counts = entity_counts(session)
    finally:
        database.dispose()
    print(
        f"Demo-Bestand in {database.display_name}: {counts['einheiten']} Einheiten, "
        f"{counts['bestandsverhaeltnisse']} Bestandsverhältnisse, {counts['personen']} Personen "
        f"({time.perf_counter() - start:.1f} s, RW-Import {ergebnis.dauer_s:.1f} s)"
    )
    if umfang.big_objekt:
        print(f"Großobjekt: {umfang.big_objekt} (Mandant {BIG_OBJEKT_MANDANT})")
    return 0
