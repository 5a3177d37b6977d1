"""A fresh database for workshop tests: SQLite always, PostgreSQL when REHEARSE_TEST_PG_URL is set."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

PG_ENV = "REHEARSE_TEST_PG_URL"
PG_SKIP = f"{PG_ENV} is not set: the PostgreSQL run of this test is skipped"


def fresh_url(kind: str, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'rehearse.db'}"
    url = os.environ.get(PG_ENV)
    if not url:
        print(PG_SKIP)
        pytest.skip(PG_SKIP)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
