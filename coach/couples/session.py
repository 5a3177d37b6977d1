"""The speaker–listener exercise as a state machine over frozen values.

Every move is a pure function `move(session, who, …) -> CoupleSession` that checks whose
turn it is and raises `IllegalMove` (with a sentence fit to show) when it is not allowed.
`who` is the partner's index, 0 or 1. The floor passes only on the speaker's own call.

    speaking  --write (coach check, private), write again to rephrase--> speaking
    speaking  --share-->    listening     (the speaker's words are shown to the listener)
    listening --write (listener check, private)-->  listening
    listening --share-->    deciding      (the listener's words are shown to the speaker)
    deciding  --decide "that's it"-->  speaking, roles swapped (a new exchange)
    deciding  --decide "partly"/"not quite"-->  adding
    adding    --write + share (what was missed)-->  listening (the listener tries again)
    adding    --pass_floor-->  speaking, roles swapped
    any open phase --end--> ended;  crisis language in any write --> stopped_for_safety
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from coach.couples.listening import ListenerCheck
from nlp.types import Analysis

Phase = Literal["speaking", "listening", "deciding", "adding", "ended", "stopped_for_safety"]
Decision = Literal["that_s_it", "partly", "not_quite"]
Role = Literal["speaker", "listener"]
DECISIONS: tuple[Decision, ...] = ("that_s_it", "partly", "not_quite")
OPEN_PHASES = ("speaking", "listening", "deciding", "adding")
MAX_NAME = 40
NAME_MARKS = frozenset(" -'.’")


class IllegalMove(ValueError):
    """A move that the rules (or whose turn it is) do not allow; `str()` is fit to show."""


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    profile_id: int | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """Words not yet shared, with the coach's check. Only `author` ever sees a draft."""

    author: int
    text: str
    analysis: Analysis
    check: ListenerCheck | None = None  # a listener's draft: what came back of the speaker's words
    tries: int = 1  # checks so far in this step (rephrasing adds one)


@dataclass(frozen=True, slots=True)
class Reflection:
    """One shared try of the listener, and the speaker's call on it."""

    text: str
    analysis: Analysis
    check: ListenerCheck
    tries: int = 1
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class Exchange:
    """One turn of the floor: one speaker, what they shared, the listener's tries."""

    speaker: int
    prompt: str
    statement: str = ""
    analysis: Analysis | None = None  # the coach's check of the shared statement
    speaker_tries: int = 0
    additions: tuple[str, ...] = ()  # what the speaker added after "partly" / "not quite"
    reflections: tuple[Reflection, ...] = ()

    @property
    def listener(self) -> int:
        return 1 - self.speaker

    @property
    def heard(self) -> str:
        """Everything the speaker has shared in this exchange, as the listener sees it."""
        return " ".join((self.statement, *self.additions)).strip()

    @property
    def done(self) -> bool:
        return any(r.decision is not None for r in self.reflections) and bool(self.statement)


@dataclass(frozen=True, slots=True)
class CoupleSession:
    partners: tuple[Partner, Partner]
    exercise_id: str
    prompts: tuple[str, ...]
    phase: Phase
    exchanges: tuple[Exchange, ...]
    draft: Draft | None = None
    stopped_by: int | None = None
    step: int = 0  # counts moves: a screen redraws when it changes

    @property
    def current(self) -> Exchange:
        return self.exchanges[-1]

    @property
    def floor(self) -> int:
        """Who holds the floor (the speaker of the current exchange)."""
        return self.current.speaker

    @property
    def is_open(self) -> bool:
        return self.phase in OPEN_PHASES


def clean_name(name: object) -> str:
    """A name as shown on both screens: letters (any alphabet), digits, spaces and - ' . only,
    so a name can never carry markup into a label or a heading."""
    if not isinstance(name, str) or not name.strip():
        raise IllegalMove("Type a name for each partner (a first name is enough).")
    cleaned = " ".join(name.split())
    if len(cleaned) > MAX_NAME:
        raise IllegalMove(f"Keep each name to {MAX_NAME} characters (that one has {len(cleaned)}).")
    odd = sorted({c for c in cleaned if not (c.isalnum() or c in NAME_MARKS)})
    if odd:
        raise IllegalMove(f"Names can use letters, numbers, spaces and - ' . (not {' '.join(odd)}).")
    return cleaned


def start(
    names: tuple[str, str],
    exercise_id: str,
    prompts: tuple[str, ...],
    first_speaker: int = 0,
    profile_ids: tuple[int | None, int | None] = (None, None),
) -> CoupleSession:
    """A new session: `first_speaker` holds the floor first."""
    a, b = (clean_name(n) for n in names)
    if a.casefold() == b.casefold():
        raise IllegalMove("Use two different names, so each screen says whose turn it is.")
    if first_speaker not in (0, 1):
        raise IllegalMove("The first speaker must be one of the two partners.")
    if not prompts:
        raise IllegalMove("This exercise set has no prompts.")
    partners = (Partner(a, profile_ids[0]), Partner(b, profile_ids[1]))
    return CoupleSession(partners, exercise_id, tuple(prompts), "speaking", (Exchange(first_speaker, prompts[0]),))


