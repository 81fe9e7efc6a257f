"""Forms described, not hand-wired: fields of a model shown with their RW ownership.

A form is declared as a list of :class:`Field` for a model class, or taken from a
Qt-free :class:`~omclient.services.felder.Formular` (the declaration the printouts
read too) with :meth:`EntityForm.of`. :class:`EntityForm` creates a label and an
editor per field; on :meth:`EntityForm.load` every field that d+ RW owns for the
loaded record is disabled (greyed) and its label set in italics with a tooltip
(:func:`show_rw_owned`, the one place that look is applied). Ownership is the
domain's answer (:func:`omclient.domain.is_rw_owned`): for a DTO the service
asked it for the row and put the names in ``rw_owned``; for a model instance or
without a record the form asks it itself. Only editable fields are returned by
:meth:`EntityForm.values`, so a dialog cannot send an RW field to a service by
accident (the service refuses it anyway).

Usage::

    form = EntityForm(Einheit, [Field("top_nr", "Top Nr."), Field("lage", "Lage")])
    form = EntityForm.of(felder.EINHEIT, {"stiegenhaus_id": {"hint_full_text": True}})
    layout = form.form_layout(["top_nr", "lage"])   # a QFormLayout for one Bereich
    form.load(dto)                                  # values + ownership
    form.values()                                   # {"lage": "Hof"} — raises ValidationError
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from omclient import formatting as fmt
from omclient.domain import is_rw_owned
from omclient.errors import ValidationError
from omclient.services.felder import FORMATE, Feld, Formular

RW_TOOLTIP = "Aus d+ RW konvertiert – in d+ OM nicht änderbar"

KINDS = FORMATE


@dataclass(frozen=True)
class Field:
    """One field of a form.

    ``kind``: text, multiline, int, decimal, money (shown ``€ 1.234,56`` as
    babel's de_AT writes it), date, bool or choice. ``choices``
    may be given here or later with :meth:`EntityForm.set_choices` as
    ``(text, value)`` pairs. ``read_only`` makes a field display-only even when
    OM owns it (e.g. computed values). ``hint_full_text``: a closed combo box
    shows its full text as tooltip (e.g. the Stiegenhaus).
    """

    name: str
    label: str
    kind: str = "text"
    choices: tuple[tuple[str, Any], ...] | None = None
    read_only: bool = False
    hint_full_text: bool = False
    digits: int = 2
    suffix: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")

    @classmethod
    def of(cls, feld: Feld, **widget: Any) -> Field:
        """The form field of a declared :class:`Feld`, with widget specifics added."""
        return cls(
            feld.name,
            feld.label,
            feld.format,
            choices=feld.choices,
            digits=feld.digits,
            suffix=feld.suffix,
            **widget,
        )


def show_rw_owned(
    label: QLabel, editor: QWidget | None, owned: bool, *, editable: bool = True
) -> None:
    """The look of an RW-owned field: italic label with tooltip, editor greyed (disabled).

    ``editable`` False greys an OM field too (display-only values); ``editor``
    None: a display-only row whose editor is set up once by its dialog.
    """
    font = label.font()
    font.setItalic(owned)
    label.setFont(font)
    label.setToolTip(RW_TOOLTIP if owned else "")
    if editor is not None:
        editor.setEnabled(editable and not owned)
        if owned:
            editor.setToolTip(RW_TOOLTIP)


def group_box(title: str, name: str, content: QWidget | QLayout) -> QGroupBox:
    """A titled Bereich holding ``content`` (a widget or a layout such as a form's rows)."""
    box = QGroupBox(title)
    box.setObjectName(name)
    if isinstance(content, QWidget):
        layout = QVBoxLayout(box)
        layout.addWidget(content)
    else:
        box.setLayout(content)
    return box


class EntityForm(QObject):
    """Editors for the fields of one model class, with RW ownership applied on load."""

    changed = Signal()

    def __init__(self, model: type, fields: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.fields = {f.name: f for f in fields}
        self._labels: dict[str, QLabel] = {}
        self._editors: dict[str, QWidget] = {}
        self._read_only: set[str] = set()
        self._loaded: dict[str, Any] = {}
        self._loading = False
        for f in fields:
            self._labels[f.name] = self._make_label(f)
            self._editors[f.name] = self._make_editor(f)
            self._labels[f.name].setBuddy(self._editors[f.name])
        self.apply_ownership(None)

    @classmethod
    def of(
        cls,
        formular: Formular,
        widget: dict[str, dict[str, Any]] | None = None,
        parent: QWidget | None = None,
    ) -> EntityForm:
        """The form of a declared :class:`Formular`; ``widget`` adds specifics per field."""
        widget = widget or {}
        fields = [Field.of(f, **widget.get(f.name, {})) for f in formular.felder]
        return cls(formular.model, fields, parent)

    def _make_label(self, f: Field) -> QLabel:
        label = QLabel(f"{f.label}:")
        label.setObjectName(f"label_{f.name}")
        return label

    def _make_editor(self, f: Field) -> QWidget:
        editor: QWidget
        if f.kind == "multiline":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            edit.textChanged.connect(self._emit_changed)
            editor = edit
        elif f.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(self._emit_changed)
            editor = box
        elif f.kind == "choice":
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._emit_changed)
            if f.hint_full_text:
                combo.currentTextChanged.connect(combo.setToolTip)
            editor = combo
            if f.choices is not None:
                self._fill_combo(combo, f.choices)
        else:
            line = QLineEdit()
            if f.kind == "int":
                line.setValidator(QIntValidator(-999_999_999, 999_999_999, line))
                line.setAlignment(Qt.AlignmentFlag.AlignRight)
            elif f.kind in ("decimal", "money"):
                line.setAlignment(Qt.AlignmentFlag.AlignRight)
            elif f.kind == "date":
                line.setPlaceholderText("TT.MM.JJJJ")
                line.setMaxLength(10)
            line.textChanged.connect(self._emit_changed)
            editor = line
        editor.setObjectName(f.name)
        return editor

    @staticmethod
    def _fill_combo(combo: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
        blocked = combo.blockSignals(True)
        current = combo.currentData()
        combo.clear()
        combo.addItem("", None)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(blocked)

    def _emit_changed(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

    def label(self, name: str) -> QLabel:
        return self._labels[name]

    def editor(self, name: str) -> QWidget:
        return self._editors[name]

    def form_layout(self, names: Sequence[str] | None = None) -> QFormLayout:
        """A QFormLayout with label/editor rows for ``names`` (default: all fields)."""
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in names or list(self.fields):
            layout.addRow(self._labels[name], self._editors[name])
        return layout

    def set_row_visible(self, name: str, visible: bool) -> None:
        self._labels[name].setVisible(visible)
        self._editors[name].setVisible(visible)

    def set_choices(self, name: str, items: Iterable[tuple[str, Any]]) -> None:
        combo = self._editors[name]
        assert isinstance(combo, QComboBox)
        self._fill_combo(combo, items)
        if name in self._loaded:
            self._loading = True
            try:
                self._set_value(name, self._loaded[name])
            finally:
                self._loading = False

    def is_read_only(self, name: str) -> bool:
        return name in self._read_only

    def apply_ownership(self, source: object | None) -> None:
        """Grey RW-owned fields and set their labels italic for ``source``'s row."""
        self._read_only = set()
        for name, f in self.fields.items():
            rw = self._owned(name, source)
            show_rw_owned(self._labels[name], self._editors[name], rw, editable=not f.read_only)
            if rw or f.read_only:
                self._read_only.add(name)

    def _owned(self, name: str, source: object | None) -> bool:
        owned = getattr(source, "rw_owned", None)
        if owned is not None:
            return name in owned
        if isinstance(source, self.model):
            return is_rw_owned(source, name)
        # A DTO answers with its row's rw_felder; a new record (no source) has none
        # yet, so fields d+ RW owns only conditionally or in its own rows are OM's.
        return is_rw_owned(self.model, name, getattr(source, "rw_felder", ""))

    def load(self, source: object) -> None:
        """Show ``source``'s attribute values (DTO or ORM object) and apply ownership."""
        self._loading = True
        try:
            self._loaded = {}
            for name in self.fields:
                value = getattr(source, name, None)
                self._loaded[name] = value
                self._set_value(name, value)
            self.apply_ownership(source)
        finally:
            self._loading = False

    def _set_value(self, name: str, value: Any) -> None:
        f = self.fields[name]
        editor = self._editors[name]
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            key = value.value if isinstance(value, Enum) else value
            index = editor.findData(key)
            if index < 0 and value is not None:
                editor.addItem(str(key), key)
                index = editor.count() - 1
            editor.setCurrentIndex(max(index, 0))
            if f.hint_full_text:
                editor.setToolTip(editor.currentText())
        elif isinstance(editor, QLineEdit):
            editor.setText(_display(f, value))

    def _raw_value(self, name: str) -> Any:
        f = self.fields[name]
        editor = self._editors[name]
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText().strip() or None
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        assert isinstance(editor, QLineEdit)
        text = editor.text().strip()
        if not text:
            return None
        if f.kind == "int":
            try:
                return int(text.replace(".", ""))
            except ValueError:
                raise ValueError(f"„{text}“ ist keine ganze Zahl.") from None
        if f.kind in ("decimal", "money"):
            return fmt.parse_decimal(text.removesuffix(f.suffix).strip())
        if f.kind == "date":
            return fmt.parse_date(text)
        return text

    def values(self, *, only_changed: bool = False) -> dict[str, Any]:
        """Editable fields' values, parsed; ValidationError listing every bad field."""
        result: dict[str, Any] = {}
        problems: list[str] = []
        for name, f in self.fields.items():
            if name in self._read_only:
                continue
            try:
                value = self._raw_value(name)
            except ValueError as exc:
                problems.append(f"{f.label}: {exc}")
                continue
            if only_changed and _same(value, self._loaded.get(name)):
                continue
            result[name] = value
        if problems:
            summary = "Bitte korrigieren Sie diese Eingaben."
            raise ValidationError(summary if len(problems) > 1 else problems[0], problems)
        return result

    def is_dirty(self) -> bool:
        for name in self.fields:
            if name in self._read_only:
                continue
            try:
                value = self._raw_value(name)
            except ValueError:
                return True
            if not _same(value, self._loaded.get(name)):
                return True
        return False


def _display(f: Field, value: Any) -> str:
    if value is None:
        return ""
    if f.kind == "date" and isinstance(value, dt.date):
        return fmt.date(value)
    if f.kind == "money" and isinstance(value, Decimal | int):
        return fmt.money(Decimal(value))
    if f.kind == "decimal" and isinstance(value, Decimal | int | float):
        text = fmt.number(value, f.digits)
        return f"{text} {f.suffix}".strip() if f.suffix else text
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _same(new: Any, old: Any) -> bool:
    if isinstance(old, Enum):
        old = old.value
    if isinstance(new, str) and old is None:
        return new == ""
    if new is None and isinstance(old, str):
        return old == ""
    if isinstance(new, Decimal) and isinstance(old, Decimal | int):
        return new == Decimal(old)
    if isinstance(new, bool) or isinstance(old, bool):
        return bool(new) == bool(old)
    return bool(new == old)
