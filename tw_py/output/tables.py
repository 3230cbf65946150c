"""Console tables in tw's look, drawn by tabulate: ` header | header `, `-----+-----`, ` cell | cell `."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from tw_py.output.formats import format_labels


@dataclass(frozen=True)
class Column:
    """A table column: the field it shows (a key, dotted path or function) and its header."""

    field: str | Callable[[dict], Any]
    header: str

    def value(self, row: dict) -> str:
        if callable(self.field):
            value = self.field(row)
        else:
            value = row
            for part in self.field.split("."):
                value = value.get(part) if isinstance(value, dict) else None
        return "" if value is None else str(value)


#: The "Labels" column that `-l/--labels` adds to a listing (`name` or `name=value`, comma-separated).
LABELS_COLUMN = Column(lambda row: format_labels(row.get("labels")), "Labels")


def _format():
    from tabulate import DataRow, Line, TableFormat

    return TableFormat(lineabove=None, linebelowheader=Line("", "-", "+", ""), linebetweenrows=None,
                       linebelow=None, headerrow=DataRow("", "|", ""), datarow=DataRow("", "|", ""),
                       padding=1, with_header_hide=None)


def grid(cells: Sequence[Sequence[str]], headers: Sequence[str] | None = None, prefix: str = "    ") -> str:
    """Lay out string cells in tw's table look, each line prefixed; no trailing newline."""
    import tabulate as tabulate_module

    tabulate_module.MIN_PADDING = 0  # tw pads headers like cells: width + one space each side
    options = {}
    if "preserve_whitespace" in tabulate_module.tabulate.__code__.co_varnames:  # tabulate >= 0.10
        options["preserve_whitespace"] = True  # keep leading marks ("* id") and tw's trailing cell space
    else:
        tabulate_module.PRESERVE_WHITESPACE = True
    rows = [list(r) for r in cells] or [["" for _ in (headers or [""])]]
    text = tabulate_module.tabulate(rows, headers=list(headers) if headers else (), tablefmt=_format(),
                                    disable_numparse=True, stralign="left", numalign="left", missingval="",
                                    **options)
    return "\n".join(prefix + line for line in text.split("\n"))


def table(rows: Iterable[dict], columns: Sequence[Column], *, prefix: str = "    ",
          sort_by: int | None = None, headers: bool = True) -> str:
    """Rows of dicts as a tw table; `sort_by` sorts by that column's string (tw sorts lexicographically)."""
    cells = [[c.value(r) for c in columns] for r in rows]
    if sort_by is not None:
        cells.sort(key=lambda row: row[sort_by])
    return grid(cells, [c.header for c in columns] if headers else None, prefix)


def key_values(pairs: Sequence[tuple[str, Any]], prefix: str = "    ") -> str:
    """A two-column table without headers (tw's details views): a rule line, then `name | value` rows."""
    cells = [[name, "" if value is None else str(value)] for name, value in pairs]
    body = grid(cells, ["", ""], prefix).split("\n")
    return "\n".join(body[1:])  # drop the empty header line, keep the rule


def indent(text: str, spaces: int = 5) -> str:
    return "\n".join((" " * spaces + line) if line else line for line in text.split("\n"))
