"""The app for a workshop room on the local network: `make workshop` runs this file.

Same pages as `app.py`, behind `HostGuard`, so only this machine's own names and addresses
are served (DNS-rebinding defence). The allowed hosts come from `REHEARSE_ALLOWED_HOSTS`
(set by `tools/workshop.py`) or are read from the local interfaces.
"""

import os

import streamlit as st
from starlette.middleware import Middleware

from tools.lan import local_addresses
from ui.host_guard import HostGuard
from ui.offline import pin_local_addresses

pin_local_addresses()  # belt and braces: Streamlit's own address helpers never go outside

ALLOWED_ENV = "REHEARSE_ALLOWED_HOSTS"
allowed = [h for h in os.environ.get(ALLOWED_ENV, "").split(",") if h] or list(local_addresses().allowed_hosts)
app = st.App("app.py", middleware=[Middleware(HostGuard, allowed=allowed)])
