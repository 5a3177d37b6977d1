"""A PostgreSQL server for one run: `REHEARSE_TEST_PG_URL` if set, else a fresh local cluster.

The cluster lives in a temporary folder, listens on loopback only, trusts local connections,
and is stopped and deleted afterwards. As root it runs as the `postgres` user (PostgreSQL
refuses to run as root).
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.serverproc import free_port

log = logging.getLogger(__name__)
PG_ENV = "REHEARSE_TEST_PG_URL"


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


@contextmanager
def postgres_url() -> Iterator[str | None]:
    """Yields a SQLAlchemy URL, or None when there is no PostgreSQL to use."""
    if os.environ.get(PG_ENV):
        yield os.environ[PG_ENV]
        return
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="rehearse-load-pg."))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = folder / "data"
    url: str | None = None
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "rehearse"],
                       check=True, capture_output=True, timeout=120)
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=300"
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"],
                       check=True, capture_output=True, timeout=60)
        subprocess.run([*as_user, _bin("createdb") or "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "rehearse",
                        "rehearse"], check=True, capture_output=True, timeout=30)
        url = f"postgresql+psycopg://rehearse@127.0.0.1:{port}/rehearse"
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not start a local PostgreSQL: %s", exc)
    try:
        yield url
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "fast", "stop"], capture_output=True, timeout=60)
        time.sleep(0.2)
        shutil.rmtree(folder, ignore_errors=True)
