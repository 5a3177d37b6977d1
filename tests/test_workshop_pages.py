"""Workshop pages through AppTest: run a room, join it, the room screen, the presentation view."""

from __future__ import annotations

import pytest
from analysis_factory import write_scenario
from streamlit.testing.v1 import AppTest
from test_app_pages import APP, FakeAnalyzer, button, markup, texts

import store.db
import ui.analysis_service as service
from ui import workshop_service as ws


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REHEARSE_DB_URL", f"sqlite:///{tmp_path / 'rooms.db'}")
    monkeypatch.setenv("REHEARSE_PUBLIC_URL", "http://192.0.2.10:8501")
    store.db._database.cache_clear()  # a fresh, migrated Database per test (PG schema is wiped)
    monkeypatch.setattr(service, "warm_up", lambda: None)
    monkeypatch.setattr(service, "get_analyzer", FakeAnalyzer)
    yield tmp_path
    store.db._database.cache_clear()  # a fresh, migrated Database per test (PG schema is wiped)


def page(path: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page(path)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def open_room(title: str = "Tuesday group") -> AppTest:
    at = page("ui/pages/facilitate.py")
    at.text_input[0].set_value(title)
    button(at, "Open a room").click().run()
    assert not at.exception, at.exception
    return at


def join(code: str, nickname: str = "") -> AppTest:
    at = page("ui/pages/join.py", room=code)
    assert at.text_input[0].value == code
    at.text_input[1].set_value(nickname)
    button(at, "Join").click().run()
    assert not at.exception, at.exception
    return at


def send(at: AppTest, text: str, share: bool = False) -> AppTest:
    next(t for t in at.text_area if t.label == "Your reply").set_value(text)
    if share:
        at.checkbox[0].check()
    button(at, "Send").click().run()
    assert not at.exception, at.exception
    return at


def the_room() -> ws.RoomInfo:
    from sqlalchemy import select

    from store.models import Room

    with store.db.get_database().read() as session:
        return ws.find_room(session.scalars(select(Room.code)).one())


def test_opening_a_room_shows_code_join_url_and_a_local_qr_code(env):
    at = open_room()
    room = the_room()
    text = markup(at)
    assert f"http://192.0.2.10:8501/join?room={room.code}" in text
    assert "<svg" in text and "segno" in text and "http" not in text.split("<svg", 1)[1].split("</svg>")[0]
    assert "Choose the first prompt above" in texts(at)


def test_a_typed_prompt_reaches_a_participant_who_gets_their_own_feedback(env):
    fac = open_room()
    room = the_room()
    fac.text_area[0].set_value("You forgot my birthday.")
    button(fac, "Show the typed line").click().run()
    phone = join(room.code, "Sam")
    assert "You forgot my birthday." in markup(phone) and "you are Sam" in texts(phone)
    send(phone, "You never remember anything.")
    assert "Only you see this feedback" in texts(phone) and ">You never</span>" in markup(phone)


def test_a_crisis_answer_shows_the_notice_and_a_private_alert_without_text(env):
    open_room()
    room = the_room()
    ws.set_prompt(room, "How was your week?", "custom")
    phone = send(join(room.code), "I want to kill myself.", share=True)
    assert "rh-crisis" in markup(phone) and "116 123" in markup(phone)
    fac = page("ui/pages/facilitate.py")  # a new session: the key comes from the link
    fac.query_params["room"], fac.query_params["key"] = room.code, room.facilitator_secret
    fac.run()
    alert = " ".join(w.value for w in fac.warning)
    assert "may need support" in alert and "kill" not in alert and "kill" not in markup(fac)


def test_the_screen_hides_results_until_revealed_and_needs_three_answers(env):
    open_room()
    room = the_room()
    prompt = ws.set_prompt(room, "You're late again.", "custom")
    for text in ("You never call.", "You never text.", "I was worried."):
        send(join(room.code), text)
    screen = page("ui/pages/screen.py", room=room.code)
    assert "3 answered" in markup(screen) and "stay hidden" in texts(screen)
    assert "rh-aggregate" not in markup(screen)
    ws.reveal(ws.find_room(room.code))
    screen.run()
    shown = markup(screen)
    assert "rh-aggregate" in shown and "blame</span> 2 of 3 (67%)" in shown
    for text in ("You never call.", "You never text.", "I was worried."):
        assert text not in shown  # nobody's unshared text
    assert ws.dashboard(ws.find_room(room.code), prompt).answers == 3


def room_with_answers(*answers: tuple[str, bool]) -> tuple[AppTest, ws.RoomInfo]:
    """A room showing "Can we talk?", one participant per (text, shared) answer, and the
    facilitator's page rerun after them."""
    fac = open_room()
    room = the_room()
    ws.set_prompt(room, "Can we talk?", "custom")
    for text, shared in answers:
        send(join(room.code), text, share=shared)
    fac.run()
    return fac, room


def test_an_approved_reply_reaches_the_wall_and_an_unshared_one_never_does(env):
    fac, room = room_with_answers(("Yes, let us talk.", True), ("Private thought.", False))
    assert "Yes, let us talk." in markup(fac) and "Private thought." not in markup(fac)
    button(fac, "Put on the wall").click().run()
    screen = page("ui/pages/screen.py", room=room.code)
    assert "rh-wall-item" in markup(screen) and "Yes, let us talk." in markup(screen)
    assert "Private thought." not in markup(screen)


def test_the_export_button_gives_labels_for_all_and_text_only_where_shared(env):
    import csv
    import io

    fac, room = room_with_answers(
        ("Yes, let us talk.", True), ("Private thought.", False), ("I want to kill myself.", True)
    )
    button(fac, "Export CSV").click().run()
    assert not fac.exception, fac.exception
    code, body = fac.session_state["ws_export_csv"]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert code == room.code and len(rows) == 3
    assert [r["shared_text"] for r in rows] == ["Yes, let us talk.", "", ""]
    assert [r["counted"] for r in rows] == ["yes", "yes", "no: kept private"]
    assert "Private thought." not in body and "kill" not in body
    assert all(r["prompt"] == "Can we talk?" for r in rows[:2])


def test_a_closed_room_turns_participants_away(env):
    fac = open_room()
    room = the_room()
    button(fac, "Close the room").click().run()
    assert "This room is closed" in texts(fac)
    at = page("ui/pages/join.py", room=room.code)
    button(at, "Join").click().run()
    assert "No open room has that code" in texts(at)


def test_presentation_steps_through_pairs_without_scores(env):
    at = page("ui/pages/present.py")
    text = markup(at)
    assert "Blame → I" in text and "BEFORE" in text and "press → or space" in text
    assert 'role="meter"' not in text and "Skill meters" not in text
    button(at, "Next").click().run()
    assert "AFTER" in markup(at) and markup(at).count('class="rh-projector"') == 2
    button(at, "Next").click().run()
    assert "Pair 2 of 8" in markup(at) and "think about anyone" in markup(at)
    button(at, "Previous").click().run()
    assert markup(at).count('class="rh-projector"') == 2


def test_presentation_checks_a_live_example(env):
    at = page("ui/pages/present.py")
    next(t for t in at.text_area if t.label == "A reply to check").set_value("You never listen.")
    button(at, "Check it").click().run()
    assert "LIVE" in markup(at) and markup(at).count('class="rh-projector"') == 2


def test_scenario_text_with_markdown_is_shown_as_text(env, tmp_path, monkeypatch):
    folder = tmp_path / "exercises"
    folder.mkdir()
    write_scenario(folder)
    path = next(folder.glob("*.yaml"))
    text = path.read_text().replace("setting: Sunday evening", "setting: '![](http://example.invalid/x.png) Sunday evening", 1)
    path.write_text(text.replace("full again.", "full again.'", 1))
    monkeypatch.setenv("REHEARSE_EXERCISES_DIR", str(folder))
    at = page("ui/pages/practise.py")
    assert r"\!\[\]\(http\://example.invalid/x.png\)" in markup(at)
    assert "](http://example.invalid" not in markup(at)


def test_an_unreachable_database_gets_a_message_not_a_traceback(env, monkeypatch):
    monkeypatch.setenv("REHEARSE_DB_URL", "not a database address")
    store.db._database.cache_clear()  # a fresh, migrated Database per test (PG schema is wiped)
    for path in ("ui/pages/screen.py", "ui/pages/facilitate.py"):
        at = page(path, room="ABC234", key="not-a-real-key")
        assert any("not a database address" in e.value for e in at.error), [e.value for e in at.error]
