"""The injectable clock: "today" comes from here so tests can pin it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Clock:
    """Gives today's date and the current time; pass ``fixed`` to pin both."""

    now_fn: Callable[[], dt.datetime] = field(default=dt.datetime.now)

    @classmethod
    def fixed(cls, when: dt.date | dt.datetime) -> Clock:
        moment = when if isinstance(when, dt.datetime) else dt.datetime.combine(when, dt.time(12))
        return cls(now_fn=lambda: moment)

    def now(self) -> dt.datetime:
        return self.now_fn()

    def today(self) -> dt.date:
        return self.now_fn().date()


SYSTEM_CLOCK = Clock()
