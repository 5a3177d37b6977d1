"""Every page through Streamlit's AppTest. A fake analyser keeps most tests model-free;
the `model` tests run the same flows through the real engine."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from analysis_factory import BROKEN_YAML, analysis, flag, write_scenario
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import store
import ui.analysis_service as service
from coach.history import Attempt, History, Run, Turn
from store import StoreError, solo
from store.attempts import attempts_for, count_attempts
from store.runs import runs_for

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
BLAME = "You never listen to me."
REFLECTION = "It sounds like you're exhausted after this week."
CRISIS = "I want to kill myself."
ATTACKS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


class FakeAnalyzer:
    """Blame for 'never', a reflection for 'It sounds like', a crisis for 'kill myself',
    and the engine's language notice for 'Hola'."""

    def analyze(self, text, context=None):
        if text.startswith("Hola"):
            return analysis(
                text, notices=("Rehearse is built for English; other languages get no feedback.",)
            )
        if "kill myself" in text:
            return analysis(text, flag(text, "kill myself", "CRISIS", polarity="note"), crisis=True)
        flags = []
        if "never" in text:
            flags.append(
                flag(
                    text,
                    text[: text.index("never") + 5],
                    "CRITICISM",
                    "blame.you_absolute",
                )
            )
        if text.startswith("It sounds like"):
            flags.append(flag(text, text.rstrip("."), "REFLECTION", "reflection.stem"))
        if "happened to me" in text:
            flags.append(flag(text, "happened to me", "HIJACKING", "roadblock.hijacking"))
        if "I feel" in text:
            flags.append(flag(text, "I feel", "FEELING", "istatement.owned_feeling"))
        if text.startswith("When you"):
            flags.append(flag(text, "When you", "REFLECTION", "reflection.second_person"))
        for attack in ATTACKS:
            if attack in text:
                flags.append(flag(text, attack, "CONTEMPT"))
        return analysis(text, *sorted(flags, key=lambda f: f.start), context=context)


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("REHEARSE_HOME", str(folder))
    monkeypatch.setattr(service, "warm_up", lambda: None)  # no background model load in tests
    return folder


