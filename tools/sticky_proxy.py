"""A small reverse proxy with sticky sessions, for several app processes behind one address.

    python -m tools.sticky_proxy --port 8501 --backend http://127.0.0.1:8601 --backend http://127.0.0.1:8602

A browser's first request picks the next backend in turn and gets a `rehearse_backend`
cookie; every later request and the websocket go to the same process, because a Streamlit
session lives in one process's memory. The room itself lives in the shared database, so
people on different processes see the same room. For production, nginx does the same job
(docs/workshop.md); this one exists so the tests and a laptop need nothing installed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlsplit

import httpx
import uvicorn
import websockets
from starlette.websockets import WebSocket, WebSocketDisconnect

log = logging.getLogger(__name__)
COOKIE = "rehearse_backend"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer",
              "proxy-authorization", "proxy-authenticate", "content-length", "host"}
Scope = MutableMapping[str, Any]


class StickyProxy:
    def __init__(self, backends: list[str]) -> None:
        if not backends:
            raise ValueError("give at least one --backend")
        self.backends = [b.rstrip("/") for b in backends]
        self._turn = itertools.cycle(range(len(self.backends)))
        self._client: httpx.AsyncClient | None = None

    def _choose(self, scope: Scope) -> tuple[int, bool]:
        """(backend index, whether the cookie is new)."""
        for key, value in scope.get("headers", []):
            if key == b"cookie":
                for part in value.decode("latin-1").split(";"):
                    name, _, index = part.strip().partition("=")
                    if name == COOKIE and index.isdigit() and int(index) < len(self.backends):
                        return int(index), False
        return next(self._turn), True

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        index, new = self._choose(scope)
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send, self.backends[index])
        else:
            await self._http(scope, receive, send, index, new)

    async def _http(self, scope: Scope, receive: Any, send: Any, index: int, new: bool) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=60.0)
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = scope.get("query_string", b"").decode("latin-1")
        url = f"{self.backends[index]}{scope['path']}" + (f"?{query}" if query else "")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"] if k.decode("latin-1") not in HOP_BY_HOP]
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        headers.append(("host", host))  # the backend checks the Host people used
        try:
            response = await self._client.request(scope["method"], url, headers=headers, content=body)
        except httpx.HTTPError as exc:
            log.warning("backend %s failed: %s", url, exc)
            await send({"type": "http.response.start", "status": 502, "headers": []})
            await send({"type": "http.response.body", "body": b"The app process did not answer."})
            return
        out = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.multi_items()
               if k.lower() not in HOP_BY_HOP and k.lower() != "content-encoding"]
        if new:
            out.append((b"set-cookie", f"{COOKIE}={index}; Path=/; HttpOnly; SameSite=Lax".encode()))
        out.append((b"content-length", str(len(response.content)).encode()))
        await send({"type": "http.response.start", "status": response.status_code, "headers": out})
        await send({"type": "http.response.body", "body": response.content})

    async def _websocket(self, scope: Scope, receive: Any, send: Any, backend: str) -> None:
        client = WebSocket(scope, receive, send)
        protocols = [p.strip() for p in client.headers.get("sec-websocket-protocol", "").split(",") if p.strip()]
        query = scope.get("query_string", b"").decode("latin-1")
        target = urlsplit(backend)
        # The URL carries the Host people used (the backend checks it against the Origin);
        # host= and port= make the connection itself go to the backend process.
        url = f"ws://{client.headers.get('host', target.netloc)}{scope['path']}" + (f"?{query}" if query else "")
        forward = {k: v for k, v in client.headers.items() if k in ("cookie", "user-agent")}
        try:
            upstream = await websockets.connect(
                url, subprotocols=protocols or None, origin=client.headers.get("origin"),
                additional_headers=forward, max_size=2**26, open_timeout=30,
                host=target.hostname, port=target.port,
            )
        except (OSError, websockets.WebSocketException) as exc:
            log.warning("backend websocket %s via %s failed: %s", url, backend, exc)
            await client.close(code=1011)
            return
        await client.accept(subprotocol=upstream.subprotocol)

        async def to_backend() -> None:
            try:
                while True:
                    message = await client.receive()
                    if message["type"] == "websocket.disconnect":
                        break
                    await upstream.send(message.get("bytes") or message.get("text") or b"")
            except WebSocketDisconnect:
                pass
            finally:
                await upstream.close()

        async def to_client() -> None:
            try:
                async for data in upstream:
                    if isinstance(data, bytes):
                        await client.send_bytes(data)
                    else:
                        await client.send_text(data)
            except websockets.ConnectionClosed:
                pass
            finally:
                with contextlib.suppress(RuntimeError):  # already closed by the browser
                    await client.close()

        await asyncio.gather(to_backend(), to_client())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--backend", action="append", required=True)
    args = parser.parse_args(argv)
    uvicorn.run(StickyProxy(args.backend), host=args.host, port=args.port, log_level="warning", ws="websockets-sansio")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
