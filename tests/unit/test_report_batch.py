"""The batch runner: progress per statement, Cancel, no tenancy."""

from __future__ import annotations

import pytest

from omclient.clock import Clock
from omclient.errors import ValidationError
from omclient.reports.batch import BatchMode, kontoauszug_report, run_batch
from tests.support.portfolio import TODAY

CLOCK = Clock.fixed(TODAY)


def einheiten_1010(portfolio) -> list[int]:
    return [v for k, v in portfolio.einheit.items() if k.startswith("1010/")]


def test_progress_counts_every_statement(db, portfolio, tmp_path):
    seen = []
    result = run_batch(
        db.sessions,
        kontoauszug_report(),
        einheiten_1010(portfolio),
        tmp_path / "a.pdf",
        BatchMode.ONE_PDF,
        clock=CLOCK,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.count == 6 and result.files == [tmp_path / "a.pdf"]
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("mode", list(BatchMode))
def test_cancel_stops_the_batch(db, portfolio, tmp_path, mode):
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    target = tmp_path / ("a.pdf" if mode is BatchMode.ONE_PDF else "ordner")
    result = run_batch(
        db.sessions,
        kontoauszug_report(),
        einheiten_1010(portfolio),
        target,
        mode,
        clock=CLOCK,
        is_cancelled=cancelled,
    )
    assert result.cancelled
    assert result.count < 6
    if mode is BatchMode.ONE_PDF:
        assert not target.exists()  # a half statement file is never written
        assert "keine Datei geschrieben" in result.summary
    else:
        assert len(list(target.iterdir())) == result.count == len(result.files)
    assert result.summary.startswith("Abgebrochen")


def test_no_tenancy_at_all_is_refused(db, portfolio, tmp_path):
    with pytest.raises(ValidationError, match="kein Mietverhältnis"):
        run_batch(
            db.sessions,
            kontoauszug_report(),
            [portfolio.einheit["1010/0008"]],
            tmp_path / "x.pdf",
            BatchMode.ONE_PDF,
            clock=CLOCK,
        )
