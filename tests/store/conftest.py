"""Every storage test runs on SQLite, and on PostgreSQL when REHEARSE_TEST_PG_URL is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from database_urls import fresh_url

from store.db import Database


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    return fresh_url(request.param, tmp_path)


@pytest.fixture
def db(db_url) -> Iterator[Database]:
    database = Database(db_url)
    database.upgrade()
    yield database
    database.dispose()
