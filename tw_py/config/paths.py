"""Locations of twpy's files: platformdirs, overridable with TWPY_CONFIG_DIR / TWPY_CACHE_DIR."""
from __future__ import annotations

import os
from pathlib import Path

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


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, the file created 0600 from the start (it may hold secrets)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
