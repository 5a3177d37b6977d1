"""coach/builder.py: the I-statement sentence and the feelings list."""

from __future__ import annotations

import pytest

from coach.builder import (
    BLANK,
    FAUX_GROUP,
    assemble,
    clean,
    feeling_options,
    option_for,
)


def test_all_four_parts_make_the_whole_shape():
    built = assemble("you got home late", "worried", "to know you're safe", "text me")
    assert built.sentence == (
        "When you got home late, I feel worried, because I need to know you're safe. "
        "Would you be willing to text me?"
    )
    assert built.preview == built.sentence and built.missing == ()


@pytest.mark.parametrize(
    ("parts", "sentence"),
    [
        (("", "sad", "", ""), "I feel sad."),
        (("", "", "", "call me"), "Would you be willing to call me?"),
        (("we argue", "", "", ""), "When we argue."),
        (("", "hurt", "honesty", ""), "I feel hurt, because I need honesty."),
        (("", "", "", ""), ""),
        ((None, None, None, None), ""),
        (("   ", "\n", "\t", " "), ""),
    ],
    ids=["feeling", "request", "situation", "feeling-need", "blank", "none", "spaces"],
)
def test_blanks_are_left_out_of_the_sentence(parts, sentence):
    assert assemble(*parts).sentence == sentence


def test_the_preview_shows_blanks_as_gaps():
    built = assemble("", "sad", "", "")
    assert (
        built.preview == f"When {BLANK}, I feel sad, because I need {BLANK}. Would you be willing to {BLANK}?"
    )
    assert built.missing == ("situation", "need", "request")


@pytest.mark.parametrize(
    ("typed", "kind", "kept"),
    [
        ("you left early...", "situation", "you left early"),
        ("When you left early.", "situation", "you left early"),
        ("Because I need rest!!", "need", "rest"),
        ("I need some quiet;", "need", "some quiet"),
        ("Would you be willing to call me?", "request", "call me"),
        ("could you please call me?", "request", "call me"),
        ("I feel lonely.", "feeling", "lonely"),
        ("  You   came home ", "situation", "you came home"),
        ("I said no", "situation", "I said no"),
        ("NHS letters pile up", "situation", "NHS letters pile up"),
        ("whenever we talk", "situation", "whenever we talk"),
    ],
)
def test_clean_strips_stems_spaces_and_trailing_punctuation(typed, kind, kept):
    assert clean(typed, kind) == kept


def test_punctuation_never_doubles():
    built = assemble("you shouted.", "scared!", "calm,", "lower your voice?")
    assert ".," not in built.sentence and "!," not in built.sentence and "??" not in built.sentence
    assert built.sentence.endswith("lower your voice?")


def test_feelings_are_grouped_and_faux_feelings_carry_what_lies_under():
    options = feeling_options()
    groups = [o.group for o in options]
    assert groups.index(FAUX_GROUP) > groups.index("Hurt or sad")
    assert len({o.word for o in options}) == len(options)
    ignored = option_for("ignored")
    assert ignored.is_faux and "hurt" in ignored.under
    for word in ignored.under:
        assert option_for(word) is not None and not option_for(word).is_faux
    lonely = option_for("lonely")
    assert lonely.label == "lonely · Hurt or sad" and not lonely.is_faux
    assert option_for(None) is None and option_for("not a feeling") is None
