"""coach/progress.py with hand-built analyses: skills per day, counts, best, before/after."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from analysis_factory import analysis, blame, flag

from coach.progress import PracticeAttempt, ProgressError, compute, load_skills
from coach.scoring import NO_WORDS, NOT_ENGLISH, not_scored_reason

DAY1 = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=3)


def owning(text: str = "I feel tired when the sink is full."):
    a = analysis(text, flag(text, "I feel tired", "FEELING"))
    return replace(a, style="i_statement")


def asking(text: str = "Would you be willing to wash up tonight?"):
    a = analysis(text, flag(text, "Would you be willing", "REQUEST"))
    return replace(a, request="request")


def listening(text: str = "It sounds like you're worn out."):
    return analysis(text, flag(text, text.rstrip("."), "REFLECTION"))


def attempt(a, at=DAY1, node="opening", run="r1", scenario="partner-dishes", minutes=0):
    return PracticeAttempt(
        at=at + timedelta(minutes=minutes),
        reply=a.text,
        analysis=a,
        prompt="What's with the face?",
        scenario_id=scenario,
        title="The dishes, again",
        run_id=run,
        node_id=node,
        skill="speak_up",
    )


def test_the_five_skills_are_read_from_the_data_file():
    labels = [rule.label for rule in load_skills().values()]
    assert labels == [
        "Owning feelings",
        "Blame-free replies",
        "Listening",
        "Open questions",
        "Clear requests",
    ]


def test_a_broken_skills_file_names_itself(tmp_path):
    broken = tmp_path / "progress.yaml"
    broken.write_text("skills:\n  x: {label: X, explain: y, when: {style: shouting}}\n")
    with pytest.raises(ProgressError, match="progress.yaml"):
        load_skills(broken)


def test_no_attempts_is_empty():
    progress = compute([])
    assert progress.is_empty and progress.replies == 0 and progress.by_day == ()
    assert progress.best == () and progress.pairs == ()


def test_each_skill_per_day_counts_the_replies_that_showed_it():
    attempts = [
        attempt(blame(), DAY1),
        attempt(owning(), DAY1, minutes=1),
        attempt(owning(), DAY2),
        attempt(asking(), DAY2, node="later", minutes=1),
    ]
    progress = compute(attempts)
    assert (progress.replies, progress.days, progress.scenarios) == (4, 2, 1)
    day = {(d.day, d.label): (d.shown, d.replies) for d in progress.by_day}
    assert day[(DAY1.date(), "Owning feelings")] == (1, 2)
    assert day[(DAY1.date(), "Blame-free replies")] == (1, 2)  # the blaming one is not
    assert day[(DAY2.date(), "Owning feelings")] == (1, 2)
    assert day[(DAY2.date(), "Clear requests")] == (1, 2)
    assert day[(DAY2.date(), "Blame-free replies")] == (2, 2)
    totals = {t.label: t.shown for t in progress.totals}
    assert totals == {
        "Owning feelings": 2,
        "Blame-free replies": 3,
        "Listening": 0,
        "Open questions": 0,
        "Clear requests": 1,
    }


def test_best_replies_have_nothing_to_work_on_and_rank_by_what_they_show():
    progress = compute([attempt(blame()), attempt(owning(), minutes=1), attempt(listening(), minutes=2)])
    # Both show two skills and one thing that helps; the later one comes first.
    assert [b.attempt.reply for b in progress.best] == [
        "It sounds like you're worn out.",
        "I feel tired when the sink is full.",
    ]
    assert progress.best[0].skills == ("Blame-free replies", "Listening")


def test_a_later_better_try_at_the_same_line_makes_a_before_after_pair():
    first = attempt(blame(), DAY1)
    same = attempt(blame("You never listen, do you."), DAY1, minutes=1)
    better = attempt(owning(), DAY2, run="r2")  # a later run of the same scenario line
    elsewhere = attempt(owning(), DAY2, node="later", minutes=5)
    progress = compute([better, elsewhere, same, first])  # any order in
    assert len(progress.pairs) == 1
    pair = progress.pairs[0]
    assert pair.before.attempt is first and pair.after.attempt is better


def test_no_pair_when_the_later_try_is_no_better():
    progress = compute([attempt(owning()), attempt(blame(), minutes=3)])
    assert progress.pairs == ()


def test_replies_not_scored_are_left_out_of_every_figure():
    english = owning()
    french = replace(analysis("Je suis fatigué."), language="other")
    emoji = analysis("🙄🙄", flag("🙄🙄", "🙄🙄", "CONTEMPT"))
    progress = compute([attempt(english), attempt(french, minutes=1), attempt(emoji, minutes=2)])
    assert (progress.replies, progress.not_scored) == (1, 2)
    assert [b.attempt.reply for b in progress.best] == [english.text]


@pytest.mark.parametrize(
    ("text", "language", "reason"),
    [
        ("🙄", "en", NO_WORDS),
        ("👍👍 !!", "en", NO_WORDS),
        ("❤️🙏", "en", NO_WORDS),
        ("Je suis fatigué quand tu ne m'écoutes pas.", "other", NOT_ENGLISH),
        ("I'm tired 🙄", "en", None),
        ("Ok", "en", None),
    ],
)
def test_what_is_not_scored(text, language, reason):
    assert not_scored_reason(replace(analysis(text), language=language)) == reason
