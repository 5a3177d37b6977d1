"""The sidebar on every page: who is practising, and private mode."""

from __future__ import annotations

import streamlit as st

from ui import state


def profile_sidebar() -> None:
    ss = st.session_state
    with st.sidebar:
        st.markdown("**Who is practising**")
        if ss.get("db") is None:
            st.caption("Saving is off in this session, so there are no profiles to choose from.")
            return
        private = ss[state.KEY_PRIVATE]
        st.selectbox(
            "Profile",
            state.profile_names(),
            key=state.KEY_PROFILE,
            on_change=state.switch_profile,
            disabled=private,
            help="Each profile has its own history and runs. There is no password: "
            "anyone using this device can switch.",
        )
        st.text_input(
            "New profile",
            key=state.KEY_NEW_PROFILE,
            on_change=state.create_profile,
            placeholder="Type a name and press Enter",
            disabled=private,
        )
        if ss["profile_error"]:
            st.warning(ss["profile_error"], icon=":material/person:")
        st.toggle(
            "Private mode",
            key=state.KEY_PRIVATE,
            on_change=state.toggle_private,
            help="While this is on, nothing you type is saved.",
        )
        if private:
            st.caption(
                "Nothing is saved while private mode is on; this session's practice is gone when you close the tab."
            )
