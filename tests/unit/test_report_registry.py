"""The registry of reports the Berichte buttons list."""

from __future__ import annotations

from omclient.clock import Clock
from omclient.reports.registry import ReportKontext, all_reports, bv_choices, reports_for
from tests.support.portfolio import TODAY


def test_reports_are_listed_per_context_with_unique_keys():
    specs = all_reports()
    assert len({s.key for s in specs}) == len(specs)
    for kontext in ReportKontext:
        for spec in reports_for(kontext):
            assert kontext in spec.kontexte
            assert spec.name and callable(spec.build)


def test_bv_choices_offer_current_tenancy_first(db, portfolio):
    with db.sessions() as session:
        choices = bv_choices(session, portfolio.einheit["1010/0002"], Clock.fixed(TODAY))
        assert [c.id for c in choices] == [portfolio.bv["1010/0002/2"], portfolio.bv["1010/0002/1"]]
        assert choices[0].aktuell and not choices[1].aktuell
        assert "Novak" in choices[0].label and "laufend" in choices[0].label
        assert "Berger" in choices[1].label and "30.06.2019" in choices[1].label
        assert bv_choices(session, portfolio.einheit["1010/0008"], Clock.fixed(TODAY)) == []
