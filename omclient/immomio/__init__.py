"""Immomio: OpenImmo mapping, transports, push and Interessenten."""
