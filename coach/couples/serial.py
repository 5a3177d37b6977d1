"""A couple session as plain JSON and back, for the database's `pair_sessions.state`.

One generic walk over the frozen dataclasses' type hints, so a new field needs no new code.
An `Analysis` goes through its own `to_dict` / tolerant loader; a malformed state raises
`StateError` instead of leaving half a session on screen.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from coach.couples.session import CoupleSession
from nlp.types import Analysis

STATE_VERSION = 1


class StateError(ValueError):
    """A stored couple session cannot be read back."""


def to_plain(value: Any) -> Any:
    if isinstance(value, Analysis):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_plain(kind: Any, data: Any, where: str = "state") -> Any:
    origin = get_origin(kind)
    if kind is Analysis:
        if not isinstance(data, dict):
            raise StateError(f"{where}: expected an analysis")
        return Analysis.from_dict(data)  # tolerant of older or newer analyses
    if origin in (Union, types.UnionType):
        options = get_args(kind)
        if data is None and type(None) in options:
            return None
        (inner,) = [o for o in options if o is not type(None)]
        return from_plain(inner, data, where)
    if origin is tuple:
        if not isinstance(data, list):
            raise StateError(f"{where}: expected a list")
        inner = get_args(kind)[0]
        return tuple(from_plain(inner, item, f"{where}[{i}]") for i, item in enumerate(data))
    if origin is Literal:
        if data not in get_args(kind):
            raise StateError(f"{where}: unexpected value {data!r}")
        return data
    if dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise StateError(f"{where}: expected a mapping")
        hints = _hints(kind)
        values = {}
        for f in dataclasses.fields(kind):
            if f.name in data:
                values[f.name] = from_plain(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise StateError(f"{where}: missing {f.name}")
        return kind(**values)
    if kind in (int, float, str, bool):
        if kind is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
            raise StateError(f"{where}: expected {kind.__name__}")
        return data
    if kind is typing.Any:
        return data
    raise StateError(f"{where}: cannot read a {kind!r}")


def session_to_dict(session: CoupleSession) -> dict[str, Any]:
    return {"version": STATE_VERSION, "session": to_plain(session)}


def session_from_dict(data: Any) -> CoupleSession:
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise StateError("state: not a couple session this version can read")
    return from_plain(CoupleSession, data.get("session"), "session")
