"""Storage: SQLAlchemy 2 behind small repository functions; Alembic migrations on start.

from store import get_database, profiles, attempts
db = get_database()                     # REHEARSE_DB_URL or SQLite under REHEARSE_HOME
me = profiles.default_profile(db)
attempts.add_attempt(db, attempts.AttemptRecord.of(me.id, analysis, scenario_id="boss"))
"""

from store.db import Database, database_url, get_database, upgrade
from store.errors import StoreError

__all__ = ["Database", "StoreError", "database_url", "get_database", "upgrade"]
