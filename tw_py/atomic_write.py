"""Atomic file replacement shared by the client (config files) and the sandbox (its state file): imports nothing
from twpy, so every layer may use it."""
from __future__ import annotations

import contextlib
import os
from typing import IO, Iterator


@contextlib.contextmanager
def replacing(fd: int, tmp: str | os.PathLike, target: str | os.PathLike, *, binary: bool = False,
              permissions: int | None = None) -> Iterator[IO]:
    """A file on `fd`, the open descriptor of the temporary file `tmp` (UTF-8 text, or bytes when `binary`): when
    the block ends normally it is flushed to disk, given `permissions` (None keeps the temporary file's), and renamed
    over `target`; an error or Ctrl-C removes `tmp` and leaves `target` untouched."""
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if permissions is not None:
            os.chmod(tmp, permissions)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
