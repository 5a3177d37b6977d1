"""coach/render.py: escaping, overlapping marks, offsets (hand-built analyses, no model)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from analysis_factory import analysis, blame, flag
from hypothesis import given
from hypothesis import strategies as st

from coach.feedback import build_feedback, meters_for
from coach.help import load_help
from coach.messages import load_messages
from nlp.types import Flag
from ui import render

ATTACKS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


class _Checker(HTMLParser):
    """Collects tags and text, and checks that every element is closed in order."""

    VOID = frozenset({"br", "img", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], f"unclosed tags: {checker.stack}"
    return checker


def visible_text(markup: str) -> str:
    """Text a reader sees, without the legend numbers after each mark, the style sheet,
    or the explanations that show only when a mark is tapped."""
    without_icons = re.sub(r'<sup class="rh-icon".*?</sup>', "", markup)
    without_icons = re.sub(r"<style>.*?</style>", "", without_icons)
    without_icons = re.sub(r'<span class="rh-why".*?</span>', "", without_icons)
    return "".join(parse(without_icons.replace("<br>", "\n")).text)


def points_for(a):
    return build_feedback(a).points


# ---- escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_in_a_reply_is_shown_as_text(attack):
    text = f"You never listen {attack}"
    a = analysis(
        text,
        flag(text, "You never listen", "CRITICISM"),
        flag(text, attack, "CONTEMPT"),
    )
    markup = render.highlight_html(text, points_for(a))
    checker = parse(markup)
    assert "script" not in checker.tags and "img" not in checker.tags
    assert visible_text(markup) == text
    assert "&lt;" in markup


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_builder_escapes_user_text(attack):
    a = analysis(attack, flag(attack, attack, "CRITICISM"))
    feedback = build_feedback(a)
    for markup in (
        render.highlight_html(attack, feedback.points),
        render.card_html(attack, feedback),
        render.legend_html(feedback.points),
        render.verdict_html(feedback.verdict),
        render.bubble_html(attack),
        render.plain_html(attack),
        render.preview_html(f"When {attack}, I feel ___.", "___"),
    ):
        tags = parse(markup).tags
        assert "script" not in tags and "img" not in tags, markup


def test_an_ampersand_entity_is_never_cut():
    """Escape each slice of the original text: a flag ending inside '<' must not split '&lt;'."""
    text = "a<b and c"
    a = analysis(text, Flag("t.x", "CRITICISM", 0, 2, "a<", "why", "hurts"))
    markup = render.highlight_html(text, points_for(a))
    assert "a&lt;</span>" in markup
    assert visible_text(markup) == text


def test_quotes_in_explanations_cannot_break_out_of_the_markup():
    text = "You never listen"
    f = Flag(
        "t.x",
        "CRITICISM",
        0,
        16,
        text,
        'says "never" onmouseover=alert(1) x="',
        "hurts",
    )
    markup = render.highlight_html(text, points_for(analysis(text, f)))
    assert "onmouseover=alert(1) x=&quot;" in markup
    assert markup.count('class="rh-mark') == 1 and 'alert(1) x="' not in markup


def test_each_mark_can_be_tapped_to_show_why():
    """No hover-only explanations: a mark takes focus (a tap on a phone) and the reason
    follows it, revealed by the style sheet while the mark has focus."""
    text = "You never listen"
    markup = render.highlight_html(text, points_for(analysis(text, flag(text, text, "CRITICISM"))))
    mark = re.search(r'<span class="rh-mark[^>]*>', markup).group(0)
    assert 'tabindex="0"' in mark and 'role="button"' in mark
    assert re.search(
        r'</span><span class="rh-why" role="tooltip">⚠ <strong>Blame</strong>: Criticism explained', markup
    )
    assert ".rh-mark:focus+.rh-why" in markup and "title=" not in mark


def test_newlines_become_line_breaks_so_the_block_never_ends():
    text = "First line.\n\nYou never listen."
    a = analysis(text, flag(text, "You never listen", "CRITICISM"))
    markup = render.highlight_html(text, points_for(a))
    assert "\n" not in markup and "<br><br>" in markup


# ---- overlaps and offsets -------------------------------------------------------------------


def test_overlapping_flags_become_flat_segments():
    text = "I feel like you never listen"
    pseudo = flag(text, "I feel like you never listen", "PSEUDO_I_STATEMENT")
    crit = flag(text, "you never listen", "CRITICISM")
    segs = render.segments(text, [pseudo, crit])
    assert [(s.start, s.end, s.flags) for s in segs] == [
        (0, 12, (0,)),
        (12, 28, (0, 1)),
    ]
    markup = render.highlight_html(text, points_for(analysis(text, pseudo, crit)))
    assert visible_text(markup) == text
    assert markup.count('class="rh-mark') == 2  # two flat marks, no nesting
    assert "<span" not in re.sub(r"<span[^>]*>[^<]*</span>", "", re.sub(r"</?strong>|<br>", "", markup))


def test_helps_inside_hurts_is_marked_as_hurting_with_both_titles():
    text = "I feel like you ignore me"
    outer = flag(text, text, "PSEUDO_I_STATEMENT")
    inner = flag(text, "I feel", "FEELING")
    points = points_for(analysis(text, outer, inner))
    markup = render.highlight_html(text, points)
    first = markup.split("</span>")[0]
    why = markup.split('class="rh-why" role="tooltip">')[1].split("</span>")[0]
    assert 'data-polarity="hurts"' in first
    assert "A feeling, named" in why and "I feel like" in why


def test_flags_outside_the_text_are_ignored():
    text = "Short."
    bad = Flag("t.x", "CRITICISM", 3, 99, "rt.", "why", "hurts")
    backwards = Flag("t.y", "CRITICISM", 4, 2, "", "why", "hurts")
    assert [(s.start, s.end, s.flags) for s in render.segments(text, [bad, backwards])] == [(0, 6, ())]


def test_marks_carry_colour_underline_style_and_an_icon():
    text = "I feel sad. You never call."
    a = analysis(
        text,
        flag(text, "I feel sad", "FEELING"),
        flag(text, "You never call", "CRITICISM"),
    )
    markup = render.highlight_html(text, points_for(a))
    assert "underline solid" in markup and "underline wavy" in markup
    assert "✓1" in markup and "⚠2" in markup
    assert "test.criticism" not in markup  # rule ids belong in the CLI, not on screen


def test_legend_lists_rule_name_words_and_explanation_in_mark_order():
    markup = render.legend_html(points_for(blame()))
    assert "⚠1 Blame" in markup
    assert "“You never listen”" in markup
    assert "Criticism explained." in markup
    assert "blame.you_absolute" not in markup and "rule" not in markup.lower()


def test_nothing_on_the_card_names_a_file_or_a_rule_id():
    text = "You never listen"
    a = analysis(text, flag(text, text, "CRITICISM", "blame.you_absolute"))
    card = render.card_html(text, build_feedback(a)) + render.legend_html(points_for(a)) + render.METER_NOTE
    assert "blame.you_absolute" not in card
    assert not re.search(r"\w+\.(ya?ml|py|txt|json)\b", card), "a file name is on screen"


@given(
    st.text(alphabet="ab<>&\"' \n", max_size=30),
    st.lists(st.tuples(st.integers(-2, 32), st.integers(-2, 32)), max_size=5),
)
def test_any_text_and_any_flags_render_the_text_exactly_once(text, spans):
    flags = [
        Flag("t.x", "CRITICISM", a, b, text[a:b] if 0 <= a <= b else "", "why", pol)
        for (a, b), pol in zip(spans, ["hurts", "helps", "note"] * 2, strict=False)
    ]
    segs = render.segments(text, flags)
    assert "".join(text[s.start : s.end] for s in segs) == text
    markup = render.highlight_html(text, points_for(analysis(text, *flags)))
    assert visible_text(markup) == text


# ---- the other pieces ---------------------------------------------------------------------


def test_verdict_reads_like_a_sentence():
    markup = render.verdict_html(build_feedback(blame()).verdict)
    plain = "".join(parse(markup).text)
    assert "This came across as blame: “You never listen” …" in plain


def test_meters_say_when_nothing_was_measured():
    markup = render.meters_html(meters_for(blame(), load_messages()))
    assert "not in this reply" in markup and 'role="meter"' in markup
    parse(markup)


def test_each_measured_meter_is_explained_in_words_not_only_on_hover():
    meters = meters_for(blame(), load_messages())
    plain = "".join(parse(render.meter_meanings_html(meters)).text)
    shown = [m for m in meters if m.measured]
    assert shown and all(m.explain in plain for m in shown)
    assert all(m.label not in plain for m in meters if not m.measured)


def test_a_mixed_verdict_names_both_sides_and_quotes_the_hurt():
    text = "I feel sad. You never call."
    a = analysis(text, flag(text, "I feel sad", "FEELING"), flag(text, "You never call", "CRITICISM"))
    plain = "".join(parse(render.verdict_html(build_feedback(a).verdict)).text)
    assert "Some of this came across as honest about how you feel, and some as blame" in plain
    assert "“You never call”" in plain


def test_crisis_notice_names_the_services_and_the_limit_of_a_word_screen():
    markup = render.crisis_html(load_help())
    plain = "".join(parse(markup).text)
    assert "116 123" in plain and "988" in plain and "emergency" in plain.lower()
    assert "word screen can miss things" in plain


def test_the_points_line_names_each_point_once():
    text = "It sounds like you're tired. It sounds like a lot."
    a = analysis(
        text,
        flag(text, "It sounds like", "REFLECTION"),
        flag(text, "It sounds like", "REFLECTION", occurrence=1),
        flag(text, "you're tired", "CRITICISM"),
    )
    line = render.points_line_html(points_for(a))
    assert line.count("Reflection") == 1 and "⚠ Blame" in line
    assert render.points_line_html(()).count("Nothing flagged") == 1
