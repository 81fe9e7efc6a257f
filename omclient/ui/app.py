"""Start of the GUI: logging, QApplication, error hook, database, user, main window."""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QSize,
    QTranslator,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from omclient.config import APP_AUTHOR, APP_NAME, Settings
from omclient.db import Database, open_database
from omclient.errors import OmError
from omclient.logs import setup_logging
from omclient.resources_access import resources
from omclient.services.benutzer import current_user
from omclient.services.dto import BenutzerDto
from omclient.services.verbindung import mit_passwort
from omclient.ui.common.background import BackgroundOp, OpContext
from omclient.ui.common.errors import ExceptionHook, set_log_file
from omclient.ui.context import AppContext

log = logging.getLogger("omclient")


def install_german_qt_texts(app: QCoreApplication) -> bool:
    """Load Qt's own German texts (Speichern/Verwerfen/Abbrechen, print dialogs …)."""
    translator = QTranslator(app)
    loaded = translator.load(
        QLocale(QLocale.Language.German, QLocale.Country.Austria),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    )
    if loaded:
        app.installTranslator(translator)
    else:
        log.warning("Qt-Übersetzungen (qtbase_de) nicht gefunden; Standardtexte bleiben englisch")
    return loaded


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def application_icon() -> QIcon:
    """omclient's icon, one rendered PNG per size (title bar, task bar, Alt+Tab)."""
    icon = QIcon()
    folder = resources() / "icons"
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"omclient-{size}.png"), QSize(size, size))
    return icon


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Austria))
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("omclient")
    app.setWindowIcon(application_icon())
    # Wayland and the Linux desktop match windows to packaging/omclient.desktop by this.
    app.setDesktopFileName("omclient")
    install_german_qt_texts(app)
    return app


@dataclass(frozen=True)
class Opened:
    """What the start needs before the main window: the open database and the user."""

    database: Database
    user: BenutzerDto


def open_for_gui(
    settings: Settings,
    *,
    demo: bool = False,
    passwort: str | None = None,
    on_failure: Callable[[OmError], None] | None = None,
) -> Opened | None:
    """Open the database (upgrading it), first creating the demo data when ``demo``.

    A PostgreSQL password comes from ``passwort`` or the keyring. A known error
    goes to ``on_failure`` (default: shown in a message box).

    Runs in a :class:`BackgroundOp` while a modal progress dialog tells the user
    what happens (shown only when it takes a moment); the GUI thread waits in
    its own event loop until the op ended. Returns None when it failed (the
    error was shown).
    """
    from omclient.demo import ensure_demo_database

    def work(op: OpContext) -> Opened:
        if demo:
            ensure_demo_database(settings.database_url, progress=op.progress)
        database = open_database(mit_passwort(settings.database_url, passwort))
        with database.sessions.begin() as session:
            user = current_user(session, settings.benutzer)
        return Opened(database, user)

    opened: list[Opened] = []
    loop = QEventLoop()
    BackgroundOp(
        work,
        parent=None,
        on_success=opened.append,
        on_failure=on_failure or _refuse_start,
        on_finished=loop.quit,
        title="omclient",
        label=(
            "Die Demo-Datenbank wird beim ersten Start angelegt und befüllt …"
            if demo
            else "Die Datenbank wird geöffnet …"
        ),
    ).start()
    loop.exec()
    return opened[0] if opened else None


def _refuse_start(err: OmError) -> None:
    QMessageBox.critical(None, err.title, err.message)


def start_tagessicherung(settings: Settings) -> threading.Thread:
    """The first start of a day backs up the local database, beside the GUI thread.

    Not a daemon thread: quitting right away waits for the copy instead of
    leaving half a file. A failure is only logged.
    """
    from omclient.services.datensicherung import tagessicherung_still

    worker = threading.Thread(
        target=tagessicherung_still,
        args=(settings.database_url, settings.data_dir, dt.date.today()),
        name="tagessicherung",
    )
    worker.start()
    return worker


def run_gui(settings: Settings, *, demo: bool = False) -> int:
    """Open the main window on ``settings.database_url``; returns the exit code."""
    log_path = setup_logging(settings.log_dir)
    set_log_file(str(log_path))
    app = create_application()
    sys.excepthook = ExceptionHook()
    passwort: str | None = None
    if not demo and not settings.database_configured:
        from omclient.ui.datenbank.verbindung import DatenbankDialog

        dialog = DatenbankDialog(settings, erster_start=True)
        if dialog.exec() != DatenbankDialog.DialogCode.Accepted or dialog.url is None:
            return 0
        settings = settings.with_database(dialog.url)
        passwort = dialog.passwort
    if demo:
        opened = open_for_gui(settings, demo=True)
    else:
        from omclient.ui.datenbank.verbindung import verbinden

        result = verbinden(settings, passwort, open_for_gui)
        opened, settings = result if result is not None else (None, settings)
    if opened is None:
        return 1
    if not demo:
        start_tagessicherung(settings)
    from omclient.ui.objekt.main_window import MainWindow

    database, user = opened.database, opened.user
    ctx = AppContext(db=database, settings=settings, user=user)
    window = MainWindow(ctx)
    window.show()
    log.info("omclient gestartet: %s, Benutzer %s", database.display_name, user.login)
    code = app.exec()
    BackgroundOp.cancel_all_and_wait()
    database.dispose()
    return int(code)
