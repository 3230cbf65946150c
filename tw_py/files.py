"""Reading the files users name in options (params, scripts, keys, secrets, exports): one place, one set of errors."""
from __future__ import annotations

import os
import sys

from tw_py.errors import InputError


def read_text(path: str, option: str, *, tw_style: bool = False, stdin: bool = True) -> str:
    """The text of `path` (`-` is standard input when `stdin`), or one clear InputError.

    `tw_style` keeps tw's `File not found. <path>` for the options tw has; twpy's own options name the option.
    """
    if path == "-" and stdin:
        return sys.stdin.read()
    try:
        with open(os.path.expanduser(path), encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        message = f"File not found. {path}" if tw_style else f"File not found: '{path}' (given to {option})"
        raise InputError(message) from None
    except IsADirectoryError:
        raise InputError(f"'{path}' (given to {option}) is a directory, not a file") from None
    except UnicodeDecodeError:
        raise InputError(f"File '{path}' (given to {option}) is not a UTF-8 text file") from None
    except OSError as error:
        raise InputError(f"Cannot read file '{path}' (given to {option}): {error.strerror or error}") from None
