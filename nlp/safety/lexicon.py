"""The screen's word data: spelling (lexicons/spelling.yaml) and word forms
(lexicons/forms.yaml), loaded and checked once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from nlp.errors import RuleFileError
from nlp.ruleset import RuleYamlLoader

LEXICON_DIR = Path(__file__).parent / "lexicons"
FUZZY_MAX_LEN = 14  # longer tokens are not fuzzy-matched (cost grows with length)


class _UniqueKeyLoader(RuleYamlLoader):
    """The rules' YAML loader ("no", "on" stay words) that also refuses a key given twice
    (plain YAML silently keeps the last)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path.name}: cannot be read as YAML: {exc}") from exc


def validated(model: type[BaseModel], path: Path) -> Any:
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors())
        raise RuleFileError(f"{path.name}: {where}") from exc


class SpellingFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    expand: dict[str, tuple[str, ...]]
    shorthand: dict[str, tuple[str, ...]]
    variants: dict[str, str]
    fuzzy: tuple[str, ...]
    stretched: tuple[str, ...]


class FormsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    regular: tuple[str, ...]
    irregular: dict[str, tuple[str, ...]]


def regular_forms(base: str) -> tuple[str, ...]:
    if base.endswith("e"):
        return base + "s", base + "d", base[:-1] + "ing"
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    if base.endswith(("sh", "ch", "ss", "x")):
        return base + "es", base + "ed", base + "ing"
    return base + "s", base + "ed", base + "ing"


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True, eq=False)  # hashed by identity: one table per loaded screen
class Spelling:
    expand: dict[str, tuple[str, ...]]
    shorthand: dict[str, tuple[str, ...]]
    variants: dict[str, str]
    lemmas: dict[str, str]
    known: frozenset[str] = frozenset()
    stretched: dict[str, str] = field(default_factory=dict)  # word with runs squashed to one -> word
    fuzzy: dict[str, str] = field(default_factory=dict)  # one-deletion key -> target word
    masked: tuple[str, ...] = ()

    def lemma(self, word: str) -> str:
        return self.lemmas.get(word, word)

    def fuzzy_match(self, word: str) -> str | None:
        if len(word) > FUZZY_MAX_LEN or word in self.known:
            return None
        for key in _deletes(word):
            if key in self.fuzzy:
                return self.fuzzy[key]
        return None

    def unmask(self, word: str) -> str | None:
        """"k*ll" -> "kill", "s**cide" -> "suicide": a masked letter stands for one letter."""
        pattern = re.compile("".join("[a-z]" if c == "*" else re.escape(c) for c in word.strip("*")))
        return next((w for w in self.masked if pattern.fullmatch(w)), None)


def load_spelling(vocabulary: Iterable[str], lemma_words: Iterable[str] = ()) -> Spelling:
    """Spelling data plus the rules' own vocabulary (words typed right are never 'corrected')."""
    spelling: SpellingFile = validated(SpellingFile, LEXICON_DIR / "spelling.yaml")
    forms: FormsFile = validated(FormsFile, LEXICON_DIR / "forms.yaml")
    lemmas: dict[str, str] = {}
    for base in (*forms.regular, *sorted(set(lemma_words) - set(forms.regular))):
        for form in forms.irregular.get(base) or regular_forms(base):
            lemmas.setdefault(form, base)
    for base, inflected in forms.irregular.items():
        for form in inflected:
            lemmas[form] = base
    known = frozenset(vocabulary) | frozenset(lemmas) | frozenset(forms.regular) | frozenset(lemma_words)
    for word in spelling.fuzzy:
        if word not in known:
            raise RuleFileError(f"spelling.yaml: fuzzy word '{word}' is used by no rule")
    fuzzy: dict[str, str] = {}
    for word in spelling.fuzzy:
        for key in _deletes(word):
            if fuzzy.get(key, word) != word:
                raise RuleFileError(f"spelling.yaml: fuzzy words '{fuzzy[key]}' and '{word}' are one letter apart")
            fuzzy[key] = word
    stretched = {re.sub(r"(.)\1+", r"\1", w): w for w in spelling.stretched}
    masked = tuple(sorted(set(spelling.stretched) | set(spelling.fuzzy), key=len))
    return Spelling(
        expand=spelling.expand,
        shorthand=spelling.shorthand,
        variants=spelling.variants,
        lemmas=lemmas,
        known=known,
        stretched=stretched,
        fuzzy=fuzzy,
        masked=masked,
    )
