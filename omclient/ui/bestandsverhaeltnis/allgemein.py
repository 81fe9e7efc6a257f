"""Register Allgemein of the Bestandsverhältnis dialog.

Bereiche Daten (Objekt, Einheit and Bestandnehmer shown, the tenancy's
dates), Info (Infogrid), Bei Leerstehung and, below them, the
:class:`~omclient.ui.bestandsverhaeltnis.sicherheitsleistungen.SicherheitsleistungenWidget`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import InfoKontext
from omclient.services import bestandsverhaeltnis as svc
from omclient.services import felder
from omclient.ui.bestandsverhaeltnis.listen import Values
from omclient.ui.common.forms import EntityForm, show_rw_owned
from omclient.ui.einheit.infogrid import InfogridWidget

if TYPE_CHECKING:
    from omclient.ui.context import AppContext

AUS_OBJEKT_HINWEIS = "vom Objekt übernommen (kein Bezugsdatum aus d+ RW)"


def _display(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setReadOnly(True)
    edit.setEnabled(False)
    return edit


class AllgemeinRegister(QScrollArea):
    """Stammdaten of the tenancy; ``sicherheitsleistungen`` is placed below them."""

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        bv_id: int,
        sicherheitsleistungen: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dto: svc.BvDto | None = None
        self.form = EntityForm.of(felder.BV_ALLGEMEIN, parent=self)
        self.objekt_edit = _display("objektAnzeige")
        self.einheit_edit = _display("einheitAnzeige")
        self.person_edit = _display("personAnzeige")
        self.objekt_label = QLabel("Objekt:")
        self.einheit_label = QLabel("Wohnungsnr.:")
        self.person_label = QLabel("Mieter:")
        self.person_label.setObjectName("personLabel")
        self.zur_person_button = QPushButton("Zur &Person")
        self.zur_person_button.setObjectName("zurPerson")
        self.zur_person_button.clicked.connect(self.open_person)
        self.zur_einheit_button = QPushButton("Zur Ei&nheit")
        self.zur_einheit_button.setObjectName("zurEinheit")
        self.zur_einheit_button.clicked.connect(self.open_einheit)
        self.bezug_hinweis = QLabel()
        self.bezug_hinweis.setObjectName("bezugsdatumHinweis")
        hint_font = self.bezug_hinweis.font()
        hint_font.setPointSizeF(hint_font.pointSizeF() * 0.9)
        self.bezug_hinweis.setFont(hint_font)
        self.infogrid = InfogridWidget(ctx, InfoKontext.BESTANDSVERHAELTNIS, bv_id)

        top = QHBoxLayout()
        top.addWidget(self._build_daten(), 3)
        right = QVBoxLayout()
        right.addWidget(self._build_info())
        right.addWidget(self._build_leerstehung())
        right.addStretch(1)
        top.addLayout(right, 2)
        page = QWidget()
        v = QVBoxLayout(page)
        v.addLayout(top)
        v.addWidget(sicherheitsleistungen, 1)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(page)
        self.form.changed.connect(self.changed)

    def _build_daten(self) -> QGroupBox:
        daten = QGroupBox("Daten")
        grid = QFormLayout(daten)
        grid.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        grid.addRow(self.objekt_label, self.objekt_edit)
        einheit_row = QHBoxLayout()
        einheit_row.addWidget(self.einheit_edit, 1)
        einheit_row.addWidget(self.zur_einheit_button)
        grid.addRow(self.einheit_label, einheit_row)
        person_row = QHBoxLayout()
        person_row.addWidget(self.person_edit, 1)
        person_row.addWidget(self.zur_person_button)
        grid.addRow(self.person_label, person_row)
        for name in ("bv_nr", "art", "bestandsart", "unterbestandsart", "bezugsdatum"):
            grid.addRow(self.form.label(name), self.form.editor(name))
        grid.addRow("", self.bezug_hinweis)
        for name in ("auszugsdatum", "befristung_bis", "bemerkung"):
            grid.addRow(self.form.label(name), self.form.editor(name))
        self.form.editor("bemerkung").setMaximumHeight(70)
        return daten

    def _build_info(self) -> QGroupBox:
        info = QGroupBox("Info")
        layout = QVBoxLayout(info)
        layout.addWidget(self.infogrid)
        layout.addStretch(1)
        return info

    def _build_leerstehung(self) -> QGroupBox:
        leer = QGroupBox("Bei Leerstehung")
        leer.setObjectName("beiLeerstehung")
        leer.setLayout(self.form.form_layout(felder.BV_ALLGEMEIN.namen("Bei Leerstehung")))
        self.form.editor("leerstand_kommentar").setMaximumHeight(70)
        return leer

    def load(self, dto: svc.BvDto, gruende: list[str], unterarten: list[str]) -> None:
        """Show ``dto`` with the choices of Grund and Unterbestandsart (discarding entries)."""
        self.dto = dto
        self.form.set_choices("leerstand_grund", [(g, g) for g in gruende])
        self.form.set_choices("unterbestandsart", [(u, u) for u in unterarten])
        self.show_stammdaten(dto)
        self.form.set_row_visible(
            "unterbestandsart", bool(unterarten) or bool(dto.unterbestandsart)
        )
        self.objekt_edit.setText(f"{dto.objekt_nr} {dto.objekt_bezeichnung}")
        self.einheit_edit.setText(dto.einheit_nr + (f" / Top {dto.top_nr}" if dto.top_nr else ""))
        self.person_edit.setText(dto.person_name or "(kein Bestandnehmer)")
        self.person_label.setText(f"{dto.bestandnehmer_bezeichnung}:")
        for label, column in (
            (self.objekt_label, "einheit_id"),
            (self.einheit_label, "einheit_id"),
            (self.person_label, "person_id"),
        ):
            show_rw_owned(label, None, column in dto.rw_owned)
        self.zur_person_button.setEnabled(dto.person_id is not None)
        self.bezug_hinweis.setText(AUS_OBJEKT_HINWEIS if dto.bezugsdatum_aus_objekt else "")
        self.bezug_hinweis.setVisible(dto.bezugsdatum_aus_objekt)

    def show_stammdaten(self, dto: svc.BvDto) -> None:
        """The form's fields from ``dto``; the Objekt's Bezugsdatum where the BV holds none."""
        self.dto = dto
        self.form.load(Values({**dto.model_dump(), "bezugsdatum": dto.bezugsdatum_wirksam}))

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def collect(self) -> dict[str, Any]:
        """The changed Stammdaten; ValidationError for bad input."""
        assert self.dto is not None
        values = {
            k: v
            for k, v in self.form.values(only_changed=True).items()
            if k in svc.ALLGEMEIN_FELDER
        }
        # The Objekt's Bezugsdatum is only shown; it is not stored on the BV.
        if (
            self.dto.bezugsdatum is None
            and values.get("bezugsdatum") == self.dto.bezugsdatum_objekt
        ):
            values["bezugsdatum"] = None
        return values

    def open_person(self) -> None:
        if self.dto is not None and self.dto.person_id is not None:
            self.ctx.navigator.open_person(self.dto.person_id)

    def open_einheit(self) -> None:
        if self.dto is not None:
            self.ctx.navigator.open_einheit(self.dto.einheit_id)
