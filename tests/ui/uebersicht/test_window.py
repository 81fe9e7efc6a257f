"""The Einheitenübersicht driven as a clerk uses it, on the fixed test portfolio.

Portfolio Objekt 1010 (today 23.11.2026): Einheiten 0001–0008, 0007 inactive;
current Bestandnehmer Huber (0001, 0006), Novak (0002), Wagner (0003, Eigentum),
Café Sonne (0005); moved out Berger (0002/1, 0004/1); Mayer (0007, inactive unit).
"""

from __future__ import annotations

import csv

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import select

from omclient.domain import Einheit
from omclient.ui.uebersicht.window import EinheitenUebersicht, VergabestelleDialog


@pytest.fixture(autouse=True)
def _forget_overview_settings(qapp):
    QSettings().remove("einheitenuebersicht")
    yield
    QSettings().remove("einheitenuebersicht")


@pytest.fixture
def opened(ctx, monkeypatch):
    """Navigation calls are recorded instead of opening the other engineers' dialogs."""
    calls: list[tuple[str, int]] = []
    for name in ("open_einheit", "open_person", "open_bestandsverhaeltnis", "open_objekt"):
        monkeypatch.setattr(
            ctx.navigator, name, lambda ident, parent=None, _n=name: calls.append((_n, ident))
        )
    return calls


@pytest.fixture
def window(ctx, portfolio, qtbot):
    w = EinheitenUebersicht(ctx, portfolio.objekt["1010"])
    qtbot.addWidget(w)
    w.resize(1300, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def bv_window(ctx, portfolio, qtbot):
    w = EinheitenUebersicht(ctx, portfolio.objekt["1010"], register="bestandnehmer")
    qtbot.addWidget(w)
    w.resize(1300, 600)
    w.show()
    qtbot.waitExposed(w)
    return w


def texts(view, key):
    model = view.dto_model()
    column = model.column_index(key)
    return [model.text(r, column) for r in range(model.rowCount())]


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot, view, row, modifier=Qt.KeyboardModifier.NoModifier):
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def double_click_row(qtbot, view, row):
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose(combo, text):
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, f"{text!r} not in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


# -- Register Einheiten -----------------------------------------------------------------


def test_opens_on_register_einheiten_with_every_column(window):
    assert window.windowTitle() == "Einheitenübersicht – 1010 Wohnanlage Donaufeld"
    assert "1010 Wohnanlage Donaufeld" in window.objekt_label.text()
    assert window.tabs.currentIndex() == 0
    model = window.einheiten_model
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
    view = window.einheiten_view
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
    view = window.einheiten_view
    click(qtbot, window.auch_inaktive_einheiten)
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
    click(qtbot, window.auch_inaktive_einheiten)
    assert "0007" not in texts(view, "einheit_nr")
    assert window.status_label.text() == "7 Einheiten (1 inaktive ausgeblendet)"


def test_veh_needs_a_sachbereich_and_lists_only_its_vehs(window, portfolio):
    view = window.einheiten_view
    assert not window.veh_combo.isEnabled()
    choose(window.sachbereich_combo, "HK")
    assert window.veh_combo.isEnabled()
    assert [window.veh_combo.itemText(i) for i in range(window.veh_combo.count())] == [
        "(alle)",
        "01 – Heizkreis Haus",
    ]
    assert len(texts(view, "einheit_nr")) == 7  # a Sachbereich alone does not narrow
    choose(window.sachbereich_combo, "BK")
    assert [window.veh_combo.itemText(i) for i in range(1, window.veh_combo.count())] == [
        "01 – BK Wohnungen",
        "02 – BK Geschäftslokale und Garagen",
    ]
    choose(window.veh_combo, "01")
    assert texts(view, "einheit_nr") == ["0001", "0002", "0003", "0004"]
    choose(window.veh_combo, "02")
    assert texts(view, "einheit_nr") == ["0005"]
    choose(window.sachbereich_combo, "(alle)")
    assert not window.veh_combo.isEnabled()
    assert len(texts(view, "einheit_nr")) == 7


