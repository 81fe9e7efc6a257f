"""``omclient rw-import PATH [--dry-run]``: take over an export from d+ RW."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from omclient.commands import open_db
from omclient.config import Settings
from omclient.errors import ValidationError
from omclient.formatting import date
from omclient.rw.importer import RwImportErgebnis, import_export

MAX_LISTED = 100
ART = {"full": "Vollexport", "delta": "Änderungsexport"}


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "rw-import",
        help="Export aus d+ RW übernehmen (Ordner oder .zip)",
        description="Übernimmt einen Export aus d+ RW: alle Dateien werden vollständig geprüft; "
        "bei einem Fehler wird nichts geändert und jede fehlerhafte Stelle als "
        "datei:zeile:spalte gemeldet. Gibt je Entität die Anzahl neuer, geänderter, "
        "unveränderter und deaktivierter Datensätze aus.",
    )
    cmd.add_argument("path", metavar="PFAD", type=Path, help="Export-Ordner oder .zip-Datei")
    cmd.add_argument(
        "--dry-run",
        action="store_true",
        help="nur prüfen und zählen, nichts speichern (Probelauf)",
    )
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    database = open_db(settings)
    try:
        progress = _progress if sys.stderr.isatty() else None
        try:
            ergebnis = import_export(
                database.sessions,
                args.path,
                dry_run=args.dry_run,
                benutzer=settings.benutzer,
                progress=progress,
            )
        except ValidationError as err:
            print_errors(err)
            return 1
        finally:
            if progress is not None:
                print(file=sys.stderr)
    finally:
        database.dispose()
    print_result(ergebnis)
    return 0


def print_errors(err: ValidationError) -> None:
    """The summary and the first MAX_LISTED problems (datei:zeile:spalte: Meldung)."""
    print(f"Fehler: {err.message}", file=sys.stderr)
    problems = [p for p in err.problems if p != err.message]
    for problem in problems[:MAX_LISTED]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > MAX_LISTED:
        print(f"  … und {len(problems) - MAX_LISTED} weitere Meldungen", file=sys.stderr)


def _progress(done: int, total: int, text: str) -> None:
    percent = 100 * done // total if total else 100
    print(f"\r{percent:3d} % {text:<30}", end="", file=sys.stderr, flush=True)


def print_result(ergebnis: RwImportErgebnis) -> None:
    exported = ergebnis.exportiert_am
    print(
        f"RW-Import {ergebnis.quelle}: {ART.get(ergebnis.art, ergebnis.art)} "
        f"der Mandanten {', '.join(ergebnis.mandanten)} vom {date(exported)} "
        f"{exported:%H:%M}"
    )
    for e in ergebnis.entitaeten:
        print(
            f"{e.datei.removesuffix('.csv')}: neu={e.neu} geaendert={e.geaendert} "
            f"unveraendert={e.unveraendert} deaktiviert={e.deaktiviert}"
        )
    print(
        f"gesamt: neu={ergebnis.neu} geaendert={ergebnis.geaendert} "
        f"unveraendert={ergebnis.unveraendert} deaktiviert={ergebnis.deaktiviert}"
    )
    if ergebnis.probelauf:
        print("Probelauf: es wurde nichts gespeichert.")
    elif ergebnis.aenderungen == 0:
        print("Keine Änderungen.")
    print(f"Dauer: {ergebnis.dauer_s:.1f} s")