@pytest.fixture
def exercises(tmp_path, monkeypatch):
    folder = tmp_path / "exercises"
    folder.mkdir()
    write_scenario(folder)
    monkeypatch.setenv("REHEARSE_EXERCISES_DIR", str(folder))
    return folder


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(service, "get_analyzer", FakeAnalyzer)


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    if page != "ui/pages/home.py":
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def markup(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def texts(at: AppTest) -> str:
    parts = [markup(at)]
    for kind in (at.warning, at.info, at.error, at.caption, at.success):
        parts.extend(e.value for e in kind)
    return "\n".join(str(p) for p in parts)


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return matches[0]


def saved_replies(at: AppTest) -> list[str]:
    """What the store holds for the session's profile (the same database the app opened)."""
    return [a.reply for a in attempts_for(store.get_database(), at.session_state["profile_id"])]


def start_scenario(at: AppTest) -> AppTest:
    button(at, "Start").click().run()
    assert not at.exception, at.exception
    return at


def reply(at: AppTest, text: str) -> AppTest:
    box = next(t for t in at.text_area if t.label == "Your reply")
    box.set_value(text)
    button(at, "Check my reply").click().run()
    assert not at.exception, at.exception
    return at


# ---- home -------------------------------------------------------------------------------


def test_home_says_what_it_is_and_shows_the_doors(home):
    at = open_page("ui/pages/home.py")
    text = markup(at)
    assert "Everything stays on this device" in text and "practice tool, not therapy" in text
    labels = [b.label for b in at.button]
    assert all(b.disabled for b in at.button if "coming next" in b.label)
    assert not any("Workshop" in b for b in labels)  # workshops are open: links, not a "coming next" door


def test_an_old_history_file_is_imported_once_with_a_notice(home, exercises, fake):
    home.mkdir()
    old = History(
        runs=[
            Run(
                id="old1",
                scenario_id="test-talk",
                title="A talk about the dishes",
                skill="speak_up",
                started="2026-05-01T09:00:00+00:00",
                turns=[
                    Turn(
                        node_id="opening",
                        says="What's with the face?",
                        attempts=[Attempt(text=BLAME, at="2026-05-01T09:01:00+00:00", analysis={})],
                    )
                ],
            )
        ]
    )
    (home / "history.json").write_text(old.model_dump_json())
    at = open_page("ui/pages/home.py")
    assert any("1 attempt) was moved into Me's history" in i.value for i in at.info)
    at.switch_page("ui/pages/practise.py").run()
    assert not (home / "history.json").exists() and list(home.glob("history.json.imported-*"))
    assert saved_replies(at) == [BLAME]
    button(at, "Resume where you left off").click().run()  # its empty analysis does not crash Resume
    assert not at.exception and 'class="rh-reply"' in markup(at) and BLAME in markup(at)
    assert saved_replies(open_page("ui/pages/practise.py")) == [BLAME]  # once


def test_a_corrupt_history_file_is_kept_with_a_notice(home):
    home.mkdir()
    (home / "history.json").write_text("{definitely not json")
    at = open_page("ui/pages/home.py")
    assert any("could not be read" in i.value and "history.json.imported-" in i.value for i in at.info)
    assert list(home.glob("history.json.imported-*"))


# ---- practise ---------------------------------------------------------------------------


def test_scenario_details_then_blame_reply_is_highlighted(home, exercises, fake):
    at = open_page("ui/pages/practise.py")
    text = markup(at)
    assert "Sunday evening" in text and "Practise saying how you feel" in text
    assert "Start with what happened" in text
    reply(start_scenario(at), BLAME)
    text = markup(at)
    assert 'data-polarity="hurts"' in text and ">You never</span>" in text
    assert "This came across as <strong>blame</strong>" in text
    assert "One thing to try" in text and "___" in text
    assert 'role="meter"' in text
    assert {"Try again", "Continue →"} <= {b.label for b in at.button}


def test_try_again_keeps_both_attempts_and_shows_what_changed(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    button(at, "Try again").click().run()
    assert "From your last try" in texts(at)
    reply(at, "I feel tired when the sink is full.")
    text = markup(at)
    assert "What changed" in text and "Went away" in text and "Blame" in text
    assert len(at.session_state["history"].runs[0].turns[0].attempts) == 2


def test_a_branching_scenario_runs_to_its_summary(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    button(at, "Continue →").click().run()
    assert "Here we go again." in markup(at)  # blame -> the defensive branch
    reply(at, "I feel hurt.")
    button(at, "Continue →").click().run()
    assert "Fine. Whatever." in markup(at)
    reply(at, "I need a pause. Can we talk after dinner?")
    button(at, "Continue →").click().run()
    assert at.subheader and "end of this conversation" in at.subheader[0].value
    assert "3 turns, 3 attempts." in markup(at)
    assert "Speak up with an I-statement" in markup(at)
    button(at, "Practise another").click().run()
    assert any(b.label == "Start" for b in at.button)


def test_a_refresh_resumes_the_run(home, exercises, fake):
    reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    at = open_page("ui/pages/practise.py")  # a new session: history comes from disk
    assert any(b.label == "Resume where you left off" for b in at.button)
    button(at, "Resume where you left off").click().run()
    assert "Picked up where you left off" in texts(at)
    assert ">You never</span>" in markup(at)


def test_start_over_keeps_the_old_run_and_starts_a_new_one(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    button(at, "← All scenarios").click().run()
    button(at, "Start over").click().run()
    assert len(at.session_state["history"].runs) == 1, "Start over must ask first"
    button(at, "Yes, start over").click().run()
    runs = at.session_state["history"].runs
    assert len(runs) == 2 and runs[0].ended_early and runs[1].finished is None
    assert any(t.label == "Your reply" for t in at.text_area)


def test_empty_reply_gets_a_friendly_message(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), "   ")
    assert any("nothing to check yet" in w.value for w in at.warning)
    assert 'class="rh-reply"' not in markup(at)


def test_the_reply_box_counts_characters_up_to_the_limit(home, exercises, fake):
    at = start_scenario(open_page("ui/pages/practise.py"))
    box = next(t for t in at.text_area if t.label == "Your reply")
    assert box.max_chars == 5000  # the box shows "used/5000" as you type and stops there
    assert '<span class="rh-count" data-for="Your reply">0</span> / 5,000 characters' in markup(at)
    reply(at, "I feel tired.")
    button(at, "Try again").click().run()
    assert 'data-for="Your reply">13</span> / 5,000' in markup(at)
    free = open_page("ui/pages/free_practice.py")
    assert free.text_area(key="free_reply").max_chars == 5000


def test_an_overlong_reply_names_the_limit():
    assert "limit is 5,000" in (service.check_input("word " * 1100) or "")


def test_crisis_reply_shows_the_notice_and_nothing_else(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), CRISIS)
    text = markup(at)
    assert "rh-crisis" in text and "116 123" in text and "988" in text
    assert "word screen can miss things" in text
    for scored in ("rh-reply", "rh-verdict", "rh-meter", "rh-try"):
        assert scored not in text
    assert not any(b.label == "Continue →" for b in at.button)
    run = at.session_state["history"].runs[0]
    assert run.turns[0].attempts == [] and len(run.turns) == 1


def test_an_engine_failure_is_a_message_not_a_traceback(home, exercises, monkeypatch):
    class Broken:
        def analyze(self, text, context=None):
            raise RuntimeError("boom")

    monkeypatch.setattr(service, "get_analyzer", Broken)
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    assert not at.exception
    assert any("Something went wrong while checking that reply" in w.value for w in at.warning)
    assert at.session_state["history"].runs[0].turns[0].attempts == []


def test_a_broken_scenario_file_is_reported_and_the_rest_load(home, exercises, fake):
    (exercises / "broken-one.yaml").write_text(BROKEN_YAML)
    at = open_page("ui/pages/practise.py")
    assert any("could not be loaded" in w.value and "broken-one.yaml" in w.value for w in at.warning)
    assert any(b.label == "Start" for b in at.button)


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_in_a_reply_is_shown_as_text(home, exercises, fake, attack):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), f"You never listen {attack}")
    text = markup(at)
    assert attack not in text
    assert attack.replace("<", "&lt;").replace(">", "&gt;") in text