def test_stiegenhaus_narrows_both_register(window, qtbot):
    choose(window.stiegenhaus_combo, "2 –")
    assert texts(window.einheiten_view, "einheit_nr") == ["0003", "0004"]
    assert window.status_label.text() == "2 Einheiten (1 inaktive ausgeblendet)"
    click(qtbot, window.auch_inaktive_einheiten)
    assert texts(window.einheiten_view, "einheit_nr") == ["0003", "0004", "0007"]
    window.tabs.setCurrentIndex(1)
    assert texts(window.bestandnehmer_view, "name") == ["Wagner Franz"]
    assert window.status_label.text() == "1 Bestandnehmer (1 ausgezogene, 1 inaktive ausgeblendet)"


def test_objekt_search_switches_and_unknown_number_changes_nothing(window, qtbot, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[1:3]))
    window.objekt_edit.clear()
    qtbot.keyClicks(window.objekt_edit, "9999")
    click(qtbot, window.suchen_button)
    assert warnings == [("Nicht gefunden", "Ein Objekt mit der Nummer „9999“ gibt es nicht.")]
    assert window.objekt_edit.text() == "1010"
    assert len(texts(window.einheiten_view, "einheit_nr")) == 7
    assert "1010" in window.windowTitle()

    window.objekt_edit.clear()
    qtbot.keyClicks(window.objekt_edit, "2020")
    qtbot.keyClick(window.objekt_edit, Qt.Key.Key_Return)
    assert window.windowTitle() == "Einheitenübersicht – 2020 Stadthaus Graz"
    assert texts(window.einheiten_view, "einheit_nr") == ["0001"]
    assert texts(window.einheiten_view, "vergabestelle") == ["Stadt Graz – Wohnungsamt"]
    assert window.stiegenhaus_combo.count() == 1  # Graz has no Stiegenhaus
    window.tabs.setCurrentIndex(1)
    assert texts(window.bestandnehmer_view, "name") == ["Pichler Maria"]


def test_zum_objekt_and_zur_einheit(window, qtbot, opened, portfolio):
    click(qtbot, window.zum_objekt_button)
    assert opened == [("open_objekt", portfolio.objekt["1010"])]
    assert not window.zur_einheit_button.isEnabled()
    assert not window.vergabestelle_zuweisen_button.isEnabled()
    assert not window.vergabestelle_entfernen_button.isEnabled()
    click_row(qtbot, window.einheiten_view, 2)
    assert window.zur_einheit_button.isEnabled()
    assert window.vergabestelle_zuweisen_button.isEnabled()
    assert window.vergabestelle_entfernen_button.isEnabled()
    click(qtbot, window.zur_einheit_button)
    double_click_row(qtbot, window.einheiten_view, 3)
    window.einheiten_view.setFocus()
    qtbot.keyClick(window.einheiten_view, Qt.Key.Key_Return)
    assert opened[1:] == [
        ("open_einheit", portfolio.einheit["1010/0003"]),
        ("open_einheit", portfolio.einheit["1010/0004"]),
        ("open_einheit", portfolio.einheit["1010/0004"]),
    ]


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
    view = window.einheiten_view
    click_row(qtbot, view, 1)
    click_row(qtbot, view, 3, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, view, 4, Qt.KeyboardModifier.ControlModifier)
    assert [r.einheit_nr for r in view.selected_rows()] == ["0002", "0004", "0005"]
    _accept_vergabestelle("Stadt Graz")
    click(qtbot, window.vergabestelle_zuweisen_button)
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
    click(qtbot, window.vergabestelle_entfernen_button)
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
    click_row(qtbot, window.einheiten_view, 0)
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        seen.extend(dialog.liste.item(i).text() for i in range(dialog.liste.count()))
        dialog.reject()

    QTimer.singleShot(0, look)
    click(qtbot, window.vergabestelle_zuweisen_button)
    assert seen == [
        "Stadt Graz – Wohnungsamt  (GKZ 60101)",
        "Stadt Wien – Wohnservice  (GKZ 90001)",
    ]
    assert texts(window.einheiten_view, "vergabestelle")[0] == "Stadt Wien – Wohnservice"


