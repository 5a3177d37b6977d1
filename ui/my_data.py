"""My data: download the profile's attempts with their feedback, or delete them (confirmed)."""

from __future__ import annotations

import streamlit as st

from ui import render, state


def data_controls() -> None:
    ss = st.session_state
    if not state.saving():
        st.caption(
            "Private mode is on (or saving is off): nothing from this session is saved, so there is nothing to download or delete."
        )
        if ss[state.KEY_PRIVATE]:
            st.button("Forget this session's practice", key="forget_private", on_click=state.delete_my_data)
        return
    name = render.md_escape(ss["profile_name"])  # a typed name: shown as text, never markdown
    files = None if state.history().is_empty else state.export_files()
    if files:
        csv_text, json_text = files
        left, right = st.columns(2)
        left.download_button(
            "Download my attempts (CSV)",
            data=csv_text,
            file_name="rehearse-attempts.csv",
            mime="text/csv",
            key="export_csv",
        )
        right.download_button(
            "Download my attempts (JSON)",
            data=json_text,
            file_name="rehearse-attempts.json",
            mime="application/json",
            key="export_json",
        )
    if not ss[state.KEY_CONFIRM_DELETE]:
        st.button("Delete my data", key="delete_data", on_click=state.ask_to_delete)
        return
    st.warning(
        f"This deletes the profile “{name}” and every run and attempt saved for it. It can't be undone."
    )
    yes, no = st.columns(2)
    yes.button(
        f"Yes, delete {name}'s data", type="primary", key="confirm_delete_yes", on_click=state.delete_my_data
    )
    no.button("Cancel", key="confirm_delete_no", on_click=state.cancel_delete)
