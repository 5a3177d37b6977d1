"""coach/feedback.py and coach/messages.yaml, with hand-built analyses (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from analysis_factory import analysis, blame, flag

from coach.feedback import INLINE_POINTS, build_feedback, compare, meters_for
from coach.messages import (
    MESSAGES_FILE,
    METER_MAX,
    MessagesError,
    RuleOverride,
    load_messages,
)
from coach.scenarios import SKILLS

CATEGORIES_FILE = Path(__file__).resolve().parent.parent / "nlp" / "rules" / "categories.yaml"
BRIEF_CATEGORIES = (
    "I_STATEMENT",
    "FEELING",
    "NEED",
    "OBSERVATION",
    "APPRECIATION",
    "RESPONSIBILITY",
    "REPAIR",
    "REFLECTION",
    "CRITICISM",
    "CONTEMPT",
    "PSEUDO_I_STATEMENT",
    "FAUX_FEELING",
    "DEFENSIVENESS",
    "STONEWALLING",
    "ADVISING",
    "DISMISSING",
    "JUDGING",
    "ARGUING",
    "HIJACKING",
    "INTERROGATING",
    "WITHDRAWING",
    "OPEN_QUESTION",
    "CLOSED_QUESTION",
    "REQUEST",
    "DEMAND",
    "CRISIS",
)
HURTING = [c for c, m in load_messages().categories.items() if m.try_]


def engine_categories() -> set[str]:
    """Every category the engine can emit (its own categories.yaml)."""
    return set(yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8")))


# ---- the messages file ------------------------------------------------------------------


def test_every_engine_category_has_a_message():
    missing = sorted(engine_categories() - set(load_messages().categories))
    assert not missing, f"categories with no message in coach/messages.yaml: {missing}"


def test_every_category_in_the_brief_has_a_message():
    missing = sorted(set(BRIEF_CATEGORIES) - set(load_messages().categories))
    assert not missing, f"categories with no message in coach/messages.yaml: {missing}"


def test_every_category_is_ranked():
    messages = load_messages()
    unranked = sorted(set(messages.categories) - set(messages.priority) - {"CRISIS"})
    assert not unranked, f"categories missing from `priority`: {unranked}"


@pytest.mark.model
def test_every_rule_override_names_a_real_rule():
    import nlp

    real = set(nlp.get_analyzer().rule_ids)
    unknown = sorted(set(load_messages().rules) - real)
    assert not unknown, f"messages.yaml overrides rules the engine does not have: {unknown}"


def test_every_scenario_skill_has_a_goal():
    missing = sorted(set(SKILLS) - set(load_messages().skills))
    assert not missing, f"skills with no goal in coach/messages.yaml: {missing}"


@pytest.mark.parametrize("category", HURTING)
def test_what_to_try_has_a_fill_in_template(category):
    message = load_messages().categories[category]
    assert "___" in message.template, f"{category}: the template needs a ___ blank"
    assert message.example and "___" not in message.example


def test_voice_is_never_clinical():
    text = MESSAGES_FILE.read_text(encoding="utf-8").lower()
    for word in ("diagnos", "disorder", "patholog", "therapy", "toxic", "narciss"):
        assert word not in text, f"messages.yaml uses clinical or labelling word {word!r}"


def test_a_broken_messages_file_names_the_field(tmp_path):
    good = yaml.safe_load(MESSAGES_FILE.read_text())
    del good["categories"]["CRITICISM"]["came_across"]
    broken = tmp_path / "messages.yaml"
    broken.write_text(yaml.safe_dump(good))
    with pytest.raises(MessagesError, match=r"categories\.CRITICISM\.came_across"):
        load_messages(broken)


def test_a_category_used_but_not_described_is_rejected(tmp_path):
    good = yaml.safe_load(MESSAGES_FILE.read_text())
    good["priority"].append("NOT_A_CATEGORY")
    broken = tmp_path / "messages.yaml"
    broken.write_text(yaml.safe_dump(good))
    with pytest.raises(MessagesError, match="NOT_A_CATEGORY"):
        load_messages(broken)


# ---- the verdict ---------------------------------------------------------------------------


def test_blame_verdict_quotes_the_words():
    feedback = build_feedback(blame())
    assert feedback.verdict.polarity == "hurts"
    assert feedback.verdict.came_across == "blame"
    assert feedback.verdict.quote == "You never listen"
    assert "___" in feedback.try_next.template


def test_the_worst_flag_leads_and_the_rest_are_counted():
    text = "You never help, genius. Stop it."
    a = analysis(
        text,
        flag(text, "You never help", "CRITICISM"),
        flag(text, "genius", "CONTEMPT"),
        flag(text, "Stop it", "DEMAND"),
    )
    verdict = build_feedback(a).verdict
    assert verdict.came_across == "a put-down"
    assert verdict.more == 2


def test_helping_reply_gets_a_helping_verdict():
    text = "It sounds like you're exhausted."
    a = analysis(text, flag(text, "It sounds like you're exhausted", "REFLECTION"))
    feedback = build_feedback(a, skill="listen_reflect")
    assert feedback.verdict.polarity == "helps"
    assert feedback.verdict.came_across == "listening"
    assert feedback.went_well[0].flag.category == "REFLECTION"


def test_nothing_flagged_is_neutral_and_still_offers_one_thing():
    feedback = build_feedback(analysis("Okay."))
    assert feedback.verdict.polarity == "neutral"
    assert feedback.try_next is not None and feedback.try_next.headline


def test_went_well_is_at_most_two_distinct_points():
    text = "I feel sad and I feel tired, I need rest. Thanks for asking."
    a = analysis(
        text,
        flag(text, "I feel sad", "FEELING"),
        flag(text, "I feel tired", "FEELING"),
        flag(text, "I need rest", "NEED"),
        flag(text, "Thanks for asking", "APPRECIATION"),
    )
    well = build_feedback(a).went_well
    assert len(well) <= INLINE_POINTS
    assert len({p.flag.category for p in well}) == len(well)


# ---- one thing to try -------------------------------------------------------------------------


def test_faux_feeling_offers_the_feelings_underneath():
    text = "I feel ignored."
    a = analysis(text, flag(text, "ignored", "FAUX_FEELING"))
    suggestion = build_feedback(a).try_next
    assert suggestion.headline == "Try the feeling underneath."
    assert "hurt" in suggestion.options and "lonely" in suggestion.options


def test_an_accusing_faux_feeling_rule_also_offers_the_feelings_underneath():
    text = "I feel manipulated by you."
    a = analysis(text, flag(text, "I feel manipulated", "PSEUDO_I_STATEMENT", "blame.faux_feeling"))
    suggestion = build_feedback(a).try_next
    assert suggestion.headline == "Try the feeling underneath."
    assert "uneasy" in suggestion.options


def test_only_whole_faux_words_offer_feelings():
    text = "Let me know when you're home."
    a = analysis(text, flag(text, "Let me know", "FAUX_FEELING"))
    assert build_feedback(a).try_next.options == ()


def test_missing_skill_suggests_the_skill():
    a = analysis("Oh no, what a week.")  # nothing hurts, and no reflection
    suggestion = build_feedback(a, skill="listen_reflect").try_next
    assert suggestion.template == load_messages().skills["listen_reflect"].template


def test_feeling_without_need_suggests_the_need():
    text = "I feel worried."
    a = analysis(text, flag(text, "I feel worried", "FEELING"))
    assert build_feedback(a).try_next.headline == "Add what you need."


def test_rule_override_wins_over_category():
    messages = load_messages()
    patched = messages.model_copy(
        update={"rules": {"blame.you_absolute": RuleOverride(came_across="an always-or-never")}}
    )
    assert build_feedback(blame(), messages=patched).verdict.came_across == "an always-or-never"


# ---- crisis and unknowns ----------------------------------------------------------------------


def test_crisis_reply_gets_nothing_but_the_crisis_flag():
    text = "You never listen and I want to end it all."
    a = analysis(
        text,
        flag(text, "You never listen", "CRITICISM"),
        flag(text, "I want to end it all", "CRISIS", polarity="note"),
        crisis=True,
    )
    feedback = build_feedback(a)
    assert feedback.crisis
    assert feedback.verdict is None and feedback.try_next is None
    assert feedback.points == () and feedback.meters == () and feedback.went_well == ()


def test_an_unknown_category_falls_back_to_the_engine_words():
    text = "Something new."
    a = analysis(text, flag(text, "Something", "BRAND_NEW", polarity="hurts"))
    feedback = build_feedback(a)
    assert feedback.points[0].name == "Brand new"
    assert feedback.points[0].why == "Brand_New explained."


# ---- meters --------------------------------------------------------------------------------


def test_meters_follow_the_documented_mapping():
    text = "I feel hurt because I need honesty."
    a = analysis(text, flag(text, "I feel hurt", "FEELING"), flag(text, "I need honesty", "NEED"))
    meters = {m.key: m for m in meters_for(a, load_messages())}
    assert meters["owning"].score == 4 and meters["owning"].measured
    assert meters["calm"].score == 5  # low intensity
    assert not meters["asking"].measured


def test_blame_lowers_owning_and_scores_stay_in_range():
    text = "You never, ever, EVER listen, you idiot!"
    a = analysis(
        text,
        flag(text, "You never", "CRITICISM"),
        flag(text, "you idiot", "CONTEMPT"),
        intensity="high",
    )
    meters = {m.key: m for m in meters_for(a, load_messages())}
    assert meters["owning"].score == 0
    assert meters["calm"].score == 0
    assert all(0 <= m.score <= METER_MAX for m in meters.values())


# ---- attempts compared ------------------------------------------------------------------------


def test_compare_says_what_went_away_and_what_appeared():
    before = blame()
    text = "I feel lonely when we don't talk."
    after = analysis(text, flag(text, "I feel lonely", "FEELING"))
    change = compare(before, after)
    assert change.gone == (("hurts", "Blame"),)
    assert change.new == (("helps", "A feeling, named"),)
    assert change.kept == ()
