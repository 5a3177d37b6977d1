"""Rule definitions as data: nlp/rules/*.yaml, validated at load.

Each rule is a small named unit: an id, the category its flags carry, how it matches
(phrases, spaCy token patterns, or a named parse function), optional named guards that
veto a match, a one-sentence explanation, and its own match / no-match examples.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.errors import RuleFileError

RULES_DIR = Path(__file__).parent / "rules"
NOT_RULE_FILES = frozenset({"categories.yaml", "weights.yaml"})  # data beside the rules
RuleId = Annotated[str, Field(pattern=r"^[a-z_]+(\.[a-z0-9_]+)+$")]


class Example(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str
    context: str | None = None
    span: str | None = None  # the words the rule must highlight, when pinned


def _example(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Examples(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    match: tuple[Example, ...] = Field(min_length=1)
    no_match: tuple[Example, ...] = Field(min_length=1)

    @field_validator("match", "no_match", mode="before")
    @classmethod
    def _wrap(cls, value: Any) -> Any:
        return [_example(v) for v in value] if isinstance(value, list) else value


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: RuleId
    category: Annotated[str, Field(pattern=r"^[A-Z][A-Z_]+$")]
    polarity: Literal["helps", "hurts", "note"]
    explain: Annotated[str, Field(min_length=10, max_length=240)]
    kind: Literal["phrase", "token", "parse"]
    weight: float = Field(default=1.0, ge=0, le=5)
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    function: str | None = None
    guards: tuple[str, ...] = ()
    # Detector labels this rule supports, overriding its category's defaults
    # (see categories.yaml), e.g. ["style.blame", "horsemen.defensiveness"].
    labels: tuple[str, ...] | None = None
    examples: Examples
    source: str = Field(default="", exclude=True)  # file name, set by the loader

    @field_validator("explain")
    @classmethod
    def _one_sentence(cls, value: str) -> str:
        if not value.rstrip().endswith((".", "?", "!")):
            raise ValueError("must be one full sentence ending in a full stop")
        return value

    def model_post_init(self, _context: Any) -> None:
        needs = {"phrase": "phrases", "token": "patterns", "parse": "function"}[self.kind]
        if not getattr(self, needs):
            raise ValueError(f"kind '{self.kind}' needs '{needs}'")


class RuleFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    rules: tuple[Rule, ...] = Field(min_length=1)


class CategorySpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    labels: tuple[str, ...] = ()
    name: str  # plain-language name shown to users


class RuleYamlLoader(yaml.SafeLoader):
    """safe_load with YAML 1.2 booleans: only true/false are booleans, so words in
    pattern lists ("on", "off", "yes", "no") stay words."""


RuleYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RuleYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=RuleYamlLoader)  # noqa: S506 (a SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path.name}: cannot be read as YAML: {exc}") from exc


def _describe(exc: ValidationError, path: Path, data: Any) -> str:
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        rule_id = "?"
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            try:
                rule_id = data["rules"][loc[1]].get("id", f"#{loc[1] + 1}")
            except (KeyError, IndexError, TypeError, AttributeError):
                rule_id = f"#{loc[1] + 1}"
            loc = loc[2:]
        field = ".".join(str(p) for p in loc) or "(rule)"
        lines.append(f"{path.name}: rule '{rule_id}', field '{field}': {err['msg']}")
    return "\n".join(lines)


def load_categories(folder: Path = RULES_DIR) -> dict[str, CategorySpec]:
    path = folder / "categories.yaml"
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError(f"{path.name}: expected a mapping of CATEGORY: {{labels, name}}")
    try:
        return {key: CategorySpec.model_validate(body) for key, body in data.items()}
    except ValidationError as exc:
        raise RuleFileError(f"{path.name}: {exc}") from exc


def load_rules(folder: Path = RULES_DIR) -> tuple[tuple[Rule, ...], str]:
    """All rules in `folder`, checked, plus a short version hash of their text."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        if path.name in NOT_RULE_FILES:
            continue
        digest.update(path.read_bytes())
        data = _read_yaml(path)
        try:
            parsed = RuleFile.model_validate(data)
        except ValidationError as exc:
            raise RuleFileError(_describe(exc, path, data)) from exc
        for rule in parsed.rules:
            if rule.id in seen:
                raise RuleFileError(
                    f"{path.name}: rule '{rule.id}' is already defined in {seen[rule.id]}"
                )
            seen[rule.id] = path.name
            _check_duplicates(rule, path)
            rules.append(rule.model_copy(update={"source": path.name}))
    if not rules:
        raise RuleFileError(f"{folder}: no rule files found")
    return tuple(rules), digest.hexdigest()[:12]


def _check_duplicates(rule: Rule, path: Path) -> None:
    lowered = [p.lower() for p in rule.phrases]
    dupes = sorted({p for p in lowered if lowered.count(p) > 1})
    if dupes:
        raise RuleFileError(f"{path.name}: rule '{rule.id}' lists {dupes} more than once")
