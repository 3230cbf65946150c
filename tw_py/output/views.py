"""Console views in tw's layout: titled tables, details, one-line messages. Each returns text."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from tw_py.output.tables import Column, indent, key_values, table


def message(text: str) -> str:
    """tw's result message: an empty line, two spaces, the text."""
    return f"\n  {text}\n"


def listing(title: str, rows: Iterable[dict], columns: Sequence[Column], *, empty: str,
            sort_by: int | None = 0, footer: str | None = None, prefix: str = "    ") -> str:
    """`\\n  <title>:\\n\\n` + table (or the empty message) + optional footer + blank line."""
    rows = list(rows)
    head = f"\n  {title}:\n\n"
    if not rows:
        return head + f"    {empty}\n"
    text = head + table(rows, columns, prefix=prefix, sort_by=sort_by) + "\n"
    if footer:
        text += f"\n  {footer}\n\n"
    return text + "\n"


def details(title: str, pairs: Sequence[tuple[str, Any]], *, prefix: str = "    ",
            sections: Sequence[tuple[str, str]] = ()) -> str:
    """A titled two-column table, then optional `(heading, text)` sections indented 5 spaces."""
    text = f"\n  {title}\n\n" + key_values(pairs, prefix) + "\n"
    for heading, body in sections:
        text += f"\n  {heading}:\n\n" + indent(body) + "\n"
    return text + "\n"
