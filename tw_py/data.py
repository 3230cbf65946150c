"""Small helpers on plain JSON-like data, shared by the API and output layers."""
from __future__ import annotations

from typing import Any


def drop_nulls(value: Any) -> Any:
    """Remove None values from dicts, recursively (tw serialises requests and output with NON_NULL)."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [drop_nulls(v) for v in value]
    return value
