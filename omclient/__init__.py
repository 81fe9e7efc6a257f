"""omclient: Objektmanagement-Client für Einheiten und Bestandsverhältnisse."""

__version__ = "0.1.0"
