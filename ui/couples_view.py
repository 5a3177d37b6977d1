"""The couples screens, one per role and phase. Layout only: moves come from
`coach.couples.session`, checks from `ui.couples_service`, HTML from `ui.couples_render`.

`apply(move)` is given by the page: on one screen it replaces the session in memory, on
two phones it writes to the database under the store's optimistic lock. Buttons apply their
move in an `on_click` callback, before the rerun draws the page, so a shared turn reaches the
database (and the other phone) one script run sooner.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from coach.couples import session as S
from coach.couples.exercises import find_set
from coach.couples.summary import SHORT_SENTENCES, PartnerSummary, sentence_count
from coach.couples.texts import load_texts
from ui import components
from ui import couples_render as R
from ui import couples_service as service

MAX_CHARS = 1000  # a sentence or two, with room to spare; the engine's own limit is higher
Move = Callable[[S.CoupleSession], S.CoupleSession]
Apply = Callable[[Move], None]
KEY_ERROR = "cpl_error"


def _box_key(session: S.CoupleSession, me: int, prefix: str) -> str:
    ex = session.current
    return f"{prefix}_{me}_{session.phase}_{len(session.exchanges)}_{len(ex.reflections)}_{len(ex.additions)}"


def show_error() -> None:
    message = st.session_state.get(KEY_ERROR)
    if message:
        st.error(message, icon=":material/error:")
        st.session_state[KEY_ERROR] = None


def floor(session: S.CoupleSession, me: int | None = None) -> None:
    components.html(R.floor_html(session, me))


def _compose(
    session: S.CoupleSession, me: int, label: str, key: str, button: str, placeholder: str = ""
) -> str | None:
    draft = S.visible_draft(session, me)
    with st.form(key=f"form_{key}", border=False):
        text = st.text_area(label, key=key, height=110, max_chars=MAX_CHARS, placeholder=placeholder or None)
        pressed = st.form_submit_button("Check it again" if draft else button, type="primary", width="stretch")
    return text if pressed else None


def _stop_if_crisis(checked: service.Checked, me: int, apply: Apply) -> None:
    """Signs of risk stop the exercise for both, even when the words could not be analysed."""
    if checked.crisis:
        apply(lambda s: S.stop_for_safety(s, me))
        st.rerun()


def _speaker_prompt(session: S.CoupleSession) -> None:
    exercise = find_set(session.exercise_id)
    st.markdown(f"**Prompt:** {session.current.prompt}")
    if exercise:
        st.caption("Ways to start: " + " · ".join(exercise.starters))


def speaker_screen(session: S.CoupleSession, me: int, apply: Apply) -> None:
    """Speaking (or adding what was missed): write, see the coach's check, rephrase, share."""
    texts = load_texts()
    listener = session.partners[session.current.listener].name
    adding = session.phase == "adding"
    if adding:
        last = session.current.reflections[-1]
        components.html(R.said_html(f"{listener} heard", last.text, "rh-reflection"))
        label, placeholder = "What was missed", texts.speaker_notes["missed_placeholder"]
    else:
        components.html(R.rules_card_html(texts.rules_cards["speaker"]))
        _speaker_prompt(session)
        label, placeholder = "What you want to say", ""
    text = _compose(session, me, label, _box_key(session, me, "cpl_say"), "Check it", placeholder)
    if text is not None:
        checked = service.check_speaker(text)
        _stop_if_crisis(checked, me, apply)
        if checked.error:
            st.error(checked.error, icon=":material/error:")
        else:
            apply(lambda s: S.write(s, me, text, checked.analysis))
            st.rerun()
    draft = S.visible_draft(session, me)
    if draft is not None:
        st.markdown(f"**{texts.speaker_notes['check_heading']}**")
        count = sentence_count(draft.text)
        if count > SHORT_SENTENCES:
            st.info(texts.speaker_notes["too_long"].format(count=count), icon=":material/short_text:")
        exercise = find_set(session.exercise_id)
        components.feedback_card(draft.analysis, exercise.skill if exercise else "speaking_up")
        share = f"Add this for {listener}" if adding else f"Share with {listener}"
        _move_button(share, key=f"share_{session.step}", apply=apply, move=lambda s: S.share(s, me), primary=True)
    if adding:
        _move_button("Pass the floor without adding", key=f"pass_{session.step}", apply=apply,
                     move=lambda s: S.pass_floor(s, me))


