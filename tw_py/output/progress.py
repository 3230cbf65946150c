"""A one-line progress bar for transfers, drawn on a terminal's stderr (commands show it only there, never in
JSON mode nor when stderr is not a terminal)."""
from __future__ import annotations

import shutil
import time
from typing import Callable, TextIO

UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def human_bytes(count: float) -> str:
    """`512 B`, `1.5 KiB`, `23.4 MiB`, ..."""
    for unit in UNITS:
        if count < 1024 or unit == UNITS[-1]:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} {UNITS[-1]}"  # pragma: no cover


class ProgressBar:
    """`  Downloading data/a.fq [=========>          ]  45%  12.3 MiB / 27.0 MiB  3.2 MiB/s`, redrawn in place at
    most every `interval` seconds; `finish()` draws the last state and ends the line."""

    BAR = 24

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] = time.monotonic, interval: float = 0.1):
        self.stream = stream
        self.clock = clock
        self.interval = interval
        self.label = ""
        self.total: int | None = None
        self.done = 0
        self._started = 0.0
        self._drawn = -1.0
        self._active = False

    def start(self, label: str, total: int | None) -> None:
        if not (self._active and label == self.label):
            self._started = self.clock()
            self.done = 0
        self.label, self.total, self._active = label, total, True
        self._draw(force=True)

    def update(self, done: int) -> None:
        self.done = done
        self._draw()

    def finish(self) -> None:
        if self._active:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
        self._active = False

    def line(self) -> str:
        """The bar as text (without the carriage return)."""
        elapsed = max(self.clock() - self._started, 1e-6)
        speed = f"{human_bytes(self.done / elapsed)}/s"
        if self.total:
            share = min(1.0, self.done / self.total)
            filled = int(share * self.BAR)
            bar = "=" * filled + (">" if filled < self.BAR else "") + " " * max(0, self.BAR - filled - 1)
            text = (f"  {self.label} [{bar}] {share * 100:3.0f}%  {human_bytes(self.done)} / "
                    f"{human_bytes(self.total)}  {speed}")
        else:
            text = f"  {self.label}  {human_bytes(self.done)}  {speed}"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        return text if len(text) <= width else text[:max(width - 3, 0)] + "..."

    def _draw(self, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self._drawn < self.interval:
            return
        self._drawn = now
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()
