"""Word lists kept as data under nlp/lexicons/, loaded and checked once.

Pure Python (no spaCy), so `coach/` may use the feelings lists for the builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from nlp.errors import RuleFileError

LEXICON_DIR = Path(__file__).parent / "lexicons"


@dataclass(frozen=True, slots=True)
class FeelingFamily:
    key: str
    label: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FauxFeeling:
    word: str
    under: tuple[str, ...]  # feelings that may lie underneath
    accusing: bool  # reads as an accusation whenever it is about the other person


def _load_yaml(name: str) -> dict:
    path = LEXICON_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot be read as YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    return data


@lru_cache(maxsize=1)
def feeling_families() -> tuple[FeelingFamily, ...]:
    data = _load_yaml("feelings.yaml").get("families")
    if not isinstance(data, dict) or not data:
        raise RuleFileError(f"{LEXICON_DIR / 'feelings.yaml'}: expected 'families' mapping")
    seen: dict[str, str] = {}
    families = []
    for key, body in data.items():
        words = tuple(str(w).lower().strip() for w in (body or {}).get("words", []))
        if not words:
            raise RuleFileError(f"feelings.yaml: family '{key}' has no words")
        for word in words:
            if word in seen:
                raise RuleFileError(
                    f"feelings.yaml: '{word}' is in both '{seen[word]}' and '{key}'"
                )
            seen[word] = key
        families.append(FeelingFamily(key, str(body.get("label", key)), words))
    return tuple(families)


@lru_cache(maxsize=1)
def feeling_family_of() -> dict[str, str]:
    """Feeling word -> family key."""
    return {w: fam.key for fam in feeling_families() for w in fam.words}


@lru_cache(maxsize=1)
def faux_feelings() -> dict[str, FauxFeeling]:
    data = _load_yaml("faux_feelings.yaml").get("words")
    if not isinstance(data, dict) or not data:
        raise RuleFileError(f"{LEXICON_DIR / 'faux_feelings.yaml'}: expected 'words' mapping")
    known = feeling_family_of()
    result = {}
    for word, body in data.items():
        under = tuple(str(u) for u in (body or {}).get("under", []))
        missing = [u for u in under if u not in known]
        if missing:
            raise RuleFileError(
                f"faux_feelings.yaml: '{word}' offers {missing}, which are not in feelings.yaml"
            )
        result[str(word).lower()] = FauxFeeling(str(word).lower(), under, bool(body.get("accusing")))
    return result


@cache
def word_list(name: str) -> tuple[str, ...]:
    """A plain .txt list: one entry a line, '#' comments, duplicates rejected."""
    path = LEXICON_DIR / f"{name}.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RuleFileError(f"{path}: missing word list ({exc})") from exc
    words: list[str] = []
    for number, line in enumerate(lines, 1):
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if entry in words:
            raise RuleFileError(f"{path}:{number}: duplicate entry '{entry}'")
        words.append(entry)
    return tuple(words)


@cache
def single_words(name: str) -> frozenset[str]:
    """The one-word entries of a word list, for matching by lemma."""
    return frozenset(w for w in word_list(name) if " " not in w)
