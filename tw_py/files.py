"""Reading the files users name in options (params, scripts, keys, secrets, exports): one place, one set of errors."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, Iterator

from tw_py.atomic_write import replacing
from tw_py.errors import InputError

#: The most twpy reads from a file a user names (params, scripts, imports): more is a mistake (or /dev/zero).
MAX_FILE_CHARS = 16 * 1024 * 1024


def _bounded(text: str, name: str, option: str) -> str:
    if len(text) > MAX_FILE_CHARS:
        raise InputError(f"{name} (given to {option}) is larger than {MAX_FILE_CHARS // (1024 * 1024)} MiB",
                         hint="Give a smaller file.")
    return text


@contextlib.contextmanager
def atomic_writer(path: str, *, private: bool = True) -> Iterator[IO[bytes]]:
    """A binary file to write `path` through: a temporary file beside it (`.<name>.<random>.part`), renamed into
    place only when the block ends normally. An error or Ctrl-C removes it: never a half file under the final name.
    The file is readable by its owner only, unless `private` is False (then the umask decides, as for `cp`)."""
    import tempfile

    target = os.path.expanduser(path)
    directory = os.path.dirname(os.path.abspath(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part", dir=directory)
    except OSError as error:
        raise cannot_write(path, error) from None
    try:
        with replacing(fd, tmp, target, binary=True, permissions=None if private else 0o666 & ~_umask()) as handle:
            yield handle
    except OSError as error:
        raise cannot_write(path, error) from None


def cannot_write(path: str, error: OSError) -> InputError:
    """The one error for a file or folder twpy could not write."""
    return InputError(f"Cannot write '{path}': {error.strerror or error}")


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def write_atomically(path: str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, renamed into place only when complete: an
    interrupted write never leaves a half file under the final name."""
    with atomic_writer(path) as handle:
        handle.write(data)


def read_text(path: str, option: str, *, tw_style: bool = False, stdin: bool = True) -> str:
    """The text of `path` (`-` is standard input when `stdin`), or one clear InputError.

    `tw_style` keeps tw's `File not found. <path>` for the options tw has; twpy's own options name the option.
    """
    if path == "-" and stdin:
        return _bounded(sys.stdin.read(MAX_FILE_CHARS + 1), "standard input", option)
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as handle:
            return _bounded(handle.read(MAX_FILE_CHARS + 1), f"'{path}'", option)
    except FileNotFoundError:
        message = f"File not found. {path}" if tw_style else f"File not found: '{path}' (given to {option})"
        raise InputError(message) from None
    except IsADirectoryError:
        raise InputError(f"'{path}' (given to {option}) is a directory, not a file") from None
    except UnicodeDecodeError:
        raise InputError(f"File '{path}' (given to {option}) is not a UTF-8 text file") from None
    except OSError as error:
        raise InputError(f"Cannot read file '{path}' (given to {option}): {error.strerror or error}") from None
    except ValueError:  # a NUL byte in the name
        raise InputError(f"Invalid file name {path!r} (given to {option})") from None
