"""Benchmark of the Detaildialog Einheit (issue 5).

Builds (or reuses) a demo database and measures, median of the runs, offscreen:

* open   – EinheitDialog for a unit with Bestandsverhältnisse, Funktionen and
           Ausstattung, from the call until every Register is filled and the
           window painted;
* reload – Aktualisieren (all Register reloaded);
* save   – Speichern of one changed OM field (version check, validation, write,
           reload).

Last line: ``einheit_dialog units=N open_ms=… reload_ms=… save_ms=…``

Usage: ``python benchmarks/einheit_dialog.py [--database PATH] [--units N] [--runs N]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def ensure_database(path: Path, units: int) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "omclient",
            "--database",
            f"sqlite:///{path}",
            "demo",
            "--units",
            str(units),
        ],
        check=True,
        cwd=ROOT,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--database", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = args.database or Path(f"/tmp/omclient-bench/einheit-{args.units}.db")
    ensure_database(path, args.units)

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from omclient.config import Settings
    from omclient.db import open_database
    from omclient.domain import Ausstattung, Funktion
    from omclient.domain.enums import Rolle
    from omclient.services.benutzer import current_user
    from omclient.ui.context import AppContext
    from omclient.ui.einheit.dialog import EinheitDialog

    app = QApplication.instance() or QApplication([])
    db = open_database(f"sqlite:///{path}")
    with db.sessions.begin() as session:
        user = current_user(session, "bench").model_copy(update={"rolle": Rolle.ADMINISTRATOR})
        einheit_id = (
            session.scalar(
                select(Ausstattung.einheit_id)
                .join(Funktion, Funktion.einheit_id == Ausstattung.einheit_id)
                .group_by(Ausstattung.einheit_id)
                .order_by(func.count().desc())
                .limit(1)
            )
            or session.scalar(select(Ausstattung.einheit_id).limit(1))
            or 1
        )
    ctx = AppContext(
        db=db, settings=Settings(database_url=db.url, dms_root=path.parent / "dms"), user=user
    )

    def timed(action) -> float:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        action()
        app.processEvents()
        return (time.perf_counter() - start) * 1000

    opens, reloads, saves = [], [], []
    holder: list[EinheitDialog] = []
    for n in range(args.runs):
        holder.clear()

        def open_dialog() -> None:
            dialog = EinheitDialog(ctx, einheit_id)
            dialog.show()
            dialog.repaint()
            holder.append(dialog)

        opens.append(timed(open_dialog))
        dialog = holder[0]
        reloads.append(timed(dialog.reload))
        dialog.allgemein.form.editor("lage").setText(f"Bench {n}")  # type: ignore[attr-defined]
        saves.append(timed(dialog.save))
        dialog.allgemein.form.editor("lage").setText("")  # type: ignore[attr-defined]
        dialog.save()
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    db.dispose()
    print(
        f"einheit_dialog units={args.units} open_ms={statistics.median(opens):.0f} "
        f"reload_ms={statistics.median(reloads):.0f} save_ms={statistics.median(saves):.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
