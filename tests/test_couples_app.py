"""Every screen of the one-screen couples flow through AppTest, with a fake analyser and a
throw-away database: setup, pass the phone, speaker check, listener check, the speaker's
call, adding what was missed, swap, summary (saved, or not in private mode), safety stop."""

from __future__ import annotations

from couples_apptest import APP, CRISIS, GOOD, POOR, SPEAKER, button, run, text, write
from streamlit.testing.v1 import AppTest

from store.attempts import attempts_for
from store.profiles import list_profiles
from store.runs import runs_for
from ui.couples_service import past_rounds


def start(private: bool = False) -> AppTest:
    at = run(AppTest.from_file(APP, default_timeout=30))
    at = run(at.switch_page("ui/pages/couples.py"))
    at.text_input(key="cpl_name_a").input("Ann")
    at.text_input(key="cpl_name_b").input("Ben")
    if private:
        at.checkbox(key="cpl_private_box").check()
    return run(button(at, "Start").click())


def reveal(at: AppTest, name: str) -> AppTest:
    assert f"Pass the phone to {name}" in text(at)
    return run(button(at, f"I'm {name}: show my turn").click())


def test_setup_screen_offers_the_sets_and_both_modes(couples_db):
    at = run(AppTest.from_file(APP, default_timeout=30))
    at = run(at.switch_page("ui/pages/couples.py"))
    assert "Appreciation round" in at.selectbox(key="cpl_exercise").options
    assert "Start" in [b.label for b in at.button]
    run(button(at, "Start").click())
    assert any("name" in e.value for e in at.error)


def test_one_screen_round_with_not_quite_retry_swap_and_summary(couples_db):
    at = reveal(start(), "Ann")
    page = text(at)
    assert "You hold the floor" in page and "Prompt:" in page
    floor = next(m.value for m in at.markdown if "rh-floor" in m.value)
    assert "Ann (you)</strong> holds the floor" in floor and "Ben</strong> listens" in floor

    at = write(at, "What you want to say", SPEAKER)
    assert "before you share" in text(at)
    assert any("rh-card" in m.value for m in at.markdown)  # the speaking-up feedback card
    at = run(button(at, "Share with Ben").click())

    at = reveal(at, "Ben")
    assert SPEAKER in text(at) and "You are listening" in text(at)
    at = write(at, "What you heard", POOR)
    page = text(at)
    assert "rh-side" in page and "answers back" in page
    at = write(at, "What you heard", POOR)  # rephrasing is allowed, same words again
    at = run(button(at, "Give it back to Ann").click())

    at = reveal(at, "Ann")
    assert POOR in text(at)
    at = run(button(at, "Not quite").click())
    at = write(at, "What was missed", "I missed you.")
    at = run(button(at, "Add this for Ben").click())

    at = reveal(at, "Ben")
    assert "I missed you." in text(at)
    at = write(at, "What you heard", GOOD)
    assert "gave back what they said" in text(at)
    at = run(button(at, "Give it back to Ann").click())
    at = reveal(at, "Ann")
    at = run(button(at, "That's it").click())

    at = reveal(at, "Ben")  # the floor passed: Ben speaks now
    floor = next(m.value for m in at.markdown if "rh-floor" in m.value)
    assert "Ben (you)</strong> holds the floor" in floor
    at = run(button(at, "End the exercise").click())
    page = text(at)
    assert "Your round, for each of you" in page
    assert "As speaker" in page and "As listener" in page
    assert "Saved to your history" in page
    names = {p.name: p.id for p in list_profiles(couples_db)}
    assert set(names) == {"Ann", "Ben"}
    (ann_run,) = runs_for(couples_db, names["Ann"], kind="couple")
    assert ann_run.status == "finished"
    assert [a.reply for a in attempts_for(couples_db, names["Ann"])] == [SPEAKER]
    assert [a.reply for a in attempts_for(couples_db, names["Ben"])] == [POOR, GOOD]
    (past,) = past_rounds(names["Ben"])
    assert past.exercise_id == "appreciation-round" and past.summary.name == "Ben" and past.summary.listened == 2


