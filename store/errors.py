"""The one error storage raises to its callers: the message is fit to show a person."""

from __future__ import annotations


class StoreError(RuntimeError):
    """A read or write failed after retries; `str(err)` says what happened and what is kept."""
