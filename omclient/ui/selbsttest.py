"""Self-test of an installed omclient: open the main windows, report, close.

``omclient --selbsttest`` (not listed in ``--help``: meant for CI and for IT
after an installation, not for clerks) opens on the configured database, through
the real :class:`~omclient.ui.navigation.Navigator`: the main window, the
Einheitenübersicht of the first Objekt, the Einheit and the Bestandsverhältnis
of its first Bestandnehmer, and the Kontoauszug print preview of that
Bestandsverhältnis. It waits until each window is shown, prints one line per
window to stdout, closes everything and exits with 0; the first window that does
not open, or any error raised meanwhile, is printed to stderr and the exit code
is 1. A frozen bundle proves with it that every dialog's code, the Qt plugins and
the PDF renderer are inside. The database needs at least one Objekt with a
Bestandsverhältnis (``omclient demo``, or ``--demo``).
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from omclient.clock import SYSTEM_CLOCK
from omclient.config import Settings
from omclient.db import open_database
from omclient.errors import OmError
from omclient.reports.registry import ReportKontext, reports_for
from omclient.services.benutzer import current_user
from omclient.services.objekte import search_objekte
from omclient.services.uebersicht import bestandnehmer_zeilen
from omclient.ui.context import AppContext

TIMEOUT_S = 30.0


class SelbsttestFehler(Exception):
    """A window did not open (the message says which)."""


def _wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SelbsttestFehler(f"{what}: nicht innerhalb von {TIMEOUT_S:.0f} s geöffnet")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def _shown(window: QWidget, what: str) -> str:
    _wait_until(lambda: window.isVisible(), what)
    line = f"{what}: {window.windowTitle()}"
    print(line, flush=True)
    return line


def run_selbsttest(settings: Settings, *, demo: bool = False) -> int:
    """Open and close the main windows on ``settings.database_url``; 0 when all opened."""
    from omclient.demo import ensure_demo_database
    from omclient.ui.app import create_application
    from omclient.ui.objekt.main_window import MainWindow

    errors: list[str] = []

    def record(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        errors.append("".join(traceback.format_exception(kind, exc, tb)))

    app = create_application()
    sys.excepthook = record
    try:
        # Not the GUI's start dialog: a refusal there waits for a click.
        if demo:
            ensure_demo_database(settings.database_url)
        database = open_database(settings.database_url)
    except OmError as err:
        print(f"Selbsttest fehlgeschlagen: {err.message}", file=sys.stderr)
        return 1
    try:
        with database.sessions() as session:
            user = current_user(session, settings.benutzer)
            objekte = search_objekte(session, limit=1)
            if not objekte:
                raise SelbsttestFehler("die Datenbank enthält kein Objekt")
            objekt_id = objekte[0].id
            bvs = bestandnehmer_zeilen(session, objekt_id, stichtag=SYSTEM_CLOCK.today())
            if not bvs:
                raise SelbsttestFehler(f"Objekt {objekte[0].objekt_nr} hat keinen Bestandnehmer")
        ctx = AppContext(db=database, settings=settings, user=user)
        nav = ctx.navigator
        main_window = MainWindow(ctx)
        main_window.show()
        _shown(main_window, "Hauptfenster")
        _shown(nav.open_uebersicht(objekt_id, "einheiten"), "Einheitenübersicht")
        _shown(nav.open_einheit(bvs[0].einheit_id), "Einheit")
        bv_dialog = nav.open_bestandsverhaeltnis(bvs[0].id)
        _shown(bv_dialog, "Bestandsverhältnis")
        _open_kontoauszug(bv_dialog)
        for window in list(nav.open_windows):
            window.close()
        main_window.close()
        QCoreApplication.processEvents()
        if errors:
            raise SelbsttestFehler("Fehler beim Öffnen:\n" + "\n".join(errors))
    except Exception as exc:
        detail = str(exc) if isinstance(exc, SelbsttestFehler) else traceback.format_exc()
        print(f"Selbsttest fehlgeschlagen: {detail}", file=sys.stderr)
        return 1
    finally:
        app.closeAllWindows()
        database.dispose()
        sys.excepthook = sys.__excepthook__
    print("Selbsttest bestanden.", flush=True)
    return 0


def _open_kontoauszug(bv_dialog: QWidget) -> None:
    from omclient.ui.berichte.preview import BerichteButton

    button = bv_dialog.findChild(BerichteButton)
    if button is None:
        raise SelbsttestFehler("Bestandsverhältnis: kein Knopf »Berichte«")
    spec = next(s for s in reports_for(ReportKontext.BESTANDSVERHAELTNIS) if s.key == "kontoauszug")
    opened: list[QWidget] = []
    button.preview_opened.connect(opened.append)
    button.open_report(spec)
    _wait_until(lambda: bool(opened), "Vorschau Kontoauszug")
    preview = opened[0]
    _wait_until(lambda: preview.isVisible(), "Vorschau Kontoauszug")
    widget = preview.findChild(QPrintPreviewWidget)
    if widget is None:
        raise SelbsttestFehler("Vorschau Kontoauszug: keine Druckvorschau")
    _wait_until(lambda: widget.pageCount() > 0, "Vorschau Kontoauszug (Seiten)")
    print(f"Vorschau Kontoauszug: {widget.pageCount()} Seite(n)", flush=True)
    preview.close()
