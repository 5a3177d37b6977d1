"""The reviewed feedback text in `coach/messages.yaml`, validated into frozen models.

`load_messages()` reads the file once; a malformed file raises `MessagesError` naming the
file and the field, so a typo is caught by the tests rather than on a user's screen.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coach.datafile import load_model

MESSAGES_FILE = Path(__file__).with_name("messages.yaml")
METER_MAX = 5  # meters run 0..5: five dots fit a phone-width card

Category = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z_]*$")]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class MessagesError(ValueError):
    """coach/messages.yaml is malformed; the message names the field."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Message(_Frozen):
    """What to say about one category (or, as an override, one rule)."""

    name: Text = Field(min_length=1)
    came_across: Text = Field(min_length=1)
    why: Text = Field(min_length=1)
    well: Text = ""
    try_: Text = Field("", alias="try")
    template: Text = ""
    example: Text = ""
    offer_under: bool = False


class RuleOverride(_Frozen):
    name: Text | None = None
    came_across: Text | None = None
    why: Text | None = None
    well: Text | None = None
    try_: Text | None = Field(None, alias="try")
    template: Text | None = None
    example: Text | None = None
    offer_under: bool | None = None


class SkillGoal(_Frozen):
    wants: tuple[Category, ...] = Field(min_length=1)
    try_: Text = Field(min_length=1, alias="try")
    template: Text = Field(min_length=1)
    example: Text = ""


class NextStep(_Frozen):
    has: tuple[Category, ...] = ()
    missing: tuple[Category, ...] = ()
    try_: Text = Field(min_length=1, alias="try")
    template: Text = ""
    example: Text = ""


class MeterSpec(_Frozen):
    label: Text = Field(min_length=1)
    explain: Text = Field(min_length=1)
    base: int = Field(2, ge=0, le=METER_MAX)
    tone: dict[str, int] | None = None  # intensity -> starting score (the calm meter)
    plus: dict[Category, int] = {}
    minus: dict[Category, int] = {}


class Headlines(_Frozen):
    """One line over the points; `{helps}`/`{hurts}`/`{note}` are filled with `came_across`."""

    helps: Text = Field(min_length=1)
    hurts: Text = Field(min_length=1)
    mixed: Text = Field(min_length=1)
    note: Text = Field(min_length=1)
    neutral: Text = Field(min_length=1)


class Messages(_Frozen):
    version: int
    priority: tuple[Category, ...]
    categories: dict[Category, Message]
    rules: dict[RuleId, RuleOverride] = {}
    skills: dict[str, SkillGoal] = {}
    next_steps: tuple[NextStep, ...] = Field(min_length=1)
    meters: dict[str, MeterSpec] = Field(min_length=1)
    headlines: Headlines
    echo_well: Text = Field(min_length=1, pattern=r"\{words\}")
    bare_quote_words: frozenset[str] = frozenset()
    improved_gone: Text = Field("Turn {turn}: “{name}” gone after another try", pattern=r"\{name\}")
    improved_new: Text = Field("Turn {turn}: “{name}” added after another try", pattern=r"\{name\}")

    def message_for(self, category: str, rule_id: str = "") -> Message | None:
        """The category's message with the rule's override applied (None if unknown)."""
        base = self.categories.get(category)
        if base is None:
            return None
        override = self.rules.get(rule_id)
        if override is None:
            return base
        changes = {k: v for k, v in override.model_dump().items() if v is not None}
        return base.model_copy(update=changes)

    def rank(self, category: str) -> int:
        """Position in `priority` (unknown categories sort last)."""
        try:
            return self.priority.index(category)
        except ValueError:
            return len(self.priority)

    def referenced_categories(self) -> set[str]:
        """Every category named anywhere in the file (for the consistency test)."""
        names = set(self.priority) | set(self.categories)
        for goal in self.skills.values():
            names.update(goal.wants)
        for step in self.next_steps:
            names.update(step.has, step.missing)
        for meter in self.meters.values():
            names.update(meter.plus, meter.minus)
        return names


@lru_cache(maxsize=4)
def load_messages(path: Path = MESSAGES_FILE) -> Messages:
    messages = load_model(path, Messages, MessagesError)
    unknown = messages.referenced_categories() - set(messages.categories)
    if unknown:
        raise MessagesError(f"{path}: categories used but never described: {sorted(unknown)}")
    return messages
