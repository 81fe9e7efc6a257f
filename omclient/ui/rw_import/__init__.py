"""Datei → RW-Import: import of a d+ RW export with progress and run history."""
