"""Files the program reads at run time (fonts, logo, the user guide).

The top-level ``resources/`` folder is packaged as ``omclient.resources`` at build
time (pyproject's package-dir), so a wheel, a bundle and an editable checkout
read them the same way.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resources() -> Traversable:
    """The root of the bundled resources (``omclient.resources``)."""
    return files("omclient.resources")


def handbuch_html() -> str:
    """The German user guide (one HTML page with an anchor per section)."""
    return (resources() / "handbuch" / "index.html").read_text(encoding="utf-8")
