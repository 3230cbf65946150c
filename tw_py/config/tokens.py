"""Access tokens: flag > TOWER_ACCESS_TOKEN > OS keyring > 0600 file (only where no keyring works).

Every keyring call runs with a timeout, so a locked keyring cannot hang a command.
"""
from __future__ import annotations

import configparser
import io
import os
import threading
from dataclasses import dataclass

from tw_py.config import paths
from tw_py.config.profiles import ProfileStore
from tw_py.errors import ConfigError

SERVICE = "twpy"
STORE_KEY = "token_store"  # profile key recording where login put the token: keyring | file


class KeyringUnavailable(Exception):
    """No usable keyring backend, or it did not answer in time."""


@dataclass
class TokenResult:
    token: str | None
    source: str  # flag | env:TOWER_ACCESS_TOKEN | keyring | file | none


def keyring_timeout() -> float:
    try:
        return float(os.environ.get("TWPY_KEYRING_TIMEOUT", "5"))
    except ValueError:
        return 5.0


def _call_keyring(name: str, *args):
    """Run keyring.<name>(*args) in a daemon thread; raise KeyringUnavailable on failure or timeout."""
    box: dict = {}

    def target():
        try:
            import keyring
            from keyring.backends import fail

            if isinstance(keyring.get_keyring(), fail.Keyring):
                raise KeyringUnavailable("no keyring backend is available")
            box["value"] = getattr(keyring, name)(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the caller
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name="twpy-keyring")
    thread.start()
    thread.join(keyring_timeout())
    if thread.is_alive():
        raise KeyringUnavailable(f"the keyring did not answer within {keyring_timeout():g}s (is it locked?)")
    if "error" in box:
        error = box["error"]
        if isinstance(error, KeyringUnavailable):
            raise error
        raise KeyringUnavailable(f"{type(error).__name__}: {error}") from error
    return box.get("value")


def _read_file_tokens() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    path = paths.token_file()
    if path.exists():
        parser.read(path, encoding="utf-8")
    return parser


def _write_file_tokens(parser: configparser.ConfigParser) -> None:
    buffer = io.StringIO()
    parser.write(buffer)
    paths.write_private(paths.token_file(), buffer.getvalue())


def file_token(profile: str) -> str | None:
    return _read_file_tokens().get(profile, "token", fallback=None) or None


def save(profile: str, token: str, store: ProfileStore) -> str:
    """Store the token for `profile`: keyring if one works, else the 0600 file. Returns 'keyring' or 'file'.

    When falling back, the returned reason is kept in `save.last_reason` for the caller's warning.
    """
    save.last_reason = None
    try:
        _call_keyring("set_password", SERVICE, profile, token)
        where = "keyring"
        _forget_file(profile)
    except KeyringUnavailable as exc:
        save.last_reason = str(exc)
        parser = _read_file_tokens()
        if not parser.has_section(profile):
            parser.add_section(profile)
        parser.set(profile, "token", token)
        _write_file_tokens(parser)
        where = "file"
    store.set(profile, STORE_KEY, where)
    return where


save.last_reason = None


def _forget_file(profile: str) -> bool:
    parser = _read_file_tokens()
    if parser.has_section(profile):
        parser.remove_section(profile)
        _write_file_tokens(parser)
        return True
    return False


def delete(profile: str, store: ProfileStore) -> list[str]:
    """Remove the profile's stored token wherever it is; returns where it was removed from."""
    removed = []
    if store.get(profile, STORE_KEY) == "keyring":
        try:
            _call_keyring("delete_password", SERVICE, profile)
            removed.append("keyring")
        except KeyringUnavailable:
            pass
    if _forget_file(profile):
        removed.append("file")
    store.unset(profile, STORE_KEY)
    return removed


def find(flag: str | None, profile: str, store: ProfileStore) -> TokenResult:
    """The token to use, by precedence, and where it came from."""
    if flag is not None:
        return TokenResult(flag, "flag")
    if "TOWER_ACCESS_TOKEN" in os.environ:
        return TokenResult(os.environ["TOWER_ACCESS_TOKEN"], "env:TOWER_ACCESS_TOKEN")
    where = store.get(profile, STORE_KEY)
    if where == "keyring":
        try:
            token = _call_keyring("get_password", SERVICE, profile)
        except KeyringUnavailable as exc:
            raise ConfigError(f"Cannot read the token of profile '{profile}' from the keyring: {exc}",
                              hint="Unlock the keyring, set TOWER_ACCESS_TOKEN, or run 'twpy auth login' again.") from exc
        if token:
            return TokenResult(token, "keyring")
    token = file_token(profile)
    if token:
        return TokenResult(token, "file")
    return TokenResult(None, "none")
