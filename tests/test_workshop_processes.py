"""Two app processes behind the sticky proxy share one database: a participant served by
process A and the facilitator served by process B see the same room.

Runs on PostgreSQL when REHEARSE_TEST_PG_URL is set, else on one SQLite file. Sessions are
real Streamlit sessions over its websocket protocol (tools.st_client), pinned by the
proxy's cookie. Uses the fake-free real engine, so it is marked `model`.
"""

from __future__ import annotations

import asyncio
import re
import urllib.request

import pytest
from database_urls import fresh_url

from tools.serverproc import deployment
from tools.st_client import StreamlitSession
from tools.sticky_proxy import COOKIE

pytestmark = pytest.mark.model


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def two_processes(request, tmp_path_factory):
    home = tmp_path_factory.mktemp("two-processes")
    env = {"REHEARSE_HOME": str(home), "REHEARSE_DB_URL": fresh_url(request.param, home)}
    with deployment(2, env, home) as url:
        yield url


def test_the_proxy_hands_out_a_sticky_backend_cookie(two_processes):
    cookies = []
    for _ in range(2):
        with urllib.request.urlopen(f"{two_processes}/_stcore/health", timeout=5) as response:
            ours = [c for c in response.headers.get_all("set-cookie") or [] if c.startswith(COOKIE)]
            cookies.append(ours[0].split(";")[0])
    assert sorted(cookies) == [f"{COOKIE}=0", f"{COOKIE}=1"]  # new visitors take turns
    request = urllib.request.Request(f"{two_processes}/_stcore/health", headers={"Cookie": f"{COOKIE}=1"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert not [c for c in response.headers.get_all("set-cookie") or [] if c.startswith(COOKIE)]


async def _a_room_across_processes(proxy: str) -> tuple[str, str]:
    on_b, on_a = {"Cookie": f"{COOKIE}=1"}, {"Cookie": f"{COOKIE}=0"}
    async with StreamlitSession(proxy, "facilitate", headers=on_b) as facilitator:
        await facilitator.run()
        facilitator.fill("Room name (shown on the projector)", "Across processes")
        opened = await facilitator.press("Open a room")
        code = re.search(r"join\?room=([A-Z0-9]+)", opened.text()).group(1)
        facilitator.fill("What the other person says", "Nobody thanked me for the report.")
        await facilitator.press("Show the typed line")
        async with StreamlitSession(proxy, "join", f"room={code}", headers=on_a) as phone:
            await phone.run()
            joined = await phone.press("Join")
            assert "Nobody thanked me for the report." in joined.text()  # the prompt set on B
            phone.fill("Your reply", "It sounds like the effort went unseen.")
            sent = await phone.press("Send", timeout=120)
            assert "Only you see this feedback" in sent.text()
        board = await facilitator.run(timeout=60)
        return code, board.text()


def test_a_participant_on_a_and_the_facilitator_on_b_share_one_room(two_processes):
    code, board = asyncio.run(_a_room_across_processes(two_processes))
    assert "Answers to this prompt: 1" in board
    assert code in board
