"""JSON as tw prints it: nulls omitted, Jackson's default pretty printer (`"key" : value`)."""
from __future__ import annotations

import json
from typing import Any

from tw_py.data import drop_nulls


def dumps(value: Any, indent: int = 0) -> str:
    """Pretty JSON in Jackson's default style: `{` newline, 2-space indent, `[ {` ... `} ]`, `[ ]`, `{ }`."""
    value = drop_nulls(value)
    return _dump(value, indent)


def _dump(value: Any, level: int) -> str:
    pad = "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{ }"
        body = (",\n").join(f"{pad}{json.dumps(str(k), ensure_ascii=False)} : {_dump(v, level + 1)}"
                            for k, v in value.items())
        return "{\n" + body + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(_dump(v, level) for v in value) + " ]"
    return json.dumps(value, ensure_ascii=False)


def java_hashmap_order(mapping: dict) -> dict:
    """`mapping` in the order a java.util.HashMap holding its String keys iterates them.

    tw builds several documents in HashMaps (runs view, metrics, task, primary get/set, info's opts) and Jackson
    writes them in that order, which is fixed: String.hashCode is specified. Pass every key tw puts, nulls
    included (they are left out on output, but they count towards the table's size). Buckets of 8 or more keys
    (trees in Java) do not occur for these small maps."""
    capacity = 16
    while len(mapping) > capacity * 0.75:
        capacity *= 2

    def bucket(key: str) -> int:
        units = str(key).encode("utf-16-be")
        h = 0
        for i in range(0, len(units), 2):
            h = (31 * h + int.from_bytes(units[i:i + 2], "big")) & 0xFFFFFFFF
        return (h ^ (h >> 16)) & (capacity - 1)

    return {key: mapping[key] for key in sorted(mapping, key=bucket)}
