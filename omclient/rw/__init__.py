"""d+ RW conversion: the exchange format and the importer.

* :mod:`omclient.rw.format` — format version, the files and their pydantic row
  models, canonical text of values (see ``docs/rw-format.md``);
* :mod:`omclient.rw.reader` — folder/zip, manifest, streaming CSV with
  ``datei:zeile:spalte`` problems;
* :mod:`omclient.rw.fastpath` — validation of canonical records without pydantic;
* :mod:`omclient.rw.targets` — the import rules of each file, one target each;
* :mod:`omclient.rw.run` — the generic run over the targets (compare, resolve,
  write, deactivate);
* :mod:`omclient.rw.bulk` — writing and reading rows straight through the driver
  (also used by the demo data);
* :mod:`omclient.rw.importer` — :func:`~omclient.rw.importer.import_export`
  (all-or-nothing, RW-owned columns only, idempotent) and
  :func:`~omclient.rw.importer.import_history`;
* :mod:`omclient.rw.exporter` — writing an export (demo, benchmark, tests).
"""
