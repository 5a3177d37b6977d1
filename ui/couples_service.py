"""The couples pages' door to the engine and the database.

Checks never raise: a problem comes back as a message to show. Two-phone moves are applied
to the latest stored state with the store's optimistic lock, retried when the other phone
moved first. History is written per partner as a run of kind `couple` with its attempts.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from coach.couples import pairing
from coach.couples.listening import ListenerCheck, check_listener
from coach.couples.serial import StateError, from_plain, to_plain
from coach.couples.session import CoupleSession, Exchange, IllegalMove
from coach.couples.summary import PartnerSummary
from nlp.types import Analysis
from nlp.words import Word, content_words
from store import StoreError, get_database
from store.attempts import AttemptRecord, add_attempt
from store.codes import ALPHABET, CODE_LENGTH
from store.codes import normalise_code as store_normalise
from store.models import utcnow
from store.pairs import PairInfo, create_pair, pair_by_code, pair_version, save_pair_state
from store.profiles import get_or_create_profile
from store.runs import runs_for, save_run, start_run
from ui.analysis_service import analyse

log = logging.getLogger(__name__)
SAVE_TRIES = 5  # the other phone moved first: reload and apply again
PAIR_STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Checked:
    analysis: Analysis | None = None
    check: ListenerCheck | None = None
    error: str | None = None
    crisis: bool = False  # the safety screen flagged it, even if it could not be analysed


def words_of(text: str) -> tuple[Word, ...]:
    return content_words(text)


def check_speaker(text: str) -> Checked:
    outcome = analyse(text)
    return Checked(outcome.analysis, None, outcome.error, outcome.needs_crisis_notice)


def check_heard(heard: str, text: str) -> Checked:
    """The listener's words against everything the speaker shared in this exchange."""
    outcome = analyse(text, context=heard)
    if outcome.analysis is None or outcome.needs_crisis_notice:
        return Checked(outcome.analysis, None, outcome.error, outcome.needs_crisis_notice)
    return Checked(outcome.analysis, check_listener(words_of(heard), words_of(text), text, outcome.analysis))


# -- two phones ---------------------------------------------------------------------------


def normalise_code(typed: object) -> str:
    """The code as stored, or IllegalMove saying what is wrong with what was typed."""
    if not isinstance(typed, str) or not typed.strip():
        raise IllegalMove("Type the code shown on your partner's phone.")
    code = store_normalise(typed)
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        raise IllegalMove(f"Pair codes never contain {', '.join(bad)}: check the code on your partner's phone.")
    if len(code) != CODE_LENGTH:
        raise IllegalMove(f"A pair code has {CODE_LENGTH} characters; that one has {len(code)}.")
    return code


@dataclass(frozen=True, slots=True)
class Pair:
    info: PairInfo
    state: pairing.PairState


def _plain(state: pairing.PairState) -> dict:
    return {"version": PAIR_STATE_VERSION, "pair": to_plain(state)}


def _read(info: PairInfo) -> Pair:
    data = info.state
    if not isinstance(data, dict) or data.get("version") != PAIR_STATE_VERSION:
        raise StateError("this pair session was saved by another version")
    return Pair(info, from_plain(pairing.PairState, data.get("pair"), "pair"))


def open_pair(state: pairing.PairState) -> Pair:
    info = create_pair(get_database(), _plain(state), pairing.PAIR_TTL)
    return Pair(info, state)


def load_pair(code: str) -> Pair:
    """The pair, or IllegalMove with a message (unknown, expired, unreadable)."""
    info = pair_by_code(get_database(), code)
    if info is None:
        raise IllegalMove("No pair session has that code. Check it on your partner's phone.")
    if info.expires_at <= utcnow():
        raise IllegalMove("That pair code has expired. Start a new pair session.")
    try:
        return _read(info)
    except StateError as exc:
        log.warning("pair %s unreadable: %s", code, exc)
        raise IllegalMove("That pair session can't be read any more. Start a new one.") from None


def update_pair(code: str, change: Callable[[pairing.PairState], pairing.PairState]) -> Pair:
    """Apply `change` to the latest state and save it; retried when the other phone moved first.

    Raises IllegalMove when the change is not allowed on the latest state, StoreError when
    the database cannot be written."""
    for _ in range(SAVE_TRIES):
        pair = load_pair(code)
        new_state = change(pair.state)
        session = new_state.session
        status = "finished" if session is not None and not session.is_open else None
        if save_pair_state(get_database(), pair.info.id, pair.info.version, _plain(new_state), status=status):
            return load_pair(code)
    raise StoreError("Your partner's phone kept changing the session; please try again.")


def version_of(code: str) -> int | None:
    return pair_version(get_database(), code)


# -- history ---------------------------------------------------------------------------


def _attempts(session: CoupleSession, who: int) -> list[tuple[str, Analysis, str]]:
    """(what was said before, analysis, role) for each thing `who` shared."""
    said: list[tuple[str, Analysis, str]] = []
    for ex in session.exchanges:
        if ex.speaker == who and ex.analysis is not None:
            said.append((ex.prompt, ex.analysis, "speaker"))
        if ex.listener == who:
            said += [(_heard_at(ex, i), r.analysis, "listener") for i, r in enumerate(ex.reflections)]
    return said


def _heard_at(ex: Exchange, index: int) -> str:
    return " ".join((ex.statement, *ex.additions[:index])).strip()


@dataclass(frozen=True, slots=True)
class PastRound:
    when: str  # "2026-12-01 21:40"
    exercise_id: str
    summary: PartnerSummary


def past_rounds(profile_id: int, limit: int = 20) -> tuple[PastRound, ...]:
    """This profile's couples rounds, newest first (a damaged summary is skipped)."""
    rounds = []
    for run in runs_for(get_database(), profile_id, kind="couple")[:limit]:
        try:
            summary = from_plain(PartnerSummary, run.state.get("summary"), "summary")
        except StateError:
            log.warning("couple run %s has no readable summary", run.id)
            continue
        when = run.created_at.strftime("%Y-%m-%d %H:%M")
        rounds.append(PastRound(when, run.scenario_id.removeprefix("couples/"), summary))
    return tuple(rounds)


def save_history(session: CoupleSession, who: int, summary: PartnerSummary) -> None:
    """One `couple` run for partner `who`, with an attempt per thing they shared."""
    db = get_database()
    profile = get_or_create_profile(db, session.partners[who].name)
    scenario = f"couples/{session.exercise_id}"
    run = start_run(db, profile.id, scenario, {"summary": to_plain(summary)}, kind="couple")
    for turn, (prompt, analysis, role) in enumerate(_attempts(session, who)):
        add_attempt(db, AttemptRecord.of(profile.id, analysis, run_id=run.id, scenario_id=scenario,
                                         node_id=role, turn_index=turn, prompt=prompt, id=uuid.uuid4()))
    save_run(db, run.id, profile.id, status="finished")
