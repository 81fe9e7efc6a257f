"""Start of the GUI: logging, QApplication, error hook, database, user, main window."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QLibraryInfo,
    QLocale,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from omclient.config import APP_AUTHOR, APP_NAME, Settings
from omclient.db import open_database
from omclient.errors import OmError
from omclient.logs import setup_logging
from omclient.services.benutzer import current_user
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


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Austria))
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("omclient")
    install_german_qt_texts(app)
    return app


def prepare_demo(settings: Settings) -> None:
    """Create and fill the demo database on first use (through the RW import path).

    The work runs in a worker thread while a busy dialog tells the user what
    happens; errors are re-raised here in the GUI thread.
    """
    from omclient.demo import ensure_demo_database

    outcome: dict[str, BaseException] = {}

    def work() -> None:
        try:
            ensure_demo_database(settings.database_url)
        except BaseException as exc:  # handed over to the GUI thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="demo-db", daemon=True)
    worker.start()
    worker.join(0.3)
    if worker.is_alive():
        progress = QProgressDialog(
            "Die Demo-Datenbank wird beim ersten Start angelegt und befüllt …", "", 0, 0
        )
        progress.setWindowTitle("omclient")
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.show()
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
        timer.start(100)
        loop.exec()
        timer.stop()
        progress.close()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]


def run_gui(settings: Settings, *, demo: bool = False) -> int:
    """Open the main window on ``settings.database_url``; returns the exit code."""
    log_path = setup_logging(settings.log_dir)
    set_log_file(str(log_path))
    app = create_application()
    sys.excepthook = ExceptionHook()
    try:
        if demo:
            prepare_demo(settings)
        database = open_database(settings.database_url)
        with database.sessions.begin() as session:
            user = current_user(session, settings.benutzer)
    except OmError as err:
        QMessageBox.critical(None, err.title, err.message)
        return 1
    from omclient.ui.objekt.main_window import MainWindow

    ctx = AppContext(db=database, settings=settings, user=user)
    window = MainWindow(ctx)
    window.show()
    log.info("omclient gestartet: %s, Benutzer %s", database.display_name, user.login)
    code = app.exec()
    database.dispose()
    return int(code)
