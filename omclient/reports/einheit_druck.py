"""**Aktionen → Drucken** of the Einheit dialog: all its data, Register by Register."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.reports.druck import render_dokument
from omclient.services.druck import einheit_druck


def build(session: Session, einheit_id: int, clock: Clock = SYSTEM_CLOCK) -> bytes:
    """The printout of Einheit ``einheit_id`` as PDF bytes (NotFoundError if it is gone)."""
    return render_dokument(einheit_druck(session, einheit_id), clock.today())
