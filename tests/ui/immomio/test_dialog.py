"""GUI: Leerstände an Immomio übertragen (dry run, Senden, Abbrechen, Verlauf),
Extras → Immomio (admin only, password to the keyring), Interessenten window."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLineEdit, QMenu, QMessageBox
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from omclient.domain import Einstellung, ImmomioSyncStand
from omclient.immomio.einstellungen import KEIN_KEYRING, load_settings, passwort_speichern
from omclient.immomio.transport import HttpsTransport, RetryPolicy
from omclient.ui.immomio.dialog import ImmomioDialog
from omclient.ui.immomio.einstellungen import ImmomioSettingsDialog
from omclient.ui.immomio.interessenten import InteressentenFenster
from omclient.ui.objekt.main_window import MainWindow
from tests.integration.test_immomio_interessenten import feedback, objekt, person
from tests.integration.test_immomio_push import PASSWORT, configure


def fast_transport(settings, passwort):
    return HttpsTransport(
        settings, passwort, retry=RetryPolicy(versuche=2, basis_s=0.01, sleep=lambda _s: None)
    )


def opened(qtbot, dialog: ImmomioDialog) -> ImmomioDialog:
    """The dialog once its dry run (run in the background on opening) is shown."""
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.summary_label.text() != "Probelauf läuft …", timeout=10000)
    return dialog


def texts(model, column: int) -> list[str]:
    return [model.text(r, column) for r in range(model.rowCount())]


@pytest.fixture
def configured(ctx, httpserver: HTTPServer):
    settings = configure(ctx.db, url=httpserver.url_for("/api"))
    passwort_speichern(settings, PASSWORT)
    return settings


def test_dry_run_on_open_shows_diff_and_missing_fields(
    qtbot, qtmodeltester, ctx, configured
) -> None:
    dialog = opened(qtbot, ImmomioDialog(ctx, transport_factory=fast_transport))
    qtmodeltester.check(dialog.plan_model)
    qtmodeltester.check(dialog.verlauf_model)
    assert texts(dialog.plan_model, 1) == ["01-1010-0008", "02-3030-0001"]
    assert texts(dialog.plan_model, 0) == ["neu", "neu"]
    assert "Grundmiete" in dialog.plan_model.text(1, 4)
    assert "Baujahr" not in dialog.plan_model.text(1, 4)
    assert dialog.summary_label.text().startswith(
        "2 Leerstände: neu 2 · geändert 0 · zurückgezogen 0 · unverändert 0"
    )
    assert "Mandanten 01, 02" in dialog.settings_label.text()
    assert dialog.senden_button.isEnabled()
    assert dialog.verlauf_model.text(0, 3) == "Probelauf"


def test_senden_transfers_in_background_and_shows_result(
    qtbot, ctx, configured, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/api/upload", method="POST").respond_with_data("OK")
    dialog = opened(qtbot, ImmomioDialog(ctx, transport_factory=fast_transport))
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.senden_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=10000)
    assert dialog.result_label.text().startswith(
        "Übertragung erfolgreich: neu 2, geändert 0, zurückgezogen 0"
    )
    assert dialog.progress.value() == 2
    assert not dialog.senden_button.isEnabled()  # nothing left to send
    assert dialog.plan_model.rowCount() == 0
    qtbot.mouseClick(dialog.unveraendert_check, Qt.MouseButton.LeftButton)
    assert texts(dialog.plan_model, 0) == ["unverändert", "unverändert"]
    # The dry run on opening and the transfer; the refresh after it is no new dry run.
    assert sorted(texts(dialog.verlauf_model, 3)) == ["Probelauf", "erfolgreich"]
    with ctx.db.sessions() as session:
        assert len(session.scalars(select(ImmomioSyncStand)).all()) == 2


def test_abbrechen_stops_after_the_running_batch(qtbot, ctx, httpserver: HTTPServer) -> None:
    settings = configure(ctx.db, url=httpserver.url_for("/api"), batch_groesse=1)
    passwort_speichern(settings, PASSWORT)

    started = threading.Event()

    def slow(request: Request) -> Response:
        started.set()
        time.sleep(0.5)
        return Response("OK")

    httpserver.expect_request("/api/upload", method="POST").respond_with_handler(slow)
    dialog = opened(qtbot, ImmomioDialog(ctx, transport_factory=fast_transport))
    qtbot.mouseClick(dialog.senden_button, Qt.MouseButton.LeftButton)
    assert dialog.abbrechen_button.isEnabled()
    assert not dialog.schliessen_button.isEnabled()
    qtbot.waitUntil(started.is_set, timeout=5000)
    qtbot.mouseClick(dialog.abbrechen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=10000)
    assert dialog.last_result.ergebnis == "abgebrochen"
    assert "Übertragung abgebrochen: neu 1" in dialog.result_label.text()
    assert texts(dialog.plan_model, 0) == ["neu"]  # the rest is still to send
    assert dialog.senden_button.isEnabled()


def test_password_is_asked_when_none_is_stored(
    qtbot, ctx, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(ctx.db, url=httpserver.url_for("/api"))
    asked: list[str] = []

    def get_text(parent, title, label, echo):
        asked.append(label)
        assert echo == QLineEdit.EchoMode.Password
        return PASSWORT, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    httpserver.expect_request("/api/upload", method="POST").respond_with_data("OK")
    dialog = opened(qtbot, ImmomioDialog(ctx, transport_factory=fast_transport))
    qtbot.mouseClick(dialog.senden_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=10000)
    assert len(asked) == 1 and "api-user@localhost" in asked[0]
    assert dialog.last_result.ergebnis == "erfolgreich"


def test_wrong_password_shows_german_message(
    qtbot, ctx, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = configure(ctx.db, url=httpserver.url_for("/api"))
    passwort_speichern(settings, "falsch")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    httpserver.expect_request("/api/upload", method="POST").respond_with_data("", status=401)
    dialog = opened(qtbot, ImmomioDialog(ctx, transport_factory=fast_transport))
    qtbot.mouseClick(dialog.senden_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=10000)
    assert "Benutzername oder Passwort sind falsch" in dialog.result_label.text()
    assert warnings and "Passwort sind falsch" in warnings[0]
    assert texts(dialog.plan_model, 0) == ["neu", "neu"]


def test_unconfigured_cannot_send(qtbot, ctx) -> None:
    dialog = opened(qtbot, ImmomioDialog(ctx))
    assert not dialog.senden_button.isEnabled()
    assert "erst möglich, wenn Immomio eingerichtet ist" in dialog.result_label.text()


def test_main_window_actions(qtbot, ctx, admin_ctx) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    push_action = window.findChild(QAction, "immomioUebertragen")
    assert push_action in window.menu_objekt.actions()
    assert push_action in window.toolbar.actions()
    assert push_action.text() == "Leerstände an &Immomio übertragen …"
    settings_action = window.findChild(QAction, "immomioEinstellungenAktion")
    immomio_menu = window.findChild(QMenu, "immomioMenu")
    assert immomio_menu.menuAction() in window.menu_extras.actions()
    assert immomio_menu.title() == "&Immomio"
    assert [a.text() for a in immomio_menu.actions()] == [
        "&Einstellungen …",
        "&Stammdaten übertragen …",
    ]
    assert settings_action in immomio_menu.actions()
    assert not settings_action.isEnabled()
    admin_window = MainWindow(admin_ctx)
    qtbot.addWidget(admin_window)
    assert admin_window.findChild(QAction, "immomioEinstellungenAktion").isEnabled()
    push_action.trigger()
    dialog = window.findChild(ImmomioDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    window.findChild(QAction, "interessentenListe").trigger()
    fenster = window.findChild(InteressentenFenster)
    assert fenster is not None and fenster.isVisible()
    fenster.close()


def _check(list_widget, text: str) -> None:
    for i in range(list_widget.count()):
        item = list_widget.item(i)
        if item.text().startswith(text):
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(text)


def test_settings_dialog_saves_and_puts_password_in_keyring(
    qtbot, admin_ctx, memory_keyring
) -> None:
    dialog = ImmomioSettingsDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.transport.setCurrentIndex(dialog.transport.findData("ftp"))
    qtbot.keyClicks(dialog.url, "ftp.immomio.example")
    qtbot.keyClicks(dialog.benutzer, "dit-user")
    qtbot.keyClicks(dialog.passwort, PASSWORT)
    dialog.separator.setCurrentIndex(dialog.separator.findData("|"))
    _check(dialog.mandanten, "02")
    qtbot.keyClicks(dialog.firma, "Linzer Wohnungsgenossenschaft eGen")
    qtbot.keyClicks(dialog.anid, "ANID-LWG")
    assert [
        dialog.gruende.item(i).checkState() == Qt.CheckState.Checked
        for i in range(dialog.gruende.count())
    ] == [True, False, True, False]
    dialog.gruende.item(0).setCheckState(Qt.CheckState.Unchecked)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "&Speichern"
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    with admin_ctx.db.sessions() as session:
        stored = load_settings(session)
        values = session.scalars(select(Einstellung.wert)).all()
    assert (stored.transport, stored.separator, stored.mandanten) == ("ftp", "|", ("02",))
    assert memory_keyring.secrets == {
        ("omclient-immomio", "dit-user@ftp.immomio.example"): PASSWORT
    }
    assert all(PASSWORT not in (v or "") for v in values)
    from omclient.immomio.einstellungen import nicht_vermarkten_gruende

    with admin_ctx.db.sessions() as session:
        assert nicht_vermarkten_gruende(session) == {"Eigenbedarf"}


def test_settings_dialog_refuses_incomplete_input(
    qtbot, admin_ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    dialog = ImmomioSettingsDialog(admin_ctx)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.result() != dialog.DialogCode.Accepted
    assert shown and "unvollständig" in shown[0] and "Mandantennummer" in shown[0]
    with admin_ctx.db.sessions() as session:
        assert session.scalars(select(Einstellung)).all() == []


def test_settings_dialog_without_keyring(qtbot, admin_ctx) -> None:
    keyring.set_keyring(FailKeyring())
    dialog = ImmomioSettingsDialog(admin_ctx)
    qtbot.addWidget(dialog)
    assert not dialog.passwort.isEnabled()
    assert dialog.keyring_hint.text() == KEIN_KEYRING


def test_interessenten_window_import_search_and_open_unit(
    qtbot, ctx, portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(ctx.db)
    path = tmp_path / "feedback.xml"
    path.write_bytes(
        feedback(
            objekt("01-1010-0008", person("Lena", "Fischer", "lena@example.at", "+43 660 1")),
            objekt("02-3030-0001", person("Max", "Muster", "max@example.at", zimmer_min="2")),
        )
    )
    fenster = InteressentenFenster(ctx)
    qtbot.addWidget(fenster)
    fenster.show()
    qtbot.waitExposed(fenster)
    assert fenster.status.text() == "0 Interessenten"
    fenster.import_datei(str(path))
    qtbot.waitUntil(lambda: "2 gelesen, 2 neu" in fenster.status.text(), timeout=10000)
    assert sorted(texts(fenster.model, 0)) == ["Fischer Lena", "Muster Max"]
    qtbot.keyClicks(fenster.search, "lena")
    assert texts(fenster.model, 0) == ["Fischer Lena"]
    assert fenster.model.text(0, 4) == "1010/0008 Top K1"
    opened: list[int] = []
    monkeypatch.setattr(ctx.navigator, "open_einheit", lambda eid, parent=None: opened.append(eid))
    index = fenster.model.index(0, 0)
    rect = fenster.view.visualRect(index)
    qtbot.mouseClick(fenster.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(fenster.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [portfolio.einheit["1010/0008"]]


def test_interessenten_window_fetches_from_immomio(
    qtbot, ctx, configured, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/api/feedback", method="GET").respond_with_data(
        feedback(objekt("01-1010-0008", person("Lena", "Fischer", "lena@example.at"))),
        content_type="application/xml",
    )
    fenster = InteressentenFenster(ctx, transport_factory=fast_transport)
    qtbot.addWidget(fenster)
    qtbot.mouseClick(fenster.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fenster.fetch_button.isEnabled(), timeout=10000)
    assert "1 gelesen, 1 neu" in fenster.status.text()
    assert texts(fenster.model, 0) == ["Fischer Lena"]


def test_settings_dialog_removes_old_password_when_user_changes(
    qtbot, admin_ctx, memory_keyring
) -> None:
    settings = configure(admin_ctx.db, url="https://api.immomio.example")
    passwort_speichern(settings, PASSWORT)
    dialog = ImmomioSettingsDialog(admin_ctx)
    qtbot.addWidget(dialog)
    assert dialog.passwort.placeholderText().startswith("gespeichert")
    dialog.benutzer.clear()
    qtbot.keyClicks(dialog.benutzer, "neuer-user")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.result() == dialog.DialogCode.Accepted
    assert memory_keyring.secrets == {}


def test_interessenten_fetch_without_settings_names_what_is_missing(
    qtbot, ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    fenster = InteressentenFenster(ctx, transport_factory=fast_transport)
    qtbot.addWidget(fenster)
    qtbot.mouseClick(fenster.fetch_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert shown[0].startswith("Immomio ist noch nicht vollständig eingerichtet")
    assert "Benutzernamen" in shown[0]
    assert fenster.fetch_button.isEnabled()
    assert fenster.job is None


def test_settings_dialog_anbieter_per_mandant_kinds_and_ust_rates(
    qtbot, admin_ctx, memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omclient.domain.enums import Vorschreibungsart
    from omclient.immomio.preise import Nutzung, ust_saetze_laden

    configure(admin_ctx.db, url="https://api.immomio.example")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    dialog = ImmomioSettingsDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.grab().save("/tmp/immomio_einstellungen_allgemein.png")
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "A&llgemein",
        "Anbieter je &Mandant",
        "&USt-Sätze",
    ]
    firma = dialog.findChild(QLineEdit, "anbieterFirma_02")
    assert firma.text() == "Linzer Wohnbau"
    firma.clear()
    qtbot.keyClicks(firma, "Linzer Wohnbau eGen")
    garage_bk = dialog.findChild(QLineEdit, "ust_PARKEN_BETRIEBSKOSTEN")
    lokal = dialog.findChild(QLineEdit, "ust_GESCHAEFT_GRUNDMIETE")
    assert (garage_bk.text(), lokal.text()) == ("20", "20")
    dialog.tabs.setCurrentIndex(2)
    dialog.grab().save("/tmp/immomio_einstellungen_ust.png")
    dialog.tabs.setCurrentIndex(1)
    dialog.grab().save("/tmp/immomio_einstellungen_anbieter.png")
    keller = dialog.nicht_senden.findItems("Keller", Qt.MatchFlag.MatchExactly)[0]
    keller.setCheckState(Qt.CheckState.Checked)
    lokal.clear()
    qtbot.keyClicks(lokal, "zwanzig")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert shown and "„zwanzig“ ist kein USt-Satz" in shown[0]
    with admin_ctx.db.sessions() as session:
        assert load_settings(session).anbieter[1].firma == "Linzer Wohnbau"  # nothing saved
    lokal.clear()
    qtbot.keyClicks(lokal, "0")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    with admin_ctx.db.sessions() as session:
        saved = load_settings(session)
        saetze = ust_saetze_laden(session)
    assert [a.firma for a in saved.anbieter] == [
        "Gemeinnützige Wohnbau Donau GmbH",
        "Linzer Wohnbau eGen",
    ]
    assert saved.nicht_senden == ("Keller",)
    assert saetze[(Nutzung.GESCHAEFT, Vorschreibungsart.GRUNDMIETE)] == 0
    assert saetze[(Nutzung.PARKEN, Vorschreibungsart.BETRIEBSKOSTEN)] == 20
