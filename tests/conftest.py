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
