"""The reference central server (FastAPI + SQLAlchemy + Alembic); imports ``reviewdesk.domain`` only.

Entry points for other code: :func:`reviewdesk.server.app.create_app`,
:class:`reviewdesk.server.embedded.EmbeddedServer`, :func:`reviewdesk.server.testing.seeded_server`,
:func:`reviewdesk.server.demo.seed.seed_database`, and the ``reviewdesk-server`` command (``cli.py``).
"""
