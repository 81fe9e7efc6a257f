"""The RW import on both databases: upsert, ownership, deactivation, all-or-nothing."""

from __future__ import annotations

import copy
import datetime as dt
import gc
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from omclient import domain as d
from omclient.clock import Clock
from omclient.db import Database
from omclient.domain.base import is_rw_owned
from omclient.domain.enums import ImportErgebnis
from omclient.errors import ValidationError
from omclient.rw.exporter import write_export
from omclient.rw.format import FILES
from omclient.rw.importer import ImportAbgebrochen, import_export, import_history
from omclient.rw.targets import TARGETS, written_columns
from omclient.services.stats import entity_counts
from tests.support.rw_sample import EXPORTED_AT, find, sample_records

CLOCK = Clock.fixed(dt.datetime(2026, 11, 23, 3, 0))


def _write(tmp: Path, name: str, records: dict[str, list[dict[str, Any]]], **kw: Any) -> Path:
    kw.setdefault("mandanten", ["01"])
    kw.setdefault("exported_at", EXPORTED_AT)
    return write_export(tmp / name, records, **kw)


def _import(db: Database, path: Path, **kw: Any):
    return import_export(db.sessions, path, benutzer="test", clock=CLOCK, **kw)


def _counts(result: Any) -> dict[str, tuple[int, int, int, int]]:
    return {
        e.datei.removesuffix(".csv"): (e.neu, e.geaendert, e.unveraendert, e.deaktiviert)
        for e in result.entitaeten
    }


def _einheit(db: Database, nr: str, objekt: str = "1010") -> d.Einheit:
    with db.sessions() as session:
        einheit = session.scalars(
            select(d.Einheit)
            .join(d.Objekt)
            .where(d.Objekt.objekt_nr == objekt, d.Einheit.einheit_nr == nr)
        ).one()
        session.expunge(einheit)
        return einheit


def _bv(db: Database, einheit_nr: str, bv_nr: str) -> d.Bestandsverhaeltnis:
    with db.sessions() as session:
        bv = session.scalars(
            select(d.Bestandsverhaeltnis)
            .join(d.Einheit)
            .where(d.Einheit.einheit_nr == einheit_nr, d.Bestandsverhaeltnis.bv_nr == bv_nr)
        ).one()
        session.expunge(bv)
        return bv


def _stats(db: Database) -> dict[str, int]:
    with db.sessions() as session:
        return entity_counts(session)


def test_first_import_creates_everything_and_second_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    path = _write(tmp_path, "export", sample_records())

    first = _import(db, path)

    counts = _counts(first)
    assert counts["einheiten"] == (3, 0, 0, 0)
    assert counts["bestandsverhaeltnisse"] == (4, 0, 0, 0)
    assert counts["buchungen"] == (2, 0, 0, 0)
    stats = _stats(db)
    assert stats["einheiten"] == 3
    assert stats["personen"] == 4
    assert stats["verkettungen"] == 1
    assert stats["funktionen"] == 1

    second = _import(db, path)

    assert second.aenderungen == 0
    assert second.unveraendert == first.neu
    assert _stats(db) == stats


def test_imported_values_land_with_their_types(db: Database, tmp_path: Path) -> None:
    _import(db, _write(tmp_path, "export", sample_records()))

    einheit = _einheit(db, "0001")
    assert einheit.nettonutzflaeche == Decimal("72.40")
    assert einheit.erstbezug == dt.date(1998, 3, 1)
    assert einheit.stockwerk == "EG"
    assert einheit.mietzins_kategorie == "Kategorie A"  # RW code A through table 93106
    assert einheit.heizkostenfirma == "Wien Energie"
    assert einheit.rw_converted() == {"stockwerk", "mietzins_kategorie"}
    novak = _bv(db, "0002", "2")
    assert novak.befristung_bis == dt.date(2027, 7, 31)
    assert novak.rw_converted() == {"bezugsdatum", "befristung_bis"}
    with db.sessions() as session:
        funktion = session.scalars(select(d.Funktion)).one()
        assert funktion.funktionsart.code == "31000"
        assert funktion.funktionsart.aus_rw is True
        verkettung = session.scalars(select(d.Verkettung)).one()
        assert verkettung.haupt.bv_nr == "2"
        assert verkettung.sub.einheit.einheit_nr == "0003"


