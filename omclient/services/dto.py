"""Pydantic DTOs the services return (shared ones; feature modules add their own)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from omclient.domain.enums import Rolle


class Dto(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class BenutzerDto(Dto):
    id: int
    login: str
    name: str
    rolle: Rolle

    @property
    def ist_admin(self) -> bool:
        return self.rolle is Rolle.ADMINISTRATOR
