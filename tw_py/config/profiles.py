"""The config file: one INI section per profile, holding url, workspace, output, ca_bundle, insecure."""
from __future__ import annotations

import configparser
from pathlib import Path

from tw_py.config import paths
from tw_py.errors import ConfigError

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
    parser = configparser.ConfigParser(interpolation=None)
    if path.exists():
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise ConfigError(f"Cannot read the config file {path}: {exc}",
                              hint="Fix or remove the file; 'twpy config list' shows what twpy reads.") from exc
        except OSError as exc:
            raise ConfigError(f"Cannot read the config file {path}: {exc.strerror}") from exc
    return parser


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
        if not self.parser.has_section(profile):
            self.parser.add_section(profile)
        self.parser.set(profile, key, value)
        self._save()

    def unset(self, profile: str, key: str) -> bool:
        if not self.parser.has_section(profile) or not self.parser.has_option(profile, key):
            return False
        self.parser.remove_option(profile, key)
        self._save()
        return True

    def _save(self) -> None:
        import io

        buffer = io.StringIO()
        self.parser.write(buffer)
        paths.write_private(self.path, buffer.getvalue())
