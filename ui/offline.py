"""Keep the Streamlit server on this machine: it never looks up its own addresses outside.

Streamlit checks a WebSocket from another origin against "this machine's addresses",
found by a UDP connect to a public resolver and an HTTP call to an IP-check service
(`streamlit.net_util`). Rehearse only serves loopback, so both answers are pinned to
loopback before the server starts: a foreign origin is then simply refused, with no
lookup. `python -m ui.serve` (what `make run` uses) does this before the first request.
"""

from __future__ import annotations

from streamlit import net_util

LOOPBACK = "127.0.0.1"


def pin_local_addresses() -> None:
    """Make Streamlit's address helpers answer loopback without touching the network."""
    # net_util caches both answers in these module globals; a set value is returned as is.
    net_util._internal_ip = LOOPBACK
    net_util._external_ip = LOOPBACK
