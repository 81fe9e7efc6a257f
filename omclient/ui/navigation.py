"""One place that opens the program's windows and dialogs.

Every "Zur Einheit", "Zur Zuordnung", "Zur Person", "zum Objekt" and double-click
goes through the :class:`Navigator` of the :class:`~omclient.ui.context.AppContext`,
so each target is wired once. Windows are opened non-modally and kept referenced
here until they close (several may be open at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from omclient.ui.context import AppContext


class Navigator:
    """Opens windows for records; remembers the open ones (``open_windows``)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.open_windows: list[QWidget] = []

    def _show(self, window: QWidget) -> QWidget:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.open_windows.append(window)
        window.destroyed.connect(lambda *_: self._forget(window))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _forget(self, window: QWidget) -> None:
        if window in self.open_windows:
            self.open_windows.remove(window)

    def open_objekt(self, objekt_id: int, parent: QWidget | None = None) -> QWidget:
        """The Objekt's Stammdaten."""
        from omclient.ui.objekt.dialog import ObjektDialog

        return self._show(ObjektDialog(self.ctx, objekt_id, parent=parent))

    def open_uebersicht(
        self, objekt_id: int, register: str = "einheiten", parent: QWidget | None = None
    ) -> QWidget:
        """The Einheitenübersicht on ``register`` ("einheiten" or "bestandnehmer")."""
        from omclient.ui.uebersicht.window import EinheitenUebersicht

        return self._show(
            EinheitenUebersicht(self.ctx, objekt_id, register=register, parent=parent)
        )

    def open_einheit(self, einheit_id: int, parent: QWidget | None = None) -> QWidget:
        from omclient.ui.einheit.dialog import EinheitDialog

        return self._show(EinheitDialog(self.ctx, einheit_id, parent=parent))

    def open_bestandsverhaeltnis(self, bv_id: int, parent: QWidget | None = None) -> QWidget:
        from omclient.ui.bestandsverhaeltnis.dialog import BestandsverhaeltnisDialog

        return self._show(BestandsverhaeltnisDialog(self.ctx, bv_id, parent=parent))

    def open_person(self, person_id: int, parent: QWidget | None = None) -> QWidget:
        from omclient.ui.person.dialog import PersonDialog

        return self._show(PersonDialog(self.ctx, person_id, parent=parent))
