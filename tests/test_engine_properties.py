"""Property tests: any text in, an Analysis whose flags lie inside the text out,
or one of the two documented input errors; never anything else."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import MAX_CHARS, Analysis, EmptyInputError, InputTooLongError, analyze

pytestmark = pytest.mark.model

SETTINGS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

_WORD_LIST = (
    "you never always listen I feel like lazy so fine whatever it sounds would willing stop why "
    "don't can't what how kill myself dying at least sorry but yes genius forget done need "
    "you're I'm tell me about just calm down"
)
WORDS = [*_WORD_LIST.split(), "'", '"']
PUNCTUATION = list(".,!?;:-—…'\"()[]<>/\\")
EMOJI = ["🙄", "😡", "😂", "❤️", "👍🏽", "🏳️‍🌈", "\U0001f926\u200d\u2642\ufe0f"]
CONTROL = ["\x00", "\x1b[31m", "\x1b[0m", "\u200b", "\u202e", "\ufeff", "\r", "\n", "\t", "\x7f", "\u2028"]

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(EMOJI),
    st.sampled_from(CONTROL),
    st.just(" "),
    st.text(max_size=5),
)
# Joined with spaces; a long list can run past MAX_CHARS, which exercises InputTooLongError.
mixed_text = st.lists(piece, max_size=400).map(" ".join) | st.lists(piece, min_size=1, max_size=40).map(
    lambda parts: " ".join(parts) * 200
)
contexts = st.none() | st.text(max_size=500) | st.lists(piece, max_size=60).map(" ".join)


def check(text: str, context: str | None = None) -> None:
    try:
        a = analyze(text, context=context)
    except EmptyInputError:
        assert not text.strip()
        return
    except InputTooLongError:
        assert len(text) > MAX_CHARS
        return
    assert isinstance(a, Analysis)
    assert a.text == text
    assert text.strip() and len(text) <= MAX_CHARS
    for f in a.flags:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f


@SETTINGS
@given(st.text(max_size=MAX_CHARS))
def test_any_unicode_text(text):
    check(text)


@SETTINGS
@given(mixed_text)
def test_english_words_punctuation_emoji_and_control_characters(text):
    check(text)


@SETTINGS
@given(st.one_of(st.text(max_size=MAX_CHARS), mixed_text), contexts)
def test_with_a_random_context(text, context):
    check(text, context)
