"""Alembic environment: run migrations on the connection store.db.migrate() hands over.

`alembic -c store/alembic.ini upgrade head` also works; it reads DATABASE_URL from settings.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from store.schema import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    import settings

    engine = create_engine(settings.get("DATABASE_URL"))
    with engine.begin() as conn:
        _migrate(conn)


def _migrate(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run()
