"""QR codes drawn here, as inline SVG: no image service, nothing fetched. Shared by the
couples pair code and the workshop room code."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=64)
def qr_svg(url: str, scale: int = 6) -> str:
    """An SVG QR code for `url` (error correction M, dark on white, with a quiet zone)."""
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#1f2328", light="#ffffff")
