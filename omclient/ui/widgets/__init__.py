"""Reusable widgets shared by the Einheit and Bestandsverhältnis dialogs.

Each takes ``(ctx, <context kind>, <record id>, parent=None)``: Infogrid,
Funktionen (Register Personen / Funktionen), Indiv Felder, Verkettung.
"""
