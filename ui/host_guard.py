"""Only this machine's own names and addresses may reach the app (a DNS-rebinding defence).

An ASGI middleware in front of Streamlit: a request whose `Host` is not on the list gets 403,
and so does one whose `Origin` names another host (a page elsewhere driving our websocket).
Streamlit has no Host allowlist of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
REFUSED = b"This address is not one of this machine's own. Open the address shown by `make workshop`."


def host_of(value: str) -> str:
    """`Host` or URL netloc without port, lower-case; IPv6 without brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGuard:
    def __init__(self, app: Callable[..., Awaitable[None]], allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_of(h) for h in allowed if h)

    def permits(self, host: str | None, origin: str | None) -> bool:
        if not host or host_of(host) not in self.allowed:
            return False
        if origin is None or origin == "null":
            return origin is None
        return host_of(urlsplit(origin).netloc) in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.permits(headers.get("host"), headers.get("origin")):
            await self.app(scope, receive, send)
            return
        log.warning("refused a request for host %r (origin %r)", headers.get("host"), headers.get("origin"))
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
        await send({"type": "http.response.body", "body": REFUSED})
