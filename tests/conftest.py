import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REHEARSE_HOME", str(ROOT / ".pytest_home"))


@pytest.fixture(scope="session")
def analyzer():
    from nlp import get_analyzer

    return get_analyzer()


def _known_misses() -> set[str]:
    path = Path(__file__).parent / "known_engine_misses.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def pytest_collection_modifyitems(config, items):
    known = _known_misses()
    for item in items:
        if item.nodeid in known:
            item.add_marker(pytest.mark.xfail(reason="known engine miss (tests/known_engine_misses.txt)", strict=False))


@pytest.fixture
def couples_db(tmp_path, monkeypatch):
    """Couples pages on a throw-away SQLite database, a fake analyser and crude words."""
    from couples_apptest import FakeAnalyzer
    from couples_factory import words

    import ui.analysis_service as service
    import ui.couples_service as couples_service
    from store.db import Database

    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(service, "warm_up", lambda: None)
    monkeypatch.setattr(service, "get_analyzer", FakeAnalyzer)
    monkeypatch.setattr(couples_service, "words_of", words)
    database = Database(f"sqlite:///{tmp_path / 'couples.db'}")
    database.upgrade()
    monkeypatch.setattr(couples_service, "get_database", lambda: database)
    yield database
    database.dispose()
