"""Serienbrief templates: the Word documents a clerk merges with records of one kind."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from omclient.domain import SerienbriefVorlage
from omclient.dto import Dto


class SerienbriefVorlageDto(Dto):
    id: int
    name: str
    pfad: str


def vorlagen(session: Session, hauptdatenmenge: str) -> list[SerienbriefVorlageDto]:
    """The templates of ``hauptdatenmenge`` (e.g. ``Funktion``), by name."""
    rows = session.scalars(
        select(SerienbriefVorlage)
        .where(SerienbriefVorlage.hauptdatenmenge == hauptdatenmenge)
        .order_by(SerienbriefVorlage.name)
    )
    return [SerienbriefVorlageDto.model_validate(r) for r in rows]
