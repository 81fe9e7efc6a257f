"""The user working with the program and what their role allows."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from omclient.config import os_login
from omclient.domain import Benutzer
from omclient.domain.enums import Rolle
from omclient.errors import PermissionDeniedError
from omclient.services.dto import BenutzerDto


def current_user(session: Session, login: str | None = None) -> BenutzerDto:
    """The Benutzer for ``login`` (default: the OS login), registered on first use.

    The first user of an empty installation becomes Administrator; later ones
    start as Sachbearbeiter until an administrator changes their role.
    """
    login = login or os_login()
    user = session.scalar(select(Benutzer).where(Benutzer.login == login))
    if user is None:
        first = (session.scalar(select(func.count()).select_from(Benutzer)) or 0) == 0
        user = Benutzer(
            login=login,
            name=login,
            rolle=Rolle.ADMINISTRATOR if first else Rolle.SACHBEARBEITER,
        )
        session.add(user)
        session.flush()
    return BenutzerDto.model_validate(user)


def require_admin(user: BenutzerDto, what: str) -> None:
    """Refuse administrator-only work for clerks."""
    if user.rolle is not Rolle.ADMINISTRATOR:
        raise PermissionDeniedError(f"{what} ist nur für Administratoren möglich.")
