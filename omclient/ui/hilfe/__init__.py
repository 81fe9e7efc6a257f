"""The bundled user guide (Hilfe → Handbuch) and F1 help for every window."""
