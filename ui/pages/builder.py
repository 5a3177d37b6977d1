"""I-statement builder: a feeling, the situation, the need and a request, checked live."""

import streamlit as st

from coach import builder
from coach.task import turn_for
from ui import components, render, state
from ui.analysis_service import analyse

state.init_state()
st.title("I-statement builder")
st.caption(
    "Build a calm way to say something hard, one piece at a time. The sentence and the "
    "feedback update as you go."
)
components.notices()

options = builder.feeling_options()
feeling = st.selectbox(
    "1. How do you feel?",
    [o.word for o in options],
    index=None,
    key=state.KEY_FEELING,
    placeholder="Search feelings: hurt, worried, tired…",
    format_func=lambda w: builder.option_for(w).label,
)
picked = builder.option_for(feeling)
if picked and picked.is_faux:
    st.info(f"“{picked.word}”: {builder.FAUX_ADVICE}", icon=":material/lightbulb:")
    columns = st.columns(max(1, len(picked.under)))
    for column, word in zip(columns, picked.under, strict=False):
        column.button(word, key=f"under_{word}", on_click=state.set_feeling, args=(word,))

situation = st.text_input(
    "2. When… (what happened, as a camera would see it)",
    key=state.KEY_SITUATION,
    placeholder="you got home after eleven without texting",
)
need = st.text_input(
    "3. …because I need (what matters to you)",
    key=state.KEY_NEED,
    placeholder="to know you're safe",
)
request = st.text_input(
    "4. Would you be willing to… (one doable thing)",
    key=state.KEY_REQUEST,
    placeholder="text me if you'll be later than ten",
)

built = builder.assemble(situation, feeling, need, request)
st.markdown("**Your sentence**")
components.html(render.preview_html(built.preview, builder.BLANK))
if not built.sentence:
    st.info("Pick a feeling or fill in any part to see your sentence checked.", icon=":material/extension:")
    st.stop()
if built.missing:
    st.caption("Still blank: " + ", ".join(built.missing) + ". The check below uses what you have so far.")
outcome = analyse(built.sentence)
if outcome.error:
    st.warning(outcome.error, icon=":material/edit:")
elif outcome.analysis is not None:
    # The finished sentence is speaking up, said with no line of theirs to listen to.
    components.feedback_card(outcome.analysis, turn_for("speaking_up"))
