"""Register WBF-Prüfung of the Bestandsverhältnis dialog: the income checks and the next one due."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from omclient import formatting as fmt
from omclient.clock import Clock
from omclient.services import felder
from omclient.services import wbf as wbf_svc
from omclient.ui.bestandsverhaeltnis.listen import ListEditor, RowDialog, Values
from omclient.ui.common.table_model import Column, amount_text, date_text

WBF_COLUMNS = (
    Column("datum", "Prüfdatum", text=date_text, width=90),
    Column("ergebnis", "Ergebnis", width=170),
    Column("haushaltsgroesse", "Personen", align="right", width=70),
    Column("haushaltseinkommen", "Einkommen €", text=amount_text, align="right", width=110),
    Column("einkommensgrenze", "Grenze €", text=amount_text, align="right", width=100),
    Column(
        "ueber_grenze",
        "über Grenze",
        value=lambda r: {True: "ja", False: "nein", None: ""}[r.ueber_grenze],
        width=85,
    ),
    Column("naechste_pruefung", "nächste Prüfung", text=date_text, width=110),
)


class WbfRegister(QWidget):
    """The WBF-Prüfungen of one Bestandsverhältnis, edited in memory, saved with the dialog."""

    changed = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.hinweis = QLabel()
        self.hinweis.setObjectName("wbfHinweis")
        self.liste = ListEditor("wbf", WBF_COLUMNS, self._edit)
        self.liste.on_change = self._liste_changed
        layout = QVBoxLayout(self)
        layout.addWidget(self.hinweis)
        layout.addWidget(self.liste, 1)

    def load(self, rows: tuple[wbf_svc.WbfPruefungDto, ...]) -> None:
        self.liste.load(rows)
        self._show_hinweis()

    def is_dirty(self) -> bool:
        return self.liste.is_dirty()

    def collect(self) -> tuple[wbf_svc.WbfPruefungDto, ...] | None:
        """The whole list when changed (None: unchanged)."""
        return tuple(self.liste.rows) if self.liste.is_dirty() else None

    def _edit(self, row: wbf_svc.WbfPruefungDto | None) -> wbf_svc.WbfPruefungDto | None:
        initial = row or Values(
            {**{f.name: None for f in felder.WBF.felder}, "datum": self.clock.today()}
        )
        dialog = RowDialog("WBF-Prüfung", felder.WBF, initial, ("datum",), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return wbf_svc.WbfPruefungDto(id=row.id if row else None, **dialog.result_values)

    def _show_hinweis(self) -> None:
        rows = tuple(sorted(self.liste.rows, key=lambda r: r.datum, reverse=True))
        naechste = wbf_svc.naechste_faellige(rows)
        if naechste is None:
            self.hinweis.setText("Keine WBF-Prüfung erfasst.")
        else:
            ueberfaellig = naechste < self.clock.today()
            self.hinweis.setText(
                f"Nächste Prüfung: {fmt.date(naechste)}"
                + (" – überfällig!" if ueberfaellig else "")
            )

    def _liste_changed(self) -> None:
        self._show_hinweis()
        self.changed.emit()
