"""The Interessenten found for an Einheit (Aktionen → Suche nach Interessenten)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView

INTERESSENT_COLUMNS = (
    Column("name", "Name", width=170, value=lambda t: t.interessent.name),
    Column("email", "E-Mail", width=190, value=lambda t: t.interessent.email),
    Column("telefon", "Telefon", width=120, value=lambda t: t.interessent.telefon),
    Column("direkt", "Anfrage zu dieser Einheit", width=80, value=lambda t: t.direkt),
    Column("gruende", "passt weil", width=300, value=lambda t: ", ".join(t.gruende)),
)


class InteressentenDialog(QDialog):
    """The Interessenten found for the unit, best matches first."""

    def __init__(self, treffer: list[Any], einheit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interessentenDialog")
        self.setWindowTitle(f"Interessenten für Einheit {einheit}")
        self.model = DtoTableModel(INTERESSENT_COLUMNS, self)
        self.model.set_rows(treffer)
        view = DtoTableView(self.model)
        view.setObjectName("interessentenListe")
        info = QLabel(
            f"{len(treffer)} passende Interessenten (Zimmer, Fläche, Miete)."
            if treffer
            else "Keine passenden Interessenten gefunden."
        )
        info.setObjectName("interessentenInfo")
        close = QPushButton("Schl&ießen")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(900, 400)
