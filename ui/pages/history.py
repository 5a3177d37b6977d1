"""My history: what has been saved on this device, a download, and a way to clear it."""

import streamlit as st

from ui import components, render, state

state.init_state()
ss = st.session_state
st.title("My history")
components.notices()
history = state.history()
store = ss["store"]

if history.is_empty:
    st.info("Nothing saved yet. Your scenario attempts and free-practice replies will appear here.")
else:
    st.markdown(
        f"{len(history.runs)} scenario run(s) and {len(history.free)} free-practice "
        f"reply(ies), saved on this device in `{store.path}`."
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

st.download_button(
    "Download my history (JSON)",
    data=state.history_json(),
    file_name="rehearse-history.json",
    mime="application/json",
    key="download_history",
)
if not ss[state.KEY_CONFIRM_CLEAR]:
    st.button(
        "Clear my history",
        key="clear_history",
        on_click=state.ask_to_clear,
        disabled=history.is_empty,
    )
else:
    st.warning("This deletes every saved attempt from this device. It can't be undone.")
    yes, no = st.columns(2)
    yes.button(
        "Yes, clear my history",
        type="primary",
        key="confirm_clear_yes",
        on_click=state.clear_history,
    )
    no.button("Cancel", key="confirm_clear_no", on_click=state.cancel_clear)
