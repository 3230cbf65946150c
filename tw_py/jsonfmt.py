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
