"""Extras → Immomio: the integration settings (administrators only).

Übertragungsweg (HTTPS API or FTP/FTPS for DIT accounts), Adresse, Benutzer,
Passwort (only into the OS keyring — without a keyring the field is disabled
and the password is asked at each transfer), Separator für zusammengesetzte
IDs, Mandanten, Anbieter (Firma, Anbieternr., OpenImmo-ANID), Kontakt and the
Leerstandsgründe that keep a unit off the market.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from omclient.domain.enums import Einheitsart, Vorschreibungsart
from omclient.errors import OmError
from omclient.immomio.einstellungen import (
    KEIN_KEYRING,
    SEPARATOREN,
    TRANSPORTE,
    ImmomioEinstellungen,
    MandantAnbieter,
    einstellungen_formular,
    keyring_verfuegbar,
    passwort_lesen,
    passwort_loeschen,
    passwort_speichern,
    save_settings,
)
from omclient.immomio.leerstaende import fmt_prozent
from omclient.immomio.preise import (
    Nutzung,
    ust_saetze_laden,
    ust_saetze_pruefen,
    ust_saetze_speichern,
)
from omclient.ui.common.errors import show_error
from omclient.ui.context import AppContext

URL_HINTS = {
    "https": "https://api.immomio.de/openimmo",
    "ftp": "ftp.immomio.de oder ftp.immomio.de:21/import",
    "ftps": "ftp.immomio.de oder ftp.immomio.de:21/import",
}


class ImmomioSettingsDialog(QDialog):
    """Edit and save the Immomio settings; the password goes to the keyring only."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("immomioEinstellungenDialog")
        self.setWindowTitle("Immomio – Einstellungen")
        self.resize(640, 720)

        with ctx.db.sessions() as session:
            formular = einstellungen_formular(session)
        self.loaded = formular.einstellungen

        s = self.loaded
        self.transport = QComboBox()
        self.transport.setObjectName("transport")
        for key, label in TRANSPORTE.items():
            self.transport.addItem(label, key)
        self.transport.setCurrentIndex(max(0, self.transport.findData(s.transport)))
        self.url = QLineEdit(s.url)
        self.url.setObjectName("url")
        self.benutzer = QLineEdit(s.benutzer)
        self.benutzer.setObjectName("benutzer")
        self.passwort = QLineEdit()
        self.passwort.setObjectName("passwort")
        self.passwort.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring_hint = QLabel()
        self.keyring_hint.setObjectName("keyringHinweis")
        self.keyring_hint.setWordWrap(True)
        if keyring_verfuegbar():
            stored = bool(s.benutzer and passwort_lesen(s))
            self.passwort.setPlaceholderText(
                "gespeichert – leer lassen, um es zu behalten" if stored else "nicht gespeichert"
            )
            self.keyring_hint.setText(
                "Das Passwort wird nur im Schlüsselbund des Systems gespeichert."
            )
        else:
            self.passwort.setEnabled(False)
            self.passwort.setPlaceholderText("wird bei jeder Übertragung abgefragt")
            self.keyring_hint.setText(KEIN_KEYRING)
        self.separator = QComboBox()
        self.separator.setObjectName("separator")
        for sep in SEPARATOREN:
            self.separator.addItem(sep, sep)
        self.separator.setCurrentIndex(max(0, self.separator.findData(s.separator)))
        self.mandanten = QListWidget()
        self.mandanten.setObjectName("mandanten")
        for mandant in formular.mandanten:
            item = QListWidgetItem(f"{mandant.mandant_nr}  {mandant.name}")
            item.setData(Qt.ItemDataRole.UserRole, mandant.mandant_nr)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked
                if mandant.mandant_nr in s.mandanten
                else Qt.CheckState.Unchecked
            )
            self.mandanten.addItem(item)
        self.mandanten.setMaximumHeight(110)
        self.firma = QLineEdit(s.anbieter_firma)
        self.firma.setObjectName("anbieterFirma")
        self.anbieternr = QLineEdit(s.anbieternr)
        self.anbieternr.setObjectName("anbieternr")
        self.anid = QLineEdit(s.openimmo_anid)
        self.anid.setObjectName("openimmoAnid")
        self.kontakt_name = QLineEdit(s.kontakt_name)
        self.kontakt_email = QLineEdit(s.kontakt_email)
        self.kontakt_telefon = QLineEdit(s.kontakt_telefon)
        self.gruende = QListWidget()
        self.gruende.setObjectName("nichtVermarkten")
        for grund in formular.leerstandsgruende:
            item = QListWidgetItem(grund.wert)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if grund.nicht_vermarkten else Qt.CheckState.Unchecked
            )
            self.gruende.addItem(item)
        self.gruende.setMaximumHeight(110)
        self.nicht_senden = QListWidget()
        self.nicht_senden.setObjectName("nichtSenden")
        for einheitsart in Einheitsart:
            item = QListWidgetItem(einheitsart.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked
                if einheitsart.value in s.nicht_senden
                else Qt.CheckState.Unchecked
            )
            self.nicht_senden.addItem(item)
        self.nicht_senden.setMaximumHeight(110)
        self.mandant_anbieter: dict[str, tuple[QLineEdit, QLineEdit, QLineEdit]] = {}
        anbieter_seite = QWidget()
        grid = QGridLayout(anbieter_seite)
        hinweis = QLabel(
            "Jeder Mandant wird unter seinem eigenen OpenImmo-Anbieter übertragen. Einheiten "
            "eines Mandanten ohne Anbieter werden nicht gesendet (bei nur einem Mandanten "
            "gelten die Angaben unter „Allgemein“)."
        )
        hinweis.setWordWrap(True)
        grid.addWidget(hinweis, 0, 0, 1, 4)
        for column, title in enumerate(("Mandant", "Firma", "Anbieternr.", "OpenImmo-ANID")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 1, column)
        eigene = {a.mandant_nr: a for a in s.anbieter}
        for zeile, mandant in enumerate(formular.mandanten, start=2):
            eintrag = eigene.get(mandant.mandant_nr)
            edits = (
                QLineEdit(eintrag.firma if eintrag else ""),
                QLineEdit(eintrag.anbieternr if eintrag else ""),
                QLineEdit(eintrag.openimmo_anid if eintrag else ""),
            )
            for edit, name in zip(edits, ("Firma", "Nr", "Anid"), strict=True):
                edit.setObjectName(f"anbieter{name}_{mandant.mandant_nr}")
            mandant_label = QLabel(f"{mandant.mandant_nr}  {mandant.name}")
            mandant_label.setWordWrap(True)
            mandant_label.setMaximumWidth(170)
            grid.addWidget(mandant_label, zeile, 0)
            for column, edit in enumerate(edits, start=1):
                grid.addWidget(edit, zeile, column)
            self.mandant_anbieter[mandant.mandant_nr] = edits
        grid.setRowStretch(len(formular.mandanten) + 2, 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)

        with ctx.db.sessions() as session:
            saetze = ust_saetze_laden(session)
        self.ust: dict[tuple[Nutzung, Vorschreibungsart], QLineEdit] = {}
        ust_seite = QWidget()
        ust_grid = QGridLayout(ust_seite)
        ust_hinweis = QLabel(
            "USt-Satz in % je Vorschreibungsart und Nutzung, mit dem Immomio die Bruttomiete "
            "zeigt (UStG: Wohnen 10 %, Heizung und Warmwasser 20 %, Garagen und Abstellplätze "
            "20 %, Geschäftsräume 20 % bei Option nach § 6 Abs. 2, sonst 0 %)."
        )
        ust_hinweis.setWordWrap(True)
        ust_grid.addWidget(ust_hinweis, 0, 0, 1, len(Nutzung) + 1)
        for column, nutzung in enumerate(Nutzung, start=1):
            ust_grid.addWidget(QLabel(f"<b>{nutzung.value}</b>"), 1, column)
        for zeile, vs_art in enumerate(Vorschreibungsart, start=2):
            ust_grid.addWidget(QLabel(vs_art.value), zeile, 0)
            for column, nutzung in enumerate(Nutzung, start=1):
                edit = QLineEdit(fmt_prozent(saetze[(nutzung, vs_art)]).removesuffix(" %"))
                edit.setObjectName(f"ust_{nutzung.name}_{vs_art.name}")
                edit.setMaximumWidth(90)
                ust_grid.addWidget(edit, zeile, column)
                self.ust[(nutzung, vs_art)] = edit
        ust_grid.setRowStretch(len(Vorschreibungsart) + 2, 1)

        self.batch = QSpinBox()
        self.batch.setRange(1, 5000)
        self.batch.setValue(s.batch_groesse)
        self.batch.setSuffix(" Objekte je Paket")
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1, 600)
        self.timeout.setDecimals(0)
        self.timeout.setValue(s.timeout_s)
        self.timeout.setSuffix(" s")

        zugang = QGroupBox("Zugang")
        form = QFormLayout(zugang)
        form.addRow("Ü&bertragungsweg:", self.transport)
        form.addRow("&Adresse (URL/Server):", self.url)
        form.addRow("Ben&utzer:", self.benutzer)
        form.addRow("&Passwort:", self.passwort)
        form.addRow("", self.keyring_hint)
        form.addRow("Zeitlimit:", self.timeout)
        form.addRow("Paketgröße:", self.batch)
        daten = QGroupBox("Daten")
        form2 = QFormLayout(daten)
        form2.addRow("&Separator für zusammengesetzte IDs:", self.separator)
        form2.addRow("&Mandanten:", self.mandanten)
        form2.addRow("Nicht &vermarkten bei Leerstandsgrund:", self.gruende)
        form2.addRow("Nicht senden (Einheits&art):", self.nicht_senden)
        anbieter = QGroupBox("Anbieter und Kontakt")
        form3 = QFormLayout(anbieter)
        form3.addRow("&Firma:", self.firma)
        form3.addRow("Anbieter&nr.:", self.anbieternr)
        form3.addRow("OpenImmo-AN&ID:", self.anid)
        form3.addRow("Kontaktperson:", self.kontakt_name)
        form3.addRow("Kontakt-E-Mail:", self.kontakt_email)
        form3.addRow("Kontakt-Telefon:", self.kontakt_telefon)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Speichern")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Abbre&chen")
        self.buttons.accepted.connect(self.speichern)
        self.buttons.rejected.connect(self.reject)

        allgemein = QWidget()
        allgemein_layout = QVBoxLayout(allgemein)
        allgemein_layout.addWidget(zugang)
        allgemein_layout.addWidget(daten)
        allgemein_layout.addWidget(anbieter)
        self.tabs = QTabWidget()
        self.tabs.addTab(allgemein, "A&llgemein")
        self.tabs.addTab(anbieter_seite, "Anbieter je &Mandant")
        self.tabs.addTab(ust_seite, "&USt-Sätze")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)

        self.transport.currentIndexChanged.connect(self._update_hint)
        self._update_hint()

    def _update_hint(self, *_: object) -> None:
        self.url.setPlaceholderText(URL_HINTS.get(str(self.transport.currentData()), ""))

    def values(self) -> ImmomioEinstellungen:
        mandanten = tuple(
            str(self.mandanten.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.mandanten.count())
            if self.mandanten.item(i).checkState() == Qt.CheckState.Checked
        )
        # Settings this dialog does not edit (Anbieter per Mandant, Einheitsarten not
        # sent, Stammdaten path) are kept as loaded.
        return self.loaded.model_copy(
            update=dict(
                transport=self.transport.currentData(),
                url=self.url.text().strip(),
                benutzer=self.benutzer.text().strip(),
                separator=str(self.separator.currentData()),
                mandanten=mandanten,
                anbieter_firma=self.firma.text().strip(),
                anbieternr=self.anbieternr.text().strip(),
                openimmo_anid=self.anid.text().strip(),
                kontakt_name=self.kontakt_name.text().strip(),
                kontakt_email=self.kontakt_email.text().strip(),
                kontakt_telefon=self.kontakt_telefon.text().strip(),
                ftp_verzeichnis=self.loaded.ftp_verzeichnis,
                feedback_verzeichnis=self.loaded.feedback_verzeichnis,
                timeout_s=self.timeout.value(),
                batch_groesse=self.batch.value(),
                anbieter=self.anbieter(),
                nicht_senden=tuple(
                    self.nicht_senden.item(i).text()
                    for i in range(self.nicht_senden.count())
                    if self.nicht_senden.item(i).checkState() == Qt.CheckState.Checked
                ),
            )
        )

    def anbieter(self) -> tuple[MandantAnbieter, ...]:
        """The Anbieter entered per Mandant (rows left empty are no entry)."""
        result = []
        for nr, (firma, anbieternr, anid) in self.mandant_anbieter.items():
            texts = (firma.text().strip(), anbieternr.text().strip(), anid.text().strip())
            if any(texts):
                result.append(
                    MandantAnbieter(
                        mandant_nr=nr, firma=texts[0], anbieternr=texts[1], openimmo_anid=texts[2]
                    )
                )
        return tuple(result)

    def nicht_vermarkten(self) -> list[str]:
        return [
            self.gruende.item(i).text()
            for i in range(self.gruende.count())
            if self.gruende.item(i).checkState() == Qt.CheckState.Checked
        ]

    def speichern(self) -> None:
        """Validate and save; the password (if typed) goes to the keyring."""
        settings = self.values()
        saetze = {key: edit.text() for key, edit in self.ust.items()}
        try:
            ust_saetze_pruefen(saetze)
            with self.ctx.db.sessions() as session:
                save_settings(
                    session,
                    self.ctx.user,
                    settings,
                    nicht_vermarkten=self.nicht_vermarkten(),
                    now=self.ctx.clock.now(),
                )
            with self.ctx.db.sessions() as session:
                ust_saetze_speichern(session, self.ctx.user, saetze, now=self.ctx.clock.now())
            if self.loaded.benutzer and self.loaded.keyring_user != settings.keyring_user:
                # Other user or server: the old secret must not linger in the keyring.
                passwort_loeschen(self.loaded)
            if self.passwort.isEnabled() and self.passwort.text():
                passwort_speichern(settings, self.passwort.text())
        except OmError as exc:
            show_error(self, exc)
            return
        self.passwort.clear()
        self.accept()
