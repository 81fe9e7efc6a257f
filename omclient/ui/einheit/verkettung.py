"""Register Verkettung, reusable for an Einheit or a Bestandsverhältnis.

:class:`VerkettungWidget` ``(ctx, kontext, datensatz_id, parent=None)`` shows
whether the Bestandsverhältnis (or, for an Einheit, any of its
Bestandsverhältnisse) is chained in d+ RW, as Haupt- or Sub-Bestandnehmer,
and lists the chained Bestandsverhältnisse. Everything is read-only (from
d+ RW; inactive chains are greyed); double-click or **Zum Bestandsverhältnis**
opens the chained one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import InfoKontext
from omclient.services import verkettung as svc
from omclient.ui.common.forms import show_rw_owned
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

COLUMNS = (
    Column("eigenes_bv", "Bestandsverhältnis", width=160),
    Column("rolle", "Rolle", width=145),
    Column("partner_einheit", "verkettete Einheit", width=120),
    Column("partner_bv_nr", "BV-Nr.", width=50),
    Column("partner_person", "Bestandnehmer", width=130),
    Column("partner_beginn", "Beginn", width=80),
    Column("partner_ende", "Ende", width=80),
    Column("art", "Art der Verkettung", width=140),
    Column("aktiv", "aktiv", width=45),
)


class VerkettungWidget(QWidget):
    """The d+ RW chains of the record (see module docstring)."""

    def __init__(
        self,
        ctx: AppContext,
        kontext: InfoKontext,
        datensatz_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kontext = kontext
        self.datensatz_id = datensatz_id
        self.setObjectName("verkettung")
        self.status_label = QLabel()
        self.status_label.setObjectName("verkettungStatus")
        show_rw_owned(self.status_label, None, True)
        self.model = DtoTableModel(COLUMNS, self, muted=lambda r: not r.aktiv)
        self.view = DtoTableView(self.model)
        self.view.setObjectName("verkettungListe")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.oeffnen_button = QPushButton("Zum &Bestandsverhältnis")
        self.oeffnen_button.setObjectName("zumVerkettetenBv")
        self.reload_button = QPushButton("Ak&tualisieren")
        side = QVBoxLayout()
        side.addWidget(self.oeffnen_button)
        side.addWidget(self.reload_button)
        side.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.status_label)
        left.addWidget(self.view, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(side)
        self.view.row_activated.connect(lambda _row: self.oeffnen())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.oeffnen_button.clicked.connect(self.oeffnen)
        self.reload_button.clicked.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.sessions() as session:
            dto = svc.verkettungen(session, self.kontext, self.datensatz_id)
        self.status_label.setText(dto.status)
        self.model.set_rows(dto.zeilen)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        self.oeffnen_button.setEnabled(bool(self.view.selected_rows()))

    def oeffnen(self) -> None:
        rows = self.view.selected_rows()
        if rows:
            self.ctx.navigator.open_bestandsverhaeltnis(rows[0].partner_bv_id)
