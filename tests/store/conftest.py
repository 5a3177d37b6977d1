"""Every storage test runs on SQLite, and on PostgreSQL when REHEARSE_TEST_PG_URL is set."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from store.db import Database

PG_ENV = "REHEARSE_TEST_PG_URL"
PG_SKIP = f"{PG_ENV} is not set: PostgreSQL storage tests skipped (.ci/run sets it; see tests/store/README)"


def fresh_url(kind: str, tmp_path) -> str:
    """An empty database of `kind`: a new SQLite file, or the test PG database wiped clean."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'rehearse.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    return fresh_url(request.param, tmp_path)


@pytest.fixture
def db(db_url) -> Iterator[Database]:
    database = Database(db_url)
    database.upgrade()
    yield database
    database.dispose()
