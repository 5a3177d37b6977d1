"""The couples page's two flows: one screen passed between partners, and two phones joined
by a pair code. Session keys live here; screens in `ui.couples_view`."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import streamlit as st

from coach.couples import pairing
from coach.couples import session as S
from coach.couples.exercises import ExerciseError, find_set, load_sets
from coach.couples.summary import summarise
from coach.couples.texts import load_texts
from store import StoreError
from store.profiles import DEFAULT_NAME
from ui import components, state
from ui import couples_render as R
from ui import couples_service as service
from ui import couples_view as V

POLL = timedelta(seconds=1)  # how often a phone looks for its partner's move
KEY_SESSION = "cpl_session"
KEY_SHOWN = "cpl_shown"  # one screen: whose turn is on screen now (the phone was passed)
KEY_SAVED = "cpl_saved"
KEY_PRIVATE = "cpl_private"
KEY_MODE = "cpl_mode"
KEY_SEEN = "cpl_seen"  # two phones: the stored version this screen shows
MODES = {"one": "One screen (pass the phone)", "two": "Two phones"}
Q_PAIR, Q_SEAT = "pair", "seat"


def show() -> None:
    V.show_error()
    try:
        sets = load_sets()
    except ExerciseError as exc:
        st.error(f"The couples exercises could not be loaded: {exc}")
        return
    params = st.query_params
    if params.get(Q_PAIR):
        two_phones(params.get(Q_PAIR, ""), params.get(Q_SEAT, ""), sets)
        return
    session = st.session_state.get(KEY_SESSION)
    if session is not None:
        one_screen(session)
        return
    st.caption(
        "One of you holds the floor and says a sentence or two about yourself; the other gives "
        "back what they heard. The speaker says whether that was it. Then you swap."
    )
    mode = st.segmented_control("How are you doing it?", list(MODES), format_func=MODES.get,
                                key=KEY_MODE, default="one")
    if mode == "two":
        start_pair_form(sets)
        join_form()
    else:
        start_form(sets)


def _private_box(label: str, key: str) -> bool:
    """The couples checkbox, forced on while the sidebar's private mode is on."""
    forced = bool(st.session_state.get(state.KEY_PRIVATE))
    if forced:
        st.session_state[key] = True
    chosen = st.checkbox(label, key=key, disabled=forced,
                         help="Private mode is on in the sidebar, so nothing is saved." if forced else None)
    return forced or chosen


def _prefill(key: str) -> None:
    """Start the first name box with the profile that is practising (if it has a real name)."""
    name = st.session_state.get("profile_name")
    if key not in st.session_state and name and name != DEFAULT_NAME:
        st.session_state[key] = name


def _exercise_choice(sets, key: str):
    by_id = {s.id: s for s in sets}
    chosen = st.selectbox("Exercise", list(by_id), key=key, format_func=lambda i: by_id[i].title)
    st.caption(by_id[chosen].purpose)
    return by_id[chosen]


# -- one screen --------------------------------------------------------------------------


def start_form(sets) -> None:
    with st.container(border=True):
        _prefill("cpl_name_a")
        first = st.text_input("First partner's name", key="cpl_name_a", max_chars=S.MAX_NAME)
        second = st.text_input("Second partner's name", key="cpl_name_b", max_chars=S.MAX_NAME)
        exercise = _exercise_choice(sets, "cpl_exercise")
        starts = st.radio("Who holds the floor first?", ["First partner", "Second partner"], key="cpl_first",
                          horizontal=True)
        private = _private_box("Private: don't save this to our history", "cpl_private_box")
        if st.button("Start", type="primary", width="stretch", key="cpl_start"):
            try:
                session = S.start((first, second), exercise.id, exercise.prompts,
                                  first_speaker=0 if starts == "First partner" else 1)
            except S.IllegalMove as exc:
                st.error(str(exc), icon=":material/error:")
                return
            st.session_state.update({KEY_SESSION: session, KEY_SHOWN: None, KEY_SAVED: False, KEY_PRIVATE: private})
            st.rerun()


def _apply_here(move: V.Move) -> None:
    """One screen: the session lives in this browser session's state."""
    try:
        st.session_state[KEY_SESSION] = move(st.session_state[KEY_SESSION])
    except S.IllegalMove as exc:
        st.session_state[V.KEY_ERROR] = str(exc)


def one_screen(session: S.CoupleSession) -> None:
    if session.phase == "stopped_for_safety":
        V.stopped_screen()
        _restart_button()
        return
    if session.phase == "ended":
        _finish(session, (0, 1), KEY_SAVED, bool(st.session_state.get(KEY_PRIVATE)))
        _restart_button()
        return
    who = S.whose_turn(session)
    V.floor(session, who if st.session_state.get(KEY_SHOWN) == who else None)
    if st.session_state.get(KEY_SHOWN) != who:
        name = session.partners[who].name
        st.markdown(f"### Pass the phone to {name}")
        st.caption("What each of you writes stays private until you share it.")
        st.button(f"I'm {name}: show my turn", type="primary", width="stretch", key=f"cpl_reveal_{session.step}",
                  on_click=st.session_state.__setitem__, args=(KEY_SHOWN, who))
        V.end_button(session, who, _apply_here)
        return
    V.turn_screen(session, who, _apply_here)
    V.end_button(session, who, _apply_here)


def _finish(session: S.CoupleSession, mine: tuple[int, ...], saved_key: str, private: bool) -> None:
    """The summary for both; saved once to the history of each partner `mine` (unless private)."""
    summaries = summarise(session)
    V.summary_screen(summaries)
    if private:
        st.caption("Private mode: nothing was saved.")
    elif not st.session_state.get(saved_key):
        try:
            for who in mine:
                service.save_history(session, who, summaries[who])
        except StoreError as exc:
            st.warning(f"{exc} The summary above is still here.", icon=":material/warning:")
            return
        st.session_state[saved_key] = True
    if not private:
        st.caption("Saved to your history.")


