"""Immomio: Leerstände push, settings, Interessenten."""
