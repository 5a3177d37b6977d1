"""The presentation deck: before/after pairs per skill, kept as data in `exercises/deck/`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from coach.safe_yaml import UnsafeYamlError, load_untrusted
from coach.scenarios import EXERCISES_DIR

log = logging.getLogger(__name__)
DECK_DIR = EXERCISES_DIR / "deck"

_Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]


class _Pair(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    situation: _Line | None = None  # a stage direction, shown but never analysed
    they_said: _Line | None = None  # what the other person said: the context for the analysis
    before: _Line
    after: _Line

    @model_validator(mode="after")
    def _one_lead_in(self) -> _Pair:
        if (self.situation is None) == (self.they_said is None):
            raise ValueError("give exactly one of `situation` or `they_said`")
        return self


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    order: int = Field(ge=1)
    title: _Line
    skill: _Line
    point: _Line
    pairs: tuple[_Pair, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Slide:
    """One before/after pair: the situation or what they said, the reply before and after, and why."""

    section: str
    skill: str
    point: str
    lead_in: str
    they_said: str | None  # None: the speaker raises it; nothing to respond to
    before: str
    after: str


class DeckError(ValueError):
    pass


def load_deck(folder: Path = DECK_DIR) -> tuple[Slide, ...]:
    """Every section's pairs in `order`; a bad file raises DeckError naming file and field."""
    sections = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            section = _Section.model_validate(load_untrusted(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, UnsafeYamlError, yaml.YAMLError) as exc:
            raise DeckError(f"{path.name}: cannot be read ({exc})") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise DeckError(f"{path.name}: {field}: {err['msg']}") from None
        sections.append(section)
    slides = [
        Slide(s.title, s.skill, s.point, p.they_said or p.situation or "", p.they_said, p.before, p.after)
        for s in sorted(sections, key=lambda s: s.order)
        for p in s.pairs
    ]
    if not slides:
        raise DeckError(f"no deck files (*.yaml) in {folder}")
    return tuple(slides)
