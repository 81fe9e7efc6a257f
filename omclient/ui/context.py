"""What every window and dialog needs, passed explicitly (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from omclient.clock import SYSTEM_CLOCK, Clock
from omclient.config import Settings
from omclient.db import Database
from omclient.services.dto import BenutzerDto

if TYPE_CHECKING:
    from omclient.ui.navigation import Navigator


@dataclass
class AppContext:
    """The open database, settings, the working user, the clock and the navigator."""

    db: Database
    settings: Settings
    user: BenutzerDto
    clock: Clock = SYSTEM_CLOCK
    navigator: Navigator = field(init=False)

    def __post_init__(self) -> None:
        from omclient.ui.navigation import Navigator

        self.navigator = Navigator(self)

    @property
    def is_admin(self) -> bool:
        return self.user.ist_admin
