"""Alembic migrations of the server schema, run in code by :func:`reviewdesk.server.db.migrate`."""
