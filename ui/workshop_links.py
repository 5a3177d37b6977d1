"""Addresses people type or scan: the join page and the projector screen for a room code.

`make workshop` sets REHEARSE_PUBLIC_URL to the machine's LAN address (found locally); without
it the address this browser used is the base, which is right when everyone shares a server name.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import streamlit as st

PUBLIC_URL_ENV = "REHEARSE_PUBLIC_URL"


def base_url() -> str:
    configured = os.environ.get(PUBLIC_URL_ENV, "").rstrip("/")
    if configured:
        return configured
    seen = urlsplit(st.context.url or "")
    return f"{seen.scheme}://{seen.netloc}" if seen.scheme and seen.netloc else "http://localhost:8501"


def join_url(code: str) -> str:
    return f"{base_url()}/join?room={code}"


def screen_url(code: str) -> str:
    return f"{base_url()}/screen?room={code}"
