"""The Person dialog."""
