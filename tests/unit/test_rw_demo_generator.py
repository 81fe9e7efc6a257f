"""The demo RW export: exactly N units, realistic mix, the big Objekt."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

from omclient.demo.generator import BIG_OBJEKT_NR, write_rw_export

STICHTAG = dt.date(2026, 11, 23)


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def test_export_has_exactly_n_units_and_a_realistic_mix(tmp_path: Path) -> None:
    umfang = write_rw_export(tmp_path, units=1500, seed=4, stichtag=STICHTAG)

    einheiten = _rows(tmp_path, "einheiten.csv")
    assert len(einheiten) == umfang.einheiten == 1500
    arten = Counter(e["einheitsart"] for e in einheiten)
    assert arten["Wohnung"] > 1000 and arten["Garage"] > 0 and arten["Lokal"] > 0
    assert {e["ort"] for e in einheiten} == {"Wien", "Graz", "Linz", "Innsbruck", "Salzburg"}
    assert {e["mandant_nr"] for e in einheiten} == {"01", "02", "03"}
    assert any(e["aktiv"] == "nein" for e in einheiten)

    bvs = _rows(tmp_path, "bestandsverhaeltnisse.csv")
    assert 2.0 <= len(bvs) / len(einheiten) <= 2.6
    last: dict[tuple[str, str, str], dict[str, str]] = {}
    for bv in bvs:
        last[(bv["mandant_nr"], bv["objekt_nr"], bv["einheit_nr"])] = bv
    moved_out = [bv for bv in bvs if bv["auszugsdatum"]]
    assert len(moved_out) > len(einheiten) // 2
    vacant = sum(1 for bv in last.values() if bv["auszugsdatum"])
    assert 0.02 <= vacant / len(last) <= 0.09

    personen = _rows(tmp_path, "personen.csv")
    with_mail = sum(1 for p in personen if p["email"])
    assert 0.4 < with_mail / len(personen) < 0.85
    codes = {f["code"] for f in _rows(tmp_path, "funktionen.csv")}
    assert {"31000", "61000"} <= codes
    assert _rows(tmp_path, "verkettungen.csv")
    assert {v["bv_nr"] for v in _rows(tmp_path, "vorschreibungen.csv")} >= {""}
    assert len(_rows(tmp_path, "buchungen.csv")) > 10 * len(einheiten)


def test_big_objekt_holds_the_requested_units(tmp_path: Path) -> None:
    write_rw_export(tmp_path, units=700, seed=1, stichtag=STICHTAG, big_objekt=400)

    einheiten = _rows(tmp_path, "einheiten.csv")
    assert len(einheiten) == 700
    big = [e for e in einheiten if e["objekt_nr"] == BIG_OBJEKT_NR]
    assert len(big) == 400 and {e["mandant_nr"] for e in big} == {"01"}


def test_export_is_the_same_for_any_number_of_processes(tmp_path: Path) -> None:
    one = write_rw_export(tmp_path / "one", units=600, seed=7, stichtag=STICHTAG, workers=1)
    two = write_rw_export(tmp_path / "two", units=600, seed=7, stichtag=STICHTAG, workers=2)

    assert one == two
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), (
            name
        )


def test_record_numbers_are_unique_and_readable(tmp_path: Path) -> None:
    write_rw_export(tmp_path, units=900, seed=2, stichtag=STICHTAG, workers=2)

    personen = [(p["mandant_nr"], p["person_nr"]) for p in _rows(tmp_path, "personen.csv")]
    assert len(set(personen)) == len(personen)
    assert all(re.fullmatch(r"P\d{7}", nr) for _m, nr in personen)
    buchungen = [b["buchungs_nr"] for b in _rows(tmp_path, "buchungen.csv")]
    assert len(set(buchungen)) == len(buchungen)
    funktionen = [f["rw_schluessel"] for f in _rows(tmp_path, "funktionen.csv")]
    assert len(set(funktionen)) == len(funktionen)
    # Every tenancy refers to a person of its own Mandant.
    bvs = _rows(tmp_path, "bestandsverhaeltnisse.csv")
    assert {(bv["mandant_nr"], bv["person_nr"]) for bv in bvs} <= set(personen)
