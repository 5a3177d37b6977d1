"""Workshop domain: aggregates and their floor, moderation, crisis privacy, codes, packs, deck."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from analysis_factory import analysis, blame, flag

from coach.safe_yaml import MAX_BYTES, UnsafeYamlError, load_untrusted
from coach.scenarios import ScenarioError, load_library, load_scenario
from coach.workshop import moderation
from coach.workshop.aggregates import MIN_ANSWERS, aggregate
from coach.workshop.deck import load_deck
from coach.workshop.export import Answer, export_rows, to_csv
from coach.workshop.packs import PackError, parse_pack
from coach.workshop.room import Prompt, RoomInputError, clean_nickname, is_open, lifetime, next_prompt
from store.codes import ALPHABET, CODE_LENGTH, new_code, normalise_code

PACKS = Path(__file__).parent / "fixtures" / "packs"
NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def never(text: str) -> object:
    return analysis(text, flag(text, "You never", "CRITICISM"))


def reflection(text: str = "It sounds like you're worn out.") -> object:
    return analysis(text, flag(text, "It sounds like", "REFLECTION", "reflection.stem"))


# ---- aggregates -------------------------------------------------------------------------


def test_nothing_is_shown_below_three_answers():
    assert aggregate([blame(), reflection()]) is None
    assert aggregate([blame(), reflection(), never("You never call.")]).answers == MIN_ANSWERS


def test_crisis_answers_are_not_counted_and_do_not_lift_the_floor():
    crisis = analysis("I want to end it all.", crisis=True)
    assert aggregate([blame(), reflection(), crisis]) is None
    result = aggregate([blame(), reflection(), never("You never call."), crisis])
    assert result.answers == 3


def test_shares_count_blame_and_reflections():
    result = aggregate([blame(), never("You never call me back."), reflection()])
    speaking, listening, _ = result.pairs
    assert (speaking.poor_label, speaking.poor, speaking.share(speaking.poor)) == ("blame", 2, 67)
    assert (listening.good_label, listening.good) == ("reflections", 1)


def test_a_phrase_only_one_person_used_is_not_listed():
    texts = ["You never listen to me.", "You never listen to me!", "You always shout."]
    answers = [blame(texts[0]), blame(texts[1]), analysis(texts[2], flag(texts[2], "You always", "CRITICISM"))]
    result = aggregate(answers)
    assert result.phrases == (("you never listen", 2),)


# ---- moderation ---------------------------------------------------------------------------


def shared(i: int, share: bool = True, crisis: bool = False, status: str = "pending") -> moderation.Shared:
    return moderation.Shared(str(i), f"reply {i}", share, crisis, status)


def test_only_shared_approved_non_crisis_replies_reach_the_wall():
    items = [shared(1), shared(2, status="approved"), shared(3, share=False, status="approved"),
             shared(4, crisis=True, status="approved"), shared(5, status="rejected")]
    assert [s.id for s in moderation.queue(items)] == ["1"]
    assert [s.id for s in moderation.wall(items)] == ["2"]


def test_moderation_transitions():
    moderation.check_transition("pending", "approved")
    moderation.check_transition("approved", "rejected")
    with pytest.raises(moderation.ModerationError, match="pending cannot become pending"):
        moderation.check_transition("pending", "pending")


# ---- codes --------------------------------------------------------------------------------


def test_codes_use_no_look_alike_characters_and_are_not_countable():
    assert not set("0O1IL") & set(ALPHABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000  # random, so no repeats at this size
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 29  # ~887 million codes
    assert normalise_code(" ab-c 23 ") == "ABC23"


# ---- room ---------------------------------------------------------------------------------


def test_prompts_number_themselves_and_refuse_empty_or_long_text():
    first = next_prompt(None, "  I'm so   tired. ", "custom")
    assert (first.index, first.says) == (0, "I'm so tired.")
    assert next_prompt(first, "Again?", "scenario").index == 1
    with pytest.raises(RoomInputError, match="empty"):
        next_prompt(first, "   ", "custom")
    with pytest.raises(RoomInputError, match="600"):
        next_prompt(first, "x" * 700, "custom")
    assert Prompt.from_dict(first.to_dict()) == first
    assert Prompt.from_dict({"says": 3}) is None


def test_a_room_closes_when_closed_or_when_its_time_is_up():
    assert is_open("open", NOW + timedelta(minutes=1), NOW)
    assert not is_open("open", NOW, NOW)
    assert not is_open("closed", NOW + timedelta(hours=1), NOW)
    with pytest.raises(RoomInputError, match="between 10 and 480"):
        lifetime(5)


def test_nicknames_are_optional_and_short():
    assert clean_nickname("   ") is None
    assert clean_nickname(" Sam  B ") == "Sam B"
    with pytest.raises(RoomInputError):
        clean_nickname("x" * 40)


# ---- untrusted YAML -------------------------------------------------------------------------


def test_billion_laughs_pack_is_rejected_fast():
    started = time.perf_counter()
    with pytest.raises(PackError, match="billion-laughs.yaml: line 4: YAML anchors and aliases"):
        parse_pack("billion-laughs.yaml", (PACKS / "billion-laughs.yaml").read_bytes())
    assert time.perf_counter() - started < 0.5


def test_billion_laughs_scenario_is_rejected_fast_and_the_library_still_loads(tmp_path):
    (tmp_path / "billion-laughs.yaml").write_bytes((PACKS / "billion-laughs.yaml").read_bytes())
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match="anchors and aliases"):
        load_scenario(tmp_path / "billion-laughs.yaml")
    assert time.perf_counter() - started < 0.5
    library = load_library(tmp_path)
    assert len(library) == 0 and "anchors" in str(library.errors[0])


def test_an_oversized_file_is_refused_before_parsing():
    with pytest.raises(UnsafeYamlError, match="limit is 262,144 bytes"):
        load_untrusted("a: " + "x" * MAX_BYTES)
    with pytest.raises(PackError, match="big.yaml: the file is"):
        parse_pack("big.yaml", b"title: " + b"x" * MAX_BYTES)


def test_a_pack_with_bad_fields_names_the_file_and_each_field():
    with pytest.raises(PackError) as err:
        parse_pack("bad-field.yaml", (PACKS / "bad-field.yaml").read_bytes())
    fields = [f for f, _ in err.value.problems]
    assert fields == ["prompts[1].skill", "prompts[2].says", "prompts[2].text"]
    assert str(err.value).startswith("bad-field.yaml: prompts[1].skill: unknown skill")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"title: [unclosed", "not valid YAML: line"),
        (b"- just a list", "expected fields `title:` and `prompts:`"),
        (b"title: x\nprompts: []", "prompts"),
        (b"title: x\ntitle: y\nprompts: [{says: hi}]", "duplicate key"),
    ],
)
def test_bad_packs_are_rejected_whole_with_a_message(data, expected):
    with pytest.raises(PackError, match=expected):
        parse_pack("p.yaml", data)


def test_a_good_pack_loads_and_keeps_markdown_as_plain_text():
    pack = parse_pack("good-pack.yaml", (PACKS / "good-pack.yaml").read_bytes())
    assert pack.title == "Listening at work" and len(pack.prompts) == 3
    assert pack.prompts[0].skill == "listen_reflect" and pack.prompts[2].skill is None
    odd = parse_pack("markdown-image.yaml", (PACKS / "markdown-image.yaml").read_bytes())
    assert odd.prompts[0].says.startswith("Look at this ![](http://")  # shown escaped, never rendered


# ---- export ---------------------------------------------------------------------------------


def test_export_keeps_text_only_where_shared_and_nothing_from_crisis_answers():
    rows = export_rows([
        Answer("Hi", NOW, blame(), False, True, "You never listen to me."),
        Answer("Hi", NOW + timedelta(seconds=1), never("You never call."), False, False, "You never call."),
        Answer("Hi", NOW + timedelta(seconds=2), None, True, False, "private words"),
        Answer("Hi", NOW + timedelta(seconds=3), analysis("=HYPERLINK(1)"), False, True, "=HYPERLINK(1)"),
    ])
    assert [r["shared_text"] for r in rows] == ["You never listen to me.", "", "", "=HYPERLINK(1)"]
    assert rows[0]["style"] == "blame" and rows[2]["counted"] == "no: kept private" and rows[2]["style"] == ""
    text = to_csv(rows)
    assert "You never call." not in text and "private words" not in text and "'=HYPERLINK(1)" in text


# ---- deck -----------------------------------------------------------------------------------


def test_the_deck_has_before_and_after_for_each_skill():
    slides = load_deck()
    sections = list(dict.fromkeys(s.section for s in slides))
    assert sections == ["Blame → I-statement", "Advice → reflection", "Demand → request", "Criticism → complaint"]
    assert all(s.before != s.after for s in slides)


@pytest.mark.model
@pytest.mark.parametrize("slide", load_deck(), ids=lambda s: s.before[:30])
def test_each_deck_pair_goes_from_flagged_to_clean(analyzer, slide):
    before = analyzer.analyze(slide.before, context=slide.they_said)
    after = analyzer.analyze(slide.after, context=slide.they_said)
    assert any(f.polarity == "hurts" for f in before.flags), before.flags
    assert not [f for f in after.flags if f.polarity == "hurts"], after.flags
