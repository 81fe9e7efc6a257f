"""The field declarations the dialogs and the printouts share."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from omclient.services import felder

FORMULARE = {
    name: value for name, value in vars(felder).items() if isinstance(value, felder.Formular)
}


@pytest.mark.parametrize("name", sorted(FORMULARE))
def test_every_field_is_an_attribute_of_its_model(name):
    formular = FORMULARE[name]
    attrs = set(inspect(formular.model).attrs.keys())
    missing = [f.name for f in formular.felder if f.name not in attrs]
    assert not missing, f"{name}: {missing}"


@pytest.mark.parametrize("name", sorted(FORMULARE))
def test_names_are_unique_per_form(name):
    formular = FORMULARE[name]
    names = formular.namen()
    assert len(names) == len(set(names))


def test_bereiche_keep_the_dialog_order():
    assert felder.EINHEIT.namen("Adresse") == [
        "strasse",
        "hausnummer",
        "stiege",
        "tuer",
        "plz",
        "ort",
        "land",
    ]
    assert felder.EINHEIT.label("einheit_nr") == "Wohnungsnummer"
    assert felder.ZAHLUNG.namen("SEPA-Lastschriftmandat") == ["mandatsreferenz", "mandatsdatum"]
    with pytest.raises(KeyError):
        felder.KAUTION["gibt_es_nicht"]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown field format"):
        felder.Feld("x", "X", "farbe")
