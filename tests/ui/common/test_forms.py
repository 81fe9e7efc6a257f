"""The RW-aware form: ownership from the one mark, values parsed, bad input named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget

from omclient.domain import Einheit
from omclient.errors import ValidationError
from omclient.ui.common.forms import EntityForm, Field

FIELDS = [
    Field("einheit_nr", "Wohnungsnummer"),
    Field("stockwerk", "Stockwerk", "choice", choices=(("EG", "EG"), ("1. OG", "1. OG"))),
    Field("lage", "Lage"),
    Field("datum_erstvermietung", "Datum Erstvermietung", "date"),
    Field("nettonutzflaeche", "Nettonutzfläche", "decimal", suffix="m²"),
    Field("behindertengerecht", "behindertengerecht", "bool"),
]


@pytest.fixture
def form(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    f = EntityForm(Einheit, FIELDS, host)
    host.setLayout(f.form_layout())
    yield f  # the generator keeps ``host`` alive for the test


def test_rw_fields_are_greyed_and_italic(form):
    form.load(
        Einheit(
            einheit_nr="0001",
            stockwerk="EG",
            rw_felder="stockwerk",
            lage="Hof",
            nettonutzflaeche=Decimal("68.4"),
        )
    )
    for name in ("einheit_nr", "stockwerk", "nettonutzflaeche"):
        assert not form.editor(name).isEnabled(), name
        assert form.label(name).font().italic(), name
        assert "d+ RW" in form.label(name).toolTip()
    for name in ("lage", "datum_erstvermietung", "behindertengerecht"):
        assert form.editor(name).isEnabled(), name
        assert not form.label(name).font().italic(), name
    assert form.editor("nettonutzflaeche").text() == "68,40 m²"


def test_conditional_field_is_editable_when_rw_did_not_convert_it(form):
    form.load(Einheit(einheit_nr="0007", stockwerk=None, rw_felder=""))
    assert form.editor("stockwerk").isEnabled()
    assert not form.label("stockwerk").font().italic()


def test_values_contain_only_editable_fields_parsed(form, qtbot):
    form.load(Einheit(einheit_nr="0001", rw_felder="", lage=None))
    line = form.editor("datum_erstvermietung")
    assert isinstance(line, QLineEdit)
    qtbot.keyClicks(line, "01.03.2020")
    qtbot.keyClicks(form.editor("lage"), "Hof")
    values = form.values()
    assert values["datum_erstvermietung"] == dt.date(2020, 3, 1)
    assert values["lage"] == "Hof"
    assert "einheit_nr" not in values
    assert form.is_dirty()
    assert form.values(only_changed=True).keys() == {"datum_erstvermietung", "lage"}


def test_bad_date_is_refused_with_the_label(form, qtbot):
    form.load(Einheit(einheit_nr="0001", rw_felder=""))
    qtbot.keyClicks(form.editor("datum_erstvermietung"), "31.02.2020")
    with pytest.raises(
        ValidationError, match=r"Datum Erstvermietung: „31\.02\.2020“ ist kein gültiges Datum"
    ):
        form.values()
