"""One place that opens the program's windows and dialogs.

Every "Zur Einheit", "Zur Zuordnung", "Zur Person", "zum Objekt" and double-click
goes through the :class:`Navigator` of the :class:`~omclient.ui.context.AppContext`,
so each target is wired once. Windows are opened non-modally and kept referenced
here until they close (several may be open at once).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

TARGETS = {
    "objekt": ("omclient.ui.objekt_dialog", "ObjektDialog"),
    "uebersicht": ("omclient.ui.uebersicht", "EinheitenUebersicht"),
    "einheit": ("omclient.ui.einheit_dialog", "EinheitDialog"),
    "bestandsverhaeltnis": ("omclient.ui.bv_dialog", "BestandsverhaeltnisDialog"),
    "person": ("omclient.ui.person_dialog", "PersonDialog"),
}


class Navigator:
    """Opens windows for records; remembers the open ones (``open_windows``)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.open_windows: list[QWidget] = []

    def _open(
        self, target: str, *args: Any, parent: QWidget | None = None, **kwargs: Any
    ) -> QWidget:
        module_name, class_name = TARGETS[target]
        cls = getattr(importlib.import_module(module_name), class_name)
        window: QWidget = cls(self.ctx, *args, parent=parent, **kwargs)
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
        return self._open("objekt", objekt_id, parent=parent)

    def open_uebersicht(
        self, objekt_id: int, register: str = "einheiten", parent: QWidget | None = None
    ) -> QWidget:
        """The Einheitenübersicht on ``register`` ("einheiten" or "bestandnehmer")."""
        return self._open("uebersicht", objekt_id, register=register, parent=parent)

    def open_einheit(self, einheit_id: int, parent: QWidget | None = None) -> QWidget:
        return self._open("einheit", einheit_id, parent=parent)

    def open_bestandsverhaeltnis(self, bv_id: int, parent: QWidget | None = None) -> QWidget:
        return self._open("bestandsverhaeltnis", bv_id, parent=parent)

    def open_person(self, person_id: int, parent: QWidget | None = None) -> QWidget:
        return self._open("person", person_id, parent=parent)
