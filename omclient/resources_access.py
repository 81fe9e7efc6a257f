"""Files the program reads at run time (fonts, logo, the user guide).

The top-level ``resources/`` folder is packaged as ``omclient.resources`` at build
time. Until that mapping is in place, an editable checkout may not have the
package; then the checkout's ``resources/`` folder is used. Remove the fallback
once the package mapping is merged.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def resources() -> Traversable:
    """The root of the bundled resources (``omclient.resources``)."""
    try:
        return files("omclient.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def handbuch_html() -> str:
    """The German user guide (one HTML page with an anchor per section)."""
    return (resources() / "handbuch" / "index.html").read_text(encoding="utf-8")
