"""The Bestandsverhältnis dialog, its Register and the dialogs opened from it."""
