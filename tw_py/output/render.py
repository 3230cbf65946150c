"""One place that writes results: JSON documents or console text to stdout, people's messages to stderr."""
from __future__ import annotations

import os
import sys
from typing import Any, Callable, Union

ConsoleView = Union[str, Callable[[], str], None]


class IO:
    """The invocation's streams and what they are (terminal? colour?). Tests get CliRunner's streams."""

    def __init__(self, stdout=None, stderr=None):
        self._stdout = stdout
        self._stderr = stderr

    @property
    def stdout(self):
        return self._stdout or sys.stdout

    @property
    def stderr(self):
        return self._stderr or sys.stderr

    @staticmethod
    def _isatty(stream) -> bool:
        try:
            return bool(stream.isatty())
        except (AttributeError, ValueError):
            return False

    @property
    def stdout_tty(self) -> bool:
        return self._isatty(self.stdout)

    @property
    def stderr_tty(self) -> bool:
        return self._isatty(self.stderr)

    def color(self, stream=None) -> bool:
        """Colour only on a terminal, never with NO_COLOR set or TERM=dumb."""
        if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
            return False
        return self._isatty(stream or self.stdout)

    def out(self, text: str = "", end: str = "\n") -> None:
        self.stdout.write(text + end)
        self.stdout.flush()

    def err(self, text: str = "", end: str = "\n") -> None:
        self.stderr.write(text + end)
        self.stderr.flush()


class Renderer:
    """Emits a command's result in the chosen format; commands never branch on the format themselves."""

    def __init__(self, io: IO, json_mode: bool):
        self.io = io
        self.json = json_mode

    def emit(self, document: Any, console: ConsoleView = None) -> None:
        """Print `document` as JSON in JSON mode; otherwise the console view (text or a function making it)."""
        from tw_py import jsonfmt

        if self.json:
            self.io.out(jsonfmt.dumps(document))
            return
        text = console() if callable(console) else console
        if text is None:
            text = jsonfmt.dumps(document)
        self.io.out(text, end="" if text.endswith("\n") else "\n")

    def console(self, text: str) -> None:
        """Console text shown now, before the command's result (a plan before it is applied); nothing in JSON mode,
        whose one document comes at the end."""
        if not self.json:
            self.io.out(text, end="" if text.endswith("\n") else "\n")

    def progress(self, text: str, end: str = "\n") -> None:
        """Progress for people: stderr, never in JSON mode."""
        if not self.json:
            self.io.err(text, end=end)

    def status(self, text: str) -> None:
        """A status line for long work, rewritten in place: on a terminal only, never in JSON mode; "" clears it."""
        if self.json or not self.io.stderr_tty:
            return
        self.io.err("\r" + text + "\033[K", end="" if text else "\r")

    def warn(self, text: str) -> None:
        """A warning line on stderr, in console mode only: in JSON mode stderr stays empty on success, so
        commands put what a script needs to know into the document instead."""
        if not self.json:
            self.io.err(f"WARNING: {text}")

    def error(self, message: str, hint: str | None = None) -> None:
        prefix = "ERROR:"
        if self.io.color(self.io.stderr):
            prefix = "\033[1;31mERROR:\033[0m"
        self.io.err(f"{prefix} {message}")
        if hint:
            self.io.err(f"  hint: {hint}")
