"""The one place where the RW import turns generated source into a function.

Two loops run once per record, millions of times per import: the fast
converter of a file's texts (:func:`omclient.rw.fastpath.converter`) and the
driver tuples of a batch of rows (:mod:`omclient.rw.bulk`). Written as closures
over per-column steps they would call one function per field; generated as one
flat function they run as a single list comprehension or straight-line body —
the import is about twice as fast that way. The source is built only from the
code's own declarations (row models, table columns), never from the export.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def generated_function(name: str, source: str, env: Mapping[str, Any], label: str) -> Any:
    """The function ``name`` defined by ``source``, whose free names come from ``env``.

    ``label`` names the code in tracebacks (``<rw label>``).
    """
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<rw {label}>", "exec"), dict(env), namespace)
    return namespace[name]