def test_zip_export_is_imported_like_a_folder(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "export.zip", sample_records())

    result = _import(db, path)

    assert path.suffix == ".zip"
    assert _counts(result)["personen"] == (4, 0, 0, 0)


CHANGED_EINHEIT = {
    "top_nr": "1a",
    "gebaeudeteil": "Haus B",
    "typus": "Eigentum",
    "einheitsart": "Büro",
    "raeume": 4,
    "wohnungscode": "W4",
    "nettonutzflaeche": Decimal("80.15"),
    "stockwerk": "1. OG",
    "erstbezug": dt.date(1999, 1, 1),
    "status": "gekündigt",
    "bestandsart": "Geschäftsraummiete",
    "mietzins_kategorie": "RW9",
    "strasse": "Brünner Straße",
    "hausnummer": "7",
    "stiege": "2",
    "tuer": "11",
    "plz": "1210",
    "ort": "Wien-Floridsdorf",
    "land": "DEU",
    "heizkostenordnungsbegriff": "HKO-2",
    "heizkostenfirma": "Techem",
    "bemerkung_fibu": "Mahnsperre",
    "aktiv": False,
}
EXPECTED_DB = {"mietzins_kategorie": "Richtwertmietzins"}


def test_every_rw_field_of_a_changed_einheit_lands(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    before = _einheit(db, "0001")
    find(records, "einheiten.csv", einheit_nr="0001").update(CHANGED_EINHEIT)

    result = _import(db, _write(tmp_path, "v2", records))

    assert _counts(result)["einheiten"] == (0, 1, 2, 0)
    after = _einheit(db, "0001")
    for field, value in CHANGED_EINHEIT.items():
        assert getattr(after, field) == EXPECTED_DB.get(field, value), field
    assert after.version == before.version + 1  # open editors get a conflict


def test_file_columns_cover_every_rw_owned_column() -> None:
    """Each RW-marked column has a source in the exchange format (nothing is left out)."""
    fk_sources = {
        "mandant_id": "mandant_nr",
        "objekt_id": "objekt_nr",
        "sachbereich_id": "sachbereich",
        "einheit_id": "einheit_nr",
        "person_id": "person_nr",
        "bestandsverhaeltnis_id": "bv_nr",
        "haupt_bv_id": "haupt_bv_nr",
        "sub_bv_id": "sub_bv_nr",
        "funktionsart_id": "code",
    }
    for target in TARGETS:
        renamed = {table: file for file, table in target.columns.items()}
        for column in written_columns(target):
            if column in target.fixed:
                continue
            source = renamed.get(column, fk_sources.get(column, column))
            assert source in target.spec.columns, (target.spec.name, column)


@pytest.mark.parametrize(
    ("file", "match", "changes", "model_check"),
    [
        (
            "personen.csv",
            {"person_nr": "P002"},
            {
                "vorname": "Karl-Heinz",
                "email": "kh@example.at",
                "geburtsdatum": dt.date(1970, 1, 2),
            },
            (d.Person, "person_nr", "P002"),
        ),
        (
            "objekte.csv",
            {"objekt_nr": "1010"},
            {"bezeichnung": "WA Donaufeld Neu", "baujahr": 1996, "plz": "1211"},
            (d.Objekt, "objekt_nr", "1010"),
        ),
        (
            "buchungen.csv",
            {"buchungs_nr": "01-000002"},
            {"haben": Decimal("700.00"), "text": "Teilzahlung"},
            (d.Buchung, "buchungs_nr", "01-000002"),
        ),
        (
            "mandanten.csv",
            {"mandant_nr": "01"},
            {"name": "GWB Wien", "uid_nr": "ATU99999999"},
            (d.Mandant, "mandant_nr", "01"),
        ),
    ],
)
def test_changed_fields_of_other_files_land(
    db: Database,
    tmp_path: Path,
    file: str,
    match: dict[str, Any],
    changes: dict[str, Any],
    model_check: tuple[type[d.Base], str, str],
) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    find(records, file, **match).update(changes)

    result = _import(db, _write(tmp_path, "v2", records))

    assert result.geaendert == 1
    model, key, value = model_check
    with db.sessions() as session:
        row = session.scalars(select(model).where(getattr(model, key) == value)).one()
        for field, expected in changes.items():
            assert getattr(row, field) == expected, field


def test_om_owned_fields_survive_a_reimport(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    with db.sessions.begin() as session:
        einheit = session.scalars(select(d.Einheit).where(d.Einheit.einheit_nr == "0001")).one()
        stiege = session.scalars(select(d.Stiegenhaus)).one()
        einheit.bemerkung = "Schlüssel beim Hausbesorger"
        einheit.stiegenhaus_id = stiege.id
        einheit.kategorie = "B"
        einheit.indiv_daten_1 = "FW-123"
        einheit.lage = "Hof"
        bv = session.scalars(
            select(d.Bestandsverhaeltnis).where(d.Bestandsverhaeltnis.person_id.is_not(None))
        ).first()
        assert bv is not None
        bv.bemerkung = "Ratenvereinbarung"
        bv.unterbestandsart = "Dienstwohnung"
        bv_id = bv.id
    assert not is_rw_owned(d.Einheit, "bemerkung")
    row = find(records, "einheiten.csv", einheit_nr="0001")
    row.update({"top_nr": "1A", "bemerkung_fibu": "neu"})
    for bv_row in records["bestandsverhaeltnisse.csv"]:
        bv_row["bestandsart"] = "Hauptmiete neu"

    _import(db, _write(tmp_path, "v2", records))

    after = _einheit(db, "0001")
    assert after.top_nr == "1A"
    assert after.bemerkung == "Schlüssel beim Hausbesorger"
    assert after.stiegenhaus_id is not None
    assert (after.kategorie, after.indiv_daten_1, after.lage) == ("B", "FW-123", "Hof")
    with db.sessions() as session:
        bv_after = session.get(d.Bestandsverhaeltnis, bv_id)
        assert bv_after is not None
        assert bv_after.bestandsart == "Hauptmiete neu"
        assert (bv_after.bemerkung, bv_after.unterbestandsart) == (
            "Ratenvereinbarung",
            "Dienstwohnung",
        )


def test_conditional_fields_keep_om_values_until_rw_delivers_one(
    db: Database, tmp_path: Path
) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    # Einheit 0002 came without Stockwerk: OM fills it.
    assert _einheit(db, "0002").rw_converted() == {"mietzins_kategorie"}
    with db.sessions.begin() as session:
        einheit = session.scalars(select(d.Einheit).where(d.Einheit.einheit_nr == "0002")).one()
        einheit.stockwerk = "3. OG"

    unchanged = _import(db, _write(tmp_path, "v2", records))

    assert unchanged.aenderungen == 0
    assert _einheit(db, "0002").stockwerk == "3. OG"

    find(records, "einheiten.csv", einheit_nr="0002")["stockwerk"] = "1. OG"
    _import(db, _write(tmp_path, "v3", records))
    converted = _einheit(db, "0002")
    assert converted.stockwerk == "1. OG"
    assert is_rw_owned(converted, "stockwerk")

    find(records, "einheiten.csv", einheit_nr="0002")["stockwerk"] = None
    _import(db, _write(tmp_path, "v4", records))
    released = _einheit(db, "0002")
    assert released.stockwerk is None
    assert not is_rw_owned(released, "stockwerk")


def test_missing_bezugsdatum_leaves_the_om_value(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    find(records, "bestandsverhaeltnisse.csv", einheit_nr="0003", bv_nr="1")["bezugsdatum"] = None
    _import(db, _write(tmp_path, "v1", records))
    with db.sessions.begin() as session:
        bv = session.scalars(
            select(d.Bestandsverhaeltnis).join(d.Einheit).where(d.Einheit.einheit_nr == "0003")
        ).one()
        assert not is_rw_owned(bv, "bezugsdatum")
        bv.bezugsdatum = dt.date(2010, 3, 1)

    _import(db, _write(tmp_path, "v2", records))

    assert _bv(db, "0003", "1").bezugsdatum == dt.date(2010, 3, 1)


def test_full_export_deactivates_missing_records_and_deletes_nothing(
    db: Database, tmp_path: Path
) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    records["einheiten.csv"] = [r for r in records["einheiten.csv"] if r["einheit_nr"] != "0003"]
    records["bestandsverhaeltnisse.csv"] = [
        r for r in records["bestandsverhaeltnisse.csv"] if r["einheit_nr"] != "0003"
    ]
    records["verkettungen.csv"] = []
    records["funktionen.csv"] = []

    result = _import(db, _write(tmp_path, "v2", records))

    counts = _counts(result)
    assert counts["einheiten"] == (0, 0, 2, 1)
    assert counts["bestandsverhaeltnisse"] == (0, 0, 3, 1)
    assert counts["verkettungen"][3] == 1
    assert counts["funktionen"][3] == 1
    assert _stats(db)["einheiten"] == 3
    lokal = _einheit(db, "0003")
    assert lokal.aktiv is False
    assert _bv(db, "0003", "1").aktiv is False
    with db.sessions() as session:
        funktion = session.scalars(select(d.Funktion)).one()
        assert funktion.ende == EXPORTED_AT.date()

    again = _import(db, _write(tmp_path, "v3", records))
    assert again.aenderungen == 0


def test_delta_export_deactivates_nothing(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    row = find(records, "einheiten.csv", einheit_nr="0001")
    row["heizkostenfirma"] = "ista Österreich"
    delta = {
        "mandanten.csv": records["mandanten.csv"],
        "einheiten.csv": [row],
    }

    result = _import(db, _write(tmp_path, "delta", delta, kind="delta"))

    assert result.art == "delta"
    assert _counts(result)["einheiten"] == (0, 1, 0, 0)
    assert result.deaktiviert == 0
    assert _einheit(db, "0003").aktiv is True
    assert _einheit(db, "0001").heizkostenfirma == "ista Österreich"


def test_other_mandanten_are_not_touched_by_a_full_export(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    other = sample_records("02")
    _import(db, _write(tmp_path, "m1", records))
    _import(db, _write(tmp_path, "m2", other, mandanten=["02"]))
    records["einheiten.csv"] = records["einheiten.csv"][:1]
    records["bestandsverhaeltnisse.csv"] = records["bestandsverhaeltnisse.csv"][:1]
    records["verkettungen.csv"] = []
    records["funktionen.csv"] = []
    records["vorschreibungen.csv"] = []
    records["buchungen.csv"] = []

    result = _import(db, _write(tmp_path, "m1b", records))

    assert _counts(result)["einheiten"] == (0, 0, 1, 2)
    with db.sessions() as session:
        aktive = session.scalars(
            select(d.Einheit.einheit_nr)
            .join(d.Objekt)
            .join(d.Mandant)
            .where(d.Mandant.mandant_nr == "02", d.Einheit.aktiv.is_(True))
        ).all()
    assert sorted(aktive) == ["0001", "0002", "0003"]


def test_mietzins_kategorie_follows_the_om_mapping_of_table_93106(
    db: Database, tmp_path: Path
) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    with db.sessions.begin() as session:
        row = session.scalars(
            select(d.Konfiguration).where(
                d.Konfiguration.tabelle == 93106, d.Konfiguration.schluessel == "A"
            )
        ).one()
        row.wert = "Ausstattungskategorie A"

    result = _import(db, _write(tmp_path, "v2", records))

    assert _counts(result)["mietzinskategorien"] == (0, 0, 2, 0)
    assert _counts(result)["einheiten"] == (0, 1, 2, 0)
    assert _einheit(db, "0001").mietzins_kategorie == "Ausstattungskategorie A"


def test_dry_run_counts_but_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "export", sample_records())

    result = _import(db, path, dry_run=True)

    assert result.probelauf is True
    assert _counts(result)["einheiten"] == (3, 0, 0, 0)
    assert _stats(db)["einheiten"] == 0
    history = import_history(db.sessions)
    assert history[0].ergebnis is ImportErgebnis.PROBELAUF
    assert history[0].neu == result.neu


def test_cancel_rolls_back_everything(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    template = records["buchungen.csv"][0]
    records["buchungen.csv"] = [
        {**template, "buchungs_nr": f"01-{n:06d}", "datum": dt.date(2026, 1, 1)}
        for n in range(1, 5001)
    ]
    path = _write(tmp_path, "export", records)
    cancel = threading.Event()

    def progress(done: int, total: int, text: str) -> None:
        if done >= 2000:
            cancel.set()

    with pytest.raises(ImportAbgebrochen):
        _import(db, path, progress=progress, cancel=cancel)

    assert _stats(db)["einheiten"] == 0
    assert import_history(db.sessions)[0].ergebnis is ImportErgebnis.ABGEBROCHEN


def test_each_run_is_recorded(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "export", sample_records())
    _import(db, path)
    _import(db, path)

    runs = import_history(db.sessions)

    assert [r.ergebnis for r in runs] == [ImportErgebnis.ERFOLGREICH] * 2
    total = sum(len(rows) for rows in sample_records().values())
    assert runs[1].neu == total and runs[0].neu == 0 and runs[0].unveraendert == total
    assert runs[0].datei_hash == runs[1].datei_hash and len(runs[0].datei_hash) == 64
    assert runs[0].benutzer == "test"
    assert runs[0].art == "full" and runs[0].mandant_nr == "01"


def _error_of(db: Database, path: Path) -> ValidationError:
    before = _stats(db)
    with pytest.raises(ValidationError) as info:
        _import(db, path)
    assert _stats(db) == before, "the database must be unchanged"
    return info.value


def _edit(path: Path, name: str, old: str, new: str) -> None:
    file = path / name
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def imported(db: Database, tmp_path: Path) -> Path:
    """A valid export already imported once; tests then break a copy of it."""
    path = _write(tmp_path, "export", sample_records())
    _import(db, path)
    return path


def test_impossible_date_names_file_line_and_column(db: Database, imported: Path) -> None:
    # einheiten.csv: line 1 header, 0001 on line 2, 0002 on line 3; erstbezug is column 12.
    lines = (imported / "einheiten.csv").read_text(encoding="utf-8").splitlines()
    (imported / "einheiten.csv").write_text(
        "\r\n".join([*lines[:2], lines[2].replace("01.03.1998", "31.02.2020"), *lines[3:]])
        + "\r\n",
        encoding="utf-8",
    )

    err = _error_of(db, imported)

    assert "einheiten.csv:3:12: „31.02.2020“ ist kein gültiges Datum" in err.problems[0]
    assert "nichts geändert" in err.message


def test_unknown_objekt_reference_is_reported(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    find(records, "einheiten.csv", einheit_nr="0003")["objekt_nr"] = "4711"
    path = _write(tmp_path, "export", records)

    err = _error_of(db, path)

    assert any(
        p.startswith("einheiten.csv:4:2: Objekt 4711 (Mandant 01) ist weder im Export")
        for p in err.problems
    ), err.problems


def test_duplicate_key_is_reported_with_the_first_line(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    records["personen.csv"].append(dict(records["personen.csv"][1]))
    path = _write(tmp_path, "export", records)

    err = _error_of(db, path)

    assert "personen.csv:6:0: doppelter Schlüssel 01/P002 (schon in Zeile 3)" in err.problems


def test_wrong_column_count_is_reported(db: Database, imported: Path) -> None:
    _edit(imported, "personen.csv", "Anna;Huber;", "Anna;Huber;;")

    err = _error_of(db, imported)

    assert any(
        p.startswith("personen.csv:2:") and "falsche Spaltenanzahl: 16 statt 15" in p
        for p in err.problems
    ), err.problems


def test_wrong_encoding_is_reported(db: Database, imported: Path) -> None:
    file = imported / "objekte.csv"
    file.write_bytes(file.read_bytes().replace("Straße".encode(), "Straße".encode("latin-1")))

    err = _error_of(db, imported)

    assert any(p.startswith("objekte.csv:2:4: ungültige Zeichenkodierung") for p in err.problems), (
        err.problems
    )


def test_truncated_file_is_reported(db: Database, imported: Path) -> None:
    file = imported / "bestandsverhaeltnisse.csv"
    data = file.read_bytes()
    file.write_bytes(data[: len(data) - 40])

    err = _error_of(db, imported)

    assert any(p.startswith("bestandsverhaeltnisse.csv:5:") for p in err.problems), err.problems
    assert any("unvollständig" in p or "Spaltenanzahl" in p for p in err.problems)


def test_missing_file_of_a_full_export_is_reported(db: Database, imported: Path) -> None:
    (imported / "personen.csv").unlink()

    err = _error_of(db, imported)

    assert any(p.startswith("personen.csv:0:0: Datei fehlt") for p in err.problems)


def test_unknown_format_version_is_refused(db: Database, imported: Path) -> None:
    _edit(imported, "manifest.json", '"format_version": "1"', '"format_version": "7"')

    err = _error_of(db, imported)

    assert "Formatversion „7“ wird nicht unterstützt" in err.message
    assert import_history(db.sessions)[0].ergebnis is ImportErgebnis.FEHLER


def test_rw_function_codes_only(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    records["funktionen.csv"][0]["code"] = "90010"

    err = _error_of(db, _write(tmp_path, "export", records))

    assert any("Funktion 90010 kommt nicht aus d+ RW" in p for p in err.problems)


def test_every_problem_is_collected(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    find(records, "einheiten.csv", einheit_nr="0001")["raeume"] = "drei"
    find(records, "personen.csv", person_nr="P003")["geburtsdatum"] = "1980-01-01"
    find(records, "buchungen.csv", buchungs_nr="01-000001")["soll"] = "12,345"

    err = _error_of(db, _write(tmp_path, "export", records))

    files = {p.split(":")[0] for p in err.problems}
    assert {"einheiten.csv", "personen.csv", "buchungen.csv"} <= files
    assert any("„drei“ ist keine ganze Zahl" in p for p in err.problems)
    assert any("kein Datum im Format TT.MM.JJJJ" in p for p in err.problems)


def test_all_files_of_the_format_are_known() -> None:
    assert [t.spec for t in TARGETS] == FILES


def test_records_created_after_an_import_get_ids_of_their_own(db: Database, tmp_path: Path) -> None:
    """The import takes the ids of new records in advance; the database's own
    numbering (SQLite rowid, PostgreSQL sequence) carries on after them."""
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    with db.sessions.begin() as session:
        mandant = session.scalars(select(d.Mandant)).one()
        before = set(session.scalars(select(d.Person.id)))
        person = d.Person(mandant_id=mandant.id, person_nr="OM-1", nachname="Neuhauser")
        session.add(person)
        session.flush()
        assert person.id not in before
    records["personen.csv"].append(
        {"mandant_nr": "01", "person_nr": "9999", "nachname": "Später", "land": "AUT"}
    )
    result = _import(db, _write(tmp_path, "v2", records))
    assert _counts(result)["personen"][0] == 1
    with db.sessions() as session:
        ids = list(session.scalars(select(d.Person.id)))
        assert len(ids) == len(set(ids)) == len(before) + 2


def test_reimport_of_unchanged_postings_still_finds_duplicates(
    db: Database, tmp_path: Path
) -> None:
    """Unchanged lines of a re-import are matched by fingerprint before they are split
    into fields; a key twice in the file is reported all the same, whichever copy
    comes first."""
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    buchungen = records["buchungen.csv"]
    first = buchungen[0]

    identical = copy.deepcopy(records)
    identical["buchungen.csv"].append(dict(first))
    identical["personen.csv"].append(dict(records["personen.csv"][1]))
    err = _error_of(db, _write(tmp_path, "v2", identical))
    line = len(buchungen) + 2
    assert (
        f"buchungen.csv:{line}:0: doppelter Schlüssel {first['buchungs_nr']} (schon in Zeile 2)"
        in (err.problems)
    )

    assert "personen.csv:6:0: doppelter Schlüssel 01/P002 (schon in Zeile 3)" in err.problems

    changed_first = copy.deepcopy(records)
    changed_first["buchungen.csv"].insert(0, {**first, "text": "Storno"})
    err = _error_of(db, _write(tmp_path, "v3", changed_first))
    assert f"buchungen.csv:3:0: doppelter Schlüssel {first['buchungs_nr']} (schon in Zeile 2)" in (
        err.problems
    )
    assert _import(db, _write(tmp_path, "v4", records)).aenderungen == 0


def test_full_reimport_ends_a_missing_vorschreibung_when_all_others_are_unchanged(
    db: Database, tmp_path: Path
) -> None:
    records = sample_records()
    _import(db, _write(tmp_path, "v1", records))
    gone = records["vorschreibungen.csv"].pop()

    result = _import(db, _write(tmp_path, "v2", records))

    assert _counts(result)["vorschreibungen"] == (0, 0, len(records["vorschreibungen.csv"]), 1)
    with db.sessions() as session:
        ended = session.scalars(
            select(d.Vorschreibung).where(d.Vorschreibung.gueltig_ab == gone["gueltig_ab"])
        ).all()
        assert [v.gueltig_bis for v in ended if v.art.value == gone["art"]] == [EXPORTED_AT.date()]


def test_garbage_collection_is_on_again_after_an_import(db: Database, tmp_path: Path) -> None:
    records = sample_records()
    assert gc.isenabled()
    _import(db, _write(tmp_path, "v1", records))
    assert gc.isenabled()
    records["personen.csv"].append(dict(records["personen.csv"][0]))
    with pytest.raises(ValidationError):
        _import(db, _write(tmp_path, "v2", records))
    assert gc.isenabled()
