"""Rows of a list edited in memory and saved with the dialog (Bankgarantien, WBF-Prüfungen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient.errors import ValidationError
from omclient.services.felder import Formular
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView


class Values:
    """Attribute access over a dict, for :meth:`EntityForm.load`."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


class RowDialog(QDialog):
    """Edit one row (a Bankgarantie, a WBF-Prüfung) through the form of ``formular``.

    ``required`` fields must be filled; after OK ``result_values`` holds the parsed values.
    """

    def __init__(
        self,
        title: str,
        formular: Formular,
        values: object,
        required: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("rowDialog")
        self.required = required
        self.form = EntityForm.of(formular, parent=self)
        self.form.load(values)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.form_layout())
        layout.addWidget(buttons)
        self.result_values: dict[str, Any] = {}

    def accept(self) -> None:
        try:
            values = self.form.values()
        except ValidationError as exc:
            show_error(self, exc)
            return
        missing = [self.form.fields[n].label for n in self.required if values.get(n) in (None, "")]
        if missing:
            show_error(self, ValidationError(f"Bitte füllen Sie aus: {', '.join(missing)}."))
            return
        self.result_values = values
        super().accept()


class ListEditor(QWidget):
    """A list of rows edited in memory (Hinzufügen/Bearbeiten/Entfernen), saved with the dialog.

    ``edit(row)`` asks for a new (``row`` None) or changed row and returns it, or
    None when the user cancelled; ``on_change`` is called after every change.
    """

    def __init__(
        self,
        name: str,
        columns: tuple[Column, ...],
        edit: Callable[[Any], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._edit = edit
        self.loaded: tuple[Any, ...] = ()
        self.rows: list[Any] = []
        self.model = DtoTableModel(columns, self)
        self.view = DtoTableView(self.model)
        self.view.setObjectName(f"{name}Liste")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.neu_button = QPushButton("&Hinzufügen …")
        self.neu_button.setObjectName(f"{name}Neu")
        self.bearbeiten_button = QPushButton("&Bearbeiten …")
        self.bearbeiten_button.setObjectName(f"{name}Bearbeiten")
        self.entfernen_button = QPushButton("&Entfernen")
        self.entfernen_button.setObjectName(f"{name}Entfernen")
        side = QVBoxLayout()
        for b in (self.neu_button, self.bearbeiten_button, self.entfernen_button):
            side.addWidget(b)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(side)
        self.neu_button.clicked.connect(self.neu)
        self.bearbeiten_button.clicked.connect(self.bearbeiten)
        self.entfernen_button.clicked.connect(self.entfernen)
        self.view.row_activated.connect(lambda _row: self.bearbeiten())
        self.view.selectionModel().selectionChanged.connect(self.update_buttons)
        self.on_change: Callable[[], None] | None = None

    def load(self, rows: tuple[Any, ...]) -> None:
        self.loaded = tuple(rows)
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        self.update_buttons()

    def is_dirty(self) -> bool:
        return tuple(self.rows) != self.loaded

    def update_buttons(self, *_: object) -> None:
        selected = bool(self.view.selected_rows()) and self.isEnabled()
        self.bearbeiten_button.setEnabled(selected)
        self.entfernen_button.setEnabled(selected)

    def _changed(self) -> None:
        self.model.set_rows(self.rows)
        self.update_buttons()
        if self.on_change:
            self.on_change()

    def neu(self) -> None:
        row = self._edit(None)
        if row is not None:
            self.rows.append(row)
            self._changed()

    def bearbeiten(self) -> None:
        selected = self.view.selected_rows()
        if not selected:
            return
        old = selected[0]
        row = self._edit(old)
        if row is not None:
            self.rows[self.rows.index(old)] = row
            self._changed()

    def entfernen(self) -> None:
        selected = self.view.selected_rows()
        if selected:
            self.rows.remove(selected[0])
            self._changed()
