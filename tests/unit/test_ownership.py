"""RW ownership: one mark on the column, refused by the service layer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Boolean, Date, Integer, Numeric, String, Text, select

from omclient.domain import (
    Base,
    Bestandsverhaeltnis,
    Einheit,
    Funktion,
    Konfiguration,
    is_rw_owned,
    rw_owned_fields,
)
from omclient.domain.base import is_conditionally_rw_owned, rw_felder_fields
from omclient.domain.konfiguration import KONFIG_MIETZINS_KATEGORIE
from omclient.errors import ReadOnlyFieldError
from omclient.services.common import apply_changes


def _sample_value(column):
    if column.foreign_keys:
        return 999_999
    t = column.type
    if isinstance(t, Boolean):
        return True
    if isinstance(t, Date):
        return dt.date(2001, 2, 3)
    if isinstance(t, Numeric):
        return Decimal("1.23")
    if isinstance(t, Integer):
        return 42
    if hasattr(t, "enums") and t.enums:
        return t.enums[-1]
    if isinstance(t, String | Text):
        return "X"
    return "X"


def _rw_marked_columns():
    for mapper in Base.registry.mappers:
        for name in rw_owned_fields(mapper.class_):
            yield mapper.class_, name


def test_every_main_entity_has_rw_fields():
    assert "einheit_nr" in rw_owned_fields(Einheit)
    assert "bemerkung" not in rw_owned_fields(Einheit)
    assert "auszugsdatum" in rw_owned_fields(Bestandsverhaeltnis)
    assert len(list(_rw_marked_columns())) > 80


@pytest.mark.parametrize(
    ("model", "field"),
    [pytest.param(m, f, id=f"{m.__name__}.{f}") for m, f in _rw_marked_columns()],
)
def test_service_refuses_every_rw_marked_column(model, field):
    instance = model()
    if field in rw_felder_fields(model):
        instance.rw_felder = field
    elif is_conditionally_rw_owned(model, field):  # owned in RW's own rows: make it one
        instance.rw_schluessel, instance.tabelle = "RW-1", KONFIG_MIETZINS_KATEGORIE
    before = getattr(instance, field)
    column = model.__mapper__.attrs[field].columns[0]
    with pytest.raises(ReadOnlyFieldError) as info:
        apply_changes(instance, {field: _sample_value(column)})
    assert field in info.value.fields
    assert "d+ RW" in info.value.message
    assert getattr(instance, field) == before


def test_conditional_field_is_writable_when_rw_did_not_convert_it():
    e = Einheit(rw_felder="")
    assert not is_rw_owned(e, "stockwerk")
    assert apply_changes(e, {"stockwerk": "2. OG", "lage": "Hof"}) == ["stockwerk", "lage"]
    e2 = Einheit(rw_felder="stockwerk")
    with pytest.raises(ReadOnlyFieldError):
        apply_changes(e2, {"stockwerk": "2. OG"})


def test_mixed_change_sets_nothing(db, portfolio):
    with db.sessions.begin() as s:
        e = s.get(Einheit, portfolio.einheit["1010/0001"])
        with pytest.raises(ReadOnlyFieldError):
            apply_changes(e, {"bemerkung": "neu", "nettonutzflaeche": Decimal("1")})
        assert e.bemerkung is None
    with db.sessions() as s:
        e = s.scalar(select(Einheit).where(Einheit.id == portfolio.einheit["1010/0001"]))
        assert e.nettonutzflaeche == Decimal("68.40")


def test_is_rw_owned_on_a_class():
    assert is_rw_owned(Einheit, "top_nr")
    assert not is_rw_owned(Einheit, "bemerkung")  # an OM column
    assert not is_rw_owned(Einheit, "objekt")  # a relationship, no column
    assert not is_rw_owned(Einheit, "gibt_es_nicht")
    # conditional: the class alone says "may be RW's"; one row's rw_felder decides
    assert is_rw_owned(Einheit, "stockwerk")
    assert is_rw_owned(Einheit, "stockwerk", "mietzins_kategorie,stockwerk")
    assert is_rw_owned(Einheit, "stockwerk", {"stockwerk"})
    assert not is_rw_owned(Einheit, "stockwerk", "mietzins_kategorie")
    assert not is_rw_owned(Einheit, "stockwerk", "")
    assert is_rw_owned(Einheit, "top_nr", "")  # a plain RW column regardless of the list


def test_is_rw_owned_on_an_instance_reads_its_rw_felder():
    assert is_rw_owned(Bestandsverhaeltnis(rw_felder="bezugsdatum"), "bezugsdatum")
    assert not is_rw_owned(Bestandsverhaeltnis(rw_felder="auszugsdatum"), "bezugsdatum")
    assert not is_rw_owned(Bestandsverhaeltnis(), "bezugsdatum")  # no rw_felder yet
    assert is_rw_owned(Bestandsverhaeltnis(), "bv_nr")
    assert not is_rw_owned(Bestandsverhaeltnis(rw_felder="bemerkung"), "bemerkung")


def test_columns_of_rows_from_rw_are_owned_in_those_rows_only():
    assert is_rw_owned(Funktion, "beginn") and is_conditionally_rw_owned(Funktion, "beginn")
    assert is_rw_owned(Funktion(rw_schluessel="RW-7"), "beginn")
    assert not is_rw_owned(Funktion(), "beginn")  # a Funktion entered in OM
    assert not is_rw_owned(Funktion(rw_schluessel="RW-7"), "bemerkung")
    assert is_rw_owned(Konfiguration(tabelle=KONFIG_MIETZINS_KATEGORIE), "wert")
    assert not is_rw_owned(Konfiguration(tabelle=1302), "wert")
    assert rw_felder_fields(Funktion) == []
    assert rw_felder_fields(Einheit) == ["stockwerk", "mietzins_kategorie"]


BOOKKEEPING_EXPECTED = {"id", "version", "rw_felder", "rw_fingerprint"}


def test_generic_change_refuses_every_bookkeeping_column_of_every_model():
    """Walks every mapped column: ids, versions, RW bookkeeping and change stamps are
    refused, RW-owned columns are refused as RW's, every other column is accepted."""
    from omclient.domain.base import is_bookkeeping
    from omclient.errors import ValidationError

    seen_bookkeeping: set[str] = set()
    for mapper in Base.registry.mappers:
        model = mapper.class_
        for attr in mapper.column_attrs:
            name = attr.key
            entity = model()
            before = getattr(entity, name)
            if is_bookkeeping(model, name):
                seen_bookkeeping.add(name)
                with pytest.raises(ValidationError, match="führt omclient selbst"):
                    apply_changes(entity, {name: _sample_value(attr.columns[0])})
                assert getattr(entity, name) == before, (model.__name__, name)
            elif is_rw_owned(entity, name):
                with pytest.raises(ReadOnlyFieldError):
                    apply_changes(entity, {name: _sample_value(attr.columns[0])})
            else:
                apply_changes(entity, {name: before})
    assert BOOKKEEPING_EXPECTED <= seen_bookkeeping


def test_rw_felder_cannot_be_written_first_to_open_an_rw_field(db, portfolio):
    """The attack of issue [K]: clear rw_felder, then overwrite a field d+ RW delivered."""
    from omclient.errors import ValidationError

    with db.sessions() as session:
        einheit = session.scalars(select(Einheit).where(Einheit.rw_felder != "")).first()
        assert einheit is not None
        converted = sorted(einheit.rw_converted())[0]
        with pytest.raises(ValidationError):
            apply_changes(einheit, {"rw_felder": ""})
        with pytest.raises(ReadOnlyFieldError):
            apply_changes(einheit, {converted: getattr(einheit, converted)})
        assert converted in einheit.rw_converted()
