"""The "Datenbankverbindung" dialog: first start and Datei → Datenbankverbindung….

The clerk chooses the local database (SQLite, path shown and changeable) or a
PostgreSQL server (Server, Port, Datenbank, Benutzer, Passwort, "Passwort
merken"). "Verbindung testen" tells in German what is wrong. OK writes the
user configuration file (never the password; that goes to the keyring when
"Passwort merken" is ticked).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from omclient.config import DatabaseConfig, Settings, save_database_config, writable_config_file
from omclient.errors import DatabaseUnavailableError, OmError, ValidationError
from omclient.services.verbindung import (
    KEIN_KEYRING,
    gespeichertes_passwort,
    ist_passwortfehler,
    keyring_verfuegbar,
    passwort_speichern,
    passwort_vergessen,
    verbindung_testen,
    verbindungsangaben,
)
from omclient.ui.common.background import BackgroundOp
from omclient.ui.common.errors import show_error

T_co = TypeVar("T_co", covariant=True)

NEUSTART_HINWEIS = "Eine Änderung gilt ab dem nächsten Start von omclient."


class DatenbankDialog(QDialog):
    """Choose where the data lives; :attr:`url` and :attr:`passwort` after OK.

    ``erster_start`` changes the wording (the program continues with the
    choice); otherwise the dialog says a change applies after a restart.
    """

    def __init__(
        self, settings: Settings, *, erster_start: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Datenbankverbindung")
        self.url: str | None = None
        self.passwort: str | None = None
        # libpq parameters the IT set (sslmode, gssencmode …) survive a change made here.
        self._angaben = verbindungsangaben(settings.database_url)
        self._parameter = self._angaben.parameter if self._angaben.ist_postgresql else {}

        intro = QLabel(
            "Wo liegen die Daten von omclient? Fragen Sie im Zweifel Ihre IT."
            if erster_start
            else f"Die Datenbank, mit der omclient arbeitet. {NEUSTART_HINWEIS}"
        )
        intro.setObjectName("einleitung")
        intro.setWordWrap(True)

        self.lokal_radio = QRadioButton("&Lokale Datenbank auf diesem Arbeitsplatz")
        self.lokal_radio.setObjectName("lokal")
        self.pfad_edit = QLineEdit()
        self.pfad_edit.setObjectName("pfad")
        self.pfad_button = QPushButton("Ä&ndern …")
        self.pfad_button.clicked.connect(self._pfad_waehlen)
        pfad_row = QHBoxLayout()
        pfad_row.addWidget(self.pfad_edit, 1)
        pfad_row.addWidget(self.pfad_button)
        self.lokal_box = QWidget()
        lokal_layout = QFormLayout(self.lokal_box)
        lokal_layout.addRow("Datei:", pfad_row)
        lokal_hinweis = QLabel(
            "Für einen einzelnen Arbeitsplatz; die Daten bleiben auf diesem Rechner."
        )
        lokal_hinweis.setWordWrap(True)
        lokal_layout.addRow("", lokal_hinweis)

        self.server_radio = QRadioButton("&PostgreSQL-Server")
        self.server_radio.setObjectName("server")
        self.server_edit = QLineEdit()
        self.server_edit.setObjectName("serverName")
        self.server_edit.setPlaceholderText("z. B. dbserver.firma.local")
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("port")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.port_spin.setGroupSeparatorShown(False)
        self.datenbank_edit = QLineEdit()
        self.datenbank_edit.setObjectName("datenbank")
        self.benutzer_edit = QLineEdit()
        self.benutzer_edit.setObjectName("benutzer")
        self.passwort_edit = QLineEdit()
        self.passwort_edit.setObjectName("passwort")
        self.passwort_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.merken_check = QCheckBox("Passwort &merken (im Schlüsselbund des Betriebssystems)")
        self.merken_check.setObjectName("passwortMerken")
        self.keyring_hinweis = QLabel()
        self.keyring_hinweis.setObjectName("keyringHinweis")
        self.keyring_hinweis.setWordWrap(True)
        if not keyring_verfuegbar():
            self.merken_check.setEnabled(False)
            self.keyring_hinweis.setText(KEIN_KEYRING)
        self.server_box = QWidget()
        server_form = QFormLayout(self.server_box)
        server_form.addRow("&Server:", self.server_edit)
        server_form.addRow("P&ort:", self.port_spin)
        server_form.addRow("&Datenbank:", self.datenbank_edit)
        server_form.addRow("&Benutzer:", self.benutzer_edit)
        server_form.addRow("P&asswort:", self.passwort_edit)
        server_form.addRow("", self.merken_check)
        server_form.addRow("", self.keyring_hinweis)

        auswahl = QGroupBox("Datenbank")
        auswahl_layout = QVBoxLayout(auswahl)
        auswahl_layout.addWidget(self.lokal_radio)
        auswahl_layout.addWidget(self.lokal_box)
        auswahl_layout.addWidget(self.server_radio)
        auswahl_layout.addWidget(self.server_box)

        self.testen_button = QPushButton("&Verbindung testen")
        self.testen_button.setObjectName("verbindungTesten")
        self.testen_button.clicked.connect(self.testen)
        self.ergebnis = QLabel()
        self.ergebnis.setObjectName("ergebnis")
        self.ergebnis.setWordWrap(True)
        self.ergebnis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.testen_button)
        test_row.addWidget(self.ergebnis, 1)

        self.datei_hinweis = QLabel(f"Gespeichert wird in {writable_config_file()}.")
        self.datei_hinweis.setObjectName("dateiHinweis")
        self.datei_hinweis.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(auswahl)
        layout.addLayout(test_row)
        layout.addWidget(self.datei_hinweis)
        layout.addWidget(buttons)

        self.lokal_radio.toggled.connect(self._update)
        self.server_radio.toggled.connect(self._update)
        for edit in (self.server_edit, self.datenbank_edit, self.benutzer_edit, self.pfad_edit):
            edit.textChanged.connect(self._geaendert)
        self.port_spin.valueChanged.connect(self._geaendert)
        self._fill()
        self.resize(560, self.sizeHint().height())

    def _fill(self) -> None:
        url = self._angaben
        default_path = self.settings.data_dir / "omclient.db"
        if url.ist_postgresql and self.settings.database_configured:
            self.server_radio.setChecked(True)
            self.server_edit.setText(url.host or "")
            self.port_spin.setValue(url.port or 5432)
            self.datenbank_edit.setText(url.name or "")
            self.benutzer_edit.setText(url.benutzer or "")
            self.pfad_edit.setText(str(default_path))
            if gespeichertes_passwort(self.settings.database_url):
                self.merken_check.setChecked(True)
                self.passwort_edit.setPlaceholderText("gespeichert")
        else:
            self.lokal_radio.setChecked(True)
            self.pfad_edit.setText(url.pfad or str(default_path))
        self._update()

    def _update(self) -> None:
        lokal = self.lokal_radio.isChecked()
        self.lokal_box.setEnabled(lokal)
        self.server_box.setEnabled(not lokal)
        self._geaendert()

    def _geaendert(self) -> None:
        self.ergebnis.clear()

    def _pfad_waehlen(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            "Lokale Datenbank",
            self.pfad_edit.text(),
            "omclient-Datenbank (*.db);;Alle Dateien (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.pfad_edit.setText(path)

    def konfiguration(self) -> DatabaseConfig:
        """The choice as a ``[database]`` table; ValidationError naming what is missing."""
        if self.lokal_radio.isChecked():
            text = self.pfad_edit.text().strip()
            if not text:
                raise ValidationError("Bitte geben Sie die Datei der lokalen Datenbank an.")
            return DatabaseConfig(backend="sqlite", path=Path(text).expanduser())
        fehlt = [
            name
            for name, edit in (("Server", self.server_edit), ("Datenbank", self.datenbank_edit))
            if not edit.text().strip()
        ]
        if fehlt:
            raise ValidationError(f"Bitte füllen Sie aus: {', '.join(fehlt)}.")
        return DatabaseConfig(
            backend="postgresql",
            host=self.server_edit.text().strip(),
            port=self.port_spin.value(),
            name=self.datenbank_edit.text().strip(),
            user=self.benutzer_edit.text().strip() or None,
            **self._parameter,
        )

    def _eingegebenes_passwort(self) -> str | None:
        return self.passwort_edit.text() or None

    def testen(self) -> None:
        """Try the connection in the background; the German result appears next to the button."""
        try:
            config = self.konfiguration()
        except ValidationError as err:
            self._zeige(False, err.message)
            return
        url = config.to_url(self.settings.data_dir)
        passwort = self._eingegebenes_passwort()
        self.testen_button.setEnabled(False)
        self.ergebnis.setStyleSheet("")
        self.ergebnis.setText("Verbindung wird geprüft …")
        BackgroundOp(
            lambda _op: verbindung_testen(url, passwort),
            parent=self,
            on_success=lambda result: self._zeige(result.ok, result.meldung),
            on_finished=lambda: self.testen_button.setEnabled(True),
        ).start()

    def _zeige(self, ok: bool, text: str) -> None:
        farbe = "#1a7f37" if ok else "#b42318"
        self.ergebnis.setStyleSheet(f"color: {farbe};")
        self.ergebnis.setText(text)

    def accept(self) -> None:
        try:
            config = self.konfiguration()
            url = config.to_url(self.settings.data_dir)
            save_database_config(config)
            passwort = self._eingegebenes_passwort()
            if config.backend == "postgresql":
                if self.merken_check.isChecked() and passwort:
                    passwort_speichern(url, passwort)
                elif not self.merken_check.isChecked():
                    passwort_vergessen(url)
        except OmError as err:
            show_error(self, err)
            return
        except OSError as exc:
            QMessageBox.critical(
                self,
                "Datenbankverbindung",
                f"Die Einstellung konnte nicht gespeichert werden: {exc.strerror or exc}",
            )
            return
        self.url = url
        self.passwort = passwort
        super().accept()


class Oeffnen(Protocol[T_co]):
    """How the start opens the database (``omclient.ui.app.open_for_gui``)."""

    def __call__(
        self,
        settings: Settings,
        *,
        passwort: str | None = None,
        on_failure: Callable[[OmError], None] | None = None,
    ) -> T_co | None: ...


def verbinden(
    settings: Settings, passwort: str | None, oeffnen: Oeffnen[T_co]
) -> tuple[T_co, Settings] | None:
    """Open the configured database at start, asking what the clerk can answer.

    A missing or wrong PostgreSQL password is asked for (again after a wrong
    one). Any other reason the database cannot be opened (server not reachable,
    no such database, …) is shown with "Datenbankverbindung ändern …" and
    "Beenden"; a changed connection is tried at once. Other known errors are
    shown as they are. Returns what ``oeffnen`` opened and the settings used,
    or None when the program ends.
    """
    while True:
        failures: list[OmError] = []
        opened = oeffnen(settings, passwort=passwort, on_failure=failures.append)
        if opened is not None:
            return opened, settings
        if not failures:
            return None
        err = failures[0]
        if not isinstance(err, DatabaseUnavailableError):
            QMessageBox.critical(None, err.title, err.message)
            return None
        if ist_passwortfehler(err.message):
            secret, ok = QInputDialog.getText(
                None,
                "Anmeldung an der Datenbank",
                f"{err.message}\n\nPasswort für "
                f"{verbindungsangaben(settings.database_url).benutzer or 'die Datenbank'}:",
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            passwort = secret
            continue
        if not _verbindung_aendern_fragen(err.message):
            return None
        dialog = DatenbankDialog(settings, erster_start=True)
        if dialog.exec() != DatenbankDialog.DialogCode.Accepted or dialog.url is None:
            return None
        settings = settings.with_database(dialog.url)
        passwort = dialog.passwort


def _verbindung_aendern_fragen(meldung: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Datenbankverbindung",
        f"{meldung}\n\nSie können die Datenbankverbindung jetzt ändern oder omclient "
        "beenden und es später noch einmal versuchen.",
        QMessageBox.StandardButton.NoButton,
    )
    box.setObjectName("verbindungFehlgeschlagen")
    aendern = box.addButton("Datenbankverbindung &ändern …", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Beenden", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is aendern
