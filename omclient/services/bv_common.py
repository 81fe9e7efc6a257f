"""The unit of work every save of a Bestandsverhältnis dialog goes through.

One transaction, the optimistic version counter checked before anything is
written, and bumped afterwards even when only dependent rows (Kaution,
Zahlungsdaten, …) changed: the version stands for the whole data set the
dialog shows, so a second dialog holding an older copy gets a conflict
instead of silently overwriting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified

from omclient.domain import Bestandsverhaeltnis
from omclient.services.common import check_version, conflicts_as_errors, get_or_404

BV_WHAT = "Bestandsverhältnis"


def load_bv(session: Session, bv_id: int) -> Bestandsverhaeltnis:
    return get_or_404(session, Bestandsverhaeltnis, bv_id, BV_WHAT)


@contextmanager
def bv_unit_of_work(
    sessions: sessionmaker[Session], bv_id: int, expected_version: int | None
) -> Iterator[tuple[Session, Bestandsverhaeltnis]]:
    """Open a transaction on the BV; refuse an outdated copy; bump the version at the end.

    The body validates first and raises before writing; any exception rolls
    everything back. ``expected_version=None`` skips the check (callers that
    do not hold a copy, e.g. the CLI).
    """
    with sessions.begin() as session, conflicts_as_errors():
        bv = load_bv(session, bv_id)
        check_version(bv, expected_version)
        # A changed dependent row must count as a change of the BV too; without
        # autoflush the BV row is updated (and its version bumped) once.
        flag_modified(bv, "bemerkung")
        with session.no_autoflush:
            yield session, bv
        session.flush()
