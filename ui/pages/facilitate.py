"""Run a room (the facilitator's own screen): open it, choose prompts, see who answered,
reveal results, moderate shared replies, export, close. Keep this screen off the projector:
the projector shows the Room screen page, which has no controls and no private alerts."""

import hmac

import streamlit as st

from coach.scenarios import SKILLS
from coach.workshop.packs import PackError, parse_pack
from coach.workshop.room import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES, RoomInputError
from store.errors import StoreError
from ui import components, state, workshop_links, workshop_render
from ui import workshop_service as ws
from ui.qr import qr_svg
from ui.words import plural

ss = st.session_state
ss.setdefault("ws_keys", {})  # room code -> facilitator secret, for rooms opened or resumed here
ss.setdefault("ws_code", None)
ss.setdefault("ws_pack", None)

params = st.query_params
if params.get("room") and params.get("key"):
    ss["ws_keys"][params["room"]] = params["key"]
    ss["ws_code"] = params["room"]

st.title("Run a room")


def _open_form() -> None:
    st.caption("Everyone answers the same prompt on their phone; the projector shows only anonymous results.")
    with st.form("open_room"):
        title = st.text_input("Room name (shown on the projector)", max_chars=80, placeholder="Tuesday group")
        minutes = st.number_input("Close the room after (minutes)", MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES, step=10)
        if st.form_submit_button("Open a room", type="primary"):
            try:
                room = ws.open_room(title or "Workshop", int(minutes))
            except (StoreError, RoomInputError) as exc:
                st.error(str(exc), icon=":material/error:")
                return
            ss["ws_keys"][room.code] = room.facilitator_secret
            ss["ws_code"] = room.code
            st.rerun()


def _choose_prompt(room: ws.RoomInfo) -> None:
    st.subheader("Prompt")
    from_scenario, typed, from_pack = st.tabs(["A scenario line", "Type a line", "From a pack"])
    with from_scenario:
        library = state.get_library()
        scenarios = {s.id: s for s in sorted(library, key=lambda s: s.title)}
        sid = st.selectbox("Scenario", list(scenarios), format_func=lambda i: scenarios[i].title, key="ws_scenario")
        if sid:
            scenario = scenarios[sid]
            nodes = {n.id: n for n in scenario.nodes}
            nid = st.selectbox("Line", list(nodes), format_func=lambda i: nodes[i].says[:90], key="ws_node")
            if st.button("Show this line", key="ws_show_scenario"):
                ws.set_prompt(room, nodes[nid].says, "scenario", scenario.skill, f"{scenario.id}/{nid}")
                st.rerun()
    with typed, st.form("ws_custom", clear_on_submit=True):
        line = st.text_area("What the other person says", max_chars=600, key="ws_line")
        skill = st.selectbox("Skill (for the feedback)", [None, *SKILLS], format_func=lambda k: "Any" if k is None else SKILLS[k])
        if st.form_submit_button("Show the typed line"):
            try:
                ws.set_prompt(room, line, "custom", skill)
                st.rerun()
            except RoomInputError as exc:
                st.warning(str(exc), icon=":material/edit:")
    with from_pack:
        upload = st.file_uploader("Scenario pack (YAML, up to 256 KB)", type=["yaml", "yml"], key="ws_upload")
        if upload is not None:
            try:
                ss["ws_pack"] = parse_pack(upload.name, upload.getvalue())
            except PackError as exc:
                ss["ws_pack"] = None
                st.error("This pack was not loaded; nothing else changed. What to fix:", icon=":material/error:")
                st.text("\n".join(f"{upload.name}: {f + ': ' if f else ''}{m}" for f, m in exc.problems))
        pack = ss["ws_pack"]
        if pack is not None:
            st.text(f"{pack.title} ({plural(len(pack.prompts), 'prompt', 'prompts')})")
            i = st.selectbox("Prompt", range(len(pack.prompts)), format_func=lambda i: pack.prompts[i].says[:90], key="ws_pack_prompt")
            if st.button("Show this prompt", key="ws_show_pack"):
                chosen = pack.prompts[i]
                ws.set_prompt(room, chosen.says, "pack", chosen.skill, pack.title)
                st.rerun()


