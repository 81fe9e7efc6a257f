"""Berichte: print preview, the Berichte button and batch printing."""
