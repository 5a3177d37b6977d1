"""A fresh database for a test: a new SQLite file, or the PostgreSQL test database wiped clean.

Shared by the storage tests (tests/store) and the workshop tests. PostgreSQL runs only when
REHEARSE_TEST_PG_URL is set (.ci/run sets it); otherwise those runs skip and say so.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

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
