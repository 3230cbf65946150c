"""Locations of twpy's files: platformdirs, overridable with TWPY_CONFIG_DIR / TWPY_CACHE_DIR."""
from __future__ import annotations

import os
from pathlib import Path

from tw_py.atomic_write import replacing

APP_NAME = "twpy"


def config_dir() -> Path:
    """The directory holding config.ini (profiles) and, when no keyring works, the token file."""
    override = os.environ.get("TWPY_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The directory for short-lived caches (workspace lookups, completion names)."""
    override = os.environ.get("TWPY_CACHE_DIR")
    if override:
        return Path(override)
    if os.environ.get("TWPY_CONFIG_DIR"):
        return Path(os.environ["TWPY_CONFIG_DIR"]) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.ini"


def token_file() -> Path:
    return config_dir() / "tokens.ini"


def make_private_dir(path: Path) -> None:
    """Create `path` (and its parents) if missing; the directories twpy creates are 0700."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError as exc:
        from tw_py.errors import ConfigError

        raise ConfigError(f"Cannot create the directory {path}: {exc.strerror}",
                          hint="Check the permissions of its parent, or set TWPY_CONFIG_DIR / TWPY_CACHE_DIR.") from None


def real_path(path: Path) -> Path:
    """The file a path names, through symbolic links (a linked config file is written where it lives)."""
    return Path(os.path.realpath(path))


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, the file created 0600 from the start (it may hold secrets). A symbolic
    link stays a link: its target is replaced."""
    make_private_dir(path.parent)
    target = real_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        from tw_py.errors import ConfigError

        raise ConfigError(f"Cannot write {path}: {exc.strerror}",
                          hint="Check the directory's permissions, or set TWPY_CONFIG_DIR to a writable one.") from None
    with replacing(fd, tmp, target) as handle:
        handle.write(text)
        os.chmod(tmp, 0o600)
