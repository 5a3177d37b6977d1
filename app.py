"""Rehearse: practise hard conversations. A thin router; each page is its own script."""

import streamlit as st

from coach.analysis_service import warm_up
from coach.state import init_state

st.set_page_config(page_title="Rehearse", page_icon=":material/forum:", layout="centered")
init_state()

pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/practise.py", title="Practise", icon=":material/forum:"),
    st.Page("pages/free_practice.py", title="Free practice", icon=":material/edit_note:"),
    st.Page("pages/builder.py", title="I-statement builder", icon=":material/extension:"),
    st.Page("pages/history.py", title="My history", icon=":material/history:"),
]
st.navigation(pages).run()
warm_up()  # build the analyser in the background once the first page is on screen
