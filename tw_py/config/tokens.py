"""Access tokens: flag > TOWER_ACCESS_TOKEN > OS keyring > 0600 file (only where no keyring works).

Every keyring call runs with a timeout, so a locked keyring cannot hang a command.
"""
from __future__ import annotations

import configparser
import os
import threading
from dataclasses import dataclass

from tw_py.config import inifile, paths
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
    from tw_py.config.environment import number

    return number("TWPY_KEYRING_TIMEOUT", 5.0)


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


WHAT = "token file"


def _read_file_tokens() -> configparser.ConfigParser:
    return inifile.read(paths.token_file(), WHAT)


def file_token(profile: str) -> str | None:
    return _read_file_tokens().get(profile, "token", fallback=None) or None


def file_permission_problem() -> str | None:
    """A warning when the token file can be read by others than its owner."""
    try:
        mode = os.stat(paths.token_file()).st_mode
    except OSError:
        return None
    if mode & 0o077:
        return (f"{paths.token_file()} can be read by other users (mode {mode & 0o777:o}); "
                f"run 'chmod 600 {paths.token_file()}'")
    return None


def save(profile: str, token: str) -> tuple[str, str | None]:
    """Store the token for `profile`: keyring if one works, else the 0600 file.

    Returns where it went ('keyring' or 'file') and, when it fell back to the file, why (for the warning)."""
    try:
        _call_keyring("set_password", SERVICE, profile, token)
    except KeyringUnavailable as exc:
        def put(parser: configparser.ConfigParser) -> None:
            if not parser.has_section(profile):
                parser.add_section(profile)
            parser.set(profile, "token", token)

        inifile.update(paths.token_file(), WHAT, put, repair=True)
        return "file", str(exc)
    _forget_file(profile)
    return "keyring", None


def _forget_file(profile: str) -> bool:
    if not paths.token_file().exists():
        return False
    removed = []
    inifile.update(paths.token_file(), WHAT, lambda parser: removed.append(parser.remove_section(profile)),
                   repair=True)
    return any(removed)


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


def clean(token: str | None, source: str) -> str | None:
    """The token without surrounding white space (a pasted or `echo`ed token often ends in CR/LF); a token with
    other characters than printable ASCII inside is refused (it would fail in an HTTP header anyway)."""
    if token is None:
        return None
    token = token.strip()
    if any(not (32 < ord(c) < 127) for c in token):
        raise ConfigError(f"The access token from {source} contains characters a token cannot have "
                          "(white space, control or non-ASCII characters)",
                          hint="Copy the token again from Seqera Platform (Your tokens) and log in again.")
    return token or None


def find(flag: str | None, profile: str, store: ProfileStore) -> TokenResult:
    """The token to use, by precedence, and where it came from."""
    if flag is not None:
        return TokenResult(clean(flag, "-t/--access-token"), "flag")
    if "TOWER_ACCESS_TOKEN" in os.environ:
        return TokenResult(clean(os.environ["TOWER_ACCESS_TOKEN"], "TOWER_ACCESS_TOKEN"), "env:TOWER_ACCESS_TOKEN")
    where = store.get(profile, STORE_KEY)
    if where == "keyring":
        try:
            token = _call_keyring("get_password", SERVICE, profile)
        except KeyringUnavailable as exc:
            raise ConfigError(f"Cannot read the token of profile '{profile}' from the keyring",
                              hint="Unlock the keyring, set TOWER_ACCESS_TOKEN, or run 'twpy auth login' again.") from exc
        if token:
            return TokenResult(clean(token, "the keyring"), "keyring")
    token = file_token(profile)
    if token:
        return TokenResult(clean(token, str(paths.token_file())), "file")
    return TokenResult(None, "none")
