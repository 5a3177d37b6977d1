"""One version string for everything that decides an analysis: code, rules, word lists, model.

Stored beside every saved analysis, so a result can be traced to the engine that made it
and old results can be told apart after an upgrade.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

ENGINE_DIR = Path(__file__).resolve().parent
ENGINE_SUFFIXES = (".py", ".yaml", ".yml", ".txt", ".json")


@lru_cache(maxsize=4)
def engine_version(model_name: str = "", folder: Path = ENGINE_DIR) -> str:
    """Short hash over every engine file's path and bytes plus the model name."""
    digest = hashlib.sha256(model_name.encode())
    for path in sorted(p for p in folder.rglob("*") if p.suffix in ENGINE_SUFFIXES and p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
