"""Helpers for reading what a table view shows."""

from __future__ import annotations

from typing import Any


def column_texts(view: Any, column: int) -> list[str]:
    """The texts of ``column`` in every row of a DtoTableView, as shown."""
    model = view.dto_model()
    return [model.text(r, column) for r in range(model.rowCount())]
