"""Register Allgemein of the Einheit dialog: Bereiche Daten, Kennzeichen, Adresse,
Indiv Daten, Info (the Infogrid), Bemerkung and Bemerkung FIBU.

Every field goes through :class:`~omclient.ui.common.forms.EntityForm` built from
the declaration :data:`omclient.services.felder.EINHEIT`, so a field d+ RW owns
for this unit is disabled and its label italic.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from omclient.services import einheit as svc
from omclient.services import felder
from omclient.ui.common.forms import EntityForm, group_box

EINHEIT = felder.EINHEIT
INDIV_DATEN = EINHEIT.im_bereich("Indiv Daten")


class AllgemeinRegister(QScrollArea):
    """The unit's own fields in their Bereiche, with ``infogrid`` in Bereich Info."""

    def __init__(self, infogrid: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.infogrid = infogrid
        self.form = EntityForm.of(
            EINHEIT,
            {
                "stiegenhaus_id": {"hint_full_text": True},
                "vergabestelle_id": {"hint_full_text": True},
            },
            self,
        )
        self.form.editor("objekt_id").setMinimumWidth(200)
        self._build()

    def _build(self) -> None:
        page = QWidget()
        page.setObjectName("allgemein")
        grid = QGridLayout(page)
        self.bereich_daten = group_box(
            "Daten", "bereich_daten", self.form.form_layout(EINHEIT.namen("Daten"))
        )
        self.bereich_kennzeichen = group_box(
            "Kennzeichen",
            "bereich_kennzeichen",
            self.form.form_layout(EINHEIT.namen("Kennzeichen")),
        )
        self.bereich_adresse = group_box(
            "Adresse", "bereich_adresse", self.form.form_layout(EINHEIT.namen("Adresse"))
        )
        self.bereich_indiv = group_box(
            "Indiv Daten",
            "bereich_indiv_daten",
            self.form.form_layout(EINHEIT.namen("Indiv Daten")),
        )
        self.bereich_info = group_box("Info", "bereich_info", self.infogrid)
        bemerkung = self.form.editor("bemerkung")
        bemerkung_box = QWidget()
        bemerkung_layout = QVBoxLayout(bemerkung_box)
        bemerkung_layout.setContentsMargins(0, 0, 0, 0)
        bemerkung_layout.addWidget(self.form.label("bemerkung"))
        bemerkung_layout.addWidget(bemerkung)
        self.bereich_bemerkung = group_box("Bemerkung", "bereich_bemerkung", bemerkung_box)
        fibu = self.form.editor("bemerkung_fibu")
        fibu_box = QWidget()
        fibu_layout = QVBoxLayout(fibu_box)
        fibu_layout.setContentsMargins(0, 0, 0, 0)
        fibu_layout.addWidget(self.form.label("bemerkung_fibu"))
        fibu_layout.addWidget(fibu)
        self.form.label("bemerkung").hide()  # the Bereich's title says it
        self.bereich_fibu = group_box("Bemerkung FIBU", "bereich_bemerkung_fibu", fibu_box)
        for editor in (bemerkung, fibu):
            editor.setMaximumHeight(90)
        left = QVBoxLayout()
        left.addWidget(self.bereich_daten)
        left.addWidget(self.bereich_kennzeichen)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.bereich_adresse)
        right.addWidget(self.bereich_indiv)
        right.addWidget(self.bereich_info)
        right.addWidget(self.bereich_bemerkung)
        right.addWidget(self.bereich_fibu)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(page)

    def load(
        self,
        dto: svc.EinheitDto,
        listen: svc.EinheitAuswahllisten,
        labels: dict[str, str],
    ) -> None:
        """Show ``dto`` with the choices of ``listen`` and the Indiv Daten ``labels``."""
        form = self.form
        form.set_choices(
            "objekt_id", [(f"{dto.objekt_nr} {dto.objekt_bezeichnung}", dto.objekt_id)]
        )
        form.set_choices("stiegenhaus_id", [(a.text, a.wert) for a in listen.stiegenhaeuser])
        form.set_choices("stockwerk", [(a.text, a.wert) for a in listen.stockwerke])
        form.set_choices("kategorie", [(a.text, a.wert) for a in listen.kategorien])
        stellen = [(a.text, a.wert) for a in listen.vergabestellen]
        if dto.vergabestelle_id is not None and all(w != dto.vergabestelle_id for _, w in stellen):
            stellen.append(
                (f"{dto.vergabestelle_name} (nicht zuweisungsberechtigt)", dto.vergabestelle_id)
            )
        form.set_choices("vergabestelle_id", stellen)
        form.set_choices(
            "mietzins_kategorie", [(a.text, a.wert) for a in listen.mietzins_kategorien]
        )
        form.set_choices("status_kz", [(a.text, a.wert) for a in listen.status_kz])
        form.set_choices("finanzierung", [(a.text, a.wert) for a in listen.finanzierungen])
        form.set_choices("unterbestandsart", [(a.text, a.wert) for a in listen.unterbestandsarten])
        form.load(dto)
        for name in form.fields:
            editor = form.editor(name)
            if isinstance(editor, QLineEdit) and form.fields[name].kind == "date":
                # no input hint where nothing can be entered
                editor.setPlaceholderText("" if form.is_read_only(name) else "TT.MM.JJJJ")
        form.set_row_visible("unterbestandsart", bool(listen.unterbestandsarten))
        for f in INDIV_DATEN:
            label = labels.get(f.name)
            form.set_row_visible(f.name, label is not None)
            if label is not None:
                form.label(f.name).setText(f"{label}:")
        self.bereich_indiv.setVisible(bool(labels))
