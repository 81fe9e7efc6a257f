"""Auszahlungsbetrag der Kaution: Stichtag → Aufstellung → Bericht.

The dialog behind the Kaution area's **Auszahlungsbetrag** button. It is
opened either for a Bestandsverhältnis (``bv_id``; Betrag and Einzahlungsdatum
come from its stored Kaution unless given) or for a bare amount and date
(``betrag`` + ``einzahlungsdatum``). Changing the Stichtag recalculates at
once; problems (no Richtsatz for the period, Stichtag before the Einzahlung)
are shown in the dialog, not as a popup per keystroke. **Bericht** opens the
Kautionsabrechnung in the print preview (needs a Bestandsverhältnis).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.errors import OmError
from omclient.services import kaution
from omclient.services.kaution import (
    SPALTEN,
    KautionsAufstellung,
    KautionsKontext,
    KautionsZeile,
    Spalte,
    prozent_text,
)
from omclient.ui.common.table_model import Column, DtoTableModel, DtoTableView
from omclient.ui.context import AppContext


def _column(spalte: Spalte) -> Column:
    def text(zeile: KautionsZeile) -> str:
        return spalte.text(zeile)

    width = {"von": 82, "bis": 82, "tage": 44, "zinssatz": 72}.get(spalte.key, 98)
    return Column(
        spalte.key,
        spalte.titel,
        value=text,
        align="right" if spalte.rechts else "left",
        width=width,
    )


COLUMNS = tuple(_column(s) for s in SPALTEN)
"""The Aufstellung's columns: the one declaration in ``kaution.SPALTEN``."""


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class KautionDialog(QDialog):
    """Payout of a Kaution at a chosen Stichtag, with the Aufstellung and the report.

    ``berechnet`` is emitted with each successful :class:`KautionsAufstellung`.
    With ``offer_apply`` the dialog shows **Übernehmen**, which accepts it; the
    caller then reads :attr:`aufstellung` (Stichtag and Auszahlungsbetrag).
    """

    berechnet = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        *,
        bv_id: int | None = None,
        betrag: Decimal | None = None,
        einzahlungsdatum: dt.date | None = None,
        stichtag: dt.date | None = None,
        offer_apply: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bv_id = bv_id
        self.kontext: KautionsKontext | None = None
        self.aufstellung: KautionsAufstellung | None = None
        self.report_dialog: QDialog | None = None
        with ctx.db.sessions() as session:
            if bv_id is not None:
                self.kontext = kaution.kontext(session, bv_id)
            self.einstellungen = kaution.load_settings(session)
        stored = self.kontext
        self.betrag = betrag if betrag is not None else (stored.betrag if stored else None)
        self.einzahlungsdatum = einzahlungsdatum or (stored.einzahlungsdatum if stored else None)
        default_day = stichtag or (stored.auszahlungsdatum if stored else None) or ctx.clock.today()

        self.setWindowTitle("Kaution – Auszahlungsbetrag")
        self.setObjectName("kautionDialog")
        self._build(offer_apply)
        self.stichtag_edit.setDate(_qdate(default_day))
        self.recalculate()
        self.resize(880, 520)

    def _build(self, offer_apply: bool) -> None:
        layout = QVBoxLayout(self)

        kopf = QGroupBox("Kaution")
        form = QFormLayout(kopf)
        if self.kontext is not None:
            form.addRow("Bestandnehmer:", QLabel(self.kontext.mieter or "–"))
            form.addRow(
                "Einheit:",
                QLabel(f"{self.kontext.einheit_text} – {self.kontext.objekt_bezeichnung}"),
            )
        self.betrag_label = QLabel(fmt.money(self.betrag, blank="– nicht erfasst –"))
        self.betrag_label.setObjectName("betrag")
        self.einzahlung_label = QLabel(fmt.date(self.einzahlungsdatum, blank="– nicht erfasst –"))
        self.einzahlung_label.setObjectName("einzahlungsdatum")
        form.addRow("Kaution:", self.betrag_label)
        form.addRow("Einzahlungsdatum:", self.einzahlung_label)

        self.stichtag_edit = QDateEdit()
        self.stichtag_edit.setObjectName("stichtag")
        self.stichtag_edit.setCalendarPopup(True)
        self.stichtag_edit.setDisplayFormat("dd.MM.yyyy")
        self.stichtag_edit.setDateRange(QDate(1950, 1, 1), QDate(2199, 12, 31))
        self.stichtag_edit.setToolTip(
            "Auszahlungsstichtag: verzinst wird bis zum Tag davor "
            "(F4 oder Klick auf den Pfeil öffnet den Kalender)"
        )
        self.stichtag_edit.dateChanged.connect(self.recalculate)
        self.heute_button = QPushButton("&Heute")
        self.heute_button.setToolTip("Stichtag auf heute setzen")
        self.heute_button.clicked.connect(
            lambda: self.stichtag_edit.setDate(_qdate(self.ctx.clock.today()))
        )
        stichtag_row = QHBoxLayout()
        stichtag_row.addWidget(self.stichtag_edit)
        stichtag_row.addWidget(self.heute_button)
        stichtag_row.addStretch(1)
        stichtag_label = QLabel("&Stichtag:")
        stichtag_label.setBuddy(self.stichtag_edit)
        form.addRow(stichtag_label, stichtag_row)
        self.methode_label = QLabel(
            f"Zinstage {self.einstellungen.zinsmethode.value}, "
            f"KESt {prozent_text(self.einstellungen.kest_prozent)}, Zinssätze aus den Richtsätzen"
        )
        self.methode_label.setObjectName("methode")
        form.addRow("Berechnung:", self.methode_label)
        layout.addWidget(kopf)

        self.model = DtoTableModel(COLUMNS, self)
        self.table = DtoTableView(self.model)
        self.table.setObjectName("aufstellung")
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        layout.addWidget(self.table, 1)

        self.fehler_label = QLabel()
        self.fehler_label.setObjectName("fehler")
        self.fehler_label.setWordWrap(True)
        self.fehler_label.setStyleSheet("color: #b00020;")
        self.fehler_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fehler_label.hide()
        layout.addWidget(self.fehler_label)

        summe = QFormLayout()
        summe.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.brutto_label = self._amount_label("zinsenBrutto")
        self.kest_label = self._amount_label("kest")
        self.netto_label = self._amount_label("zinsenNetto")
        self.auszahlung_label = self._amount_label("auszahlungsbetrag")
        bold = QFont(self.auszahlung_label.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.auszahlung_label.setFont(bold)
        self.kest_titel = QLabel("KESt:")
        summe.addRow("Zinsen brutto:", self.brutto_label)
        summe.addRow(self.kest_titel, self.kest_label)
        summe.addRow("Zinsen netto:", self.netto_label)
        auszahlung_titel = QLabel("Auszahlungsbetrag:")
        auszahlung_titel.setFont(bold)
        summe.addRow(auszahlung_titel, self.auszahlung_label)
        summe_box = QHBoxLayout()
        summe_box.addStretch(1)
        summe_box.addLayout(summe)
        layout.addLayout(summe_box)

        buttons = QDialogButtonBox()
        self.bericht_button = buttons.addButton("&Bericht…", QDialogButtonBox.ButtonRole.ActionRole)
        self.bericht_button.setObjectName("bericht")
        self.bericht_button.clicked.connect(self.open_report)
        self.apply_button: QPushButton | None = None
        if offer_apply:
            self.apply_button = buttons.addButton(
                "Ü&bernehmen", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.apply_button.setToolTip("Stichtag und Auszahlungsbetrag in die Kaution übernehmen")
        self.close_button = buttons.addButton("&Schließen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @staticmethod
    def _amount_label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setMinimumWidth(120)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @property
    def stichtag(self) -> dt.date:
        return _pydate(self.stichtag_edit.date())

    def recalculate(self) -> None:
        """Compute the Aufstellung for the current Stichtag and show it (or the problem)."""
        try:
            result = self._calculate()
        except OmError as exc:
            self._show_problem(exc.message)
            return
        self.aufstellung = result
        self.model.set_rows(result.zeilen)
        self.fehler_label.hide()
        self.brutto_label.setText(fmt.money(result.zinsen_brutto))
        self.kest_titel.setText(f"KESt ({prozent_text(result.kest_prozent)}):")
        self.kest_label.setText(fmt.money(result.kest))
        self.netto_label.setText(fmt.money(result.zinsen_netto))
        self.auszahlung_label.setText(fmt.money(result.auszahlungsbetrag))
        self.bericht_button.setEnabled(self.bv_id is not None)
        self.bericht_button.setToolTip(
            "Die Kautionsabrechnung in der Vorschau öffnen, drucken oder als PDF speichern"
            if self.bv_id is not None
            else "Der Bericht braucht ein gespeichertes Bestandsverhältnis."
        )
        if self.apply_button is not None:
            self.apply_button.setEnabled(True)
        self.berechnet.emit(result)

    def _calculate(self) -> KautionsAufstellung:
        if self.betrag is None or self.einzahlungsdatum is None:
            raise OmError(
                "Bitte erfassen Sie zuerst Betrag und Einzahlungsdatum der Kaution; dann kann "
                "der Auszahlungsbetrag berechnet werden."
            )
        with self.ctx.db.sessions() as session:
            return kaution.aufstellung(
                session,
                self.betrag,
                self.einzahlungsdatum,
                self.stichtag,
                einstellungen=self.einstellungen,
            )

    def _show_problem(self, message: str) -> None:
        self.aufstellung = None
        self.model.set_rows([])
        self.fehler_label.setText(message)
        self.fehler_label.show()
        for label in (self.brutto_label, self.kest_label, self.netto_label):
            label.setText("")
        self.auszahlung_label.setText("–")
        self.bericht_button.setEnabled(False)
        self.bericht_button.setToolTip(message)
        if self.apply_button is not None:
            self.apply_button.setEnabled(False)

    def open_report(self) -> None:
        """Build the Kautionsabrechnung for the shown Stichtag and amounts off the GUI
        thread and open it in the print preview (non-modal, kept as :attr:`report_dialog`)."""
        from omclient.reports import kautionsabrechnung
        from omclient.ui.berichte.preview import ReportPreviewDialog, preview_in_background

        if self.bv_id is None or self.aufstellung is None:
            return
        bv_id, stichtag, clock = self.bv_id, self.stichtag, self.ctx.clock
        betrag, einzahlungsdatum = self.betrag, self.einzahlungsdatum
        ctx = self.kontext
        suffix = f"{ctx.objekt_nr}-{ctx.einheit_nr}_{stichtag:%Y%m%d}" if ctx else ""

        def opened(dialog: ReportPreviewDialog) -> None:
            self.report_dialog = dialog

        preview_in_background(
            self,
            self.ctx.db.sessions,
            lambda session: kautionsabrechnung.build_pdf(
                session, bv_id, stichtag, clock, betrag=betrag, einzahlungsdatum=einzahlungsdatum
            ),
            "Kautionsabrechnung",
            f"Kautionsabrechnung_{suffix}.pdf",
            opened,
        )
