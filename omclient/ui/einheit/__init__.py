"""The Einheit dialog and its Register widgets."""
