"""Bereich Sicherheitsleistungen of the Bestandsverhältnis dialog (on Register Allgemein).

One page per kind (Kaution, Finanzierungsbeitrag, Bankgarantien, Sparbuch,
Sonstiges), each filled only when its switch under "Aktiviert" is on. The
Sparbuch's Losungswort lives only in the operating system's keyring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.errors import OmError, ValidationError
from omclient.services import felder
from omclient.services import sicherheiten as sich
from omclient.services.bankdaten import format_iban
from omclient.ui.bestandsverhaeltnis.listen import ListEditor, RowDialog, Values
from omclient.ui.common.errors import show_error
from omclient.ui.common.forms import EntityForm
from omclient.ui.common.table_model import Column, amount_text, date_text

if TYPE_CHECKING:
    from omclient.ui.bestandsverhaeltnis.kaution import KautionDialog
    from omclient.ui.context import AppContext

BANKGARANTIE_COLUMNS = (
    Column("bank", "Bank", width=190),
    Column("nummer", "Garantie-Nr.", width=110),
    Column("betrag", "Betrag €", text=amount_text, align="right", width=100),
    Column("gueltig_bis", "gültig bis", text=date_text, width=90),
)

#: The kinds of Sicherheitsleistungen: (switch attribute, tab title).
ARTEN = (
    ("kaution_aktiv", "Kaution"),
    ("finanzierungsbeitrag_aktiv", "Finanzierungsbeitrag"),
    ("bankgarantie_aktiv", "Bankgarantien"),
    ("sparbuch_aktiv", "Sparbuch"),
    ("sonstiges_aktiv", "Sonstiges"),
)


def _form(formular: felder.Formular, prefix: str, parent: QWidget) -> EntityForm:
    """A form whose editors carry unique object names (several forms share betrag, iban, …)."""
    form = EntityForm.of(formular, parent=parent)
    for name in form.fields:
        form.editor(name).setObjectName(f"{prefix}_{name}")
        form.label(name).setObjectName(f"label_{prefix}_{name}")
    return form


class SicherheitsleistungenWidget(QGroupBox):
    """The Sicherheitsleistungen of one Bestandsverhältnis with their activation switches."""

    changed = Signal()

    def __init__(self, ctx: AppContext, bv_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Sicherheitsleistungen", parent)
        self.ctx = ctx
        self.bv_id = bv_id
        self.setObjectName("sicherheitsleistungen")
        self._loading = False
        self.data: sich.SicherheitenDto | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sicherheitenRegister")
        self.pages: dict[str, QWidget] = {}
        self.switches: dict[str, QCheckBox] = {}
        self._add_art("kaution_aktiv", "Kaution", self._build_kaution())
        self._add_art("finanzierungsbeitrag_aktiv", "Finanzierungsbeitrag", self._build_fb())
        self.bankgarantien = ListEditor(
            "bankgarantien", BANKGARANTIE_COLUMNS, self._edit_bankgarantie
        )
        self.bankgarantien.on_change = self.changed.emit
        self._add_art("bankgarantie_aktiv", "Bankgarantien", self.bankgarantien)
        self._add_art("sparbuch_aktiv", "Sparbuch", self._build_sparbuch())
        self._add_art("sonstiges_aktiv", "Sonstiges", self._build_sonstiges())
        switches = QGroupBox("Aktiviert")
        switches.setObjectName("aktivierung")
        sv = QVBoxLayout(switches)
        for attr, _title in ARTEN:
            sv.addWidget(self.switches[attr])
        sv.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(switches)
        for form in self.forms():
            form.changed.connect(self.changed)

    def _build_kaution(self) -> QWidget:
        self.kaution_form = _form(felder.KAUTION, "kaution", self)
        self.auszahlung_button = QPushButton("Aus&zahlungsbetrag …")
        self.auszahlung_button.setObjectName("auszahlungsbetrag")
        self.auszahlung_button.setToolTip(
            "Auszahlungsbetrag zu einem Stichtag mit den Zinsen der Richtsätze berechnen"
        )
        self.auszahlung_button.clicked.connect(self.auszahlungsbetrag)
        page = QWidget()
        grid = QGridLayout(page)
        left = self.kaution_form.form_layout(felder.KAUTION.namen("Kaution"))
        left.addRow("", self.auszahlung_button)
        konto = QGroupBox("Kautionskonto")
        konto.setLayout(self.kaution_form.form_layout(felder.KAUTION.namen("Kautionskonto")))
        grid.addLayout(left, 0, 0)
        grid.addWidget(konto, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return page

    def _build_fb(self) -> QWidget:
        self.fb_form = _form(felder.FINANZIERUNGSBEITRAG, "fb", self)
        page = QWidget()
        grid = QGridLayout(page)
        grid.addLayout(
            self.fb_form.form_layout(felder.FINANZIERUNGSBEITRAG.namen("Finanzierungsbeitrag")),
            0,
            0,
        )
        abtretung = QGroupBox("Forderungsabtretung")
        abtretung.setObjectName("forderungsabtretung")
        abtretung.setLayout(
            self.fb_form.form_layout(felder.FINANZIERUNGSBEITRAG.namen("Forderungsabtretung"))
        )
        grid.addWidget(abtretung, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return page

    def _build_sparbuch(self) -> QWidget:
        self.sparbuch_form = _form(felder.SPARBUCH, "sparbuch", self)
        self.losungswort_edit = QLineEdit()
        self.losungswort_edit.setObjectName("losungswort")
        self.losungswort_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.losungswort_edit.setPlaceholderText("neues Losungswort eingeben")
        self.losungswort_edit.textChanged.connect(self.changed)
        self.losungswort_status = QLabel()
        self.losungswort_status.setObjectName("losungswortStatus")
        self.losungswort_status.setWordWrap(True)
        self.losungswort_anzeigen = QPushButton("An&zeigen")
        self.losungswort_anzeigen.setObjectName("losungswortAnzeigen")
        self.losungswort_anzeigen.clicked.connect(self.losungswort_zeigen)
        self.losungswort_entfernen = QCheckBox("Losungswort entfernen")
        self.losungswort_entfernen.setObjectName("losungswortEntfernen")
        self.losungswort_entfernen.toggled.connect(self.changed)
        page = QWidget()
        grid = QGridLayout(page)
        grid.addLayout(self.sparbuch_form.form_layout(), 0, 0)
        box = QGroupBox("Losungswort (nur im Schlüsselbund des Betriebssystems)")
        box_layout = QFormLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.losungswort_edit, 1)
        row.addWidget(self.losungswort_anzeigen)
        box_layout.addRow("Losungswort:", row)
        box_layout.addRow("", self.losungswort_entfernen)
        box_layout.addRow(self.losungswort_status)
        grid.addWidget(box, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return page

    def _build_sonstiges(self) -> QWidget:
        self.sonstiges_form = EntityForm.of(felder.SONSTIGES, parent=self)
        page = QWidget()
        row = QHBoxLayout(page)
        for bereich in ("Bürgschaft", "Vergebührung"):
            box = QGroupBox(bereich)
            box.setLayout(self.sonstiges_form.form_layout(felder.SONSTIGES.namen(bereich)))
            row.addWidget(box)
        return page

    def _add_art(self, attr: str, title: str, page: QWidget) -> None:
        page.setObjectName(f"seite_{attr}")
        self.pages[attr] = page
        index = self.tabs.addTab(page, title)
        switch = QCheckBox(title)
        switch.setObjectName(attr)
        switch.setToolTip(f"{title} aktivieren, um die Felder befüllen zu können")
        switch.toggled.connect(lambda on, a=attr, i=index: self._switch_toggled(a, i, on))
        self.switches[attr] = switch

    def _switch_toggled(self, attr: str, index: int, on: bool) -> None:
        self._enable_page(attr, on)
        if attr == "bankgarantie_aktiv":
            self.bankgarantien.update_buttons()
        if attr == "sparbuch_aktiv":
            self._update_losungswort()
        if on and not self._loading:
            self.tabs.setCurrentIndex(index)
        self.changed.emit()

    def _enable_page(self, attr: str, on: bool) -> None:
        page = self.pages[attr]
        page.setEnabled(on)
        title = self.switches[attr].text()
        page.setToolTip("" if on else f"Zum Befüllen rechts „{title}“ aktivieren.")

    def forms(self) -> list[EntityForm]:
        return [self.kaution_form, self.fb_form, self.sparbuch_form, self.sonstiges_form]

    def load(self, data: sich.SicherheitenDto) -> None:
        """Show the stored Sicherheitsleistungen (discarding entries)."""
        self.data = data
        self._loading = True
        try:
            self.kaution_form.load(
                data.kaution.model_copy(update={"iban": format_iban(data.kaution.iban)})
            )
            self.fb_form.load(data.finanzierungsbeitrag)
            self.bankgarantien.load(data.bankgarantien)
            self.sparbuch_form.load(data.sparbuch)
            self.sonstiges_form.load(data.sonstiges)
            self.losungswort_edit.clear()
            self.losungswort_entfernen.setChecked(False)
            for attr, _title in ARTEN:
                self.switches[attr].setChecked(getattr(data, attr))
                self._enable_page(attr, getattr(data, attr))
            self._update_losungswort()
        finally:
            self._loading = False

    def _update_losungswort(self) -> None:
        data = self.data
        if data is None:
            return
        aktiv = self.switches["sparbuch_aktiv"].isChecked()
        if not data.keyring_verfuegbar:
            self.losungswort_status.setText(sich.NO_KEYRING_MESSAGE)
        elif data.sparbuch.losungswort_hinterlegt:
            self.losungswort_status.setText("Ein Losungswort ist im Schlüsselbund hinterlegt.")
        else:
            self.losungswort_status.setText("Es ist kein Losungswort hinterlegt.")
        self.losungswort_edit.setEnabled(aktiv and data.keyring_verfuegbar)
        hinterlegt = data.sparbuch.losungswort_hinterlegt and data.keyring_verfuegbar
        self.losungswort_anzeigen.setEnabled(hinterlegt)
        self.losungswort_entfernen.setEnabled(aktiv and hinterlegt)

    def _switches_dirty(self) -> bool:
        return self.data is not None and any(
            self.switches[attr].isChecked() != getattr(self.data, attr) for attr, _title in ARTEN
        )

    def is_dirty(self) -> bool:
        return (
            any(form.is_dirty() for form in self.forms())
            or self._switches_dirty()
            or self.bankgarantien.is_dirty()
            or bool(self.losungswort_edit.text())
            or self.losungswort_entfernen.isChecked()
        )

    def collect(self) -> sich.SicherheitenInput | None:
        """The switches and the data of every kind the user changed (others stay untouched,
        so stored data is not re-validated when the clerk edits something else)."""
        problems: list[str] = []

        def changed(form: EntityForm, what: str) -> dict[str, Any] | None:
            if not form.is_dirty():
                return None
            try:
                return form.values()
            except ValidationError as exc:
                problems.extend(f"{what}: {p}" for p in exc.problems)
                return None

        kaution = changed(self.kaution_form, "Kaution")
        fb = changed(self.fb_form, "Finanzierungsbeitrag")
        sonstiges = changed(self.sonstiges_form, "Sonstiges")
        secret = self.losungswort_edit.text()
        sparbuch_dirty = (
            self.sparbuch_form.is_dirty() or bool(secret) or self.losungswort_entfernen.isChecked()
        )
        sparbuch: dict[str, Any] | None = None
        if sparbuch_dirty:
            try:
                sparbuch = self.sparbuch_form.values()
            except ValidationError as exc:
                problems.extend(f"Sparbuch: {p}" for p in exc.problems)
        if problems:
            raise ValidationError(problems[0], problems)
        garantien = self.bankgarantien.is_dirty()
        if not (self._switches_dirty() or garantien or sparbuch_dirty) and (
            kaution is None and fb is None and sonstiges is None
        ):
            return None
        return sich.SicherheitenInput(
            **{attr: self.switches[attr].isChecked() for attr, _title in ARTEN},
            kaution=sich.KautionDto(**kaution) if kaution is not None else None,
            finanzierungsbeitrag=sich.FinanzierungsbeitragDto(**fb) if fb is not None else None,
            bankgarantien=tuple(self.bankgarantien.rows) if garantien else None,
            sparbuch=sich.SparbuchInput(
                **sparbuch,
                losungswort=SecretStr(secret) if secret else None,
                losungswort_entfernen=self.losungswort_entfernen.isChecked(),
            )
            if sparbuch is not None
            else None,
            sonstiges=sich.SonstigesDto(**sonstiges) if sonstiges is not None else None,
        )

    def _edit_bankgarantie(self, row: sich.BankgarantieDto | None) -> sich.BankgarantieDto | None:
        dialog = RowDialog(
            "Bankgarantie",
            felder.BANKGARANTIE,
            row or Values({f.name: None for f in felder.BANKGARANTIE.felder}),
            ("bank", "betrag"),
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return sich.BankgarantieDto(id=row.id if row else None, **dialog.result_values)

    def auszahlungsbetrag(self) -> None:
        """The Kaution's payout at a Stichtag (the dialog of the Kaution feature)."""
        try:
            values = self.kaution_form.values()
        except ValidationError as exc:
            show_error(self, exc)
            return
        betrag: Decimal | None = values.get("betrag")
        eingezahlt: dt.date | None = values.get("einzahlungsdatum")
        if betrag is None or eingezahlt is None:
            show_error(
                self,
                ValidationError(
                    "Bitte erfassen Sie zuerst Betrag und Einzahlungsdatum der Kaution."
                ),
            )
            return
        from omclient.ui.bestandsverhaeltnis.kaution import KautionDialog

        dialog = KautionDialog(
            self.ctx,
            bv_id=self.bv_id,
            betrag=betrag,
            einzahlungsdatum=eingezahlt,
            offer_apply=True,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._auszahlung_uebernehmen(dialog))
        self.kaution_dialog = dialog
        dialog.open()

    def _auszahlung_uebernehmen(self, dialog: KautionDialog) -> None:
        """Übernehmen: Stichtag and Auszahlungsbetrag into the Kaution (saved with Speichern)."""
        result = dialog.aufstellung
        if result is None:
            return
        for name, value in (
            ("auszahlungsdatum", fmt.date(dialog.stichtag)),
            ("auszahlungsbetrag", fmt.money(result.auszahlungsbetrag)),
        ):
            editor = self.kaution_form.editor(name)
            assert isinstance(editor, QLineEdit)
            editor.setText(value)

    def losungswort_zeigen(self) -> None:
        try:
            with self.ctx.db.sessions() as session:
                wort = sich.sparbuch_losungswort(session, self.bv_id)
        except OmError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(
            self,
            "Losungswort",
            f"Losungswort des Sparbuchs: {wort}" if wort else "Es ist kein Losungswort hinterlegt.",
        )
