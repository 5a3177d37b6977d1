"""Start the app on this machine only: `python -m ui.serve [streamlit options]`.

The same as `streamlit run app.py`, except that Streamlit's outside address lookups are
switched off first (see `ui.offline`), so nothing leaves the machine from the server.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.web import cli

from ui.offline import pin_local_addresses

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str] | None = None) -> None:
    pin_local_addresses()
    args = sys.argv[1:] if argv is None else argv
    sys.argv = ["streamlit", "run", str(APP), *args]
    cli.main()


if __name__ == "__main__":
    main()
