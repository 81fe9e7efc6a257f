"""The base of the data transfer objects every layer may hand out (frozen pydantic models).

Services return DTOs, and so does the RW import (its result and run log);
both build on :class:`Dto`, which depends on nothing of omclient.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Dto(BaseModel):
    """Read from ORM objects' attributes (``model_validate(row)``); immutable once made."""

    model_config = ConfigDict(from_attributes=True, frozen=True)
