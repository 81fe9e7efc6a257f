"""Register Zahlung of the Bestandsverhältnis dialog: Zahlungsart, Konto, SEPA-Mandat."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import Zahlungsart
from omclient.services import felder
from omclient.services import zahlung as zahlung_svc
from omclient.services.bankdaten import format_iban
from omclient.ui.common.forms import EntityForm


class ZahlungRegister(QWidget):
    """The Zahlungsdaten of one Bestandsverhältnis; the mandate only for SEPA-Lastschrift."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = EntityForm.of(felder.ZAHLUNG, parent=self)
        for name in self.form.fields:
            self.form.editor(name).setObjectName(f"zahlung_{name}")
            self.form.label(name).setObjectName(f"label_zahlung_{name}")
        konto = QGroupBox("Konto")
        konto.setLayout(self.form.form_layout(felder.ZAHLUNG.namen("Konto")))
        mandat = QGroupBox("SEPA-Lastschriftmandat")
        mandat.setObjectName("sepaMandat")
        mandat.setLayout(self.form.form_layout(felder.ZAHLUNG.namen("SEPA-Lastschriftmandat")))
        self.mandat_box = mandat
        art = self.form.form_layout(["zahlungsart", "faelligkeitstag"])
        art.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.form.editor("zahlungsart").setMinimumWidth(220)
        self.form.editor("faelligkeitstag").setMaximumWidth(80)
        hinweis = QLabel("Die Zahlungsdaten erscheinen auch im Bericht Kontoauszug.")
        hinweis.setObjectName("zahlungHinweis")
        layout = QVBoxLayout(self)
        layout.addLayout(art)
        row = QHBoxLayout()
        row.addWidget(konto, 1)
        row.addWidget(mandat, 1)
        layout.addLayout(row)
        layout.addWidget(hinweis)
        layout.addStretch(1)
        combo = self.form.editor("zahlungsart")
        assert isinstance(combo, QComboBox)
        combo.setItemText(0, "(keine Zahlungsdaten)")
        combo.currentIndexChanged.connect(self._zahlungsart_changed)
        self.form.changed.connect(self.changed)

    def load(self, zahlung: zahlung_svc.ZahlungDto) -> None:
        self.form.load(zahlung.model_copy(update={"iban": format_iban(zahlung.iban)}))
        self._zahlungsart_changed()

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def collect(self) -> zahlung_svc.ZahlungInput | None:
        """The changed Zahlungsdaten (None: unchanged); ValidationError for bad input."""
        if not self.form.is_dirty():
            return None
        return zahlung_svc.ZahlungInput(**self.form.values())

    def _zahlungsart_changed(self, *_: object) -> None:
        art = self.form.editor("zahlungsart")
        assert isinstance(art, QComboBox)
        sepa = art.currentData() == Zahlungsart.SEPA_LASTSCHRIFT.value
        self.mandat_box.setEnabled(sepa)
        self.mandat_box.setToolTip("" if sepa else "Nur bei SEPA-Lastschrift")
