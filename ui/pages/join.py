"""Join a room from a phone: the code (or ?room=CODE), a nickname or none, then the current
prompt and your own feedback. You never see anyone else's answer here."""

import uuid

import streamlit as st

from coach.workshop.room import MAX_NICKNAME
from store.errors import StoreError
from ui import components, workshop_render
from ui import workshop_service as ws

ss = st.session_state
ss.setdefault("ws_participant", uuid.uuid4().hex)  # one per browser session; never shown
ss.setdefault("ws_joined", None)
ss.setdefault("ws_nickname", None)
ss.setdefault("ws_answers", {})  # (code, prompt index) -> the Analysis of your last answer
ss.setdefault("ws_seen_prompt", None)
ss.setdefault("ws_error", None)

if ss["ws_joined"] is None:
    st.title("Join a room")
    with st.form("join_room"):
        code = st.text_input("Room code", value=st.query_params.get("room", ""), max_chars=12, placeholder="e.g. K7M 2QX")
        nickname = st.text_input("Nickname (optional: leave empty to stay anonymous)", max_chars=MAX_NICKNAME)
        if st.form_submit_button("Join", type="primary"):
            try:
                room = ws.find_room(code)
            except StoreError as exc:
                st.error(str(exc), icon=":material/error:")
                st.stop()
            if room is None or not ws.room_is_open(room):
                st.warning("No open room has that code. Check the code on the screen and try again.", icon=":material/search:")
            else:
                ss["ws_joined"], ss["ws_nickname"] = room.code, nickname
                st.rerun()
    st.stop()

try:
    room = ws.find_room(ss["ws_joined"])
except StoreError as exc:
    st.error(f"{exc} Reload the page in a moment.", icon=":material/error:")
    st.stop()
if room is None or not ws.room_is_open(room):
    st.info("This room has closed. Thank you for taking part.", icon=":material/check_circle:")
    if st.button("Join another room"):
        ss["ws_joined"] = None
        st.rerun()
    st.stop()

st.caption(f"Room {room.code}" + (f" · you are {ss['ws_nickname']}" if ss["ws_nickname"] else " · anonymous"))
prompt = ws.prompt_of(room)
ss["ws_seen_prompt"] = None if prompt is None else prompt.index


@st.fragment(run_every=3)
def watch_prompt() -> None:
    """Reload the page when the facilitator shows a new prompt (the reply box stays untouched otherwise)."""
    fresh = ws.find_room(room.code)
    now = None if fresh is None or ws.prompt_of(fresh) is None else ws.prompt_of(fresh).index
    if now != ss["ws_seen_prompt"] or fresh is None or not ws.room_is_open(fresh):
        st.rerun(scope="app")


watch_prompt()
if prompt is None:
    st.info("Waiting for the first prompt: it appears here by itself.", icon=":material/hourglass_top:")
    st.stop()

st.markdown("**They say:**")
components.html(workshop_render.prompt_html(prompt.says, big=True))
key = f"{room.code}:{prompt.index}"
with st.form(f"answer_{key}"):
    text = st.text_area("Your reply", height=110, key=f"ws_reply_{key}", placeholder="What would you say?")
    share = st.checkbox("Share my reply on the wall (the facilitator sees it first; no name is shown)", key=f"ws_share_{key}")
    if st.form_submit_button("Send", type="primary"):
        try:
            sent = ws.submit(room, prompt, ss["ws_participant"], ss["ws_nickname"], text, share, uuid.uuid4())
        except StoreError as exc:
            sent = ws.Sent(None, f"{exc} Your reply is still in the box; try again.")
        ss["ws_error"] = sent.error
        if sent.analysis is not None:
            ss["ws_answers"][key] = sent.analysis
if ss["ws_error"]:
    st.warning(ss["ws_error"], icon=":material/edit:")
mine = ss["ws_answers"].get(key)
if mine is not None:
    st.success("Sent. Only you see this feedback.", icon=":material/lock:")
    components.feedback_card(mine, prompt.skill)
