"""`make workshop`: serve Rehearse to the room on all interfaces, and say where to join.

    python -m tools.workshop [--port 8501] [--extra-host NAME ...]

Finds this machine's LAN address locally (tools.lan), prints the join URL, and starts
Streamlit on 0.0.0.0 with:
- `browser.serverAddress` set to that address, so Streamlit prints it instead of looking
  itself up (its wildcard-address path calls a public IP-check service);
- `server.enableCORS=false`, because `HostGuard` checks every Origin against the machine's
  own names before Streamlit sees it (Streamlit's own check falls back to the same lookups);
- `HostGuard` (workshop_app.py) refusing any Host that is not this machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tools.lan import local_addresses

ROOT = Path(__file__).resolve().parent.parent


def streamlit_command(port: int, lan: str, address: str = "0.0.0.0") -> list[str]:  # noqa: S104 - the point
    return [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "workshop_app.py"),
        "--server.address", address,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.enableCORS", "false",
        "--browser.serverAddress", lan,
        "--browser.serverPort", str(port),
        "--browser.gatherUsageStats", "false",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--extra-host", action="append", default=[], help="another name people use to reach this machine")
    args = parser.parse_args(argv)
    found = local_addresses()
    lan = found.lan or "localhost"
    base = f"http://{lan}:{args.port}"
    env = {
        **os.environ,
        "REHEARSE_ALLOWED_HOSTS": ",".join((*found.allowed_hosts, *args.extra_host)),
        "REHEARSE_PUBLIC_URL": base,
    }
    print(f"\n  Rehearse workshop: participants join at  {base}/join")
    print(f"  Run the room (this computer):             http://localhost:{args.port}/facilitate")
    print(f"  Accepted host names and addresses:        {', '.join(found.allowed_hosts)}\n")
    if found.lan is None:
        print("  No network address found: only this computer can join. Connect to the room's Wi-Fi and retry.")
    sys.stdout.flush()
    os.execve(sys.executable, streamlit_command(args.port, lan), env)
    return 0  # pragma: no cover - execve does not return


if __name__ == "__main__":
    raise SystemExit(main())