def test_partly_then_pass_the_floor(couples_db):
    at = reveal(start(), "Ann")
    at = run(button(write(at, "What you want to say", SPEAKER), "Share with Ben").click())
    at = reveal(at, "Ben")
    at = run(button(write(at, "What you heard", GOOD), "Give it back to Ann").click())
    at = run(button(reveal(at, "Ann"), "Partly").click())
    at = run(button(at, "Pass the floor without adding").click())
    assert "Pass the phone to Ben" in text(at)


def test_private_mode_saves_nothing(couples_db):
    at = run(button(reveal(start(private=True), "Ann"), "End the exercise").click())
    assert "Private mode: nothing was saved" in text(at)
    assert list_profiles(couples_db) == ()


def test_the_sidebar_private_mode_makes_couples_private_too(couples_db):
    at = run(AppTest.from_file(APP, default_timeout=30))
    at = run(at.switch_page("ui/pages/couples.py"))
    at = run(at.toggle(key="private_mode").set_value(True))
    box = at.checkbox(key="cpl_private_box")
    assert box.value and box.disabled
    at.text_input(key="cpl_name_a").input("Ann")
    at.text_input(key="cpl_name_b").input("Ben")
    at = run(button(at, "Start").click())
    at = run(button(reveal(at, "Ann"), "End the exercise").click())
    assert "Private mode: nothing was saved" in text(at)
    assert [p.name for p in list_profiles(couples_db)] == []


def test_crisis_from_the_listener_stops_the_exercise_and_hides_the_words(couples_db):
    at = reveal(start(), "Ann")
    at = run(button(write(at, "What you want to say", SPEAKER), "Share with Ben").click())
    at = write(reveal(at, "Ben"), "What you heard", CRISIS)
    page = text(at)
    assert "The exercise is paused" in page and "rh-crisis" in page
    assert CRISIS not in page
    assert not [b for b in at.button if b.label.startswith("I'm ")]


def test_risk_in_words_that_could_not_be_analysed_still_stops(couples_db, monkeypatch):
    import ui.analysis_service as service

    class Broken:
        def analyze(self, text, context=None):
            raise RuntimeError("the analyser broke")

    at = reveal(start(), "Ann")
    monkeypatch.setattr(service, "get_analyzer", Broken)
    monkeypatch.setattr(service, "_screened", lambda text: True)
    at = write(at, "What you want to say", "words the screen flags")
    assert "The exercise is paused" in text(at) and "words the screen flags" not in text(at)


def test_the_other_partner_never_sees_an_unshared_draft(couples_db):
    at = reveal(start(), "Ann")
    at = write(at, "What you want to say", SPEAKER)
    # Ann walks away without sharing: the next screen is still hers; nobody else can see it.
    at.session_state["cpl_shown"] = None
    at = run(at)
    assert "Pass the phone to Ann" in text(at)
    assert SPEAKER not in text(at)


def test_user_text_is_escaped(couples_db):
    attack = "<script>alert(1)</script> I felt <b>lonely</b>."
    at = reveal(start(), "Ann")
    at = run(button(write(at, "What you want to say", attack), "Share with Ben").click())
    at = reveal(at, "Ben")
    shown = "\n".join(m.value for m in at.markdown if "rh-their-words" in m.value)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>" not in shown and "<b>" not in shown


def test_what_was_missed_box_says_what_to_write(couples_db):
    at = reveal(start(), "Ann")
    at = write(at, "What you want to say", SPEAKER)
    at = run(button(at, "Share with Ben").click())
    at = reveal(at, "Ben")
    at = write(at, "What you heard", POOR)
    at = run(button(at, "Give it back to Ann").click())
    at = reveal(at, "Ann")
    at = run(button(at, "Not quite").click())
    missed = next(t for t in at.text_area if t.label == "What was missed")
    assert "didn't give back" in missed.placeholder