# -- Register Eigentümer / Mieter ----------------------------------------------------------


def test_bestandnehmer_register_shows_current_ones(bv_window):
    w = bv_window
    assert w.tabs.currentIndex() == 1
    model = w.bestandnehmer_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Typus",
        "Einheitennummer",
        "Top",
        "Name",
        "Bestandsart",
        "Bezug",
        "Auszug",
        "Befristung",
        "Kontakt",
    ]
    view = w.bestandnehmer_view
    assert texts(view, "name") == [
        "Huber Anna",
        "Mag. Novak Eva",
        "Wagner Franz",
        "Café Sonne GmbH",
        "Huber Anna",
    ]
    assert [model.text(1, c) for c in range(model.columnCount())] == [
        "Mieter",
        "0002",
        "2",
        "Mag. Novak Eva",
        "Hauptmiete",
        "01.08.2019",
        "",
        "31.07.2029",
        "eva.novak@example.at",
    ]
    assert w.status_label.text() == "5 Bestandnehmer (2 ausgezogene, 1 inaktive ausgeblendet)"


def test_auch_ausgezogene_and_auch_inaktive(bv_window, qtbot):
    w, view = bv_window, bv_window.bestandnehmer_view
    click(qtbot, w.auch_ausgezogene)
    assert texts(view, "name") == [
        "Huber Anna",
        "Berger Karl",
        "Mag. Novak Eva",
        "Wagner Franz",
        "Berger Karl",
        "Café Sonne GmbH",
        "Huber Anna",
    ]
    assert texts(view, "auszugsdatum")[1] == "30.06.2019"
    assert w.status_label.text() == "7 Bestandnehmer (1 inaktive ausgeblendet)"
    click(qtbot, w.auch_inaktive_bestandnehmer)
    assert len(texts(view, "name")) == 8
    assert texts(view, "name")[-1] == "Mayer Josef"
    assert w.status_label.text() == "8 Bestandnehmer"
    click(qtbot, w.auch_ausgezogene)
    assert "Berger Karl" not in texts(view, "name")
    assert texts(view, "name")[-1] == "Mayer Josef"
    assert w.status_label.text() == "6 Bestandnehmer (2 ausgezogene ausgeblendet)"


def test_alle_nur_eigentuemer_nur_mieter_and_bestandsart(bv_window, qtbot):
    w, view = bv_window, bv_window.bestandnehmer_view
    click(qtbot, w.eigentuemer_radio)
    assert texts(view, "name") == ["Wagner Franz"]
    assert texts(view, "typus") == ["Eigentümer"]
    click(qtbot, w.mieter_radio)
    assert texts(view, "name") == ["Huber Anna", "Mag. Novak Eva", "Café Sonne GmbH", "Huber Anna"]
    assert set(texts(view, "typus")) == {"Mieter"}
    click(qtbot, w.alle_radio)
    assert len(texts(view, "name")) == 5
    assert [w.bestandsart_combo.itemText(i) for i in range(w.bestandsart_combo.count())] == [
        "(alle)",
        "Garage",
        "Geschäftsraummiete",
        "Hauptmiete",
        "Wohnungseigentum",
    ]
    choose(w.bestandsart_combo, "Garage")
    assert texts(view, "einheit_nr") == ["0006"]
    choose(w.bestandsart_combo, "Hauptmiete")
    assert texts(view, "name") == ["Huber Anna", "Mag. Novak Eva"]
    click(qtbot, w.auch_ausgezogene)
    assert texts(view, "name") == ["Huber Anna", "Berger Karl", "Mag. Novak Eva", "Berger Karl"]


