"""GUI: Extras → Immomio → Stammdaten übertragen (dry run on opening, Senden, result)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from omclient.domain import Person
from omclient.immomio.einstellungen import passwort_speichern
from omclient.ui.immomio.stammdaten import OHNE_EMAIL, StammdatenDialog
from omclient.ui.objekt.main_window import MainWindow
from tests.integration.test_immomio_push import PASSWORT, configure
from tests.ui.immomio.test_dialog import fast_transport, texts


def opened(qtbot, dialog: StammdatenDialog) -> StammdatenDialog:
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.summary_label.text() != "Probelauf läuft …", timeout=10000)
    return dialog


def test_dry_run_send_and_nothing_left(qtbot, qtmodeltester, ctx, httpserver: HTTPServer) -> None:
    settings = configure(ctx.db, url=httpserver.url_for("/api"), mandanten=("01",))
    passwort_speichern(settings, PASSWORT)
    with ctx.db.sessions.begin() as session:
        session.scalars(select(Person).where(Person.nachname == "Pichler")).one().email = None
    received: list[str] = []

    def handle(request: Request) -> Response:
        received.extend(d["id"] for d in json.loads(request.data)["datensaetze"])
        return Response("{}", content_type="application/json")

    for art in ("wirtschaftseinheiten", "verwaltungseinheiten", "mieter", "mietvertraege"):
        httpserver.expect_request(f"/api/stammdaten/{art}", method="POST").respond_with_handler(
            handle
        )

    dialog = opened(qtbot, StammdatenDialog(ctx, transport_factory=fast_transport))
    qtmodeltester.check(dialog.model)
    summary = dialog.summary_label.text().splitlines()
    assert summary[0] == "Wirtschaftseinheiten: neu 2 · geändert 0 · gelöscht 0 · unverändert 0"
    assert summary[3] == "Mietverträge: neu 4 · geändert 0 · gelöscht 0 · unverändert 0"
    assert summary[4] == "1 Mietverträge nicht übertragen: Mieter ohne E-Mail-Adresse"
    left_out = [r for r in range(dialog.model.rowCount()) if dialog.model.text(r, 1) == OHNE_EMAIL]
    assert [dialog.model.text(r, 3) for r in left_out] == ["Pichler Maria"]
    assert "Mandanten 01" in dialog.settings_label.text()
    assert dialog.senden_button.isEnabled()
    dialog.grab().save("/tmp/immomio_stammdaten_dialog.png")

    qtbot.mouseClick(dialog.senden_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=15000)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    assert dialog.result_label.text().startswith("Übertragung erfolgreich: gesendet 17, gelöscht 0")
    assert "01-1010" in received and not any(i.startswith("01-2020-0001-") for i in received)
    assert texts(dialog.model, 1) == [OHNE_EMAIL]
    assert "Mietverträge: neu 0 · geändert 0 · gelöscht 0 · unverändert 4" in (
        dialog.summary_label.text()
    )
    assert not dialog.senden_button.isEnabled()


def test_menu_opens_the_dialog(qtbot, ctx) -> None:
    configure(ctx.db, mandanten=("01",))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.findChild(QAction, "immomioStammdatenAktion").trigger()
    dialog = window.findChild(StammdatenDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    dialog.close()
