"""Settings resolution: command-line flag > environment > profile > built-in default."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from tw_py.config.profiles import DEFAULT_PROFILE, ProfileStore
from tw_py.errors import ConfigError

DEFAULT_URL = "https://api.cloud.seqera.io"
OUTPUT_FORMATS = ("console", "json")
TRUE_WORDS = {"1", "true", "yes", "on"}

#: setting -> environment variables that hold it, first wins (tw's TOWER_* first).
ENVIRONMENT = {
    "url": ("TOWER_API_ENDPOINT",),
    "output": ("TOWER_CLI_OUTPUT_FORMAT",),
    "workspace": ("TOWER_WORKSPACE_ID",),
    "ca_bundle": ("TWPY_CA_BUNDLE",),
    "insecure": ("TWPY_INSECURE",),
}


@dataclass
class Settings:
    """The settings of one invocation, each with where it came from (flag, env:NAME, profile, default)."""

    profile: str = DEFAULT_PROFILE
    url: str = DEFAULT_URL
    output: str = "console"
    workspace: str | None = None
    ca_bundle: str | None = None
    insecure: bool = False
    verbose: bool = False
    token_flag: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    store: ProfileStore | None = None

    @property
    def json(self) -> bool:
        return self.output == "json"

    def verify(self) -> bool | str:
        """What requests should verify TLS with: a CA bundle path, or True (never False)."""
        if self.ca_bundle:
            if not os.path.isfile(self.ca_bundle):
                raise ConfigError(f"CA bundle '{self.ca_bundle}' does not exist",
                                  hint="Set a readable PEM file with 'twpy config set ca_bundle PATH' or TWPY_CA_BUNDLE.")
            return self.ca_bundle
        for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"):
            value = os.environ.get(name)
            if value:
                if not os.path.exists(value):
                    raise ConfigError(f"CA bundle '{value}' (from {name}) does not exist",
                                      hint=f"Point {name} at a readable PEM file, or unset it.")
                return value
        return True


def _pick(name: str, flag, store: ProfileStore, profile: str, default):
    """One setting by precedence; returns (value, source)."""
    if flag is not None:
        return flag, "flag"
    for var in ENVIRONMENT.get(name, ()):
        if var in os.environ:
            return os.environ[var], f"env:{var}"
    value = store.get(profile, name)
    if value is not None:
        return value, f"profile:{profile}"
    return default, "default"


def resolve(*, profile: str | None = None, url: str | None = None, output: str | None = None,
            insecure: bool = False, verbose: bool = False, token: str | None = None,
            store: ProfileStore | None = None, must_exist: bool = True) -> Settings:
    """Build the invocation's Settings from flags (None when not given), environment and profile.

    A profile named by flag or TWPY_PROFILE must exist, unless `must_exist` is False (logging in creates it).
    """
    store = store or ProfileStore()
    if profile:
        profile_source = "flag"
    elif os.environ.get("TWPY_PROFILE"):
        profile, profile_source = os.environ["TWPY_PROFILE"], "env:TWPY_PROFILE"
    else:
        profile, profile_source = DEFAULT_PROFILE, "default"
    if must_exist and profile_source != "default" and not store.exists(profile):
        raise ConfigError(f"Profile '{profile}' does not exist",
                          hint=f"Create it with 'twpy auth login --profile {profile}' or 'twpy config set --profile {profile} url URL'.")
    sources = {"profile": profile_source}
    values = {}
    for name, flag, default in (("url", url, DEFAULT_URL), ("output", output, "console"),
                                ("ca_bundle", None, None), ("workspace", None, None)):
        values[name], sources[name] = _pick(name, flag, store, profile, default)
    insecure_value, sources["insecure"] = _pick("insecure", True if insecure else None, store, profile, False)
    out = str(values["output"]).strip().lower()
    if out not in OUTPUT_FORMATS:
        raise ConfigError(f"Invalid output format '{values['output']}' (from {sources['output']}): expected one of console, json")
    return Settings(profile=profile, url=values["url"], output=out, workspace=values["workspace"] or None,
                    ca_bundle=values["ca_bundle"], insecure=str(insecure_value).strip().lower() in TRUE_WORDS,
                    verbose=verbose, token_flag=token, sources=sources, store=store)
