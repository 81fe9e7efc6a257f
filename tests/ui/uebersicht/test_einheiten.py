"""Register Einheiten of the Einheitenübersicht, driven as a clerk uses it.

Portfolio Objekt 1010 (today 23.11.2026): Einheiten 0001–0008, 0007 inactive;
current Bestandnehmer Huber (0001, 0006), Novak (0002), Wagner (0003, Eigentum),
Café Sonne (0005); moved out Berger (0002/1, 0004/1); Mayer (0007, inactive unit).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from omclient.domain import Einheit
from omclient.ui.uebersicht.einheiten import VergabestelleDialog
from tests.ui.uebersicht.helpers import click, click_row, texts


def test_opens_on_register_einheiten_with_every_column(window):
    assert window.windowTitle() == "Einheitenübersicht – 1010 Wohnanlage Donaufeld"
    assert "1010 Wohnanlage Donaufeld" in window.objekt_label.text()
    assert window.tabs.currentIndex() == 0
    model = window.einheiten_page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Typus",
        "Einheitennummer",
        "Top",
        "Einheitsart",
        "Stiege",
        "Etage",
        "Lage",
        "Nettonutzfläche",
        "Räume",
        "Kategorie",
        "Status",
        "Vergabestelle",
        "Bestandnehmer",
    ]
    view = window.einheiten_page.view
    assert texts(view, "einheit_nr") == ["0001", "0002", "0003", "0004", "0005", "0006", "0008"]
    first = [model.text(0, c) for c in range(model.columnCount())]
    assert first == [
        "Mieter",
        "0001",
        "1",
        "Wohnung",
        "1",
        "EG",
        "links",
        "68,40 m²",
        "3",
        "A",
        "vermietet",
        "Stadt Wien – Wohnservice",
        "Huber Anna",
    ]
    assert texts(view, "typus")[2] == "Eigentümer"
    assert texts(view, "bestandnehmer")[1] == "Mag. Novak Eva"
    assert window.status_label.text() == "7 Einheiten (1 inaktive ausgeblendet)"


def test_auch_inaktive_shows_the_inactive_unit(window, qtbot):
    view = window.einheiten_page.view
    click(qtbot, window.einheiten_page.auch_inaktive)
    assert texts(view, "einheit_nr") == [
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
    ]
    assert texts(view, "bestandnehmer")[6] == "Mayer Josef"
    assert window.status_label.text() == "8 Einheiten"
    click(qtbot, window.einheiten_page.auch_inaktive)
    assert "0007" not in texts(view, "einheit_nr")
    assert window.status_label.text() == "7 Einheiten (1 inaktive ausgeblendet)"


def _accept_vergabestelle(name):
    def pick():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VergabestelleDialog)
        items = dialog.liste.findItems(name, Qt.MatchFlag.MatchStartsWith)
        dialog.liste.setCurrentItem(items[0])
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    QTimer.singleShot(0, pick)


def test_vergabestelle_zuweisen_and_entfernen_for_several_units(
    window, qtbot, ctx, portfolio, monkeypatch
):
    view = window.einheiten_page.view
    click_row(qtbot, view, 1)
    click_row(qtbot, view, 3, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, view, 4, Qt.KeyboardModifier.ControlModifier)
    assert [r.einheit_nr for r in view.selected_rows()] == ["0002", "0004", "0005"]
    _accept_vergabestelle("Stadt Graz")
    click(qtbot, window.einheiten_page.vergabestelle_zuweisen_button)
    assert texts(view, "vergabestelle") == [
        "Stadt Wien – Wohnservice",
        "Stadt Graz – Wohnungsamt",
        "",
        "Stadt Graz – Wohnungsamt",
        "Stadt Graz – Wohnungsamt",
        "",
        "",
    ]
    assert [r.einheit_nr for r in view.selected_rows()] == ["0002", "0004", "0005"]
    assert "3 Einheiten" in window.statusBar().currentMessage()

    questions = []

    def yes(*args, **kwargs):
        questions.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    click_row(qtbot, view, 0)
    click_row(qtbot, view, 1, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, window.einheiten_page.vergabestelle_entfernen_button)
    assert questions == ["Die Vergabestelle bei 2 Einheiten entfernen?"]
    assert texts(view, "vergabestelle")[:4] == ["", "", "", "Stadt Graz – Wohnungsamt"]
    with ctx.db.sessions() as s:
        stored = dict(
            s.execute(
                select(Einheit.einheit_nr, Einheit.vergabestelle_id).where(
                    Einheit.objekt_id == portfolio.objekt["1010"]
                )
            ).all()
        )
    assert stored["0001"] is None and stored["0002"] is None
    assert stored["0004"] == stored["0005"] == portfolio.vergabestelle["graz"]


def test_vergabestelle_dialog_lists_only_zuweisungsberechtigte(window, qtbot):
    click_row(qtbot, window.einheiten_page.view, 0)
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        seen.extend(dialog.liste.item(i).text() for i in range(dialog.liste.count()))
        dialog.reject()

    QTimer.singleShot(0, look)
    click(qtbot, window.einheiten_page.vergabestelle_zuweisen_button)
    assert seen == [
        "Stadt Graz – Wohnungsamt  (GKZ 60101)",
        "Stadt Wien – Wohnservice  (GKZ 90001)",
    ]
    assert texts(window.einheiten_page.view, "vergabestelle")[0] == "Stadt Wien – Wohnservice"


def test_row_context_menu_mirrors_the_buttons(window, qtbot, opened, portfolio):
    actions = {a.text(): a for a in window.einheiten_page.view.actions()}
    assert list(actions) == [
        "Zur Einheit",
        "Vergabestelle zuweisen …",
        "Vergabestelle entfernen",
    ] + (["Berichte …"] if window.einheiten_page.berichte_button is not None else [])
    assert not actions["Zur Einheit"].isEnabled()
    click_row(qtbot, window.einheiten_page.view, 4)
    assert actions["Zur Einheit"].isEnabled()
    actions["Zur Einheit"].trigger()
    assert opened == [("open_einheit", portfolio.einheit["1010/0005"])]


def test_berichte_opens_the_batch_dialog_for_the_selected_units(window, qtbot, portfolio):
    from omclient.ui.berichte.batch import ReportBatchDialog

    assert window.einheiten_page.berichte_button is not None
    click_row(qtbot, window.einheiten_page.view, 0)
    click_row(qtbot, window.einheiten_page.view, 2, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, window.einheiten_page.berichte_button)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReportBatchDialog)]
    assert len(dialogs) == 1
    assert dialogs[0].selected_ids == [
        portfolio.einheit["1010/0001"],
        portfolio.einheit["1010/0003"],
    ]
    assert len(dialogs[0].all_ids) == 8
    dialogs[0].close()
