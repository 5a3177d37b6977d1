"""A Streamlit session driven over Streamlit's own websocket protocol, without a browser.

The same messages a browser tab sends: connect to `/_stcore/stream`, ask for a script run
(`BackMsg.rerun_script`) with the page, query string and widget values, and read the
`ForwardMsg`s back until the run finishes. Widgets are found by label on the last run, so
`fill("Your reply", …)` then `press("Send")` is exactly a person typing and pressing.
Used by `make load` to run many participants on two CPU cores.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGETS = ("text_input", "text_area", "checkbox", "button", "toggle", "selectbox")


class ClientError(RuntimeError):
    pass


@dataclass
class Run:
    """What one script run put on the page."""

    widgets: dict[str, tuple[str, Any]] = field(default_factory=dict)  # label -> (kind, proto)
    texts: list[str] = field(default_factory=list)  # markdown and alert bodies, in order
    status: int | None = None

    def text(self) -> str:
        return "\n".join(self.texts)


class StreamlitSession:
    def __init__(self, base_url: str, page: str, query: str = "", headers: dict[str, str] | None = None) -> None:
        self.ws_url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.origin = base_url.rstrip("/")
        self.page, self.query = page, query
        self.headers = headers or {}
        self.values: dict[str, WidgetState] = {}
        self.last = Run()
        self._ws: Any = None

    async def __aenter__(self) -> StreamlitSession:
        self._ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], origin=self.origin, max_size=2**24, open_timeout=30,
            additional_headers=self.headers,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ws.close()

    async def run(self, timeout: float = 60.0, triggers: tuple[WidgetState, ...] = ()) -> Run:
        """One full script run with the current widget values (plus one-shot triggers)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.widget_states.widgets.extend([*self.values.values(), *triggers])
        await self._ws.send(msg.SerializeToString())
        run = Run()
        async with asyncio.timeout(timeout):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self._ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    self._collect(fwd.delta.new_element, run)
                elif kind == "script_finished":
                    run.status = fwd.script_finished
                    if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        run = Run()  # a rerun started (e.g. st.rerun): read the next one
                        continue
                    if fwd.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                        continue
                    break
                elif kind == "page_not_found":
                    raise ClientError(f"no page {self.page!r}")
        self.last = run
        return run

    @staticmethod
    def _collect(element: Any, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind in WIDGETS:
            proto = getattr(element, kind)
            run.widgets[proto.label] = (kind, proto)
        elif kind == "markdown":
            run.texts.append(element.markdown.body)
        elif kind == "alert":
            run.texts.append(element.alert.body)
        elif kind == "metric":
            run.texts.append(f"{element.metric.label}: {element.metric.body}")

    def _widget(self, label: str) -> tuple[str, Any]:
        try:
            return self.last.widgets[label]
        except KeyError:
            raise ClientError(f"no widget {label!r}; have {sorted(self.last.widgets)}") from None

    def fill(self, label: str, value: str) -> None:
        _, proto = self._widget(label)
        self.values[proto.id] = WidgetState(id=proto.id, string_value=value)

    def tick(self, label: str, value: bool = True) -> None:
        _, proto = self._widget(label)
        self.values[proto.id] = WidgetState(id=proto.id, bool_value=value)

    async def press(self, label: str, timeout: float = 60.0) -> Run:
        _, proto = self._widget(label)
        return await self.run(timeout, (WidgetState(id=proto.id, trigger_value=True),))
