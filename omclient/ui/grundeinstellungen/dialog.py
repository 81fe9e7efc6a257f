"""Extras → Grundeinstellungen: the lists administrators manage.

Each Register is described by a :class:`ListeSpec` (columns, form fields, filter)
and shown by one :class:`ListenEditor`; clerks see the lists read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import Rolle
from omclient.errors import OmError
from omclient.services import grundeinstellungen as svc
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm, Field
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext

ADMIN_ONLY = "Nur Administratoren können die Grundeinstellungen ändern."


@dataclass(frozen=True)
class ListeSpec:
    """A Register of the Grundeinstellungen: what it lists and how a row is edited.

    ``bereich`` names the service's list (:data:`~omclient.services.grundeinstellungen.BEREICHE`),
    which also knows the mapped class whose columns the form edits.
    """

    bereich: str
    title: str
    columns: list[tuple[str, str]]
    fields: list[Field]
    filter_label: str | None = None
    filter_choices: Callable[[], list[tuple[str, dict[str, Any]]]] | None = None
    defaults: dict[str, Any] = field(default_factory=dict)


def _ja_nein(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return "" if value is None else str(value)


def _columns(spec: ListeSpec) -> list[Column]:
    """The list's columns over row dicts, booleans shown as ja/nein."""
    return [
        Column(key, title, value=itemgetter(key), text=_ja_nein, width=160)
        for key, title in spec.columns
    ]


class EintragDialog(QDialog):
    """Edit one row of a list through an EntityForm."""

    def __init__(self, spec: ListeSpec, row: dict[str, Any] | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{spec.title} – {'Eintrag bearbeiten' if row else 'Neuer Eintrag'}")
        self.form = EntityForm(svc.BEREICHE[spec.bereich].model, spec.fields, self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.form_layout())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Speichern")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbrechen")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form.load(_Row({**spec.defaults, **(row or {})}))


