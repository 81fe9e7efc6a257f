"""Grundeinstellungen (administrators) and the Kaution Richtsätze."""