def test_a_failed_save_warns_and_keeps_the_reply_in_the_box(home, exercises, fake, monkeypatch):
    at = start_scenario(open_page("ui/pages/practise.py"))

    def locked(*args, **kwargs):
        raise StoreError("Could not save your reply: the database said database is locked.")

    with monkeypatch.context() as patch:
        patch.setattr(solo, "record_turn_attempt", locked)
        reply(at, BLAME)
        assert any(
            "Could not save your reply" in w.value and "still in the box" in w.value for w in at.warning
        )
        assert next(t for t in at.text_area if t.label == "Your reply").value == BLAME
        assert 'class="rh-reply"' not in markup(at) and saved_replies(at) == []
    button(at, "Check my reply").click().run()  # the same text, now saved
    assert ">You never</span>" in markup(at) and saved_replies(at) == [BLAME]
    assert not any("Could not save" in w.value for w in at.warning)


def test_an_unusable_store_still_lets_you_practise(tmp_path, monkeypatch, exercises, fake):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REHEARSE_HOME", str(blocker))
    monkeypatch.setattr(service, "warm_up", lambda: None)
    at = open_page("ui/pages/home.py")
    assert any("nothing will be saved" in i.value for i in at.info)
    reply(start_scenario(at.switch_page("ui/pages/practise.py").run()), BLAME)
    assert ">You never</span>" in markup(at)


# ---- free practice ------------------------------------------------------------------------


def test_free_practice_gives_the_same_card_and_is_saved(home, fake):
    at = open_page("ui/pages/free_practice.py")
    at.text_area(key="free_context").set_value("I'm so tired of this job.")
    at.text_area(key="free_reply").set_value(REFLECTION)
    button(at, "Check my reply").click().run()
    text = markup(at)
    assert 'data-polarity="helps"' in text and "This came across as <strong>listening</strong>" in text
    assert at.session_state["history"].free[0].context == "I'm so tired of this job."
    assert saved_replies(at) == [REFLECTION]


