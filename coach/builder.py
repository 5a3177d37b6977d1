"""The I-statement builder: feelings to pick from, and the sentence assembled from parts.

"When <situation>, I feel <feeling>, because I need <need>. Would you be willing to
<request>?" Blank parts are left out of the sentence that is analysed and shown as ___
in the preview; stems people type anyway ("when", "because I need") are not doubled,
and trailing punctuation is stripped so the sentence never ends up with ".,".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp.lexicons import faux_feelings, feeling_families

BLANK = "___"
FAUX_GROUP = "Describes what they did"
FAUX_ADVICE = "These describe what you think they did. Try the feeling underneath:"

_TRAILING = " \t\r\n.,;:!?…-–—"
_STEMS = {
    "situation": ("when",),
    "feeling": ("i feel", "i'm feeling", "i am feeling", "i'm", "i am", "feeling"),
    "need": ("because i need", "because i", "because", "i need", "need"),
    "request": (
        "would you be willing to",
        "would you be willing",
        "could you please",
        "can you please",
        "could you",
        "can you",
        "would you",
        "will you",
        "please",
    ),
}


@dataclass(frozen=True, slots=True)
class FeelingOption:
    word: str
    group: str  # the family label, or FAUX_GROUP
    under: tuple[str, ...] = ()  # faux feelings only: feelings that may lie underneath

    @property
    def is_faux(self) -> bool:
        return self.group == FAUX_GROUP

    @property
    def label(self) -> str:
        return f"{self.word} · {self.group}"


@lru_cache(maxsize=1)
def feeling_options() -> tuple[FeelingOption, ...]:
    """Every feeling word grouped by family, then the faux feelings (searchable by both)."""
    options = [FeelingOption(word, family.label) for family in feeling_families() for word in family.words]
    known = {o.word for o in options}
    options += [
        FeelingOption(word, FAUX_GROUP, faux.under)
        for word, faux in sorted(faux_feelings().items())
        if word not in known
    ]
    return tuple(options)


def option_for(word: str | None) -> FeelingOption | None:
    return next((o for o in feeling_options() if o.word == word), None) if word else None


def clean(part: str | None, kind: str) -> str:
    """One part, tidied: spaces collapsed, stems and trailing punctuation removed."""
    text = re.sub(r"\s+", " ", part or "").strip().rstrip(_TRAILING).strip()
    lowered = text.lower()
    for stem in _STEMS.get(kind, ()):
        if lowered == stem or lowered.startswith((stem + " ", stem + ",")):
            text = text[len(stem) :].lstrip(" ,")
            break
    text = text.rstrip(_TRAILING).strip()
    return _lower_first(text)


def _lower_first(text: str) -> str:
    """'You came home' -> 'you came home'; keeps 'I', "I'm" and acronyms like 'NHS'."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if first == "I" or first.startswith("I'") or (len(first) > 1 and first.isupper()):
        return text
    return text[0].lower() + text[1:]


@dataclass(frozen=True, slots=True)
class Built:
    sentence: str  # only the parts given: what gets analysed ("" if nothing yet)
    preview: str  # the whole shape, with ___ for the blanks
    missing: tuple[str, ...]  # "situation", "feeling", "need", "request"


def _shape(situation: str, feeling: str, need: str, request: str, skip_blanks: bool) -> str:
    clauses = []
    for stem, value in (
        ("when ", situation),
        ("I feel ", feeling),
        ("because I need ", need),
    ):
        if value or not skip_blanks:
            clauses.append(stem + (value or BLANK))
    first = ", ".join(clauses)
    if first:
        first = first[0].upper() + first[1:] + "."
    ask = ""
    if request or not skip_blanks:
        ask = f"Would you be willing to {request or BLANK}?"
    return " ".join(p for p in (first, ask) if p)


def assemble(
    situation: str | None = "",
    feeling: str | None = "",
    need: str | None = "",
    request: str | None = "",
) -> Built:
    parts = {
        "situation": clean(situation, "situation"),
        "feeling": clean(feeling, "feeling"),
        "need": clean(need, "need"),
        "request": clean(request, "request"),
    }
    values = tuple(parts.values())
    return Built(
        sentence=_shape(*values, skip_blanks=True),
        preview=_shape(*values, skip_blanks=False),
        missing=tuple(k for k, v in parts.items() if not v),
    )
