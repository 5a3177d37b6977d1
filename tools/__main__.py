"""`python -m tools` (and `python -m coach`): the command line in tools.cli."""

import os
import sys

from tools.cli import main

try:
    code = main()
except BrokenPipeError:  # stdout piped into a reader that stopped early, e.g. `| head`
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
raise SystemExit(code)
