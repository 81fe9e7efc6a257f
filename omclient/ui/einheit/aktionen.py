"""Main-window actions belonging to the Einheit features.

:func:`install` adds to the main window

* Objekt → Aktionen → **zuweisungsberechtigte Gemeinde zuweisen …**: for the
  selected Objekte, choose a zuweisungsberechtigte Vergabestelle; the user is
  asked whether existing Vergaberechte are overwritten (otherwise only units
  with an empty Vergaberecht get it);
* Extras → Grundeinstellungen → **Infogrid-Einstellungen …** (administrators;
  disabled with a tooltip for clerks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from omclient.errors import OmError, ValidationError
from omclient.services import einheit as svc
from omclient.ui.common.errors import show_error

if TYPE_CHECKING:
    from omclient.ui.context import AppContext
    from omclient.ui.objekt.main_window import MainWindow

ADMIN_ONLY = "Nur Administratoren können die Infogrid-Einstellungen ändern."


def gemeinde_zuweisen(parent: QWidget, ctx: AppContext, objekt_ids: list[int]) -> int | None:
    """Ask for the Vergabestelle and the overwrite choice, then assign; returns the count."""
    if not objekt_ids:
        show_error(parent, ValidationError("Bitte markieren Sie mindestens ein Objekt."))
        return None
    with ctx.db.sessions() as session:
        stellen = svc.vergabestellen(session)
    if not stellen:
        show_error(
            parent, ValidationError("Es sind keine zuweisungsberechtigten Gemeinden erfasst.")
        )
        return None
    texts = [s.text for s in stellen]
    objekte = "1 Objekt" if len(objekt_ids) == 1 else f"{len(objekt_ids)} Objekte"
    text, ok = QInputDialog.getItem(
        parent,
        "Zuweisungsberechtigte Gemeinde zuweisen",
        f"Gemeinde für alle Einheiten der markierten Objekte ({objekte}):",
        texts,
        0,
        False,
    )
    if not ok:
        return None
    stelle = stellen[texts.index(text)]
    answer = QMessageBox.question(
        parent,
        "Vorhandene Gemeinden überschreiben?",
        "Sollen bereits eingetragene Vergaberechte überschrieben werden?\n\n"
        "Ja: alle Einheiten erhalten „" + text + "“.\n"
        "Nein: nur Einheiten mit leerem Vergaberecht erhalten sie.",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Cancel:
        return None
    try:
        with ctx.db.sessions.begin() as session:
            count = svc.vergabestelle_zuweisen(
                session,
                objekt_ids,
                int(stelle.wert),
                ueberschreiben=answer == QMessageBox.StandardButton.Yes,
            )
    except OmError as exc:
        show_error(parent, exc)
        return None
    QMessageBox.information(
        parent,
        "Gemeinde zugewiesen",
        f"„{text}“ wurde {count} Einheit{'' if count == 1 else 'en'} als Vergaberecht zugewiesen.",
    )
    return count


def open_infogrid_einstellungen(parent: QWidget, ctx: AppContext) -> None:
    from omclient.ui.einheit.infogrid import InfogridEinstellungenDialog

    if not ctx.is_admin:
        show_error(parent, ValidationError(ADMIN_ONLY))
        return
    InfogridEinstellungenDialog(ctx, parent).exec()


def install(window: MainWindow) -> None:
    """Add the Einheit features' actions to ``window``'s menus."""
    ctx = window.ctx
    zuweisen = QAction("&zuweisungsberechtigte Gemeinde zuweisen", window)
    zuweisen.setObjectName("gemeindeZuweisen")
    zuweisen.triggered.connect(lambda: gemeinde_zuweisen(window, ctx, window.selected_objekt_ids()))
    window.menu_objekt_aktionen.addAction(zuweisen)

    infogrid = QAction("&Infogrid-Einstellungen", window)
    infogrid.setObjectName("infogridEinstellungen")
    infogrid.triggered.connect(lambda: open_infogrid_einstellungen(window, ctx))
    if not ctx.is_admin:
        infogrid.setEnabled(False)
        infogrid.setToolTip(ADMIN_ONLY)
    window.menu_grundeinstellungen.addAction(infogrid)
