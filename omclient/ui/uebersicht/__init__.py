"""The Einheitenübersicht of an Objekt: Register Einheiten and Bestandnehmer."""
