"""Datei → Datenbankverbindung…, Datensicherung erstellen… / wiederherstellen….

Backup and restore work on the local (SQLite) database; on PostgreSQL the
entries explain that the server's own backup applies. After a restore omclient
ends and asks the clerk to start it again, so no window keeps data of the
replaced database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from sqlalchemy.engine import make_url

from omclient.errors import OmError
from omclient.services.datensicherung import (
    POSTGRESQL_HINWEIS,
    sicherung_erstellen,
    sicherung_pruefen,
    sqlite_pfad,
    wiederherstellen,
)
from omclient.ui.common.errors import show_error
from omclient.ui.context import AppContext
from omclient.ui.datenbank.verbindung import DatenbankDialog

if TYPE_CHECKING:
    from omclient.ui.objekt.main_window import MainWindow

TITEL_SICHERN = "Datensicherung erstellen"
TITEL_WIEDERHERSTELLEN = "Datensicherung wiederherstellen"
SICHERUNG_FILTER = "omclient-Datensicherung (*.db);;Alle Dateien (*)"


def _url(ctx: AppContext) -> str:
    return ctx.db.engine.url.render_as_string(hide_password=False)


def _ist_postgresql(ctx: AppContext) -> bool:
    return make_url(_url(ctx)).get_backend_name() == "postgresql"


def verbindung_aendern(parent: QWidget, ctx: AppContext) -> None:
    """Datei → Datenbankverbindung…: the first-start dialog; applies after a restart."""
    dialog = DatenbankDialog(ctx.settings, parent=parent)
    if dialog.exec() == DatenbankDialog.DialogCode.Accepted:
        QMessageBox.information(
            parent,
            "Datenbankverbindung",
            "Die Datenbankverbindung wurde gespeichert. Sie gilt ab dem nächsten Start von "
            "omclient; bis dahin arbeiten Sie weiter mit der bisherigen Datenbank.",
        )


def sichern(parent: QWidget, ctx: AppContext, heute: dt.date | None = None) -> Path | None:
    """Ask for a file and write a backup of the local database there; the path or None."""
    if _ist_postgresql(ctx):
        QMessageBox.information(parent, TITEL_SICHERN, POSTGRESQL_HINWEIS)
        return None
    tag = heute or ctx.clock.today()
    vorschlag = Path.home() / f"omclient-sicherung-{tag.isoformat()}.db"
    path, _filter = QFileDialog.getSaveFileName(
        parent, TITEL_SICHERN, str(vorschlag), SICHERUNG_FILTER
    )
    if not path:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        ziel = sicherung_erstellen(_url(ctx), Path(path))
    except OmError as err:
        QApplication.restoreOverrideCursor()
        show_error(parent, err)
        return None
    QApplication.restoreOverrideCursor()
    QMessageBox.information(parent, TITEL_SICHERN, f"Die Datensicherung wurde geschrieben:\n{ziel}")
    return ziel


def wiederherstellen_fragen(parent: MainWindow, ctx: AppContext) -> bool:
    """Choose a backup, confirm, restore; True when omclient must now end.

    The backup is checked before the question, so a refused file changes
    nothing and asks nothing. The other windows are closed (their own
    "unsaved changes" questions may cancel) and the connections released
    before the files are swapped.
    """
    if _ist_postgresql(ctx):
        QMessageBox.information(parent, TITEL_WIEDERHERSTELLEN, POSTGRESQL_HINWEIS)
        return False
    path, _filter = QFileDialog.getOpenFileName(
        parent, TITEL_WIEDERHERSTELLEN, str(Path.home()), SICHERUNG_FILTER
    )
    if not path:
        return False
    quelle = Path(path)
    try:
        sicherung_pruefen(quelle)
        datenbank = sqlite_pfad(_url(ctx))
    except OmError as err:
        show_error(parent, err)
        return False
    frage = QMessageBox(
        QMessageBox.Icon.Warning,
        TITEL_WIEDERHERSTELLEN,
        f"Die Datenbank\n{datenbank}\nwird durch die Sicherung\n{quelle}\nersetzt.\n\n"
        "Alles, was seit dieser Sicherung eingegeben wurde, fehlt danach. Die bisherige "
        "Datenbank bleibt als Datei „…vor-wiederherstellung-…“ daneben liegen.\n\n"
        "omclient wird danach beendet und muss neu gestartet werden.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    frage.setObjectName("wiederherstellenFrage")
    ja = frage.addButton("&Wiederherstellen", QMessageBox.ButtonRole.AcceptRole)
    abbrechen = frage.addButton("Abbrechen", QMessageBox.ButtonRole.RejectRole)
    frage.setDefaultButton(abbrechen)
    frage.exec()
    if frage.clickedButton() is not ja:
        return False
    for window in list(ctx.navigator.open_windows):
        if not window.close():
            return False
    ctx.db.dispose()
    try:
        result = wiederherstellen(_url(ctx), quelle, ctx.clock.now())
    except OmError as err:
        show_error(parent, err)
        return False
    beiseite = (
        f"\n\nDie bisherige Datenbank liegt als\n{result.beiseite}" if result.beiseite else ""
    )
    QMessageBox.information(
        parent,
        TITEL_WIEDERHERSTELLEN,
        f"Die Datensicherung wurde wiederhergestellt.{beiseite}\n\n"
        "omclient wird jetzt beendet. Bitte starten Sie omclient neu.",
    )
    return True


def install(window: MainWindow) -> None:
    """Add the connection, backup and restore entries to ``window``'s Datei menu."""
    ctx = window.ctx
    verbindung = QAction("Daten&bankverbindung…", window)
    verbindung.setObjectName("datenbankverbindung")
    verbindung.triggered.connect(lambda: verbindung_aendern(window, ctx))
    sichern_action = QAction("Datensicherung &erstellen…", window)
    sichern_action.setObjectName("datensicherungErstellen")
    sichern_action.triggered.connect(lambda: sichern(window, ctx))
    wiederherstellen_action = QAction("Datensicherung &wiederherstellen…", window)
    wiederherstellen_action.setObjectName("datensicherungWiederherstellen")

    def restore() -> None:
        if wiederherstellen_fragen(window, ctx):
            window.close()

    wiederherstellen_action.triggered.connect(restore)
    if _ist_postgresql(ctx):
        for action in (sichern_action, wiederherstellen_action):
            action.setToolTip("Die Datenbank wird auf dem Server gesichert (pg_dump).")
    for action in (verbindung, sichern_action, wiederherstellen_action):
        window.add_datei_action(action)
