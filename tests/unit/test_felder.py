"""The field declarations the dialogs and the printouts share."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from omclient.domain.enums import InfoArt
from omclient.services import felder, infogrid

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


@pytest.mark.parametrize("art", list(InfoArt))
def test_infogrid_forms_mark_required_fields_and_offer_the_auftrag_status(art):
    formular = infogrid.formular(art)
    attrs = set(inspect(formular.model).attrs.keys())
    assert {f.name for f in formular.felder} <= attrs
    for feld, info in zip(formular.felder, infogrid.FELDER[art], strict=True):
        assert feld.label.endswith(" *") == info.pflicht
    if art is InfoArt.AUFTRAG:
        status = formular["status"]
        assert status.format == "choice"
        assert [v for _, v in status.choices or ()] == list(infogrid.AUFTRAG_STATUS)
