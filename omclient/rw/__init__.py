"""d+ RW conversion: the exchange format and the importer."""
