"""Streaming output for listings that walk every page (--all): rows and JSON items are written as they come,
so memory stays flat and the first rows show before the last page is fetched.

- `StreamingTable`: tw's table look with widths fixed by the first batch of rows (and minimum widths);
  a longer cell later widens only its own row.
- `JsonStream`: writes one JSON document in Jackson's pretty style, with one array member filled item by item.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from tw_py import jsonfmt
from tw_py.data import drop_nulls
from tw_py.output.tables import Column


class StreamingTable:
    """Prints a table batch by batch: header and rule with the first batch, then rows."""

    def __init__(self, write, columns: Sequence[Column], *, prefix: str = "    ",
                 min_widths: Sequence[int] | None = None):
        self.write = write
        self.columns = list(columns)
        self.prefix = prefix
        self.min_widths = list(min_widths or [0] * len(self.columns))
        self.widths: list[int] | None = None
        self.count = 0

    def _line(self, cells: Sequence[str]) -> str:
        return self.prefix + "|".join(f" {c.ljust(w)} " for c, w in zip(cells, self.widths))

    def add(self, rows: Iterable[dict]) -> None:
        cells = [[c.value(r) for c in self.columns] for r in rows]
        if not cells:
            return
        out = []
        if self.widths is None:
            headers = [c.header for c in self.columns]
            self.widths = [max([len(h), m] + [len(row[i]) for row in cells])
                           for i, (h, m) in enumerate(zip(headers, self.min_widths))]
            out.append(self._line(headers))
            out.append(self.prefix + "+".join("-" * (w + 2) for w in self.widths))
        out.extend(self._line(row) for row in cells)
        self.count += len(cells)
        self.write("\n".join(out) + "\n")


class Spool:
    """Holds a streamed document (in memory up to 256 KiB, then in a temporary file) and writes it out only
    once it is complete: a page that fails half-way through `--all` leaves no half JSON document on stdout."""

    MEMORY = 256 * 1024

    def __init__(self, write):
        import tempfile

        self._target = write
        self._file = tempfile.SpooledTemporaryFile(max_size=self.MEMORY, mode="w+", encoding="utf-8")

    def write(self, text: str) -> None:
        self._file.write(text)

    def commit(self) -> None:
        """Write everything held to the real output, in chunks."""
        self._file.seek(0)
        while True:
            chunk = self._file.read(1 << 16)
            if not chunk:
                break
            self._target(chunk)
        self._file.close()


class JsonStream:
    """One JSON document `{head..., key: [items...], tail...}` (or a bare array when key is None),
    written incrementally in Jackson's default pretty style with nulls left out."""

    def __init__(self, write, head: dict | None = None, key: str | None = None):
        self.write = write
        self.key = key
        self.count = 0
        if key is None:
            self.level = 0
            self._open = "["
        else:
            self.level = 1
            head = drop_nulls(head or {})
            parts = [f"  {jsonfmt.dumps(str(k))} : {jsonfmt.dumps(v, 1)}" for k, v in head.items()]
            parts.append(f"  {jsonfmt.dumps(key)} : [")
            self._open = "{\n" + ",\n".join(parts)

    def start(self) -> None:
        self.write(self._open)

    def item(self, value: Any) -> None:
        self.write((" " if self.count == 0 else ", ") + jsonfmt.dumps(value, self.level))
        self.count += 1

    def items(self, values: Iterable[Any]) -> None:
        for value in values:
            self.item(value)

    def finish(self, tail: dict | None = None) -> None:
        text = " ]"
        if self.key is not None:
            tail = drop_nulls(tail or {})
            for k, v in tail.items():
                text += f",\n  {jsonfmt.dumps(str(k))} : {jsonfmt.dumps(v, 1)}"
            text += "\n}"
        self.write(text + "\n")