class _Row:
    """Attribute access to a row dict for EntityForm.load."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


class ListenEditor(QWidget):
    """A list with Neu / Bearbeiten / Löschen, optionally narrowed by one column."""

    def __init__(self, ctx: AppContext, spec: ListeSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        layout = QVBoxLayout(self)
        self.filter_combo: QComboBox | None = None
        if spec.filter_label and spec.filter_choices:
            row = QHBoxLayout()
            label = QLabel(f"{spec.filter_label}:")
            self.filter_combo = QComboBox()
            for text, value in spec.filter_choices():
                self.filter_combo.addItem(text, value)
            self.filter_combo.currentIndexChanged.connect(self.refresh)
            label.setBuddy(self.filter_combo)
            row.addWidget(label)
            row.addWidget(self.filter_combo, 1)
            layout.addLayout(row)
        body = QHBoxLayout()
        self.model = DtoTableModel(_columns(spec), self)
        self.table = DtoTableView(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.row_activated.connect(lambda _row: self.edit())
        body.addWidget(self.table, 1)
        buttons = QVBoxLayout()
        self.neu_button = QPushButton("&Neu …")
        self.bearbeiten_button = QPushButton("&Bearbeiten …")
        self.loeschen_button = QPushButton("&Löschen")
        for button in (self.neu_button, self.bearbeiten_button, self.loeschen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        body.addLayout(buttons)
        layout.addLayout(body)
        self.neu_button.clicked.connect(self.new)
        self.bearbeiten_button.clicked.connect(self.edit)
        self.loeschen_button.clicked.connect(self.delete)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def _filter(self) -> dict[str, Any]:
        if self.filter_combo is None:
            return {}
        return dict(self.filter_combo.currentData())

    def refresh(self) -> None:
        with self.ctx.db.sessions() as session:
            self.model.set_rows(svc.list_rows(session, self.spec.bereich, **self._filter()))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected_row(self) -> dict[str, Any] | None:
        rows = self.table.selected_rows()
        return rows[0] if rows else None

    def _update_buttons(self, *_: object) -> None:
        admin = self.ctx.is_admin
        selected = self.selected_row() is not None
        self.neu_button.setEnabled(admin)
        self.bearbeiten_button.setEnabled(admin and selected)
        self.loeschen_button.setEnabled(
            admin and selected and svc.BEREICHE[self.spec.bereich].deletable
        )
        for button in (self.neu_button, self.bearbeiten_button, self.loeschen_button):
            button.setToolTip("" if admin else ADMIN_ONLY)

    def _save(self, values: dict[str, Any], row_id: int | None) -> bool:
        try:
            with self.ctx.db.sessions.begin() as session:
                svc.save_row(session, self.ctx.user, self.spec.bereich, values, row_id)
        except OmError as err:
            show_error(self, err)
            return False
        self.refresh()
        return True

    def _run_dialog(self, row: dict[str, Any] | None) -> None:
        defaults = {**self._filter()} if row is None else {}
        dialog = EintragDialog(self.spec, row if row else defaults or None, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                values = {**defaults, **dialog.form.values()}
            except OmError as err:
                show_error(dialog, err)
                continue
            if self._save(values, row["id"] if row else None):
                return

    def new(self) -> None:
        self._run_dialog(None)

    def edit(self) -> None:
        row = self.selected_row()
        if row is not None and self.ctx.is_admin:
            self._run_dialog(row)

    def delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Eintrag löschen", "Soll der markierte Eintrag wirklich gelöscht werden?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.db.sessions.begin() as session:
                svc.delete_row(session, self.ctx.user, self.spec.bereich, row["id"])
        except OmError as err:
            show_error(self, err)
        self.refresh()


def _status_tabellen() -> list[tuple[str, dict[str, Any]]]:
    return [
        ("Einheit / Stockwerk", {"tabelle": "Einheit", "gruppe": "Stockwerk"}),
        ("Einheit / Finanzierung", {"tabelle": "Einheit", "gruppe": "Finanzierung"}),
        (
            "Bestandsverhältnis / Leerstandsgrund",
            {"tabelle": "Bestandsverhaeltnis", "gruppe": "Leerstandsgrund"},
        ),
    ]


def specs() -> list[ListeSpec]:
    """The Register of the Grundeinstellungen, in display order."""
    rollen = tuple((r.value, r.value) for r in Rolle)
    return [
        ListeSpec(
            "vergabestellen",
            "Vergabestellen",
            [
                ("name", "Name"),
                ("gemeindekennziffer", "Gemeindekennziffer"),
                ("zuweisungsberechtigt", "zuweisungsberechtigt"),
                ("bemerkung", "Bemerkung"),
            ],
            [
                Field("name", "Name"),
                Field("gemeindekennziffer", "Gemeindekennziffer"),
                Field("zuweisungsberechtigt", "zuweisungsberechtigt", "bool"),
                Field("bemerkung", "Bemerkung", "multiline"),
            ],
            defaults={"zuweisungsberechtigt": True},
        ),
        ListeSpec(
            "status_aller_art",
            "Status aller Art",
            [("wert", "Wert"), ("position", "Reihenfolge"), ("kennzeichen", "Kennzeichen")],
            [
                Field("tabelle", "Tabelle"),
                Field("gruppe", "Gruppe"),
                Field("wert", "Wert"),
                Field("position", "Reihenfolge", "int"),
                Field("kennzeichen", "Kennzeichen"),
            ],
            filter_label="Tabelle / Gruppe",
            filter_choices=_status_tabellen,
        ),
        ListeSpec(
            "konfiguration",
            "Konfigurationstabellen",
            [("schluessel", "Schlüssel"), ("wert", "Wert"), ("position", "Reihenfolge")],
            [
                Field("tabelle", "Tabelle", "int", read_only=True),
                Field("schluessel", "Schlüssel"),
                Field("wert", "Wert"),
                Field("position", "Reihenfolge", "int"),
            ],
            filter_label="Konfigurationstabelle",
            filter_choices=lambda: [
                (text, {"tabelle": nr}) for nr, text in svc.KONFIG_TABELLEN.items()
            ],
        ),
        ListeSpec(
            "globale_variablen",
            "Globale Variablen",
            [("name", "Name"), ("wert", "Wert"), ("beschreibung", "Beschreibung")],
            [
                Field("name", "Name"),
                Field("wert", "Wert"),
                Field("beschreibung", "Beschreibung"),
            ],
        ),
        ListeSpec(
            "benutzer",
            "Benutzer",
            [("login", "Anmeldename"), ("name", "Name"), ("rolle", "Rolle"), ("aktiv", "aktiv")],
            [
                Field("login", "Anmeldename"),
                Field("name", "Name"),
                Field("rolle", "Rolle", "choice", choices=rollen),
                Field("aktiv", "aktiv", "bool"),
            ],
            defaults={"rolle": Rolle.SACHBEARBEITER.value, "aktiv": True},
        ),
    ]


class GrundeinstellungenDialog(QDialog):
    """Tabs with the lists administrators manage; read-only for clerks."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Grundeinstellungen")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        if not ctx.is_admin:
            hint = QLabel(f"<i>{ADMIN_ONLY} Sie sehen die Listen nur zur Information.</i>")
            layout.addWidget(hint)
        self.tabs = QTabWidget()
        self.editors: dict[str, ListenEditor] = {}
        for spec in specs():
            editor = ListenEditor(ctx, spec)
            self.editors[spec.bereich] = editor
            self.tabs.addTab(editor, spec.title)
        layout.addWidget(self.tabs)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Schließen")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