def test_buttons_on_the_right_and_double_click(bv_window, qtbot, opened, portfolio):
    w, view = bv_window, bv_window.bestandnehmer_view
    buttons = (w.zur_person_button, w.zur_zuordnung_button, w.bv_zur_einheit_button)
    assert [b.text().replace("&", "") for b in buttons] == [
        "Zur Person",
        "Zur Zuordnung",
        "Zur Einheit",
    ]
    assert not any(b.isEnabled() for b in buttons)
    click_row(qtbot, view, 1)
    assert all(b.isEnabled() for b in buttons)
    for button in buttons:
        click(qtbot, button)
    double_click_row(qtbot, view, 2)
    assert opened == [
        ("open_person", portfolio.person["Novak"]),
        ("open_bestandsverhaeltnis", portfolio.bv["1010/0002/2"]),
        ("open_einheit", portfolio.einheit["1010/0002"]),
        ("open_bestandsverhaeltnis", portfolio.bv["1010/0003/1"]),
    ]
    click(qtbot, w.eigentuemer_radio)  # Wagner stays selected after the reload
    assert [r.name for r in view.selected_rows()] == ["Wagner Franz"]
    assert all(b.isEnabled() for b in buttons)
    click(qtbot, w.mieter_radio)  # the selected row is gone: nothing selected, buttons off
    assert view.selected_rows() == []
    assert not any(b.isEnabled() for b in buttons)


# -- what every list does ------------------------------------------------------------------


def test_quick_filter_with_ctrl_f(window, qtbot):
    window.einheiten_view.setFocus()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.einheiten_page.quick_filter.hasFocus()
    qtbot.keyClicks(window.einheiten_page.quick_filter, "huber")
    assert texts(window.einheiten_view, "einheit_nr") == ["0001", "0006"]
    assert window.status_label.text() == "2 von 7 Einheiten (1 inaktive ausgeblendet)"
    window.einheiten_page.quick_filter.clear()
    qtbot.keyClicks(window.einheiten_page.quick_filter, "UG")
    assert texts(window.einheiten_view, "einheit_nr") == ["0006", "0008"]
    window.einheiten_page.quick_filter.clear()
    qtbot.keyClicks(window.einheiten_page.quick_filter, "120,00")
    assert texts(window.einheiten_view, "einheit_nr") == ["0005"]


def test_sort_by_header_click(window, qtbot):
    header = window.einheiten_view.horizontalHeader()
    column = window.einheiten_model.column_index("nettonutzflaeche")
    x = header.sectionViewportPosition(column) + 10
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert texts(window.einheiten_view, "nettonutzflaeche") == [
        "6,50 m²",
        "14,00 m²",
        "54,25 m²",
        "68,40 m²",
        "71,80 m²",
        "92,10 m²",
        "120,00 m²",
    ]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert texts(window.einheiten_view, "nettonutzflaeche")[0] == "120,00 m²"


def test_f5_shows_changes_made_elsewhere(window, qtbot, ctx, portfolio):
    with ctx.db.sessions.begin() as s:
        s.get(Einheit, portfolio.einheit["1010/0004"]).lage = "Hof"
    assert texts(window.einheiten_view, "lage")[3] == ""
    QTest.keyClick(window, Qt.Key.Key_F5)
    assert texts(window.einheiten_view, "lage")[3] == "Hof"


