"""What both Register of the Einheitenübersicht share: filter row, quick filter,
sortable list, buttons on the right mirrored in the row context menu.

A Register page knows which rows it shows (:meth:`RegisterPage.fetch`), which of
the loaded rows its checkboxes hide (:meth:`RegisterPage.apply_predicate`), its
status line and its buttons. The window owns the Objekt, the filters of the top
area and when a page is (re)loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from omclient.services.uebersicht import Register, UebersichtFilter, UebersichtKopf
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class RegisterPage(QWidget):
    """One Register of the Einheitenübersicht (subclasses: one per Register).

    ``filter_changed``: a filter of this page that needs a database query
    changed; ``rows_reloaded``: the page changed rows in the database and wants
    them reloaded; ``message``: a line for the status bar.
    """

    register: ClassVar[Register]
    title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]

    filter_changed = Signal()
    rows_reloaded = Signal()
    message = Signal(str)
    selection_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = self.register.value
        self.ctx = ctx
        self.objekt_id = 0
        self.stale = True
        self.setObjectName(name)
        self.model = DtoTableModel(self.columns, self, muted=self.muted)
        self.filter_row = QHBoxLayout()
        self.quick_filter = QLineEdit()
        self.quick_filter.setObjectName(f"{name}Schnellfilter")
        self.quick_filter.setPlaceholderText("Schnellfilter (Strg+F) …")
        self.quick_filter.setClearButtonEnabled(True)
        self.quick_filter.setMinimumWidth(220)
        self.view = DtoTableView(self.model)
        self.view.setObjectName(f"{name}Liste")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.button_actions: list[tuple[QPushButton, QAction]] = []
        self.button_column = QVBoxLayout()
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(self.button_column)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filter_row)
        layout.addLayout(body, 1)
        self.quick_filter.textChanged.connect(self.model.set_quick_filter)
        self.view.row_activated.connect(lambda _row: self.open_row())
        self.view.selectionModel().selectionChanged.connect(self.selection_changed)

    @staticmethod
    def muted(row: Any) -> bool:
        """Rows shown greyed."""
        return False

    def finish_filter_row(self) -> None:
        self.filter_row.addStretch(1)
        label = QLabel("Schnell&filter:")
        label.setBuddy(self.quick_filter)
        self.filter_row.addWidget(label)
        self.filter_row.addWidget(self.quick_filter)

    def add_button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.button_column.addWidget(button)
        action = QAction(text.replace("&", ""), self.view)
        action.triggered.connect(slot)
        self.view.addAction(action)
        self.button_actions.append((button, action))
        return button

    def sync_actions(self) -> None:
        """The row context menu offers what the buttons offer, enabled alike."""
        for button, action in self.button_actions:
            action.setEnabled(button.isEnabled())

    def filter_fields(self) -> dict[str, Any]:
        """This page's part of the database filter (:class:`UebersichtFilter` fields)."""
        return {}

    def forget_choices(self) -> None:
        """Choices loaded from the database are reloaded with the next rows."""

    def fetch(
        self,
        kopf: UebersichtKopf,
        current_filter: Callable[[], UebersichtFilter],
        stichtag: dt.date,
    ) -> list[Any]:
        """The rows of this Register for the Objekt and filter (OmError when that fails)."""
        raise NotImplementedError

    def apply_predicate(self, *_: object) -> None:
        """Hide the loaded rows the checkboxes exclude."""

    def status_text(self) -> str:
        """The status line, e.g. "7 Einheiten (1 inaktive ausgeblendet)"."""
        raise NotImplementedError

    def update_buttons(self) -> None:
        """Enable the buttons for the selection."""
        self.sync_actions()

    def open_row(self) -> None:
        """Double-click / Enter on a row."""

    def current_or_first(self) -> Any | None:
        view = self.view
        current = view.currentIndex()
        selected = view.selected_rows()
        if current.isValid() and view.selectionModel().isRowSelected(current.row()):
            return view.dto_model().row_at(current.row())
        return selected[0] if selected else None

    def show_rows(self, rows: list[Any], selected_ids: set[int], current_id: int | None) -> None:
        """Put freshly loaded rows in the list, keeping the selection by id."""
        self.model.set_rows(rows)
        self.stale = False
        if not selected_ids:
            return
        selection = self.view.selectionModel()
        for n, row in enumerate(self.model.visible_rows()):
            if row.id in selected_ids:
                selection.select(
                    self.model.index(n, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
                if row.id == current_id:
                    selection.setCurrentIndex(
                        self.model.index(n, 0), selection.SelectionFlag.NoUpdate
                    )

    def selection_ids(self) -> tuple[set[int], int | None]:
        """The ids of the selected rows and of the current one."""
        selected = {r.id for r in self.view.selected_rows()}
        current = self.view.currentIndex()
        current_id = self.view.dto_model().row_at(current.row()).id if current.isValid() else None
        return selected, current_id

    def restore_state(self, settings: QSettings, key: str) -> None:
        self.view.restore_state(settings, f"{key}/{self.register.value}")

    def save_state(self, settings: QSettings, key: str) -> None:
        self.view.save_state(settings, f"{key}/{self.register.value}")

    def status_summary(self, what: str, notes: list[str]) -> str:
        text = what
        if self.model.quick_filter:
            text = f"{self.model.rowCount()} von {what}"
        if notes:
            text += f" ({', '.join(notes)} ausgeblendet)"
        return text
