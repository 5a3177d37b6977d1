"""Two phones without a browser: the lobby with its code and QR, joining by link or code,
seats that a third device cannot take, expired and mistyped codes, whose turn each phone
shows, and moves that lose a race with the other phone being applied to the latest state."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from couples_apptest import APP, SPEAKER, box, button, run, text, write
from streamlit.testing.v1 import AppTest

import ui.couples_service as service
from coach.couples import pairing
from coach.couples import session as S
from store.pairs import create_pair
from store.profiles import list_profiles


def phone(**params: str) -> AppTest:
    at = run(AppTest.from_file(APP, default_timeout=30))
    for key, value in params.items():
        at.query_params[key] = value
    return run(at.switch_page("ui/pages/couples.py"))


def start_pair() -> tuple[AppTest, str]:
    ann = phone()
    ann = run(ann.segmented_control(key="cpl_mode").set_value("two"))
    ann.text_input(key="cpl_pair_name").input("Ann")
    ann = run(button(ann, "Start a pair session").click())
    code = ann.query_params["pair"]
    return ann, code[0] if isinstance(code, list) else code


def join(code: str, name: str = "Ben", private: bool = False) -> AppTest:
    ben = phone(pair=code)
    assert ben.text_input(key="cpl_join_code").value == code
    ben.text_input(key="cpl_join_name").input(name)
    if private:
        ben.checkbox(key="cpl_join_private").check()
    return run(button(ben, "Join").click())


def test_lobby_shows_code_and_a_local_qr(couples_db):
    ann, code = start_pair()
    page = text(ann)
    assert pairing.show_code(code) in page and "rh-qr" in page and "<svg" in page
    assert f"?pair={code}" in page and "Waiting for your partner" in page


def test_join_then_each_phone_shows_its_own_role(couples_db):
    ann, code = start_pair()
    ben = join(code)
    assert "is writing what they want to say" in text(ben)
    assert not [t for t in ben.text_area if t.label == "What you want to say"]
    ann = run(ann)
    assert box(ann, "What you want to say")
    ann = write(ann, "What you want to say", SPEAKER)
    ben = run(ben)
    assert SPEAKER not in text(ben)  # an unshared draft stays on Ann's phone
    ann = run(button(ann, "Share with Ben").click())
    ben = run(ben)
    assert SPEAKER in text(ben) and box(ben, "What you heard")


def test_a_third_device_cannot_take_a_seat(couples_db):
    _, code = start_pair()
    join(code)
    stranger = phone(pair=code, seat="not-a-seat")
    assert "Both seats of this pair are taken" in text(stranger)


@pytest.mark.parametrize(("typed", "message"), [("AB0O12", "never contain"), ("ABC", "6 characters"),
                                                 ("ZZZZZZ", "No pair session has that code")])
def test_mistyped_codes_are_explained(couples_db, typed, message):
    at = phone()
    at = run(at.segmented_control(key="cpl_mode").set_value("two"))
    at.text_input(key="cpl_join_code").input(typed)
    at.text_input(key="cpl_join_name").input("Ben")
    at = run(button(at, "Join").click())
    assert any(message in e.value for e in at.error), [e.value for e in at.error]


def test_an_expired_code_says_so(couples_db):
    state = pairing.open_pair("Ann", "free-topic", "tok")
    info = create_pair(couples_db, service._plain(state), timedelta(seconds=-1))
    at = phone(pair=info.code)
    assert any("expired" in e.value for e in at.error)


def test_a_move_that_lost_the_race_is_applied_to_the_latest_state(couples_db, monkeypatch):
    _, code = start_pair()
    join(code)
    real = service.save_pair_state
    calls = []

    def once_stale(*args, **kwargs):
        calls.append(args[2])
        return False if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(service, "save_pair_state", once_stale)
    pair = service.update_pair(code, lambda p: replace(p, session=S.end(p.session, 1)))
    assert len(calls) == 2 and pair.state.session.phase == "ended" and pair.info.status == "finished"
    assert service.version_of(code) == pair.info.version and service.version_of("ZZZZZZ") is None


def test_each_phone_saves_only_its_own_partner_and_private_saves_nothing(couples_db):
    ann, code = start_pair()
    ben = join(code, private=True)
    ann = run(button(run(ann), "End the exercise").click())
    ben = run(ben)
    assert "Saved to your history" in text(ann) and "Your round, for each of you" in text(ben)
    assert "Private mode: nothing was saved" in text(ben)
    assert [p.name for p in list_profiles(couples_db)] == ["Ann"]