code = ss["ws_code"]
try:
    room = ws.find_room(code) if code else None
except StoreError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()
if room is None or not hmac.compare_digest(ss["ws_keys"].get(room.code, ""), room.facilitator_secret):
    if code:
        st.warning("That room is not open here (wrong code or key, or it was deleted).", icon=":material/lock:")
        ss["ws_code"] = None
    _open_form()
    st.stop()

components.html(workshop_render.join_banner_html(room.code, workshop_links.join_url(room.code), qr_svg(workshop_links.join_url(room.code))))
st.markdown(f"Projector: open [the room screen]({workshop_links.screen_url(room.code)}) on the shared display.")
with st.expander("Continue on another device"):
    st.caption("This link lets whoever has it run the room. Keep it private.")
    st.code(f"{workshop_links.base_url()}/facilitate?room={room.code}&key={room.facilitator_secret}", language=None)

if not ws.room_is_open(room):
    st.info("This room is closed: no new answers. You can still export it or delete it.", icon=":material/lock:")
else:
    _choose_prompt(room)


@st.fragment(run_every=2)
def live() -> None:
    fresh = ws.find_room(room.code)
    if fresh is None:
        st.info("This room was deleted.")
        return
    prompt = ws.prompt_of(fresh)
    if prompt is None:
        st.info("Choose the first prompt above. Participants see it as soon as you show it.", icon=":material/campaign:")
        return
    components.html(workshop_render.prompt_html(prompt.says))
    board = ws.dashboard(fresh, prompt)
    st.metric("Answers to this prompt", board.answers)
    if board.needs_support:
        st.warning(
            f"Private: {plural(board.needs_support, 'answer', 'answers')} used words that suggest someone may need support. "
            "They saw the help notice; their answer is not counted or shown. Consider a general, "
            "unnamed reminder of where help is.",
            icon=":material/favorite:",
        )
    shown = st.toggle("Show results on the projector", value=fresh.revealed, key=f"ws_reveal_{prompt.index}")
    if shown != fresh.revealed:
        ws.reveal(fresh, shown)
    if board.aggregate is None:
        st.caption("Results appear from 3 answers, so nobody's answer can be picked out.")
    else:
        components.html(workshop_render.aggregate_html(board.aggregate))
    st.markdown(f"**Shared replies waiting for you** ({len(board.queue)})")
    for item in board.queue:
        components.html(workshop_render.prompt_html(item.text).replace("rh-prompt", "rh-queued"))
        a, b = st.columns(2)
        if a.button("Put on the wall", key=f"approve_{item.id}", type="primary"):
            ws.moderate(fresh, item, "approved")
            st.rerun(scope="fragment")
        if b.button("Keep off", key=f"reject_{item.id}"):
            ws.moderate(fresh, item, "rejected")
            st.rerun(scope="fragment")
    if board.wall:
        st.markdown(f"**On the wall** ({len(board.wall)})")
        components.html(workshop_render.wall_html(board.wall))


live()

st.divider()
left, mid, right = st.columns(3)
if left.button("Export CSV", key="ws_export"):  # a full run: the file has every answer so far
    ss["ws_export_csv"] = (room.code, ws.export_csv(room))
if ss.get("ws_export_csv") and ss["ws_export_csv"][0] == room.code:
    left.download_button(
        f"Download room-{room.code}.csv", ss["ws_export_csv"][1], file_name=f"room-{room.code}.csv",
        mime="text/csv", key="ws_download",
    )
if ws.room_is_open(room) and mid.button("Close the room", key="ws_close"):
    ws.close(room)
    st.rerun()
with right.popover("Delete the room"):
    st.caption("Deletes the room and every answer in it. This cannot be undone.")
    if st.button("Delete for good", type="primary", key="ws_delete"):
        ws.remove(room)
        ss["ws_code"] = None
        st.rerun()
