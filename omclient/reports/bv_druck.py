"""**Aktionen → Drucken** of the Bestandsverhältnis dialog: all its data, Register by
Register."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.reports.druck import render_dokument
from omclient.services.druck import bv_druck


def build(session: Session, bv_id: int, clock: Clock = SYSTEM_CLOCK) -> bytes:
    """The printout of Bestandsverhältnis ``bv_id`` as PDF bytes (NotFoundError if gone)."""
    return render_dokument(bv_druck(session, bv_id), clock.today())
