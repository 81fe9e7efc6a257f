"""The RW import's fast path accepts only what the row models accept, with the same values.

For every file of the format: the generated converter of
``omclient.rw.fastpath`` either declines a record (the row model decides) or
returns exactly the values pydantic would, and canonical texts equal to what
the exporter would write for them — checked on the sample export and on
records with one field replaced by random or tricky text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from omclient.rw.fastpath import columns_of, converter, fingerprint
from omclient.rw.format import FILES, FileSpec, canon
from omclient.rw.reader import Fehlerliste, validate
from omclient.rw.run import _typed_columns
from tests.support.rw_sample import sample_records

SPECS = {spec.name: spec for spec in FILES}

TRICKY = [
    "",
    " ",
    "ja",
    "nein",
    "Ja",
    "0",
    "-0",
    "007",
    "12",
    "-12",
    "1234567890",
    "0,00",
    "-0,00",
    "12,5",
    "12,50",
    "12,505",
    "1.234,56",
    "01,00",
    "99999999999,99",
    "9999999999,99",
    "100,00",
    "100,01",
    "-1,00",
    " 12,50",
    "12.50",
    "31.02.2020",
    "29.02.2024",
    "29.02.2023",
    "01.01.0000",
    " 1.02.2020",
    "1.2.2020",
    "01.01.2020 ",
    "٠١.٠١.٢٠٢٠",  # Arabic-Indic digits
    "²1.01.2020",
    "Miete",
    "Eigentum",
    "miete",
    "Wohnung",
    "Grundmiete",
    "31000",
    "99999",
    "x" * 21,
    "x" * 200,
    "x" * 201,
    " Text",
    "Text ",
    "\u00a0Text",
    "Text\x1f",
    "Zeile\nZeile",
    "Ä",
]


def _texts(spec: FileSpec, record: dict[str, Any]) -> list[str]:
    return [canon(record.get(column)) for column in spec.columns]


def _slow(spec: FileSpec, fields: list[str]) -> tuple[dict[str, Any], list[str]] | None:
    """What the importer does without the fast path: the row model and canon()."""
    header = {column: i for i, column in enumerate(spec.columns)}
    model = validate(spec, header, 2, fields, Fehlerliste())
    if model is None:
        return None
    values = dict(model)
    canonical = [
        canon(values[c]) if typed else fields[i].strip()
        for i, (c, typed) in enumerate(_typed_columns(spec))
    ]
    return values, canonical


def _check(spec: FileSpec, fields: list[str]) -> bool:
    """Fast and slow agree; returns whether the fast path took the record."""
    fast = converter(spec)(list(fields))
    slow = _slow(spec, list(fields))
    if fast is None:
        return False
    assert slow is not None, f"{spec.name}: fast path accepted what the model refuses: {fields}"
    fast_values, fast_canonical = fast
    slow_values, slow_canonical = slow
    assert fast_values == slow_values
    for column in spec.columns:
        assert type(fast_values[column]) is type(slow_values[column]), column
    assert list(fast_canonical) == slow_canonical
    return True


def test_every_column_of_every_file_has_a_fast_path() -> None:
    for spec in FILES:
        assert [c.name for c in columns_of(spec) if not c.kind] == [], spec.name


@pytest.mark.parametrize("name", list(SPECS))
def test_the_sample_export_takes_the_fast_path_with_the_models_values(name: str) -> None:
    spec = SPECS[name]
    records = sample_records()[name]
    assert records
    for record in records:
        assert _check(spec, _texts(spec, record)), record


def test_fast_path_declines_what_it_does_not_know_for_sure() -> None:
    spec = SPECS["buchungen.csv"]
    base = _texts(spec, sample_records()["buchungen.csv"][0])
    at = spec.columns.index
    for column, text in [
        ("datum", "31.02.2020"),
        ("datum", " 01.02.2020"),
        ("soll", "1.234,56"),
        ("soll", "12,5"),
        ("text", ""),
        ("text", " Miete"),
    ]:
        fields = list(base)
        fields[at(column)] = text
        assert converter(spec)(fields) is None, (column, text)
        _check(spec, fields)


@pytest.mark.parametrize("name", list(SPECS))
def test_every_tricky_text_in_every_column_agrees_with_the_model(name: str) -> None:
    spec = SPECS[name]
    base = _texts(spec, sample_records()[name][0])
    taken = 0
    for index in range(len(base)):
        for text in TRICKY:
            fields = list(base)
            fields[index] = text
            taken += _check(spec, fields)
    assert taken  # the sweep reached the fast path, not only the model


def test_default_values_are_canonical_texts() -> None:
    spec = SPECS["buchungen.csv"]
    fields = _texts(spec, sample_records()["buchungen.csv"][0])
    fields[spec.columns.index("haben")] = ""
    result = converter(spec)(fields)
    assert result is not None
    values, canonical = result
    assert values["haben"] == Decimal("0")
    assert canonical[spec.columns.index("haben")] == "0,00"
    assert fields[spec.columns.index("haben")] == ""  # the record itself is not touched


def test_fingerprint_is_stable_and_tells_fields_apart() -> None:
    assert fingerprint(["a", "b"]) == fingerprint(["a", "b"])
    assert fingerprint(["a", "b"]) != fingerprint(["ab", ""])
    assert fingerprint(["a;b"]) != fingerprint(["a", "b"])
    # A fixed value: fingerprints are stored, so they must not change between versions.
    assert fingerprint(["01", "1010", "0001"]) == fingerprint(["01", "1010", "0001"])
    assert -(2**63) <= fingerprint(["x"]) < 2**63


_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=12),
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}"),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(
        lambda d: f"{d:f}".replace(".", ",")
    ),
    st.integers(-(10**10), 10**10).map(str),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_one_mangled_field_never_makes_fast_and_slow_disagree(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(list(SPECS)))
    spec = SPECS[name]
    records = sample_records()[name]
    fields = _texts(spec, data.draw(st.sampled_from(records)))
    index = data.draw(st.integers(0, len(fields) - 1))
    fields[index] = data.draw(_text)
    _check(spec, fields)
