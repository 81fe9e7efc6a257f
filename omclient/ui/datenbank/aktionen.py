"""Datei → Datenbankverbindung…, Datensicherung erstellen… / wiederherstellen….

Backup and restore work on the local (SQLite) database; on PostgreSQL the
entries explain that the server's own backup applies. After a restore omclient
ends and asks the clerk to start it again, so no window keeps data of the
replaced database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from omclient.services.datensicherung import (
    POSTGRESQL_HINWEIS,
    Wiederherstellung,
    sicherung_erstellen,
    sicherung_pruefen,
    sqlite_pfad,
    wiederherstellen,
)
from omclient.services.verbindung import verbindungsangaben
from omclient.ui.common.background import BackgroundOp
from omclient.ui.context import AppContext
from omclient.ui.datenbank.verbindung import DatenbankDialog

if TYPE_CHECKING:
    from omclient.ui.objekt.main_window import MainWindow

TITEL_SICHERN = "Datensicherung erstellen"
TITEL_WIEDERHERSTELLEN = "Datensicherung wiederherstellen"
SICHERUNG_FILTER = "omclient-Datensicherung (*.db);;Alle Dateien (*)"


def _url(ctx: AppContext) -> str:
    return ctx.settings.database_url


def _ist_postgresql(ctx: AppContext) -> bool:
    return verbindungsangaben(_url(ctx)).ist_postgresql


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


def sichern(parent: QWidget, ctx: AppContext) -> None:
    """Ask for a file and write a backup of the local database there, in the background."""
    if _ist_postgresql(ctx):
        QMessageBox.information(parent, TITEL_SICHERN, POSTGRESQL_HINWEIS)
        return
    vorschlag = Path.home() / f"omclient-sicherung-{ctx.clock.today().isoformat()}.db"
    path, _filter = QFileDialog.getSaveFileName(
        parent, TITEL_SICHERN, str(vorschlag), SICHERUNG_FILTER
    )
    if not path:
        return
    url = _url(ctx)

    def fertig(ziel: Path) -> None:
        QMessageBox.information(
            parent, TITEL_SICHERN, f"Die Datensicherung wurde geschrieben:\n{ziel}"
        )

    BackgroundOp(
        lambda _op: sicherung_erstellen(url, Path(path)),
        parent=parent,
        title=TITEL_SICHERN,
        label="Die Datensicherung wird geschrieben …",
        on_success=fertig,
    ).start()


def wiederherstellen_fragen(
    parent: QWidget, ctx: AppContext, beenden: Callable[[], object]
) -> None:
    """Choose a backup, check it, confirm, restore, then ``beenden()`` the program.

    The backup is checked (in the background) before the question, so a
    refused file changes nothing and asks nothing. Before the files are
    swapped the other windows are closed (their own "unsaved changes"
    questions may cancel) and the connections released.
    """
    if _ist_postgresql(ctx):
        QMessageBox.information(parent, TITEL_WIEDERHERSTELLEN, POSTGRESQL_HINWEIS)
        return
    path, _filter = QFileDialog.getOpenFileName(
        parent, TITEL_WIEDERHERSTELLEN, str(Path.home()), SICHERUNG_FILTER
    )
    if not path:
        return
    quelle = Path(path)
    BackgroundOp(
        lambda _op: sicherung_pruefen(quelle),
        parent=parent,
        title=TITEL_WIEDERHERSTELLEN,
        label="Die Sicherung wird geprüft …",
        on_success=lambda _revision: _bestaetigen_und_ersetzen(parent, ctx, quelle, beenden),
    ).start()


def _bestaetigen_und_ersetzen(
    parent: QWidget, ctx: AppContext, quelle: Path, beenden: Callable[[], object]
) -> None:
    url = _url(ctx)
    datenbank = sqlite_pfad(url)
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
        return
    for window in list(ctx.navigator.open_windows):
        if not window.close():
            return
    ctx.db.dispose()
    jetzt = ctx.clock.now()

    def fertig(result: Wiederherstellung) -> None:
        beiseite = (
            f"\n\nDie bisherige Datenbank liegt als\n{result.beiseite}" if result.beiseite else ""
        )
        QMessageBox.information(
            parent,
            TITEL_WIEDERHERSTELLEN,
            f"Die Datensicherung wurde wiederhergestellt.{beiseite}\n\n"
            "omclient wird jetzt beendet. Bitte starten Sie omclient neu.",
        )
        beenden()

    BackgroundOp(
        lambda _op: wiederherstellen(url, quelle, jetzt),
        parent=parent,
        title=TITEL_WIEDERHERSTELLEN,
        label="Die Datensicherung wird wiederhergestellt …",
        on_success=fertig,
    ).start()


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
    wiederherstellen_action.triggered.connect(
        lambda: wiederherstellen_fragen(window, ctx, window.close)
    )
    if _ist_postgresql(ctx):
        for action in (sichern_action, wiederherstellen_action):
            action.setToolTip("Die Datenbank wird auf dem Server gesichert (pg_dump).")
    for action in (verbindung, sichern_action, wiederherstellen_action):
        window.add_datei_action(action)
