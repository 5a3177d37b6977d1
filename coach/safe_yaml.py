"""YAML from files we did not write: bounded size, no anchors or aliases, bounded node count.

`yaml.safe_load` alone still expands aliases, so a "billion laughs" file of a few hundred
bytes builds billions of list items (171 s and 3 GB before a MemoryError). Our scenario and
pack files never need anchors, so any anchor or alias is refused while the document is
being composed, before anything is built; a node budget caps plain but huge documents too.
Repeated keys are an error instead of silently winning.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_BYTES = 256 * 1024  # a pack of ~100 prompts is under 40 KB; 256 KB leaves room for comments
MAX_NODES = 20_000  # the largest built-in scenario composes to ~400 nodes


class UnsafeYamlError(ValueError):
    """The text is too big, uses anchors/aliases, or has too many nodes; says which and where."""


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases and counts nodes while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise UnsafeYamlError(
                f"line {mark.line + 1}: YAML anchors and aliases (& and *) are not allowed; "
                "write each value out in full"
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise UnsafeYamlError(f"more than {MAX_NODES:,} YAML values; split the file")
        return super().compose_node(parent, index)


def _unique_mapping(loader: _GuardedLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            repeated = key in seen
            seen.add(key)
        except TypeError:  # an unhashable key: construct_mapping reports it below
            continue
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
    return loader.construct_mapping(node)


_GuardedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def check_size(size: int, limit: int = MAX_BYTES) -> None:
    if size > limit:
        raise UnsafeYamlError(f"the file is {size:,} bytes; the limit is {limit:,} bytes")


def load_untrusted(text: str) -> Any:
    """Parse one YAML document safely; raises UnsafeYamlError or yaml.YAMLError."""
    check_size(len(text.encode("utf-8")))
    return yaml.load(text, Loader=_GuardedLoader)  # noqa: S506 - a SafeLoader subclass
