"""Presentation view for a projector: one before/after pair at a time from the demo deck
(`exercises/deck/`), each checked live; the facilitator can type a new example on the spot.
Keys: → or space for the next step, ← for the previous one. Never a score on screen."""

import streamlit as st
import streamlit.components.v1 as st_components

from coach.feedback import build_feedback
from coach.workshop.deck import DeckError, load_deck
from ui import components, render, workshop_render
from ui.analysis_service import analyse

st.set_page_config(page_title="Rehearse · presentation", layout="wide", initial_sidebar_state="collapsed")
components.html(workshop_render.PRESENT_CSS)
ss = st.session_state
ss.setdefault("present_step", 0)



def show(text: str, context: str | None, skill: str | None, side: str) -> None:
    outcome = analyse(text, context)
    components.html(workshop_render.side_html(side))
    if outcome.analysis is None:
        st.warning(outcome.error, icon=":material/edit:")
    elif outcome.analysis.crisis:
        components.crisis_notice()
    else:
        components.html(workshop_render.projector_card_html(text, build_feedback(outcome.analysis, skill)))


def step(by: int, last: int) -> None:
    ss["present_step"] = min(max(ss["present_step"] + by, 0), last)


try:
    slides = load_deck()
except DeckError as exc:
    st.error(f"The demo deck could not be loaded: {exc}", icon=":material/error:")
    st.stop()

last = 2 * len(slides) - 1  # each pair is two steps: the "before", then the "after" beside it
ss["present_step"] = min(ss["present_step"], last)
slide = slides[ss["present_step"] // 2]
st.markdown(f"## {render.md_escape(slide.section)}")
st.markdown(render.md_escape(slide.point))
components.html(workshop_render.lead_in_html(slide.lead_in, said=slide.they_said is not None))
before, after = st.columns(2, gap="large")
with before:
    show(slide.before, slide.they_said, slide.skill, "BEFORE")
with after:
    if ss["present_step"] % 2:
        show(slide.after, slide.they_said, slide.skill, "AFTER")
    else:
        components.html(workshop_render.side_html("AFTER: press → or space"))

prev_col, where, next_col = st.columns([1, 2, 1])
prev_col.button("Previous", key="present_prev", on_click=step, args=(-1, last), disabled=ss["present_step"] == 0)
where.markdown(f"Pair {ss['present_step'] // 2 + 1} of {len(slides)}")
next_col.button("Next", key="present_next", on_click=step, args=(1, last), disabled=ss["present_step"] == last)
st_components.html(workshop_render.KEYS_SCRIPT, height=0)

st.divider()
st.markdown("### Try one live")
with st.form("present_live"):
    said = st.text_input("What the other person said (optional)", key="present_context")
    line = st.text_area("A reply to check", key="present_line", height=90)
    checked = st.form_submit_button("Check it")
if checked or ss.get("present_checked"):
    ss["present_checked"] = True
    if line.strip():
        show(line, said or None, None, "LIVE")
