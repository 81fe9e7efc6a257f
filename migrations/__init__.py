"""Alembic environment and revisions, installed as the package ``omclient.migrations``.

:func:`omclient.db.alembic_config` points Alembic here through importlib.resources.
"""
