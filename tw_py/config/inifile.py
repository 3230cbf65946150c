"""twpy's INI files (config.ini, tokens.ini): read with clear errors, changed under a file lock.

Several twpy processes may change the same file at once (scripts that log in to twenty profiles in parallel):
every change re-reads the file inside an exclusive lock, applies itself, and writes the result atomically, so no
writer loses another's change. Errors name the file and the line number, never a line's text (it may be a token).
"""
from __future__ import annotations

import configparser
import contextlib
import io
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

from tw_py.config import paths
from tw_py.errors import ConfigError

LOCK_TIMEOUT = 30.0


def parse(path: Path, text: str, what: str) -> configparser.ConfigParser:
    """The INI text of `path` parsed; a malformed file is a ConfigError naming the file and line only."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None) or next((n for n, _ in getattr(exc, "errors", [])), None)
        where = f" (line {line})" if line else ""
        raise ConfigError(f"The {what} {path} is not a valid INI file{where}",
                          hint="Fix or remove it; 'twpy auth login' rewrites it.") from None
    return parser


def read(path: Path, what: str) -> configparser.ConfigParser:
    """The file parsed, or an empty parser when it does not exist; unreadable or undecodable is an error (never
    silently ignored: falling back to defaults could send a token to the wrong server)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return configparser.ConfigParser(interpolation=None)
    except OSError as exc:
        raise ConfigError(f"Cannot read the {what} {path}: {exc.strerror}",
                          hint="Check the file's owner and permissions (it should be readable by you only).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"The {what} {path} is not UTF-8 text", hint="Fix or remove it.") from None
    return parse(path, text, what)


def render(parser: configparser.ConfigParser) -> str:
    buffer = io.StringIO()
    parser.write(buffer)
    return buffer.getvalue()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock for changing `path` (a `.lock` file beside it), across processes."""
    paths.make_private_dir(path.parent)
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise ConfigError(f"Cannot write in {path.parent}: {exc.strerror}",
                          hint="Check the directory's permissions, or set TWPY_CONFIG_DIR to a writable one.") from None
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise ConfigError("Timed out waiting for another twpy to finish writing its config") from None
                time.sleep(0.05)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def update(path: Path, what: str, change: Callable[[configparser.ConfigParser], object], *,
           repair: bool = False) -> configparser.ConfigParser:
    """Re-read `path` under the lock, apply `change`, write it back atomically (0600). With `repair`, a corrupt
    file is set aside as `<name>.corrupt` (0600) and replaced, so `auth login` can mend it."""
    with locked(path):
        try:
            parser = read(path, what)
        except ConfigError:
            if not repair:
                raise
            with contextlib.suppress(OSError):
                os.replace(paths.real_path(path), path.with_name(path.name + ".corrupt"))
            parser = configparser.ConfigParser(interpolation=None)
        change(parser)
        paths.write_private(path, render(parser))
    return parser
