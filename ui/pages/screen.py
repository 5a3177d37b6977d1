"""The room screen for the projector: the code and QR, the prompt, how many answered, and
once revealed the anonymous results and approved replies. No controls, no names, no alerts."""

import streamlit as st

from store.errors import StoreError
from ui import components, workshop_links, workshop_render
from ui import workshop_service as ws
from ui.qr import qr_svg

code = st.query_params.get("room", "") or st.session_state.get("ws_code") or ""
try:
    room = ws.find_room(code) if code else None
except StoreError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()
if room is None:
    st.title("Room screen")
    st.info("Open this page from “Run a room” (it needs the room code in its address).", icon=":material/cast:")
    st.stop()


@st.fragment(run_every=2)
def screen() -> None:
    fresh = ws.find_room(room.code)
    if fresh is None or not ws.room_is_open(fresh):
        st.title(room.title or "Workshop")
        st.info("This room has closed. Thank you, everyone.", icon=":material/check_circle:")
        return
    st.title(fresh.title or "Workshop")
    url = workshop_links.join_url(fresh.code)
    components.html(workshop_render.join_banner_html(fresh.code, url, qr_svg(url)))
    prompt = ws.prompt_of(fresh)
    if prompt is None:
        st.markdown("### Waiting for the first prompt…")
        return
    components.html(workshop_render.prompt_html(prompt.says, big=True))
    board = ws.dashboard(fresh, prompt)
    st.markdown(f"### {board.answers} answered")
    if not fresh.revealed:
        st.caption("Results stay hidden until the facilitator reveals them.")
    elif board.aggregate is None:
        st.caption("Results appear from 3 answers.")
    else:
        components.html(workshop_render.aggregate_html(board.aggregate))
    if board.wall:
        st.markdown("### From the room")
        components.html(workshop_render.wall_html(board.wall))


screen()