def test_free_practice_empty_and_crisis(home, fake):
    at = open_page("ui/pages/free_practice.py")
    button(at, "Check my reply").click().run()
    assert any("nothing to check yet" in w.value for w in at.warning)
    at.text_area(key="free_reply").set_value(CRISIS)
    button(at, "Check my reply").click().run()
    assert "rh-crisis" in markup(at) and "rh-meter" not in markup(at)
    assert saved_replies(at) == []


@pytest.fixture
def unreadable_crisis(monkeypatch):
    """The page door's answer for text it could not analyse (e.g. over the length limit,
    pasted past the box) whose crisis screen found risk."""
    import ui.state

    outcome = service.Outcome(error="That text is too long to analyse.", crisis=True)
    monkeypatch.setattr(ui.state, "analyse", lambda text, context=None: outcome)


def test_unanalysable_crisis_reply_still_gets_the_notice(home, fake, unreadable_crisis):
    """Replies over the length limit were never screened; now the notice shows instead."""
    at = open_page("ui/pages/free_practice.py")
    at.text_area(key="free_reply").set_value("It was a long week at work.")
    button(at, "Check my reply").click().run()
    assert "rh-crisis" in markup(at) and "rh-meter" not in markup(at)
    assert not any("too long" in w.value for w in at.warning)
    assert saved_replies(at) == []


def test_unanalysable_crisis_reply_in_a_scenario_gets_the_notice(home, exercises, fake, unreadable_crisis):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), "It was a long week at work.")
    assert "rh-crisis" in texts(at) and "rh-verdict" not in texts(at)


def test_the_engine_language_notice_is_shown(home, fake):
    at = open_page("ui/pages/free_practice.py")
    at.text_area(key="free_reply").set_value("Hola, ¿cómo estás?")
    button(at, "Check my reply").click().run()
    assert any("built for English" in i.value for i in at.info)


# ---- builder --------------------------------------------------------------------------------


def test_builder_assembles_and_checks_live(home, fake):
    at = open_page("ui/pages/builder.py")
    assert any("Pick a feeling" in i.value for i in at.info)
    at.selectbox(key="builder_feeling").set_value("ignored").run()
    assert any("describe what you think they did" in i.value for i in at.info)
    button(at, "hurt").click().run()
    assert at.selectbox(key="builder_feeling").value == "hurt"
    at.text_input(key="builder_situation").set_value("When you left early.").run()
    at.text_input(key="builder_need").set_value("to feel included").run()
    at.text_input(key="builder_request").set_value("tell me before you go?").run()
    text = markup(at)
    assert (
        "When you left early, I feel hurt, because I need to feel included. "
        "Would you be willing to tell me before you go?"
    ) in text
    assert 'class="rh-reply"' in text  # the live feedback card


def test_builder_sentence_is_scored_as_speaking_up_not_listening(home, fake):
    at = open_page("ui/pages/builder.py")
    at.selectbox(key="builder_feeling").set_value("hurt").run()
    at.text_input(key="builder_situation").set_value("you left early").run()
    text = markup(at)
    assert "When you left early, I feel hurt" in text
    assert 'data-meter="listening"' not in text and "Reflection" not in text
    assert "This came across as <strong>honest about how you feel</strong>" in text


# ---- task-aware verdicts on the practise page --------------------------------------------------

OWN_STORY = "The same thing happened to me, and I feel tired."


def test_own_story_is_not_hijacking_in_a_speaking_up_scenario(home, exercises, fake):
    text = markup(reply(start_scenario(open_page("ui/pages/practise.py")), OWN_STORY))
    assert "own story" not in text and "Taking over" not in text
    assert 'data-meter="listening"' not in text
    visible = re.sub(r"<[^>]+>", " ", text)
    assert "istatement." not in visible and ".yaml" not in visible  # rule ids stay off screen


def test_own_story_is_hijacking_in_a_listening_scenario(tmp_path, home, monkeypatch, fake):
    folder = tmp_path / "listening"
    folder.mkdir()
    write_scenario(folder, "listen-talk", skill="listen_reflect")
    monkeypatch.setenv("REHEARSE_EXERCISES_DIR", str(folder))
    text = markup(reply(start_scenario(open_page("ui/pages/practise.py")), OWN_STORY))
    assert "turning it to your own story" in text
    assert 'data-meter="listening"' in text


