"""The main window (Objekt search and list) and the Objekt dialog."""
