"""Where the data lives: the connection dialog, backup and restore in the Datei menu."""
