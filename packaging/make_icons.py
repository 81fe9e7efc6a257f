"""Render the application icon from its SVG source (``make icons``).

Writes ``omclient-<size>.png`` for every size below and ``omclient.ico`` (the
same PNGs in one Windows icon file, PNG-compressed entries as Windows Vista and
later read them) next to ``resources/icons/omclient.svg``. The generated files
are committed, so building the program needs neither this script nor Qt's SVG
renderer.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` x ``size`` image, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding the PNG ``images`` (size → PNG bytes)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        # Width/height 0 means 256 in the directory entry.
        entries += struct.pack(
            "<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(payload)
        )
        payload += png
    return header + entries + payload


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841  (QImage/QPainter need it)
    renderer = QSvgRenderer(str(ICONS / "omclient.svg"))
    if not renderer.isValid():
        print("omclient.svg ist kein gültiges SVG", file=sys.stderr)
        return 1
    images = {size: render_png(renderer, size) for size in SIZES}
    for size, png in images.items():
        (ICONS / f"omclient-{size}.png").write_bytes(png)
    (ICONS / "omclient.ico").write_bytes(ico(images))
    print(f"{len(images)} PNG und omclient.ico in {ICONS.name}/ geschrieben")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