# ---- history --------------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch):
    """What each download button would hand the browser, by its file name."""
    files: dict[str, str] = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        files[filename] = path_or_data.decode() if isinstance(path_or_data, bytes) else path_or_data
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def test_history_export_and_delete_with_confirmation(home, exercises, fake, downloads):
    at = open_page("ui/pages/free_practice.py")
    at.text_area(key="free_reply").set_value(BLAME)
    button(at, "Check my reply").click().run()
    at.switch_page("ui/pages/history.py").run()
    assert "1 free-practice" in markup(at) and "saved for Me" in markup(at)
    rows = list(csv.DictReader(io.StringIO(downloads["rehearse-attempts.csv"])))
    assert rows[0]["your_reply"] == BLAME and rows[0]["style"] == "blame"
    assert rows[0]["came_across_as"].startswith("blame") and rows[0]["one_thing_to_try"]
    assert json.loads(downloads["rehearse-attempts.json"])[0]["your_reply"] == BLAME
    button(at, "Delete my data").click().run()
    assert any("can't be undone" in w.value for w in at.warning)
    button(at, "Cancel").click().run()
    assert saved_replies(at) == [BLAME]
    button(at, "Delete my data").click().run()
    button(at, "Yes, delete Me's data").click().run()
    assert any("Deleted Me's profile and the 1 saved attempt." in i.value for i in at.info)
    assert saved_replies(at) == [] and at.session_state["history"].is_empty


# ---- profiles, private mode, drafts, tabs -----------------------------------------------------


def new_profile(at: AppTest, name: str) -> AppTest:
    at.text_input(key="new_profile_name").set_value(name).run()
    assert not at.exception, at.exception
    return at


