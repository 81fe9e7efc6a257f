"""Register Eigentümer / Mieter of the Einheitenübersicht, driven as a clerk uses it.

Portfolio Objekt 1010 (today 23.11.2026): Einheiten 0001–0008, 0007 inactive;
current Bestandnehmer Huber (0001, 0006), Novak (0002), Wagner (0003, Eigentum),
Café Sonne (0005); moved out Berger (0002/1, 0004/1); Mayer (0007, inactive unit).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.uebersicht.helpers import choose, click, click_row, double_click_row, texts


def test_bestandnehmer_register_shows_current_ones(bv_window):
    w = bv_window
    assert w.tabs.currentIndex() == 1
    model = w.bestandnehmer_page.model
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
    view = w.bestandnehmer_page.view
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
    w, view = bv_window, bv_window.bestandnehmer_page.view
    click(qtbot, w.bestandnehmer_page.auch_ausgezogene)
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
    click(qtbot, w.bestandnehmer_page.auch_inaktive)
    assert len(texts(view, "name")) == 8
    assert texts(view, "name")[-1] == "Mayer Josef"
    assert w.status_label.text() == "8 Bestandnehmer"
    click(qtbot, w.bestandnehmer_page.auch_ausgezogene)
    assert "Berger Karl" not in texts(view, "name")
    assert texts(view, "name")[-1] == "Mayer Josef"
    assert w.status_label.text() == "6 Bestandnehmer (2 ausgezogene ausgeblendet)"


def test_alle_nur_eigentuemer_nur_mieter_and_bestandsart(bv_window, qtbot):
    w, view = bv_window, bv_window.bestandnehmer_page.view
    click(qtbot, w.bestandnehmer_page.eigentuemer_radio)
    assert texts(view, "name") == ["Wagner Franz"]
    assert texts(view, "typus") == ["Eigentümer"]
    click(qtbot, w.bestandnehmer_page.mieter_radio)
    assert texts(view, "name") == ["Huber Anna", "Mag. Novak Eva", "Café Sonne GmbH", "Huber Anna"]
    assert set(texts(view, "typus")) == {"Mieter"}
    click(qtbot, w.bestandnehmer_page.alle_radio)
    assert len(texts(view, "name")) == 5
    assert [
        w.bestandnehmer_page.bestandsart_combo.itemText(i)
        for i in range(w.bestandnehmer_page.bestandsart_combo.count())
    ] == [
        "(alle)",
        "Garage",
        "Geschäftsraummiete",
        "Hauptmiete",
        "Wohnungseigentum",
    ]
    choose(w.bestandnehmer_page.bestandsart_combo, "Garage")
    assert texts(view, "einheit_nr") == ["0006"]
    choose(w.bestandnehmer_page.bestandsart_combo, "Hauptmiete")
    assert texts(view, "name") == ["Huber Anna", "Mag. Novak Eva"]
    click(qtbot, w.bestandnehmer_page.auch_ausgezogene)
    assert texts(view, "name") == ["Huber Anna", "Berger Karl", "Mag. Novak Eva", "Berger Karl"]


def test_buttons_on_the_right_and_double_click(bv_window, qtbot, opened, portfolio):
    w, view = bv_window, bv_window.bestandnehmer_page.view
    buttons = (
        w.bestandnehmer_page.zur_person_button,
        w.bestandnehmer_page.zur_zuordnung_button,
        w.bestandnehmer_page.zur_einheit_button,
    )
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
    click(qtbot, w.bestandnehmer_page.eigentuemer_radio)  # Wagner stays selected after the reload
    assert [r.name for r in view.selected_rows()] == ["Wagner Franz"]
    assert all(b.isEnabled() for b in buttons)
    click(
        qtbot, w.bestandnehmer_page.mieter_radio
    )  # the selected row is gone: nothing selected, buttons off
    assert view.selected_rows() == []
    assert not any(b.isEnabled() for b in buttons)
