"""Pydantic DTOs the services return (shared ones; feature modules add their own)."""

from __future__ import annotations

from omclient.domain.enums import Rolle
from omclient.dto import Dto

__all__ = ["BenutzerDto", "Dto"]


class BenutzerDto(Dto):
    id: int
    login: str
    name: str
    rolle: Rolle

    @property
    def ist_admin(self) -> bool:
        return self.rolle is Rolle.ADMINISTRATOR
