"""Writing an RW export in the exchange format (what d+ RW produces).

Used by the demo generator, the benchmark and the tests. Values are written in
their canonical text form (:func:`omclient.rw.format.canon`), which is the form
the importer compares stored records against.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

from omclient.rw.format import DELIMITER, FILES, FILES_BY_NAME, FORMAT_VERSION, MANIFEST, canon

_NEEDS_QUOTING = re.compile('["\\r\\n]')


class ExportWriter:
    """Writes an export file by file, row by row, then the manifest.

    ``path`` ending in ``.zip`` gives an archive, anything else a folder.
    Rows are sequences in the file's column order or mappings by column name
    (missing columns are empty). Every file of the format is written, empty
    ones with their header only, so the result is a complete export.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        mandanten: Sequence[str],
        kind: Literal["full", "delta"] = "full",
        exported_at: dt.datetime | None = None,
        quelle: str = "d+ RW",
        files: Iterable[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.mandanten = list(mandanten)
        self.kind = kind
        self.exported_at = exported_at or dt.datetime.now().replace(microsecond=0)
        self.quelle = quelle
        self.as_zip = self.path.suffix.lower() == ".zip"
        self._folder = Path(tempfile.mkdtemp(prefix="rw-export-")) if self.as_zip else self.path
        self._folder.mkdir(parents=True, exist_ok=True)
        names = list(files) if files is not None else [spec.name for spec in FILES]
        self._handles: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        for name in names:
            spec = FILES_BY_NAME[name]
            handle = (self._folder / name).open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, delimiter=DELIMITER, lineterminator="\r\n")
            writer.writerow(spec.columns)
            self._handles[name] = handle
            self._writers[name] = writer
            self.counts[name] = 0

    def __enter__(self) -> ExportWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self._abort()

    def row(self, name: str, values: Sequence[Any] | Mapping[str, Any]) -> None:
        """Append one record to file ``name``."""
        if isinstance(values, Mapping):
            columns = FILES_BY_NAME[name].columns
            values = [values.get(c) for c in columns]
        texts = [v if type(v) is str else canon(v) for v in values]
        line = DELIMITER.join(texts)
        # The plain case written directly; csv quotes only texts with a delimiter,
        # a quote or a line break, and so does the fallback.
        if line and line.count(DELIMITER) == len(texts) - 1 and not _NEEDS_QUOTING.search(line):
            self._handles[name].write(line + "\r\n")
        else:
            self._writers[name].writerow(texts)
        self.counts[name] += 1

    def rows(self, name: str, records: Iterable[Sequence[Any] | Mapping[str, Any]]) -> None:
        for record in records:
            self.row(name, record)

    def append_part(self, part: Path) -> None:
        """Append the records of the export in folder ``part``, file by file.

        For an export written in pieces (the demo writes groups of Objekte in
        several processes): each file of the part must have this format's
        header; its records follow the ones written so far, byte for byte.
        """
        counts = json.loads((part / MANIFEST).read_text(encoding="utf-8"))["dateien"]
        for name, handle in self._handles.items():
            count = counts.get(name, {}).get("zeilen", 0)
            if not count:
                continue
            header = (DELIMITER.join(FILES_BY_NAME[name].columns) + "\r\n").encode()
            with (part / name).open("rb") as source:
                if source.readline() != header:
                    raise ValueError(f"{part / name}: Kopfzeile passt nicht zum Format")
                handle.flush()
                shutil.copyfileobj(source, handle.buffer, 1 << 20)  # type: ignore[attr-defined]
            self.counts[name] += count

    def manifest(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "mandanten": self.mandanten,
            "exported_at": self.exported_at.isoformat(),
            "kind": self.kind,
            "quelle": self.quelle,
            "dateien": {name: {"zeilen": count} for name, count in self.counts.items()},
        }

    def close(self) -> Path:
        """Finish the files, write ``manifest.json`` and, for a .zip, pack it."""
        for handle in self._handles.values():
            handle.close()
        (self._folder / MANIFEST).write_text(
            json.dumps(self.manifest(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        if self.as_zip:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(self._folder / MANIFEST, MANIFEST)
                for name in self.counts:
                    archive.write(self._folder / name, name)
            shutil.rmtree(self._folder, ignore_errors=True)
        return self.path

    def _abort(self) -> None:
        for handle in self._handles.values():
            handle.close()
        if self.as_zip:
            shutil.rmtree(self._folder, ignore_errors=True)


def write_export(
    path: Path | str,
    records: Mapping[str, Iterable[Sequence[Any] | Mapping[str, Any]]],
    *,
    mandanten: Sequence[str],
    kind: Literal["full", "delta"] = "full",
    exported_at: dt.datetime | None = None,
) -> Path:
    """Write a whole export at once: ``{file name: rows}``.

    A ``full`` export contains every file of the format; a ``delta`` export
    only the files given.
    """
    files = None if kind == "full" else list(records)
    with ExportWriter(
        path, mandanten=mandanten, kind=kind, exported_at=exported_at, files=files
    ) as writer:
        for name, rows in records.items():
            writer.rows(name, rows)
    return Path(path)
