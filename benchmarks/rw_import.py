"""Benchmark of the RW import (issue 3).

Generates a demo RW export of ``--units`` Einheiten (about 2.2 Bestandsverhältnisse
per unit), imports it into a fresh SQLite database, then imports a second export
of the same portfolio in which 1 % of the Einheiten and their
Bestandsverhältnisse changed (new manifest, so no whole-file shortcut).
Prints one result line::

    rw_import units=… rows=… first_s=… rows_per_s=… reimport_s=… reimport_changed=…
    expected_changed=… peak_rss_mb=…

Targets: rows_per_s ≥ 25000; reimport ≥ 3× faster than the first import with
reimport_changed = expected_changed; peak_rss_mb ≤ 1024.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from omclient.db import open_database
from omclient.demo.generator import write_rw_export
from omclient.rw.format import DELIMITER, MANIFEST
from omclient.rw.importer import import_export

STICHTAG = dt.date(2026, 11, 23)


def change_one_percent(source: Path, target: Path) -> int:
    """Copy the export, changing every 100th Einheit and all its Bestandsverhältnisse.

    Returns the number of records changed.
    """
    target.mkdir(parents=True)
    changed_units: set[tuple[str, str, str]] = set()
    changed = 0
    for path in source.iterdir():
        if path.name not in ("einheiten.csv", "bestandsverhaeltnisse.csv", MANIFEST):
            shutil.copyfile(path, target / path.name)
    for name, column, value in (
        ("einheiten.csv", "bemerkung_fibu", "Stand nach Benchmark-Änderung"),
        ("bestandsverhaeltnisse.csv", "bestandsart", "Hauptmiete (geändert)"),
    ):
        with (
            (source / name).open(encoding="utf-8", newline="") as src,
            (target / name).open("w", encoding="utf-8", newline="") as dst,
        ):
            reader = csv.reader(src, delimiter=DELIMITER)
            writer = csv.writer(dst, delimiter=DELIMITER, lineterminator="\r\n")
            header = next(reader)
            writer.writerow(header)
            index = header.index(column)
            for number, row in enumerate(reader):
                key = (row[0], row[1], row[2])
                if name == "einheiten.csv" and number % 100 == 0:
                    changed_units.add(key)
                if key in changed_units and row[index] != value:
                    row[index] = value
                    changed += 1
                writer.writerow(row)
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    exported = dt.datetime.fromisoformat(manifest["exported_at"]) + dt.timedelta(days=1)
    manifest["exported_at"] = exported.isoformat()
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the database and exports here")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-rw-"))
    work.mkdir(parents=True, exist_ok=True)
    first_export = work / "export-1"
    second_export = work / "export-2"
    for folder in (first_export, second_export):
        shutil.rmtree(folder, ignore_errors=True)
    db_path = work / "bench.db"
    db_path.unlink(missing_ok=True)
    try:
        started = time.perf_counter()
        write_rw_export(first_export, units=args.units, seed=args.seed, stichtag=STICHTAG)
        expected = change_one_percent(first_export, second_export)
        print(f"export written in {time.perf_counter() - started:.1f} s", file=sys.stderr)

        database = open_database(f"sqlite:///{db_path}")
        started = time.perf_counter()
        first = import_export(database.sessions, first_export, benutzer="benchmark")
        first_s = time.perf_counter() - started

        started = time.perf_counter()
        second = import_export(database.sessions, second_export, benutzer="benchmark")
        reimport_s = time.perf_counter() - started
        database.dispose()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    rows = first.zeilen
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"rw_import units={args.units} rows={rows} first_s={first_s:.1f} "
        f"rows_per_s={rows / first_s:.0f} reimport_s={reimport_s:.1f} "
        f"reimport_changed={second.aenderungen} expected_changed={expected} "
        f"peak_rss_mb={peak_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
