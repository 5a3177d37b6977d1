"""My history: what this profile has saved, a download, and a way to delete it."""

import streamlit as st

from ui import components, my_data, render, state

state.init_state()
ss = st.session_state
st.title("My history")
components.notices()
history = state.history()
where = (
    f"saved for {ss['profile_name']}" if state.saving() else "kept for this session only (nothing is saved)"
)

if history.is_empty:
    st.info("Nothing saved yet. Your scenario attempts and free-practice replies will appear here.")
else:
    st.markdown(
        f"{len(history.runs)} scenario run(s) and {len(history.free)} free-practice reply(ies), {where}."
    )
    for run in reversed(history.runs[-30:]):
        status = (
            "finished"
            if run.finished and not run.ended_early
            else ("left early" if run.ended_early else "in progress")
        )
        attempts = sum(len(t.attempts) for t in run.turns)
        with st.expander(f"{run.title} · {run.started[:10]} · {status} · {attempts} attempt(s)"):
            for number, turn in enumerate(run.turns, start=1):
                st.markdown(f"**Turn {number}:** {turn.says}")
                for attempt in turn.attempts:
                    components.html(render.plain_html(attempt.text))
    if history.free:
        with st.expander(f"Free practice ({len(history.free)})"):
            for entry in reversed(history.free[-50:]):
                st.caption(entry.at[:16].replace("T", " "))
                components.html(render.plain_html(entry.text))

st.subheader("My data")
my_data.data_controls()
