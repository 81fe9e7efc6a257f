"""A generic, fast table model over DTO rows, described by a column declaration.

Lists are declared next to their view as a tuple of :class:`Column` (STYLE habit
9) and shown through :class:`DtoTableModel` in a :class:`DtoTableView`::

    COLUMNS = (
        Column("einheit_nr", "Einheitennummer", width=110),
        Column("nettonutzflaeche", "Nettonutzfläche", text=area_text, align="right"),
        Column("typus", "Typus", value=lambda r: r.typus_text),
    )
    model = DtoTableModel(COLUMNS, muted=lambda r: not r.aktiv)
    view = DtoTableView(model)
    model.set_rows(rows)                      # DTOs from a service
    model.set_predicate(lambda r: r.aktiv)    # hide rows without asking the database
    model.set_quick_filter("huber")           # as-you-type over every column's text
    view.row_activated.connect(...)           # double-click or Enter on a row

Why it is fast with thousands of rows:

* ``data()`` only indexes lists: a row's display strings are computed once, the
  first time the row is shown, filtered or exported, then cached.
* sorting uses one key per row and column, computed once per column, and
  reorders an index list (no proxy model calling ``data()`` n·log n times);
* the predicate and the quick filter produce a list of visible row indices;
  changing them resets the model in one step;
* :class:`DtoTableView` uses fixed row heights and interactive column widths
  from the declaration (no ResizeToContents over all rows).

Rows are replaced, never edited in place: after a write, load again and call
:meth:`DtoTableModel.set_rows` (sorting, predicate and filter are kept).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeyEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Row = Any
Align = Literal["left", "right", "center"]
AnyIndex = QModelIndex | QPersistentModelIndex

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "right": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "center": Qt.AlignmentFlag.AlignCenter,
}

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_USER = int(Qt.ItemDataRole.UserRole)
_ROLES = frozenset((_DISPLAY, _ALIGNMENT, _FOREGROUND, _TOOLTIP, _USER))
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags

_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


# The same output as omclient.formatting (babel de_AT), computed without babel's
# per-call parsing: a list of 5,000 rows needs these in a few milliseconds.


def number_text(value: Decimal | int | float | None, digits: int = 2) -> str:
    """``1.234,56`` (de_AT grouping), empty for None."""
    if value is None:
        return ""
    return f"{value:,.{digits}f}".translate(_SWAP_SEPARATORS)


def area_text(value: Decimal | None) -> str:
    """``1.234,56 m²``, empty for None."""
    return "" if value is None else f"{number_text(value)} m²"


def amount_text(value: Decimal | None) -> str:
    """``1.234,56`` (a column headed with €), empty for None."""
    return number_text(value)


def date_text(value: dt.date | None) -> str:
    """``31.12.2025``, empty for None."""
    if value is None:
        return ""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def default_text(value: Any) -> str:
    """Text of a cell: enums by value, dates TT.MM.JJJJ, decimals de_AT, bools ja/nein."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, Decimal):
        return number_text(value)
    return str(value)


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders "Top 2" before "Top 10" and ignores case."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


def default_sort_key(value: Any) -> Any:
    if isinstance(value, str):
        return natural_key(value)
    if isinstance(value, enum.Enum):
        return natural_key(str(value.value))
    return value


@dataclass(frozen=True)
class Column:
    """One column of a list.

    ``key``: stable name (QSettings, export, :meth:`DtoTableModel.column_index`);
    ``title``: German header; ``value``: the raw value of a row (default: the
    attribute named ``key``), used for sorting and the Excel export; ``text``:
    the display string of that value; ``sort_key``: key of a value (default:
    natural order for text, the value otherwise; empty values always last);
    ``excel_format``: number format of the cell in .xlsx exports (values are
    exported raw when set, as text otherwise); ``width``: initial width in pixels.
    """

    key: str
    title: str
    value: Callable[[Row], Any] | None = None
    text: Callable[[Any], str] = default_text
    align: Align = "left"
    width: int = 100
    sort_key: Callable[[Any], Any] = default_sort_key
    excel_format: str | None = None
    header_tooltip: str = ""

    def getter(self) -> Callable[[Row], Any]:
        return self.value if self.value is not None else attrgetter(self.key)


