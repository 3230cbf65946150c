"""Every environment variable twpy reads, with a one-line doc each (the root --help and the man page show this
table), and one validated reader for the numeric ones."""
from __future__ import annotations

import math
import os

from tw_py.errors import ConfigError

#: name -> what it does. Numeric variables also appear in NUMBERS with their default.
VARIABLES: dict[str, str] = {
    "TOWER_ACCESS_TOKEN": "Access token (as tw); takes precedence over the keyring and the token file.",
    "TOWER_API_ENDPOINT": "API endpoint URL, like -u/--url [default: https://api.cloud.seqera.io].",
    "TOWER_WORKSPACE_ID": "Default workspace: numeric id or Organization/Workspace, like -w/--workspace.",
    "TOWER_CLI_OUTPUT_FORMAT": "Default output format, console or json, like -o/--output.",
    "TWPY_PROFILE": "The profile of the config file to use, like --profile [default: default].",
    "TWPY_CONFIG_DIR": "Directory of config.ini and the token file (overrides the platform default).",
    "TWPY_CACHE_DIR": "Directory of the short-lived caches (workspace lookups, completion names).",
    "TWPY_CACHE_TTL": "Seconds the workspace lookups are cached [default: 300]; 0 disables the cache.",
    "TWPY_CA_BUNDLE": "CA bundle (PEM) to verify the server's TLS certificate (private certificate authorities).",
    "TWPY_INSECURE": "true to allow a plain-http URL, like --insecure.",
    "TWPY_KEYRING_TIMEOUT": "Seconds to wait for the OS keyring before giving up [default: 5].",
    "TWPY_RETRIES": ("How many times a failed idempotent request, or part of a data-link transfer, is retried "
                     "[default: 3]; launches never are."),
    "TWPY_CONNECT_TIMEOUT": "Seconds to wait for a connection to the server [default: 10].",
    "TWPY_READ_TIMEOUT": "Seconds to wait for the server to send anything [default: 30].",
    "TWPY_REQUEST_TIMEOUT": "Seconds one request may take in all, retries and slow answers included [default: 120].",
    "TWPY_POLL_INTERVAL": "Seconds between the first status checks of a wait [default: 2].",
    "TWPY_COMPLETE_TIMEOUT": "Seconds tab completion waits for names never fetched before [default: 3].",
    "TWPY_NAMES_TTL": "Seconds after which completion refreshes names in the background [default: 600].",
    "TWPY_COMPLETE_REFRESH": "0 to stop completion from fetching names (it then offers only cached names).",
    "REQUESTS_CA_BUNDLE, SSL_CERT_FILE": "CA bundle used when TWPY_CA_BUNDLE and the profile set none.",
    "HTTPS_PROXY, HTTP_PROXY, NO_PROXY": "Proxy settings, honoured for every request.",
    "NO_COLOR": "Disable colour in messages.",
}


def number(name: str, default: float, *, minimum: float = 0.0, integer: bool = False) -> float:
    """The variable as a finite number >= `minimum` (`default` when unset or empty); anything else is a
    ConfigError naming the variable, never a silent default."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < minimum:
        kind = "a whole number" if integer else "a number of seconds"
        raise ConfigError(f"{name}={raw[:40]!r} is not {kind} of at least {minimum:g}",
                          hint=f"Set {name} to a value like {default:g}, or unset it.")
    return value
