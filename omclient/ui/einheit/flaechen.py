"""Register Flächen / Aufteilung of the Einheit dialog: the unit's area split by
Verrechnungseinheiten, one table per Sachbereich (view only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from omclient.services import flaechen as flaechen_svc
from omclient.ui.common.forms import group_box
from omclient.ui.common.table_model import (
    Column,
    DtoTableModel,
    DtoTableView,
    area_text,
    number_text,
)

FLAECHEN_COLUMNS = (
    Column("veh_nummer", "VEH", width=50),
    Column("veh_bezeichnung", "Verrechnungseinheit", width=240),
    Column("flaeche", "Fläche", width=100, align="right", text=area_text),
    Column(
        "anteil", "Anteil", width=110, align="right", text=lambda v: f"{number_text(v * 100, 4)} %"
    ),
    Column("gueltig_ab", "gültig ab", width=90),
)


class FlaechenRegister(QScrollArea):
    """The Aufteilung of one Einheit, rebuilt on every :meth:`load`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = QWidget()
        self.page.setObjectName("flaechen")
        self.page_layout = QVBoxLayout(self.page)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(self.page)

    def load(self, dto: flaechen_svc.FlaechenDto) -> None:
        """Show the unit's area and its Aufteilung, one table per Sachbereich."""
        while self.page_layout.count():
            item = self.page_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        head = QLabel(
            f"Nettonutzfläche der Einheit: {area_text(dto.nettonutzflaeche) or '—'}"
            "   ·   Aufteilung nach Verrechnungseinheiten (aus d+ OM, nur Ansicht)"
        )
        head.setObjectName("flaechenKopf")
        self.page_layout.addWidget(head)
        if not dto.gruppen:
            leer = QLabel("Für diese Einheit ist keine Flächenaufteilung erfasst.")
            leer.setObjectName("flaechenLeer")
            self.page_layout.addWidget(leer)
        for gruppe in dto.gruppen:
            model = DtoTableModel(FLAECHEN_COLUMNS, self)
            model.set_rows(gruppe.zeilen)
            view = DtoTableView(model)
            view.setObjectName(f"flaechen_{gruppe.code}")
            view.setSortingEnabled(False)
            rows = len(gruppe.zeilen)
            view.setFixedHeight(
                view.horizontalHeader().sizeHint().height()
                + rows * view.verticalHeader().defaultSectionSize()
                + 6
            )
            summe = QLabel(f"Summe {gruppe.code}: {area_text(gruppe.summe_flaeche)}")
            summe.setAlignment(Qt.AlignmentFlag.AlignRight)
            inner = QWidget()
            lay = QVBoxLayout(inner)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(view)
            lay.addWidget(summe)
            box = group_box(
                f"{gruppe.code} – {gruppe.bezeichnung}", f"sachbereich_{gruppe.code}", inner
            )
            self.page_layout.addWidget(box)
        self.page_layout.addStretch(1)
