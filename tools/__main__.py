"""`python -m tools` (and `python -m coach`): the command line in tools.cli."""

import os
import sys

try:
    from tools.cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C while the model was still loading
    print("\nStopped (Ctrl-C).", file=sys.stderr)
    code = 130
except BrokenPipeError:  # stdout piped into a reader that stopped early, e.g. `| head`
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
raise SystemExit(code)