def listener_screen(session: S.CoupleSession, me: int, apply: Apply) -> None:
    """Listening: the speaker's words, then what you heard and what came back of theirs."""
    texts = load_texts()
    ex = session.current
    speaker = session.partners[ex.speaker].name
    components.html(R.said_html(speaker, ex.heard))
    components.html(R.rules_card_html(texts.rules_cards["listener"]))
    text = _compose(session, me, "What you heard", _box_key(session, me, "cpl_heard"), "Check it")
    if text is not None:
        checked = service.check_heard(ex.heard, text)
        _stop_if_crisis(checked, me, apply)
        if checked.error:
            st.error(checked.error, icon=":material/error:")
        else:
            apply(lambda s: S.write(s, me, text, checked.analysis, checked.check))
            st.rerun()
    draft = S.visible_draft(session, me)
    if draft is not None and draft.check is not None:
        components.html(R.side_by_side_html(speaker, ex.heard, draft.text, draft.check))
        components.html(R.check_lines_html(draft.check, texts))
        _move_button(f"Give it back to {speaker}", key=f"give_{session.step}", apply=apply,
                     move=lambda s: S.share(s, me), primary=True)


def deciding_screen(session: S.CoupleSession, me: int, apply: Apply) -> None:
    """The speaker's call on what the listener gave back."""
    texts = load_texts()
    ex = session.current
    listener = session.partners[ex.listener].name
    components.html(R.said_html(f"{listener} heard", ex.reflections[-1].text, "rh-reflection"))
    st.markdown("**Is that what you meant?** It's your call.")
    for decision in S.DECISIONS:
        _move_button(texts.decisions[decision], key=f"decide_{decision}_{session.step}", apply=apply,
                     move=lambda s, d=decision: S.decide(s, me, d), primary=decision == "that_s_it")


def turn_screen(session: S.CoupleSession, me: int, apply: Apply) -> None:
    if session.phase in ("speaking", "adding"):
        speaker_screen(session, me, apply)
    elif session.phase == "listening":
        listener_screen(session, me, apply)
    elif session.phase == "deciding":
        deciding_screen(session, me, apply)


def waiting_screen(session: S.CoupleSession) -> None:
    who = S.whose_turn(session)
    if who is None:
        return
    line = load_texts().waiting[session.phase].format(name=session.partners[who].name)
    st.info(line, icon=":material/hourglass_top:")
    if session.phase in ("listening", "deciding") and session.current.statement:
        # the listener's own screen shows the words; the waiting speaker sees what they shared
        components.html(R.said_html("You said", session.current.heard, "rh-my-words"))


def stopped_screen() -> None:
    texts = load_texts()
    st.subheader(texts.stopped["title"])
    st.markdown(texts.stopped["for_both"])
    components.crisis_notice()


def summary_screen(summaries: tuple[PartnerSummary, PartnerSummary]) -> None:
    texts = load_texts()
    st.subheader("Your round, for each of you")
    for summary in summaries:
        components.html(R.summary_html(summary, texts))


def end_button(session: S.CoupleSession, me: int, apply: Apply) -> None:
    _move_button("End the exercise", key=f"end_{me}_{session.step}", apply=apply, move=lambda s: S.end(s, me))


def _move_button(label: str, *, key: str, apply: Apply, move: Move, primary: bool = False) -> None:
    st.button(label, key=key, type="primary" if primary else "secondary", width="stretch", on_click=apply, args=(move,))
