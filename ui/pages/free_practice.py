"""Free practice: any reply, optionally with what the other person said."""

import streamlit as st

from coach.task import turn_for
from nlp.errors import MAX_CHARS
from ui import components, scripts, state

state.init_state()
st.title("Free practice")
st.caption(
    "Type something you want to say to someone. Paste what they said too, if you like: "
    "it helps the coach notice when you are listening."
)
components.history_notice()

with st.form("free_form"):
    context = st.text_area(
        "What they said (optional)",
        key=state.KEY_FREE_CONTEXT,
        height=80,
        placeholder="e.g. I'm so tired of doing everything around here.",
    )
    reply = st.text_area(
        "Your reply",
        key=state.KEY_FREE_REPLY,
        height=120,
        max_chars=MAX_CHARS,
        placeholder="Type what you would say…",
    )
    scripts.char_counter("Your reply", st.session_state.get(state.KEY_FREE_REPLY))
    submitted = st.form_submit_button("Check my reply", type="primary")

if submitted:
    state.submit_free(reply, context)
components.save_warning()

ss = st.session_state
if ss["free_error"]:
    st.warning(ss["free_error"], icon=":material/edit:")
elif ss["free_crisis"]:
    components.crisis_notice()
elif ss["free_analysis"] is not None:
    # No skill chosen: listening when they pasted what the other person said.
    free = ss["free_analysis"]
    components.feedback_card(free, turn_for(None, free.context))
    scripts.scroll_to_verdict()
