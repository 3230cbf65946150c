""""Did you mean ...?" for names that match nothing: one helper for every kind of name."""
from __future__ import annotations

import difflib
from typing import Iterable


def close_names(wanted: str, names: Iterable[str | None], limit: int = 3) -> list[str]:
    """Names close to `wanted` (spelling, then case), best first."""
    names = sorted({n for n in names if n})
    close = difflib.get_close_matches(wanted, names, n=limit, cutoff=0.6)
    if not close:
        lowered = {n.lower(): n for n in names}
        close = [lowered[wanted.lower()]] if wanted.lower() in lowered else []
    return close


def did_you_mean(wanted: str, names: Iterable[str | None], listing: str) -> str:
    """A hint naming the close names, else pointing at the command that lists them all."""
    close = close_names(wanted, names)
    if close:
        return "Did you mean " + " or ".join(f"'{c}'" for c in close) + f"? ('{listing}' shows them all)"
    return f"List them with '{listing}'."