class DtoTableModel(QAbstractTableModel):
    """Read-only table over a list of DTO rows; see the module docstring.

    Row numbers in the Qt API are *visible* rows (after predicate and quick
    filter, in sort order). :meth:`row_at` gives the DTO of a visible row.
    ``muted(row)`` shows a row greyed (e.g. an inactive Einheit).
    """

    rows_changed = Signal()
    """Emitted after the visible rows changed (load, predicate, quick filter)."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent: QWidget | None = None,
        *,
        muted: Callable[[Row], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._getters = [c.getter() for c in self.columns]
        self._formatters = [c.text for c in self.columns]
        self._aligns = [int(_ALIGN[c.align].value) for c in self.columns]
        self._muted = muted
        self._muted_brush = QBrush(QPalette().color(QPalette.ColorRole.PlaceholderText))
        self._rows: list[Row] = []
        self._texts: list[tuple[str, ...] | None] = []
        self._haystack: list[str] | None = None
        self._sort_keys: dict[int, list[Any]] = {}
        self._order: list[int] = []
        self._visible: list[int] = []
        self._predicate: Callable[[Row], bool] | None = None
        self._needle = ""
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: Iterable[Row]) -> None:
        """Replace all rows; the sort order, predicate and quick filter stay."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [None] * len(self._rows)
        self._haystack = None
        self._sort_keys = {}
        self._order = list(range(len(self._rows)))
        if self._sort_column >= 0:
            self._sort_order_list()
        self._visible = self._filtered()
        self.endResetModel()
        self.rows_changed.emit()

    def set_predicate(self, predicate: Callable[[Row], bool] | None) -> None:
        """Show only rows for which ``predicate(row)`` is true (None: all rows)."""
        self._predicate = predicate
        self._refilter()

    def set_quick_filter(self, text: str) -> None:
        """Show only rows whose text in any column contains ``text`` (case-insensitive).

        Several words must all occur (in any columns).
        """
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self._needle = needle
        self._refilter()

    @property
    def quick_filter(self) -> str:
        return self._needle

    def _refilter(self) -> None:
        self.beginResetModel()
        self._visible = self._filtered()
        self.endResetModel()
        self.rows_changed.emit()

    def _filtered(self) -> list[int]:
        order = self._order
        if self._predicate is not None:
            pred = self._predicate
            rows = self._rows
            order = [i for i in order if pred(rows[i])]
        if self._needle:
            haystack = self._haystack_list()
            words = self._needle.split()
            order = [i for i in order if all(w in haystack[i] for w in words)]
        return list(order)

    def _haystack_list(self) -> list[str]:
        if self._haystack is None:
            self._haystack = [
                "\t".join(self._row_texts(i)).casefold() for i in range(len(self._rows))
            ]
        return self._haystack

    def _row_texts(self, i: int) -> tuple[str, ...]:
        texts = self._texts[i]
        if texts is None:
            row = self._rows[i]
            texts = tuple(
                fmt(get(row)) for get, fmt in zip(self._getters, self._formatters, strict=True)
            )
            self._texts[i] = texts
        return texts

    @property
    def all_rows(self) -> list[Row]:
        """Every loaded row, visible or not, in load order."""
        return list(self._rows)

    def visible_rows(self) -> list[Row]:
        """The visible rows in display order."""
        return [self._rows[i] for i in self._visible]

    def row_at(self, row: int) -> Row:
        """The DTO shown in visible row ``row``."""
        return self._rows[self._visible[row]]

    def rows_at(self, indexes: Iterable[AnyIndex]) -> list[Row]:
        """The DTOs of the given indexes' rows, once each, in display order."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return [self.row_at(r) for r in rows]

    def find_row(self, match: Callable[[Row], bool]) -> int:
        """The first visible row whose DTO satisfies ``match``, or -1."""
        for n, i in enumerate(self._visible):
            if match(self._rows[i]):
                return n
        return -1

    def column_index(self, key: str) -> int:
        for n, column in enumerate(self.columns):
            if column.key == key:
                return n
        raise KeyError(key)

    def text(self, row: int, column: int) -> str:
        """Display text of a visible cell."""
        return self._row_texts(self._visible[row])[column]

    def export_table(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and the visible rows for an export.

        A cell holds the raw value where its column declares ``excel_format``
        (numbers and dates), the display text otherwise.
        """
        headers = [c.title for c in self.columns]
        raw = [
            (n, get)
            for n, (c, get) in enumerate(zip(self.columns, self._getters, strict=True))
            if c.excel_format
        ]
        table: list[list[Any]] = []
        for i in self._visible:
            cells: list[Any] = list(self._row_texts(i))
            for n, get in raw:
                cells[n] = get(self._rows[i])
            table.append(cells)
        return headers, table

    def export_texts(self) -> tuple[list[str], list[list[str]]]:
        """Headers and the visible rows as shown (for CSV)."""
        return [c.title for c in self.columns], [list(self._row_texts(i)) for i in self._visible]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called several times per painted cell (once per role): plain int
        # comparisons and list indexing only, unasked roles leave at once.
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if row >= len(self._visible) or column >= len(self.columns):
            return None
        if role == _DISPLAY:
            return self._row_texts(self._visible[row])[column]
        if role == _ALIGNMENT:
            return self._aligns[column]
        if role == _FOREGROUND:
            if self._muted is not None and self._muted(self._rows[self._visible[row]]):
                return self._muted_brush
            return None
        if role == _TOOLTIP:
            text = self._row_texts(self._visible[row])[column]
            return text if len(text) > 24 else None
        return self._rows[self._visible[row]]

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.header_tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._aligns[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's precomputed key (``column`` -1: load order)."""
        if column >= len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_sources = [
            (self._visible[p.row()] if 0 <= p.row() < len(self._visible) else -1)
            for p in persistent
        ]
        self._sort_column = column
        self._sort_order = order
        self._order = list(range(len(self._rows)))
        if column >= 0:
            self._sort_order_list()
        self._visible = self._filtered()
        position = {source: n for n, source in enumerate(self._visible)}
        new_indexes = [
            self.index(position[s], p.column()) if s in position else QModelIndex()
            for p, s in zip(persistent, old_sources, strict=True)
        ]
        self.changePersistentIndexList(persistent, new_indexes)
        self.layoutChanged.emit()

    def _sort_order_list(self) -> None:
        keys = self._sort_keys.get(self._sort_column)
        if keys is None:
            get = self._getters[self._sort_column]
            key_of = self.columns[self._sort_column].sort_key
            keys = []
            for row in self._rows:
                value = get(row)
                keys.append((1, None) if value is None or value == "" else (0, key_of(value)))
            self._sort_keys[self._sort_column] = keys
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        filled = [i for i in self._order if keys[i][0] == 0]
        empty = [i for i in self._order if keys[i][0] == 1]
        filled.sort(key=lambda i: keys[i][1], reverse=descending)
        self._order = filled + empty


class DtoTableView(QTableView):
    """A QTableView for a :class:`DtoTableModel`: fixed row height, sortable,
    widths from the column declaration, whole-row extended selection.

    ``row_activated(row)`` is emitted for a double-click on a row and for
    Enter/Return on the current row.
    """

    row_activated = Signal(int)

    def __init__(self, model: DtoTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        for n, column in enumerate(model.columns):
            header.resizeSection(n, column.width)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.doubleClicked.connect(lambda index: self.row_activated.emit(index.row()))

    def dto_model(self) -> DtoTableModel:
        model = self.model()
        assert isinstance(model, DtoTableModel)
        return model

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_activated.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[Row]:
        """The DTOs of the selected rows in display order."""
        return self.dto_model().rows_at(self.selectionModel().selectedRows())

    def select_row(self, row: int) -> None:
        """Make visible row ``row`` current and selected, and scroll to it."""
        index = self.model().index(row, 0)
        if index.isValid():
            self.setCurrentIndex(index)
            self.selectRow(row)
            self.scrollTo(index)

    def _columns_signature(self) -> str:
        return ",".join(c.key for c in self.dto_model().columns)

    def save_state(self, settings: QSettings, key: str) -> None:
        """Remember column widths, order and sorting under ``key``."""
        settings.setValue(f"{key}/header", self.horizontalHeader().saveState())
        settings.setValue(f"{key}/columns", self._columns_signature())

    def restore_state(self, settings: QSettings, key: str) -> bool:
        """Restore what :meth:`save_state` remembered.

        Ignored (False) when nothing was saved or the column declaration changed since.
        """
        state = settings.value(f"{key}/header")
        if state is None or settings.value(f"{key}/columns") != self._columns_signature():
            return False
        return bool(self.horizontalHeader().restoreState(state))
