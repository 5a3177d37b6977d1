"""Rehearse: practise hard conversations. A thin router; each page is its own script."""

from pathlib import Path

import streamlit as st

from ui.analysis_service import warm_up
from ui.offline import pin_local_addresses
from ui.sidebar import profile_sidebar
from ui.state import init_state

# A local image, not a Material icon name: the browser fetches an icon name's favicon
# from a public font host, and nothing on these pages may leave the machine.
ICON = Path(__file__).resolve().parent / "ui" / "static" / "icon.png"

pin_local_addresses()  # for `streamlit run app.py` too (`make run` pins before the first request)
st.set_page_config(page_title="Rehearse", page_icon=str(ICON), layout="centered")
init_state()
profile_sidebar()

pages = [
    st.Page("ui/pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("ui/pages/practise.py", title="Practise", icon=":material/forum:"),
    st.Page("ui/pages/free_practice.py", title="Free practice", icon=":material/edit_note:"),
    st.Page("ui/pages/builder.py", title="I-statement builder", icon=":material/extension:"),
    st.Page("ui/pages/couples.py", title="Couples", icon=":material/group:"),
    st.Page("ui/pages/progress.py", title="My progress", icon=":material/insights:"),
    st.Page("ui/pages/history.py", title="My history", icon=":material/history:"),
    st.Page("ui/pages/join.py", title="Join a room", icon=":material/login:"),
    st.Page("ui/pages/facilitate.py", title="Run a room", icon=":material/co_present:"),
    st.Page("ui/pages/screen.py", title="Room screen", icon=":material/cast:"),
    st.Page("ui/pages/present.py", title="Presentation", icon=":material/slideshow:"),
]
st.navigation(pages).run()
warm_up()  # build the analyser in the background once the first page is on screen
