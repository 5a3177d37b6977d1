"""Safety rules, exceptions and cue sets as data (rules/*.yaml, lexicons/*.yaml),
validated once with pydantic; errors name the file and the rule.

A rule matches spaCy token patterns over the screen's folded words (LOWER, LEMMA, and
TAG "CAP" for a capitalised word). In a pattern, "@name" in an IN list stands for the
word set `name` in lexicons/words.yaml. `phrases` are written as plain text and go
through the same spelling folding as the input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.errors import RuleFileError
from nlp.safety.lexicon import LEXICON_DIR, read_yaml, validated
from nlp.safety.types import RISK_KINDS

RULES_DIR = Path(__file__).parent / "rules"
MIN_PREFIX = 4  # a shorter word start matches too many unrelated words
RuleId = Annotated[str, Field(pattern=r"^[a-z_]+(\.[a-z0-9_]+)+$")]
Pattern = tuple[dict[str, Any], ...]


class MatchExample(BaseModel):
    """A text the rule must fire on, and optionally the exact words it must highlight."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str
    span: str | None = None


class Examples(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    match: tuple[MatchExample, ...] = Field(min_length=1)
    no_match: tuple[str, ...] = ()

    @field_validator("match", mode="before")
    @classmethod
    def _wrap(cls, value: Any) -> Any:
        return [{"text": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value


class _Matchable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: RuleId
    explain: Annotated[str, Field(min_length=10, max_length=240)]
    phrases: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    examples: Examples
    source: str = Field(default="", exclude=True)

    @field_validator("explain")
    @classmethod
    def _one_sentence(cls, value: str) -> str:
        if not value.rstrip().endswith("."):
            raise ValueError("must be one full sentence ending in a full stop")
        return value

    def model_post_init(self, _context: Any) -> None:
        if not self.phrases and not self.patterns:
            raise ValueError("needs 'phrases' or 'patterns'")


class SafetyRule(_Matchable):
    kind: Literal[RISK_KINDS]  # type: ignore[valid-type]
    negatable: bool = True  # "I would never hurt myself" does not count
    needs_nearby: tuple[str, ...] = ()  # cue sets (lexicons/cues.yaml), one must be near


class SafetyException(_Matchable):
    """A named reading that is not risk: it vetoes hits of the listed kinds."""

    kinds: tuple[Literal[RISK_KINDS], ...] = Field(min_length=1)  # type: ignore[valid-type]
    rules: tuple[str, ...] = ()  # only these rules, when given
    scope: Literal["overlap", "sentence", "near"] = "overlap"  # near: within `near_tokens` of the hit
    unless_first_person: bool = False  # a hit about "me"/"myself" stays
    needs_nearby: tuple[str, ...] = ()  # cue sets: the exception holds only if one is near the hit
    unless_nearby: tuple[str, ...] = ()  # cue sets: present risk near the hit keeps it (recall first)
    unless_within: tuple[str, ...] = ()  # cue sets: these words inside the hit itself keep it


class RuleFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    rules: tuple[SafetyRule, ...] = ()
    exceptions: tuple[SafetyException, ...] = ()


class Negation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    negators: frozenset[str]
    barriers: frozenset[str]  # words the negation does not reach past ("if", "stop")
    reach: int = Field(ge=1, le=10)
    # A negator right after one of these is what was said, a refusal ("I said no, he hit me").
    speech: frozenset[str] = frozenset()


class CueFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    negation: Negation
    first_person: frozenset[str]
    common_words: frozenset[str]  # never chosen as a pattern's gate word if avoidable
    nearby_tokens: int = Field(ge=1, le=80)  # cues are found over the whole text, so any reach works
    near_tokens: int = Field(ge=1, le=24)  # an exception with scope "near" (<= engine.EXCEPTION_REACH)
    cues: dict[str, tuple[str, ...]]


class WordsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    words: dict[str, tuple[str, ...]]


class FearGuarded(BaseModel):
    """Patterns that count only beside a fear word (cues.yaml `fear`): "he waits for me outside
    school" is risk when the writer says they are afraid, not on its own."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    patterns: tuple[Pattern, ...] = Field(min_length=1)
    examples: Examples


class Language(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    phrases: tuple[str, ...] = Field(min_length=3)
    patterns: tuple[Pattern, ...] = ()
    examples: Examples
    with_fear: FearGuarded | None = None


class LanguagesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    explain: str
    languages: dict[str, Language]


def prefix_regex(prefixes: Any, where: str) -> dict[str, str]:
    """{PREFIX: [umbring, umzubring]} -> a LOWER regex on the word's start (gates.py reads it back)."""
    if not isinstance(prefixes, list) or not prefixes or not all(isinstance(p, str) and p.isalpha() and p.islower()
                                                                   and len(p) >= MIN_PREFIX for p in prefixes):
        raise RuleFileError(f"{where}: PREFIX must be a list of lower-case words of {MIN_PREFIX}+ letters, got {prefixes!r}")
    return {"REGEX": "^(?:" + "|".join(prefixes) + ")"}


def expand_pattern(pattern: Pattern, words: dict[str, tuple[str, ...]], where: str) -> list[dict[str, Any]]:
    def token(tok: dict[str, Any]) -> dict[str, Any]:
        tok = dict(tok)
        if "PREFIX" in tok:
            tok["LOWER"] = prefix_regex(tok.pop("PREFIX"), where)
        return {k: value(x) for k, x in tok.items()}

    def value(v: Any) -> Any:
        if isinstance(v, str) and v.startswith("@"):
            if v[1:] not in words:
                raise RuleFileError(f"{where}: unknown word set '{v}'; known: {sorted(words)}")
            return list(words[v[1:]])
        if isinstance(v, list):
            out: list[Any] = []
            for item in v:
                item = value(item)
                out.extend(item if isinstance(item, list) else [item])
            return out
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items()}
        return v

    return [token(tok) for tok in pattern]


def load_rule_files(folder: Path = RULES_DIR) -> tuple[tuple[SafetyRule, ...], tuple[SafetyException, ...]]:
    rules: list[SafetyRule] = []
    exceptions: list[SafetyException] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        parsed = _validate_rule_file(path)
        for item in (*parsed.rules, *parsed.exceptions):
            if item.id in seen:
                raise RuleFileError(f"{path.name}: rule '{item.id}' is already defined in {seen[item.id]}")
            seen[item.id] = path.name
        rules.extend(r.model_copy(update={"source": path.name}) for r in parsed.rules)
        exceptions.extend(e.model_copy(update={"source": path.name}) for e in parsed.exceptions)
    if not rules:
        raise RuleFileError(f"{folder}: no safety rules found")
    return tuple(rules), tuple(exceptions)


def _validate_rule_file(path: Path) -> RuleFile:
    data = read_yaml(path)
    try:
        return RuleFile.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = list(err["loc"])
            rule_id = "?"
            if len(loc) >= 2 and isinstance(loc[1], int):
                try:
                    rule_id = data[loc[0]][loc[1]].get("id", f"#{loc[1] + 1}")
                except (KeyError, IndexError, TypeError, AttributeError):
                    rule_id = f"#{loc[1] + 1}"
                loc = loc[2:]
            field = ".".join(str(p) for p in loc) or "(rule)"
            lines.append(f"{path.name}: rule '{rule_id}', field '{field}': {err['msg']}")
        raise RuleFileError("\n".join(lines)) from exc


def load_cues() -> CueFile:
    return validated(CueFile, LEXICON_DIR / "cues.yaml")


def load_words() -> dict[str, tuple[str, ...]]:
    return validated(WordsFile, LEXICON_DIR / "words.yaml").words


def load_languages() -> LanguagesFile:
    return validated(LanguagesFile, LEXICON_DIR / "other_languages.yaml")

