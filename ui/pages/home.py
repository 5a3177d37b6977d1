"""Home: what Rehearse is, the promises, and the doors."""

import streamlit as st

from ui import components
from ui.state import init_state

init_state()
st.title("Rehearse")
st.markdown(
    "Practise the conversations that are hard to have: telling someone how you feel, "
    "listening when they are upset, asking for what you need, or answering criticism "
    "without a fight. Read what the other person says, type your reply, and get instant, "
    "specific feedback on **how** you said it, with every point explained."
)
st.markdown(
    ":material/lock: **Everything stays on this device.** Your replies are checked here, not sent "
    "anywhere, and your history is a file on this computer that you can download or clear.\n\n"
    ":material/spa: **A practice tool, not therapy.** It coaches wording, not your life or your "
    "relationships. If you are in danger or struggling, please talk to someone you trust "
    "or a support line."
)
components.notices()

st.subheader("Where would you like to start?")
left, right = st.columns(2)
with left:
    st.page_link("ui/pages/practise.py", label="Practise a conversation", icon=":material/forum:")
    st.caption("Scripted scenarios that react to how you reply.")
    st.page_link("ui/pages/builder.py", label="I-statement builder", icon=":material/extension:")
    st.caption("Build a calm “When…, I feel…” sentence one piece at a time.")
with right:
    st.page_link("ui/pages/free_practice.py", label="Free practice", icon=":material/edit_note:")
    st.caption("Type anything you want to say and see how it might land.")
    st.page_link("ui/pages/history.py", label="My history", icon=":material/history:")
    st.caption("Every reply so far with what it got, saved on this device.")
    st.page_link("ui/pages/progress.py", label="My progress", icon=":material/insights:")
    st.caption("Each skill over time, your best replies, and what improved.")

st.subheader("For two, and for groups")
pair, room, join, present = st.columns(4)
pair.page_link("ui/pages/couples.py", label="Couples", icon=":material/group:")
pair.caption("Two people, one screen or two phones: take turns as speaker and listener.")
room.page_link("ui/pages/facilitate.py", label="Run a room", icon=":material/co_present:")
room.caption("Everyone answers on their phone; the projector shows anonymous results.")
join.page_link("ui/pages/join.py", label="Join a room", icon=":material/login:")
join.caption("Your facilitator gives you a code.")
present.page_link("ui/pages/present.py", label="Presentation view", icon=":material/slideshow:")
present.caption("Before/after examples for a projector, checked live.")
