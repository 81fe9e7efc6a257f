"""The exchange format's parsing and canonical text, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omclient.domain.enums import Einheitsart
from omclient.rw.format import (
    EinheitRow,
    Manifest,
    canon,
    parse_rw_bool,
    parse_rw_date,
    parse_rw_decimal,
)


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_dates_survive_the_canonical_text(day: dt.date) -> None:
    assert parse_rw_date(canon(day)) == day


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_amounts_survive_the_canonical_text(value: Decimal) -> None:
    text = canon(value)
    assert "." not in text
    assert parse_rw_decimal(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02.2020", "„31.02.2020“ ist kein gültiges Datum"),
        ("2020-02-01", "„2020-02-01“ ist kein Datum im Format TT.MM.JJJJ"),
        ("1.2.2020", "„1.2.2020“ ist kein Datum im Format TT.MM.JJJJ"),
    ],
)
def test_bad_dates_get_german_messages(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_rw_date(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.234,56", Decimal("1234.56")), ("72,4", Decimal("72.4")), ("-5", Decimal("-5"))],
)
def test_amounts_with_decimal_comma(text: str, value: Decimal) -> None:
    assert parse_rw_decimal(text) == value


@pytest.mark.parametrize("text", ["12.5", "1,2,3", "abc", "1.23,4"])
def test_amounts_in_other_notations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="kein Betrag mit Dezimalkomma"):
        parse_rw_decimal(text)


def test_booleans_are_ja_and_nein() -> None:
    assert parse_rw_bool("ja") is True and parse_rw_bool("Nein") is False
    assert canon(True) == "ja" and canon(False) == "nein"
    with pytest.raises(ValueError, match="weder ja noch nein"):
        parse_rw_bool("vielleicht")


def test_row_models_strip_and_default() -> None:
    row = EinheitRow.model_validate(
        {
            "mandant_nr": " 01 ",
            "objekt_nr": "1010",
            "einheit_nr": "0001",
            "typus": "Miete",
            "einheitsart": "Garage",
            "nettonutzflaeche": "15,50",
        }
    )
    assert row.mandant_nr == "01"
    assert row.einheitsart is Einheitsart.GARAGE
    assert row.land == "AUT" and row.aktiv is True
    assert canon(row.nettonutzflaeche) == "15,50"


def test_manifest_accepts_a_single_mandant() -> None:
    manifest = Manifest.model_validate(
        {
            "format_version": "1",
            "mandant": "01",
            "exported_at": "2026-11-22T02:00:00",
            "kind": "delta",
            "dateien": {"einheiten.csv": {"zeilen": 3}},
        }
    )
    assert manifest.mandanten == ["01"]


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(["a", "ä", " ", ";", '"', "\n", "\r", "€"]), max_size=8),
        min_size=2,
        max_size=2,
    )
)
def test_export_writer_texts_read_back_as_written(texts: list[str]) -> None:
    """Plain lines are written directly, the rest quoted as csv does: both read back."""
    import csv
    import tempfile
    from pathlib import Path

    from omclient.rw.exporter import ExportWriter

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        with ExportWriter(folder, mandanten=["01"], files=["sachbereiche.csv"]) as writer:
            writer.row("sachbereiche.csv", texts)
            writer.row("sachbereiche.csv", ["BK", "Betriebskosten"])
        with (folder / "sachbereiche.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
    assert rows[1:] == [texts, ["BK", "Betriebskosten"]]