def _restart_button() -> None:
    if st.button("Start a new round", width="stretch", key="cpl_restart"):
        for key in (KEY_SESSION, KEY_SHOWN, KEY_SAVED):
            st.session_state.pop(key, None)
        for param in (Q_PAIR, Q_SEAT):
            st.query_params.pop(param, None)
        st.rerun()


# -- two phones --------------------------------------------------------------------------


def start_pair_form(sets) -> None:
    with st.container(border=True):
        st.markdown("**Start on this phone**")
        _prefill("cpl_pair_name")
        name = st.text_input("Your name", key="cpl_pair_name", max_chars=S.MAX_NAME)
        exercise = _exercise_choice(sets, "cpl_pair_exercise")
        starts = st.radio("Who holds the floor first?", ["Me", "My partner"], key="cpl_pair_first", horizontal=True)
        private = _private_box("Private: don't save this to my history", "cpl_pair_private")
        if st.button("Start a pair session", type="primary", width="stretch", key="cpl_pair_start"):
            token = pairing.new_seat_token()
            try:
                pair = service.open_pair(pairing.open_pair(name, exercise.id, token, 0 if starts == "Me" else 1, private))
            except (S.IllegalMove, StoreError) as exc:
                st.error(str(exc), icon=":material/error:")
                return
            st.query_params.update({Q_PAIR: pair.info.code, Q_SEAT: token})
            st.rerun()


def join_form(code: str = "") -> None:
    with st.container(border=True):
        st.markdown("**Join your partner's session**")
        typed = st.text_input("Pair code", value=code, key="cpl_join_code", max_chars=12)
        _prefill("cpl_join_name")
        name = st.text_input("Your name, to join", key="cpl_join_name", max_chars=S.MAX_NAME)
        private = _private_box("Private: don't save this to my history", "cpl_join_private")
        if st.button("Join", type="primary", width="stretch", key="cpl_join"):
            token = pairing.new_seat_token()
            try:
                code = service.normalise_code(typed)
                pair = service.load_pair(code)
                exercise = find_set(pair.state.exercise_id)
                if exercise is None:
                    raise S.IllegalMove("That session uses an exercise this app doesn't have.")
                service.update_pair(code, lambda p: pairing.join_pair(p, name, token, exercise.prompts, private))
            except (S.IllegalMove, StoreError) as exc:
                st.error(str(exc), icon=":material/error:")
                return
            st.query_params.update({Q_PAIR: code, Q_SEAT: token})
            st.rerun()


def _apply_stored(code: str) -> V.Apply:
    def apply(move: V.Move) -> None:
        def change(pair: pairing.PairState) -> pairing.PairState:
            if pair.session is None:
                raise S.IllegalMove("Your partner hasn't joined yet.")
            return replace(pair, session=move(pair.session))

        try:
            st.session_state[KEY_SEEN] = service.update_pair(code, change).info.version
        except (S.IllegalMove, StoreError) as exc:
            st.session_state[V.KEY_ERROR] = str(exc)

    return apply


@st.fragment(run_every=POLL)
def _watch(code: str) -> None:
    """Every second: if the stored session moved on, redraw this phone."""
    try:
        version = service.version_of(code)
    except StoreError:
        return  # a passing lock: the next tick tries again
    if version is not None and version != st.session_state.get(KEY_SEEN):
        st.rerun()


def two_phones(code: str, token: str, sets) -> None:
    try:
        code = service.normalise_code(code)
        pair = service.load_pair(code)
    except (S.IllegalMove, StoreError) as exc:
        st.error(str(exc), icon=":material/error:")
        _restart_button()
        return
    st.session_state[KEY_SEEN] = pair.info.version
    me = pair.state.seat_of(token)
    if me is None:
        if pair.state.waiting:
            join_form(code)
        else:
            st.error("Both seats of this pair are taken. Start your own session instead.")
            _restart_button()
        return
    session = pair.state.session
    if session is None:
        _lobby(code)
    elif session.phase == "stopped_for_safety":
        V.stopped_screen()
        _restart_button()
    elif session.phase == "ended":
        _finish(session, (me,), f"{KEY_SAVED}_{code}", pair.state.is_private(me))
        _restart_button()
    else:
        V.floor(session, me)
        if S.whose_turn(session) == me:
            V.turn_screen(session, me, _apply_stored(code))
        else:
            V.waiting_screen(session)
        V.end_button(session, me, _apply_stored(code))
    if session is None or session.is_open:
        _watch(code)


def _lobby(code: str) -> None:
    st.markdown("**Your partner joins with this code:**")
    components.html(R.code_html(pairing.show_code(code)))
    link = _join_link(code)
    components.html(R.qr_html(link))
    st.caption(f"Or open {link} on the other phone. The code expires in a few hours.")
    st.info("Waiting for your partner to join…", icon=":material/hourglass_top:")


def _join_link(code: str) -> str:
    base = str(st.context.url or "").split("?", 1)[0]
    return f"{base}?{Q_PAIR}={code}"


def history_section(profile_id: int) -> None:
    """For "My history": this profile's couples rounds with their summaries."""
    try:
        rounds = service.past_rounds(profile_id)
    except StoreError as exc:
        st.warning(str(exc), icon=":material/warning:")
        return
    if not rounds:
        return
    texts = load_texts()
    with st.expander(f"Couples rounds ({len(rounds)})"):
        for past in rounds:
            exercise = find_set(past.exercise_id)
            st.caption(f"{past.when} · {exercise.title if exercise else past.exercise_id}")
            components.html(R.summary_html(past.summary, texts))
