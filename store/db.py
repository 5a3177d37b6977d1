"""The database: which one, how to connect, migrations on start, short sessions with retries.

`REHEARSE_DB_URL` chooses it (e.g. `postgresql+psycopg://user@127.0.0.1/rehearse`); the default
is an SQLite file `rehearse.db` under `REHEARSE_HOME` (default `~/.rehearse`), in WAL mode with
foreign keys on, so readers never block the writer and a killed process leaves it intact.

Writes run in `Database.write(fn)`: one short transaction, retried when SQLite says "database
is locked" or PostgreSQL reports a serialization failure or deadlock; after the last try the
caller gets a `StoreError` with a message fit to show.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import StoreError

log = logging.getLogger(__name__)

URL_ENV = "REHEARSE_DB_URL"
HOME_ENV = "REHEARSE_HOME"
DB_FILE = "rehearse.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 5000  # each try waits this long for the writer lock before we back off and retry
WRITE_TRIES = 6
PG_RETRY_CODES = {"40001", "40P01"}  # serialization failure, deadlock
MIGRATION_LOCK = 7_364_501  # arbitrary PG advisory-lock key: one process migrates at a time

T = TypeVar("T")


def home() -> Path:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else Path.home() / ".rehearse"


def database_url() -> str:
    return os.environ.get(URL_ENV) or f"sqlite:///{home() / DB_FILE}"


def _is_retryable(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in PG_RETRY_CODES:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


class Database:
    """One engine per URL. Sessions are short: open, do one thing, close."""

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"{URL_ENV} is not a database address ({exc}).") from exc
        self.url = parsed
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.engine = self._sqlite_engine() if self.is_sqlite else self._server_engine()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _sqlite_engine(self) -> Engine:
        path = self.url.database
        if path and path != ":memory:":
            folder = Path(path).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"The folder for your saved practice, {folder}, cannot be used ({exc.strerror})."
                ) from exc
        engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # We issue BEGIN ourselves (below): pysqlite's own deferred BEGIN lets two
            # writers both read and then deadlock on upgrade instead of queueing.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            immediate = conn.get_execution_options().get("sqlite_immediate", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    def _server_engine(self) -> Engine:
        return create_engine(self.url, pool_pre_ping=True, pool_size=10, max_overflow=40)

    # -- sessions ---------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; errors become `StoreError`."""
        try:
            with self._sessions() as session:
                yield session
        except SQLAlchemyError as exc:
            log.warning("read failed: %s", exc)
            raise StoreError(f"Your saved practice could not be read ({_short(exc)}).") from exc

    def write(self, fn: Callable[[Session], T], *, what: str = "your practice") -> T:
        """Run `fn(session)` in one transaction and commit, retrying lock and conflict errors."""
        bind = self.engine.execution_options(sqlite_immediate=True) if self.is_sqlite else self.engine
        for attempt in range(1, WRITE_TRIES + 1):
            try:
                with Session(bind, expire_on_commit=False) as session, session.begin():
                    return fn(session)
            except DBAPIError as exc:
                if attempt < WRITE_TRIES and _is_retryable(exc):
                    log.info("write retry %d after: %s", attempt, _short(exc))
                    time.sleep(min(2.0, 0.02 * 2**attempt) * (0.5 + random.random()))
                    continue
                log.warning("write failed: %s", exc)
                raise StoreError(f"Could not save {what}: the database said {_short(exc)}.") from exc
            except SQLAlchemyError as exc:
                log.warning("write failed: %s", exc)
                raise StoreError(f"Could not save {what} ({_short(exc)}).") from exc
        raise AssertionError("unreachable")

    # -- schema ---------------------------------------------------------------
    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision`, one process at a time."""
        bind = self.engine.execution_options(sqlite_immediate=True) if self.is_sqlite else self.engine
        try:
            with bind.begin() as conn:
                if not self.is_sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                config = Config()
                config.set_main_option("script_location", str(MIGRATIONS))
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"The database at {self.url.render_as_string()} could not be prepared ({_short(exc)})."
            ) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def _short(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0][:200] if str(orig).strip() else type(orig).__name__


def get_database(url: str | None = None) -> Database:
    """The shared `Database` for `url` (default: `database_url()`, read now), migrated to head."""
    return _database(url or database_url())


@lru_cache(maxsize=8)
def _database(url: str) -> Database:
    db = Database(url)
    db.upgrade()
    return db


def upgrade() -> Database:
    """Migrate the configured database on start; returns it for use."""
    return get_database()
