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
