"""Scenario packs a facilitator uploads: untrusted YAML, validated whole or rejected whole.

A pack is a title and a list of prompts (what the other person says, optionally the skill).
Every error names the file and the field, e.g. `team.yaml: prompts[2].skill: unknown skill`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from coach.safe_yaml import UnsafeYamlError, load_untrusted
from coach.scenarios import SKILLS, Skill
from coach.workshop.room import MAX_PROMPT_CHARS

MAX_PROMPTS = 100

_Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PROMPT_CHARS)]


class PackError(ValueError):
    """The pack was rejected; `problems` lists each (field, message)."""

    def __init__(self, filename: str, problems: list[tuple[str, str]]) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{filename}: {f + ': ' if f else ''}{m}" for f, m in problems))


class _PackPrompt(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    says: _Line
    skill: Skill | None = None


class _Pack(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    prompts: tuple[_PackPrompt, ...] = Field(min_length=1, max_length=MAX_PROMPTS)


@dataclass(frozen=True, slots=True)
class PackPrompt:
    says: str
    skill: str | None


@dataclass(frozen=True, slots=True)
class Pack:
    filename: str
    title: str
    prompts: tuple[PackPrompt, ...]


def _field(loc: tuple[object, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".")


def parse_pack(filename: str, data: bytes) -> Pack:
    """Validate an uploaded pack; raises PackError naming the file and every bad field."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackError(filename, [("", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")]) from None
    try:
        raw = load_untrusted(text)
    except UnsafeYamlError as exc:
        raise PackError(filename, [("", str(exc))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise PackError(filename, [("", f"not valid YAML: {where}{problem}")]) from None
    if not isinstance(raw, dict):
        raise PackError(filename, [("", "expected fields `title:` and `prompts:` at the top of the file")])
    try:
        pack = _Pack.model_validate(raw)
    except ValidationError as exc:
        problems = []
        errors = exc.errors()
        locs = [tuple(e["loc"]) for e in errors]
        for err in errors:
            if any(len(other) > len(err["loc"]) and other[: len(err["loc"])] == tuple(err["loc"]) for other in locs):
                continue  # a list's own error repeats what its items already said
            message = "required field is missing" if err["type"] == "missing" else err["msg"]
            if err["type"] == "literal_error":
                message = f"unknown skill; expected one of {', '.join(SKILLS)}"
            if err["type"] == "extra_forbidden":
                message = "unknown field; a prompt has `says` and optionally `skill`, a pack `title` and `prompts`"
            problems.append((_field(err["loc"]), message))
        raise PackError(filename, problems) from None
    return Pack(filename, pack.title, tuple(PackPrompt(p.says, p.skill) for p in pack.prompts))