def test_export_csv_and_excel_of_the_visible_rows(window, qtbot, tmp_path, monkeypatch):
    target = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target["path"], ""))
    qtbot.keyClicks(window.einheiten_page.quick_filter, "Wohnung")
    target["path"] = str(tmp_path / "einheiten.csv")
    window.action_export_csv.trigger()
    with open(tmp_path / "einheiten.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:3] == ["Typus", "Einheitennummer", "Top"]
    assert [r[1] for r in rows[1:]] == ["0001", "0002", "0003", "0004"]
    assert rows[1][7] == "68,40 m²"

    target["path"] = str(tmp_path / "einheiten")  # suffix added
    window.action_export_xlsx.trigger()
    sheet = openpyxl.load_workbook(tmp_path / "einheiten.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][7] == "Nettonutzfläche"
    assert [v[1] for v in values[1:]] == ["0001", "0002", "0003", "0004"]
    assert values[1][7] == pytest.approx(68.40)
    assert values[1][8] == 3
    assert "4 Zeilen" in window.statusBar().currentMessage()


def test_register_and_columns_remembered_per_user(ctx, portfolio, qtbot):
    first = EinheitenUebersicht(ctx, portfolio.objekt["1010"], register="bestandnehmer")
    qtbot.addWidget(first)
    first.einheiten_view.horizontalHeader().resizeSection(3, 233)
    first.einheiten_view.horizontalHeader().moveSection(12, 0)
    first.close()
    again = EinheitenUebersicht(ctx, portfolio.objekt["2020"], register=None)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 1
    header = again.einheiten_view.horizontalHeader()
    assert header.sectionSize(3) == 233
    assert header.logicalIndex(0) == 12
    assert QSettings().value(f"einheitenuebersicht/{ctx.user.login}/register") == "bestandnehmer"


def test_several_overviews_open_at_once(ctx, portfolio, qtbot):
    a = ctx.navigator.open_uebersicht(portfolio.objekt["1010"], "einheiten")
    b = ctx.navigator.open_uebersicht(portfolio.objekt["2020"], "bestandnehmer")
    assert isinstance(a, EinheitenUebersicht) and isinstance(b, EinheitenUebersicht)
    assert a.isVisible() and b.isVisible()
    assert (a.current_register(), b.current_register()) == ("einheiten", "bestandnehmer")
    assert len(texts(a.einheiten_view, "einheit_nr")) == 7
    assert texts(b.bestandnehmer_view, "name") == ["Pichler Maria"]


def test_models_pass_the_model_tester(window, qtmodeltester, qtbot):
    qtmodeltester.check(window.einheiten_model)
    click(qtbot, window.auch_inaktive_einheiten)
    qtmodeltester.check(window.einheiten_model)
    window.tabs.setCurrentIndex(1)
    qtmodeltester.check(window.bestandnehmer_model)


def test_navigation_opens_the_real_dialogs(window, bv_window, ctx, qtbot, portfolio):
    from omclient.ui.bestandsverhaeltnis.dialog import BestandsverhaeltnisDialog
    from omclient.ui.einheit.dialog import EinheitDialog
    from omclient.ui.objekt.dialog import ObjektDialog
    from omclient.ui.person.dialog import PersonDialog

    click_row(qtbot, window.einheiten_view, 0)
    click(qtbot, window.zur_einheit_button)
    click(qtbot, window.zum_objekt_button)
    click_row(qtbot, bv_window.bestandnehmer_view, 2)
    click(qtbot, bv_window.zur_person_button)
    click(qtbot, bv_window.zur_zuordnung_button)
    kinds = {type(w): w for w in ctx.navigator.open_windows}
    assert kinds[EinheitDialog].einheit_id == portfolio.einheit["1010/0001"]
    assert kinds[ObjektDialog].objekt_id == portfolio.objekt["1010"]
    assert kinds[PersonDialog].person_id == portfolio.person["Wagner"]
    assert kinds[BestandsverhaeltnisDialog].bv_id == portfolio.bv["1010/0003/1"]


def test_row_context_menu_mirrors_the_buttons(window, qtbot, opened, portfolio):
    actions = {a.text(): a for a in window.einheiten_view.actions()}
    assert list(actions) == [
        "Zur Einheit",
        "Vergabestelle zuweisen …",
        "Vergabestelle entfernen",
    ] + (["Berichte …"] if window.berichte_button is not None else [])
    assert not actions["Zur Einheit"].isEnabled()
    click_row(qtbot, window.einheiten_view, 4)
    assert actions["Zur Einheit"].isEnabled()
    actions["Zur Einheit"].trigger()
    assert opened == [("open_einheit", portfolio.einheit["1010/0005"])]


def test_berichte_opens_the_batch_dialog_for_the_selected_units(window, qtbot, portfolio):
    from omclient.ui.berichte.batch import ReportBatchDialog

    assert window.berichte_button is not None
    click_row(qtbot, window.einheiten_view, 0)
    click_row(qtbot, window.einheiten_view, 2, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, window.berichte_button)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReportBatchDialog)]
    assert len(dialogs) == 1
    assert dialogs[0].selected_ids == [
        portfolio.einheit["1010/0001"],
        portfolio.einheit["1010/0003"],
    ]
    assert len(dialogs[0].all_ids) == 8
    dialogs[0].close()
