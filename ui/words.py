"""Counts and times as a person reads them: "1 attempt", "2 attempts", "Tue 1 Dec 2026, 21:05"."""

from __future__ import annotations

from datetime import datetime


def plural(n: int, one: str, many: str) -> str:
    """The count and the right form of the noun."""
    return f"{n:,} {one if n == 1 else many}"


def when(at: datetime) -> str:
    """A date and time in this machine's time zone."""
    local = at.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
