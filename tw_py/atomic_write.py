"""Atomic file replacement shared by the client (config files) and the sandbox (its state file): imports nothing
from twpy, so every layer may use it."""
from __future__ import annotations

import contextlib
import os
from typing import IO, Iterator


@contextlib.contextmanager
def replacing(fd: int, tmp: str | os.PathLike, target: str | os.PathLike) -> Iterator[IO[str]]:
    """A text file (UTF-8) on `fd`, the open descriptor of the temporary file `tmp`: when the block ends normally it
    is flushed to disk and renamed over `target`; an error or Ctrl-C removes `tmp` and leaves `target` untouched."""
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
