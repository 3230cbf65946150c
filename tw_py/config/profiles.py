"""The config file: one INI section per profile, holding url, workspace, output, ca_bundle, insecure."""
from __future__ import annotations

import configparser
from pathlib import Path

from tw_py.config import inifile, paths

DEFAULT_PROFILE = "default"
#: Settings a profile may hold, with what each means (shown by `twpy config list`).
KEYS = {
    "url": "API endpoint URL (like -u/--url, TOWER_API_ENDPOINT)",
    "workspace": "default workspace, numeric id or Organization/Workspace (like -w, TOWER_WORKSPACE_ID)",
    "output": "default output format, console or json (like -o, TOWER_CLI_OUTPUT_FORMAT)",
    "ca_bundle": "CA bundle file to verify the server's TLS certificate (private certificate authorities)",
    "insecure": "true to allow a plain-http URL, like --insecure",
}
#: Keys twpy itself writes; not offered to `config set`.
INTERNAL_KEYS = {"token_store"}


def _read(path: Path) -> configparser.ConfigParser:
    return inifile.read(path, "config file")


class ProfileStore:
    """Reads and writes profiles in config.ini (created 0600, it names servers and workspaces)."""

    def __init__(self, path: Path | None = None):
        self.path = path or paths.config_file()
        self._parser: configparser.ConfigParser | None = None

    @property
    def parser(self) -> configparser.ConfigParser:
        if self._parser is None:
            self._parser = _read(self.path)
        return self._parser

    def profiles(self) -> list[str]:
        return self.parser.sections()

    def exists(self, profile: str) -> bool:
        return self.parser.has_section(profile)

    def get(self, profile: str, key: str) -> str | None:
        if not self.parser.has_section(profile):
            return None
        value = self.parser.get(profile, key, fallback=None)
        return value if value not in (None, "") else None

    def items(self, profile: str) -> dict[str, str]:
        if not self.parser.has_section(profile):
            return {}
        return dict(self.parser.items(profile))

    def set(self, profile: str, key: str, value: str) -> None:
        self.update(profile, {key: value})

    def update(self, profile: str, values: dict[str, str | None]) -> None:
        """Set (or, for None, remove) several keys of a profile in one locked write."""
        def change(parser: configparser.ConfigParser) -> None:
            if not parser.has_section(profile):
                parser.add_section(profile)
            for key, value in values.items():
                if value is None:
                    parser.remove_option(profile, key)
                else:
                    parser.set(profile, key, value)

        self._parser = inifile.update(self.path, "config file", change)

    def unset(self, profile: str, key: str) -> bool:
        if not self.parser.has_section(profile) or not self.parser.has_option(profile, key):
            return False
        self._parser = inifile.update(self.path, "config file",
                                      lambda parser: parser.has_section(profile) and parser.remove_option(profile, key))
        return True
