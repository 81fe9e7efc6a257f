"""The import rules per export file (``omclient.rw.targets``) are complete and consistent."""

from __future__ import annotations

import pytest

from omclient import domain as d
from omclient.domain.base import is_rw_owned, rw_owned_fields
from omclient.rw.format import FILES
from omclient.rw.targets import TARGETS, TARGETS_BY_STEM, CodeList, Target

IDS = [t.spec.name for t in TARGETS]


def test_every_export_file_has_exactly_one_target_in_file_order() -> None:
    assert [t.spec for t in TARGETS] == FILES
    assert len(TARGETS_BY_STEM) == len(FILES)


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_written_columns_are_the_columns_marked_as_rw_owned(target: Target) -> None:
    marked = [c.name for c in target.table.c if c.info.get("source") == "rw"]
    assert target.written == marked == rw_owned_fields(target.model)
    assert target.written, "a file the import writes nothing of"
    om_columns = {c.name for c in target.table.c if not is_rw_owned(target.model, c.name)}
    assert not (target.writable & om_columns) - {"id", "rw_fingerprint", "rw_felder"}


def test_om_columns_are_never_written() -> None:
    assert "bemerkung" not in TARGETS_BY_STEM["einheiten"].writable
    assert "bemerkung" not in TARGETS_BY_STEM["funktionen"].writable
    assert "position" not in TARGETS_BY_STEM["mietzinskategorien"].writable


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_stored_rows_are_read_in_the_files_terms(target: Target) -> None:
    selected = [c.key for c in target.stored_rows().selected_columns]
    assert selected[:3] == ["id", "rw", "_m"]
    assert sorted(selected[3:]) == sorted(target.spec.columns)


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_references_point_to_earlier_files_by_their_key(target: Target) -> None:
    earlier = {t.stem for t in TARGETS[: TARGETS.index(target)]}
    for ref in target.refs:
        assert ref.column in target.table.c
        assert set(ref.key) <= set(target.spec.columns)
        if isinstance(ref.source, CodeList):
            continue
        assert ref.source in earlier
        assert len(ref.key) == len(TARGETS_BY_STEM[ref.source].key)
        assert ref.report_at in target.spec.columns
    for translate in target.translate:
        assert translate.source in earlier
        assert TARGETS_BY_STEM[translate.source].translation is not None


def test_referenced_files_are_found_from_the_references() -> None:
    referenced = {t.stem for t in TARGETS if t.referenced}
    assert referenced == {
        "mandanten",
        "sachbereiche",
        "objekte",
        "mietzinskategorien",
        "einheiten",
        "personen",
        "bestandsverhaeltnisse",
    }


def test_only_files_without_references_to_them_or_conditional_fields_go_by_fingerprint() -> None:
    by_fingerprint = {t.stem for t in TARGETS if t.by_fingerprint}
    assert by_fingerprint == {
        "stiegenhaeuser",
        "verrechnungseinheiten",
        "funktionen",
        "verkettungen",
        "vorschreibungen",
        "buchungen",
    }
    for target in TARGETS:
        if target.by_fingerprint:
            assert not target.rw_felder and not target.referenced


def test_rows_made_in_om_stay_out_of_the_import() -> None:
    funktionen = TARGETS_BY_STEM["funktionen"]
    assert "rw_schluessel IS NOT NULL" in str(funktionen.stored_rows())
    kategorien = TARGETS_BY_STEM["mietzinskategorien"]
    assert "tabelle" in str(kategorien.stored_keys.whereclause)
    assert TARGETS_BY_STEM["einheiten"].rows_of_rw is None


def test_version_counters_go_up_where_dialogs_lock_optimistically() -> None:
    versioned = {t.model for t in TARGETS if t.versioned}
    assert versioned == {d.Einheit, d.Bestandsverhaeltnis}
