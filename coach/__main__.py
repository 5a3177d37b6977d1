"""`python -m coach`: kept as the documented entry point; the command line lives in tools/."""

import runpy

runpy.run_module("tools", run_name="__main__")
