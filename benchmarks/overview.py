"""Benchmark of the Einheitenübersicht and the Objekt search (issue 4).

Builds (or reuses) a 250,000-unit demo database with the big Objekt 9000
(5,000 Einheiten, ~12,000 Bestandsverhältnisse) and measures, median of the
runs, offscreen:

* floor  – the SQL the service runs for Register Einheiten, fetched with bare sqlite3;
* open   – EinheitenUebersicht on Register Einheiten, from the call until the
           model is filled and the window laid out and painted;
* toggle – switching "Auch inaktive anzeigen" (on and off, each measured);
* naive  – the same rows put into a QStandardItemModel with babel formatting
           and shown in a plain QTableView (what a quick implementation does);
* search – the main window's Objekt search for a number prefix (query + list).

Last line: ``overview units=5000 floor_ms=… open_ms=… ratio=… toggle_ms=…
naive_ms=… speedup_vs_naive=… search_ms=…``

Usage: ``python benchmarks/overview.py [--database PATH] [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = Path("/tmp/omclient-bench/overview-250k.db")
UNITS = 250_000


def ensure_database(path: Path) -> None:
    """Create the demo database with ``omclient demo`` unless it is already there.

    An existing database is reused as it is (a smaller one only with a warning).
    """
    if path.exists() and _count(path, "einheit") > 0:
        if _count(path, "einheit") < UNITS:
            print(f"warning: {path} has fewer than {UNITS} units", file=sys.stderr)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"building {UNITS} units demo database at {path} …", file=sys.stderr)
    env = dict(os.environ, OMCLIENT_DATABASE_URL=f"sqlite:///{path}")
    subprocess.run(
        [sys.executable, "-m", "omclient", "demo", "--units", str(UNITS), "--seed", "1"],
        check=True,
        env=env,
        cwd=ROOT,
    )


def _count(path: Path, table: str) -> int:
    try:
        with sqlite3.connect(path) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:
        return 0


def median_ms(fn: Callable[[], Any], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ensure_database(args.database)

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import event, func, select

    from omclient import formatting as fmt
    from omclient.config import Settings
    from omclient.db import open_database
    from omclient.domain import Einheit, Objekt
    from omclient.services import uebersicht as svc
    from omclient.services.benutzer import current_user
    from omclient.ui.context import AppContext
    from omclient.ui.objekt.main_window import MainWindow
    from omclient.ui.uebersicht.window import EinheitenUebersicht

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("omclient-benchmark")
    QCoreApplication.setApplicationName("overview")

    url = f"sqlite:///{args.database}"
    db = open_database(url)
    with db.sessions.begin() as session:
        user = current_user(session, "benchmark")
        objekt_id, units = session.execute(
            select(Objekt.id, func.count(Einheit.id))
            .join(Einheit, Einheit.objekt_id == Objekt.id)
            .group_by(Objekt.id)
            .order_by(func.count(Einheit.id).desc())
            .limit(1)
        ).one()
        objekt_nr = session.get(Objekt, objekt_id).objekt_nr
    ctx = AppContext(db=db, settings=Settings(database_url=url), user=user)
    today = ctx.clock.today()

    # -- floor: the service's own SQL, replayed with bare sqlite3 ----------------------------
    statements: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    with db.sessions() as session:
        rows = svc.einheiten_zeilen(
            session, objekt_id, svc.UebersichtFilter(auch_inaktive=True), stichtag=today
        )
    event.remove(db.engine, "before_cursor_execute", capture)
    raw = sqlite3.connect(args.database)

    def floor() -> float:
        start = time.perf_counter()
        for statement, parameters in statements:
            raw.execute(statement, parameters).fetchall()
        return (time.perf_counter() - start) * 1000

    # -- open: the window on Register Einheiten (closing it is not timed) ------------------
    def open_window() -> float:
        start = time.perf_counter()
        window = EinheitenUebersicht(ctx, objekt_id, register="einheiten")
        window.show()
        app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        assert window.einheiten_page.model.rowCount() > 0
        window.close()
        window.deleteLater()
        app.processEvents()
        return elapsed

    # floor and open alternate, so that both see the same load of the machine
    floor()
    open_window()
    floors, opens = [], []
    for _ in range(args.runs):
        floors.append(floor())
        opens.append(open_window())
    floor_ms = statistics.median(floors)
    open_ms = statistics.median(opens)

    # -- toggle: Auch inaktive anzeigen -------------------------------------------------------
    window = EinheitenUebersicht(ctx, objekt_id, register="einheiten")
    window.show()
    app.processEvents()

    def toggle() -> None:
        box = window.einheiten_page.auch_inaktive
        box.setChecked(not box.isChecked())
        app.processEvents()

    toggle_ms = median_ms(toggle, args.runs * 2)
    window.close()

    # -- naive: QStandardItemModel -------------------------------------------------------------
    def naive() -> float:
        start = time.perf_counter()
        with db.sessions() as session:
            zeilen = svc.einheiten_zeilen(
                session, objekt_id, svc.UebersichtFilter(auch_inaktive=True), stichtag=today
            )
        model = QStandardItemModel()
        model.setHorizontalHeaderLabels(
            [
                "Typus",
                "Einheitennummer",
                "Top",
                "Einheitsart",
                "Stiege",
                "Etage",
                "Lage",
                "Nettonutzfläche",
                "Räume",
                "Kategorie",
                "Status",
                "Vergabestelle",
                "Bestandnehmer",
            ]
        )
        for z in zeilen:
            model.appendRow(
                [
                    QStandardItem(z.typus_text),
                    QStandardItem(z.einheit_nr),
                    QStandardItem(z.top_nr or ""),
                    QStandardItem(z.einheitsart.value),
                    QStandardItem(z.stiege or ""),
                    QStandardItem(z.stockwerk or ""),
                    QStandardItem(z.lage or ""),
                    QStandardItem(fmt.area(z.nettonutzflaeche)),
                    QStandardItem("" if z.raeume is None else str(z.raeume)),
                    QStandardItem(z.kategorie or ""),
                    QStandardItem(z.status or ""),
                    QStandardItem(z.vergabestelle or ""),
                    QStandardItem(z.bestandnehmer),
                ]
            )
        view = QTableView()
        view.setModel(model)
        view.setSortingEnabled(True)
        view.resize(1280, 720)
        view.show()
        app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        view.close()
        view.deleteLater()
        app.processEvents()
        return elapsed

    naive_ms = statistics.median(naive() for _ in range(max(3, args.runs // 2)))
    app.processEvents()

    # -- search: main window Objekt search for a number prefix ------------------------------
    main_window = MainWindow(ctx)
    main_window.show()
    app.processEvents()
    prefixes = [objekt_nr[:1], objekt_nr[:2], objekt_nr[:3], objekt_nr]
    state = {"n": 0}

    def search() -> None:
        text = prefixes[state["n"] % len(prefixes)]
        state["n"] += 1
        main_window.search_edit.blockSignals(True)
        main_window.search_edit.setText(text)
        main_window.search_edit.blockSignals(False)
        main_window.reload()
        assert main_window.model.rowCount() > 0

    search_ms = median_ms(search, args.runs * 2)
    main_window.close()

    shown = len(rows)
    print(
        f"details rows={shown} objekt={objekt_nr} floor_statements={len(statements)}",
        file=sys.stderr,
    )
    ratio = open_ms / floor_ms
    print(
        f"overview units={units} floor_ms={floor_ms:.1f} open_ms={open_ms:.1f} "
        f"ratio={ratio:.2f} toggle_ms={toggle_ms:.1f} naive_ms={naive_ms:.1f} "
        f"speedup_vs_naive={naive_ms / open_ms:.1f} search_ms={search_ms:.1f}"
    )
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