def whose_turn(session: CoupleSession) -> int | None:
    """Who may move now (None once the session is over)."""
    if session.phase == "listening":
        return session.current.listener
    if session.phase in ("speaking", "deciding", "adding"):
        return session.current.speaker
    return None


def role_of(session: CoupleSession, who: int) -> Role:
    return "speaker" if who == session.floor else "listener"


def _expect(session: CoupleSession, who: int, *phases: Phase) -> None:
    if who not in (0, 1):
        raise IllegalMove("Unknown partner.")
    if session.phase not in phases:
        raise IllegalMove(_not_now(session))
    if whose_turn(session) != who:
        other = session.partners[whose_turn(session) or 0].name
        raise IllegalMove(f"It's {other}'s turn: wait for them.")


def _not_now(session: CoupleSession) -> str:
    if session.phase == "stopped_for_safety":
        return "The exercise is paused for safety."
    if session.phase == "ended":
        return "This exercise has ended."
    return "That can't be done at this point of the round."


def _moved(session: CoupleSession, **changes: object) -> CoupleSession:
    return replace(session, step=session.step + 1, **changes)


def _with_current(session: CoupleSession, exchange: Exchange, **changes: object) -> CoupleSession:
    return _moved(session, exchanges=(*session.exchanges[:-1], exchange), **changes)


def write(
    session: CoupleSession, who: int, text: str, analysis: Analysis, check: ListenerCheck | None = None
) -> CoupleSession:
    """Keep `text` as `who`'s private draft with the coach's check (again = rephrase).

    Crisis language stops the exercise for both, and the words are not kept."""
    _expect(session, who, "speaking", "listening", "adding")
    if not text or not text.strip():
        raise IllegalMove("Write a sentence or two first.")
    if analysis.crisis:
        return stop_for_safety(session, who)
    if session.phase == "listening" and check is None:
        raise IllegalMove("A listener's words need the listener check.")
    tries = session.draft.tries + 1 if session.draft and session.draft.author == who else 1
    return _moved(session, draft=Draft(who, text.strip(), analysis, check, tries))


def share(session: CoupleSession, who: int) -> CoupleSession:
    """Show the draft to the other partner: the speaker hands over, the listener gives back."""
    _expect(session, who, "speaking", "listening", "adding")
    draft = session.draft
    if draft is None or draft.author != who:
        raise IllegalMove("Write it and check it first; then you can share it.")
    ex = session.current
    if session.phase == "speaking":
        ex = replace(ex, statement=draft.text, analysis=draft.analysis, speaker_tries=draft.tries)
    elif session.phase == "adding":
        ex = replace(ex, additions=(*ex.additions, draft.text))
    else:
        assert draft.check is not None  # write() requires it for a listener
        ex = replace(ex, reflections=(*ex.reflections, Reflection(draft.text, draft.analysis, draft.check, draft.tries)))
    following: Phase = "deciding" if session.phase == "listening" else "listening"
    return _with_current(session, ex, draft=None, phase=following)


def decide(session: CoupleSession, who: int, decision: str) -> CoupleSession:
    """The speaker's call on the listener's last try."""
    _expect(session, who, "deciding")
    if decision not in DECISIONS:
        raise IllegalMove(f"Choose one of: {', '.join(DECISIONS)}.")
    ex = session.current
    last = replace(ex.reflections[-1], decision=decision)
    ex = replace(ex, reflections=(*ex.reflections[:-1], last))
    if decision == "that_s_it":
        return _pass(_with_current(session, ex))
    return _with_current(session, ex, phase="adding")


def pass_floor(session: CoupleSession, who: int) -> CoupleSession:
    """After "partly" or "not quite", the speaker may move on without adding anything."""
    _expect(session, who, "adding")
    return _pass(_moved(session, draft=None))


def _pass(session: CoupleSession) -> CoupleSession:
    """The floor passes: the listener becomes the speaker of a new exchange."""
    number = len(session.exchanges)
    prompt = session.prompts[(number // 2) % len(session.prompts)]  # both partners get each prompt
    following = Exchange(session.current.listener, prompt)
    return replace(session, exchanges=(*session.exchanges, following), phase="speaking", draft=None)


def end(session: CoupleSession, who: int) -> CoupleSession:
    """Either partner can end the exercise at any time; unshared drafts are dropped."""
    if who not in (0, 1):
        raise IllegalMove("Unknown partner.")
    if not session.is_open:
        raise IllegalMove(_not_now(session))
    return _moved(session, phase="ended", draft=None)


def stop_for_safety(session: CoupleSession, who: int) -> CoupleSession:
    """Stop for both partners; the words that caused it are not kept anywhere."""
    if who not in (0, 1):
        raise IllegalMove("Unknown partner.")
    if session.phase == "stopped_for_safety":
        return session
    return _moved(session, phase="stopped_for_safety", stopped_by=who, draft=None)


def visible_draft(session: CoupleSession, who: int) -> Draft | None:
    """The draft `who` may see: only their own."""
    draft = session.draft
    return draft if draft is not None and draft.author == who else None
