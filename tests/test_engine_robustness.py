"""Speed on pathological pastes (as a ratio to the parse, timed in the same test),
the shared analyser under threads, and text that cannot be encoded."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from nlp import InputError
from nlp.errors import MAX_CHARS
from nlp.tone import _vader, scores

# Generous: on a quiet machine these run at 0.8-1.1x their parse (see `make bench`);
# before per-sentence caching they took 13x to 165x.
MAX_RATIO = 8.0  # the bugs this guards against cost 13x-286x; 4x flaked on a loaded 2-core machine


def fill(unit: str, size: int = MAX_CHARS) -> str:
    return (unit * (size // len(unit) + 1))[:size].strip()


PATHOLOGICAL = {
    "you always you never": fill("you always you never "),
    "emoji": fill("😂🙄😡 "),
    "oh great": fill("Oh great! "),
    "oh great and emoji": fill("Oh great! 🙄😂 "),
    "thanks again": fill("thanks for nothing again "),
    "you idiot": fill("you idiot "),
    "your constant nagging": fill("your constant nagging "),
    "i feel like you always": fill("I feel like you always "),
    "quoted absolutes": fill('"you never help" '),
}


def _best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_paste_costs_a_small_multiple_of_its_parse(analyzer, name):
    text = PATHOLOGICAL[name]
    parse = _best_of(2, lambda: analyzer.nlp(text))
    ours = _best_of(2, lambda: analyzer.analyze(text))
    assert ours <= MAX_RATIO * parse, f"{name}: analyze {ours:.2f}s vs parse {parse:.2f}s"


def test_short_text_tone_is_exactly_vaders():
    text = "Thanks for coming tonight, it was lovely to see you 😂"
    assert scores(text) == _vader().polarity_scores(text)


def test_long_text_tone_keeps_its_sign():
    assert scores(fill("You ruined everything and I hate this. "))["compound"] < -0.5
    assert scores(fill("Thank you, that was wonderful and kind. "))["compound"] > 0.5


REPLIES = [
    ("You never listen to me.", None),
    ("I felt hurt when you left early, and I need us to plan together.", None),
    ("Oh great, thanks so much for finally showing up.", None),
    ("So you're exhausted and nobody notices.", "I'm exhausted and nobody notices."),
    ("It sounds like work has been a lot.", "Work has been a lot lately."),
    ("Fine. Whatever.", "Can we talk about the weekend?"),
]


def test_shared_analyzer_gives_the_same_answers_from_eight_threads(analyzer):
    expected = [analyzer.analyze(t, context=c) for t, c in REPLIES]
    jobs = [REPLIES[i % len(REPLIES)] for i in range(8 * 12)]
    # Contexts that evict each other from the LRU while other threads read it.
    jobs += [(f"Tell me more about day {i}.", f"Day {i} was awful.") for i in range(300)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: analyzer.analyze(job[0], context=job[1]), jobs))
    for i, result in enumerate(results[: 8 * 12]):
        assert result == expected[i % len(REPLIES)]
    assert len(analyzer._contexts) <= 256


@pytest.mark.parametrize("text", ["You never \ud800 listen", "\udcff", "ok \udfff then"])
def test_lone_surrogates_are_a_clear_input_error(analyzer, text):
    with pytest.raises(InputError, match="not valid text"):
        analyzer.analyze(text)


def test_unencodable_context_is_a_clear_input_error(analyzer):
    with pytest.raises(InputError, match="The context"):
        analyzer.analyze("That sounds hard.", context="I lost \ud83d my job")


def test_a_context_that_is_not_text_is_a_clear_input_error(analyzer):
    with pytest.raises(InputError, match="must be text"):
        analyzer.analyze("That sounds hard.", context=42)


def test_a_bad_row_in_a_batch_is_that_rows_error(analyzer):
    results = list(analyzer.analyze_many(["fine", "bad \ud800", "ok"], [None, None, "x \udcff"]))
    assert not isinstance(results[0], InputError)
    assert isinstance(results[1], InputError)
    assert isinstance(results[2], InputError)