def test_profiles_are_made_switched_and_keep_their_own_runs(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    assert at.selectbox(key="profile_choice").value == "Me"
    new_profile(at, "Sam")
    assert at.selectbox(key="profile_choice").value == "Sam" and at.query_params["profile"] in (
        "Sam",
        ["Sam"],
    )
    assert any(b.label == "Start" for b in at.button)  # Me's run is not offered to Sam
    reply(start_scenario(at), "I feel tired when the sink is full.")
    at.selectbox(key="profile_choice").set_value("Me").run()
    assert any(b.label == "Resume where you left off" for b in at.button)
    assert saved_replies(at) == [BLAME]
    at.switch_page("ui/pages/history.py").run()
    assert "1 scenario run and" in markup(at)


def test_a_bad_profile_name_gets_a_message(home, fake):
    at = new_profile(open_page("ui/pages/home.py"), "x" * 81)
    assert any("keep it to 80" in w.value for w in at.sidebar.warning)
    assert at.selectbox(key="profile_choice").value == "Me"


def test_private_mode_writes_nothing(home, exercises, fake):
    at = open_page("ui/pages/practise.py")
    at.toggle(key="private_mode").set_value(True).run()
    reply(start_scenario(at), BLAME)
    assert ">You never</span>" in markup(at)
    at.switch_page("ui/pages/free_practice.py").run()
    at.text_area(key="free_reply").set_value(REFLECTION)
    button(at, "Check my reply").click().run()
    db = store.get_database()
    assert count_attempts(db) == 0 and runs_for(db, at.session_state["profile_id"]) == ()
    at.switch_page("ui/pages/history.py").run()
    assert "nothing is saved" in markup(at) + texts(at)
    assert not at.get("download_button")


def test_a_half_typed_reply_survives_a_reload(home, exercises, fake):
    at = start_scenario(open_page("ui/pages/practise.py"))
    box = next(t for t in at.text_area if t.label == "Your reply")
    box.set_value("I feel a bit left").run()  # the box changes: kept as a draft
    again = open_page("ui/pages/practise.py")  # a reload: a new session
    button(again, "Resume where you left off").click().run()
    assert next(t for t in again.text_area if t.label == "Your reply").value == "I feel a bit left"
    reply(again, "I feel a bit left out.")
    third = open_page("ui/pages/practise.py")
    button(third, "Resume where you left off").click().run()
    button(third, "Try again").click().run()
    assert next(t for t in third.text_area if t.label == "Your reply").value == ""  # sent: draft gone


def reload(at: AppTest) -> AppTest:
    """The same address in a new session, as a browser reload gives."""
    again = AppTest.from_file(APP, default_timeout=30)
    for key, value in at.query_params.items():
        again.query_params[key] = value[0] if isinstance(value, list) else value
    again.run()
    assert not again.exception, again.exception
    return again.switch_page("ui/pages/practise.py").run()


def test_a_reload_returns_to_the_same_turn_with_the_draft(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    button(at, "Continue →").click().run()
    next(t for t in at.text_area if t.label == "Your reply").set_value("I feel hurt wh").run()
    again = reload(at)
    assert "Here we go again." in markup(again) and "Turn 2" in texts(again)
    assert next(t for t in again.text_area if t.label == "Your reply").value == "I feel hurt wh"
    run_id = again.session_state["run_id"]
    new_profile(again, "Sam")
    again.query_params["run"] = run_id  # Sam's address with Me's run in it: not offered
    stranger = reload(again)
    assert stranger.session_state["profile_name"] == "Sam"
    assert any(b.label == "Start" for b in stranger.button)


def test_two_tabs_lose_nothing(home, exercises, fake):
    one = start_scenario(open_page("ui/pages/practise.py"))
    two = open_page("ui/pages/practise.py")
    button(two, "Resume where you left off").click().run()
    reply(one, BLAME)
    reply(two, "I feel tired when the sink is full.")
    reply(one, "You never help.")
    assert sorted(saved_replies(one)) == sorted(
        [BLAME, "I feel tired when the sink is full.", "You never help."]
    )
    fresh = open_page("ui/pages/practise.py")
    button(fresh, "Resume where you left off").click().run()
    assert len(fresh.session_state["history"].runs[0].turns[0].attempts) == 3


# ---- the real engine --------------------------------------------------------------------------


@pytest.fixture
def real_engine(monkeypatch):
    pytest.importorskip("spacy")
    monkeypatch.setattr(service, "warm_up", lambda: None)


@pytest.mark.model
def test_real_engine_blame_reply_is_highlighted(home, exercises, real_engine):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    text = markup(at)
    assert 'data-polarity="hurts"' in text and "You never listen" in text
    assert "This came across as <strong>blame</strong>" in text


@pytest.mark.model
def test_real_engine_recognises_a_reflection_in_a_listening_scenario(
    tmp_path, home, monkeypatch, real_engine
):
    folder = tmp_path / "listening"
    folder.mkdir()
    write_scenario(folder, "listen-talk", skill="listen_reflect")
    monkeypatch.setenv("REHEARSE_EXERCISES_DIR", str(folder))
    at = reply(
        start_scenario(open_page("ui/pages/practise.py")),
        "It sounds like the week has really worn you out.",
    )
    text = markup(at)
    assert 'data-polarity="helps"' in text
    assert "Reflection" in text


@pytest.mark.model
def test_real_engine_crisis_stops_coaching(home, exercises, real_engine):
    at = reply(
        start_scenario(open_page("ui/pages/practise.py")),
        "I don't want to be alive anymore, I want to kill myself.",
    )
    text = markup(at)
    assert "rh-crisis" in text and "rh-meter" not in text and "rh-verdict" not in text


# ---- boundaries ------------------------------------------------------------------------------


def test_ui_and_coach_never_import_spacy():
    code = (
        "import sys; import ui.state, ui.components, coach.builder, ui.render; "
        "assert 'spacy' not in sys.modules, 'spacy was imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_raw_html_is_only_rendered_through_components_html():
    """`unsafe_allow_html` appears once, in ui.components.html, which only gets ui.render output."""
    files = [*ROOT.glob("ui/**/*.py"), ROOT / "app.py", *ROOT.glob("coach/**/*.py")]
    hits = [
        f"{f.name}:{n}"
        for f in files
        for n, line in enumerate(f.read_text().splitlines(), 1)
        if "unsafe_allow_html=True" in line
    ]
    assert len(hits) == 1 and hits[0].startswith("components.py:"), hits
    for page in [*ROOT.glob("ui/pages/*.py"), ROOT / "app.py"]:
        for n, line in enumerate(page.read_text().splitlines(), 1):
            if "components.html(" in line:
                assert "render." in line, f"{page.name}:{n} passes non-render HTML: {line.strip()}"
