"""The Verkettung widget driven as a user does."""

from __future__ import annotations

from PySide6.QtCore import Qt

from omclient.domain.enums import InfoKontext
from omclient.ui.einheit.verkettung import VerkettungWidget

EK = InfoKontext.EINHEIT


def test_verkettung_shows_role_and_opens_partner(qtbot, ctx, portfolio, monkeypatch) -> None:
    opened: list[int] = []
    monkeypatch.setattr(
        ctx.navigator, "open_bestandsverhaeltnis", lambda bid, parent=None: opened.append(bid)
    )
    widget = VerkettungWidget(ctx, InfoKontext.BESTANDSVERHAELTNIS, portfolio.bv["1010/0006/1"])
    qtbot.addWidget(widget)
    widget.show()
    assert widget.status_label.text() == "Verkettet als Sub-Bestandnehmer (1 Verkettung)."
    assert widget.model.text(0, 1) == "Sub-Bestandnehmer"
    assert widget.model.text(0, 2) == "1010/0001 Top 1"
    rect = widget.view.visualRect(widget.model.index(0, 0))
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [portfolio.bv["1010/0001/1"]]
