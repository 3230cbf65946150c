"""AppContext: everything one invocation shares, built lazily so --help and completion stay cheap."""
from __future__ import annotations

import re
from functools import cached_property

import click

from tw_py.errors import ConfigError

INSECURE = ("You are trying to connect to an insecure server: {url}\n"
            "        if you want to force the connection use '--insecure'. NOT RECOMMENDED!")
MISSING_TOKEN = "Missing TOWER_ACCESS_TOKEN environment variable or '{prog} -t <token> ...' parameter"


def prog_name() -> str:
    """The program's name as the user invoked it (`twpy`, or `tw` under that name), for hints."""
    import os
    import sys

    name = os.path.basename(sys.argv[0] or "") if sys.argv else ""
    return "tw" if name == "tw" else "twpy"


class AppContext:
    """Per-invocation state: settings, IO, and lazily the token, the HTTP client and the workspace directory."""

    def __init__(self, *, url=None, output=None, token=None, insecure=False, verbose=False,
                 profile=None, io=None):
        self.flags = dict(url=url, output=output, token=token, insecure=insecure, verbose=verbose, profile=profile)
        if io is None:
            from tw_py.output.render import IO

            io = IO()
        self.io = io
        self.verbose = verbose
        self._client = None

    # Settings and output ---------------------------------------------------------------------------
    @cached_property
    def settings(self):
        from tw_py.config import settings

        return settings.resolve(**self.flags)

    @cached_property
    def renderer(self):
        from tw_py.output.render import Renderer

        try:
            json_mode = self.settings.json
        except ConfigError:
            json_mode = (self.flags.get("output") or "").lower() == "json"
        return Renderer(self.io, json_mode)

    def use_profile(self, profile: str | None = None) -> str:
        """The profile this invocation works on: a command's own --profile (which then applies to everything
        this invocation resolves), else the global --profile, TWPY_PROFILE, or `default`."""
        import os

        from tw_py.config.profiles import DEFAULT_PROFILE

        if profile:
            self.flags["profile"] = profile
        return self.flags.get("profile") or os.environ.get("TWPY_PROFILE") or DEFAULT_PROFILE

    def emit(self, document, console=None) -> None:
        self.renderer.emit(document, console)

    def remember_names(self, kind: str, workspace, items, replace: bool = False) -> None:
        """Record the names a listing showed, for tab completion (`replace`: the listing was complete). Never fails."""
        from tw_py.api import names

        names.remember(self.settings, kind, workspace, items, replace=replace)

    # Credentials and HTTP ------------------------------------------------------------------------
    @cached_property
    def token_result(self):
        from tw_py.config import tokens

        found = tokens.find(self.settings.token_flag, self.settings.profile, self.settings.store)
        problem = tokens.file_permission_problem() if found.source == "file" else None
        if problem:
            self.renderer.warn(problem)
        return found

    def check_url(self, url: str | None = None) -> str:
        """The server URL, checked: a scheme and host, no user or password in it, https unless --insecure.
        The scheme is returned in lower case (`HTTPS://` is https)."""
        from urllib.parse import urlsplit

        url = (self.settings.url if url is None else url).strip()
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"Invalid server URL '{url}': it needs https:// and a host",
                              hint="Add https:// in front, e.g. https://api.cloud.seqera.io or https://seqera.example.com/api.")
        if "@" in parts.netloc:
            shown = parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]).geturl()
            raise ConfigError(f"The server URL {shown} holds a user name or password",
                              hint="Remove it from the URL: twpy authenticates with your access token.")
        try:
            _ = parts.port
        except ValueError:
            raise ConfigError(f"Invalid server URL '{url}': bad port",
                              hint="A port is a number from 1 to 65535, e.g. https://seqera.example.com:8443/api.") from None
        if scheme != "https" and not self.settings.insecure:
            raise ConfigError(INSECURE.format(url=url),
                              hint=f"Put --insecure before the command ('{prog_name()} --insecure ...') or set "
                                   "TWPY_INSECURE=1, only for a server you trust (like the local sandbox).")
        return parts._replace(scheme=scheme).geturl()

    @property
    def client(self):
        """The invocation's one API client (created on first use)."""
        if self._client is None:
            url = self.check_url()
            token = self.token_result.token
            if token is None:
                raise ConfigError(MISSING_TOKEN.format(prog=prog_name()),
                                  hint=f"Log in with '{prog_name()} auth login', or set TOWER_ACCESS_TOKEN.")
            self._client = self.make_client(url, token)
        return self._client

    def make_client(self, url: str, token: str | None):

        from tw_py.api.client import Client
        from tw_py.config.environment import number

        timeout = (number("TWPY_CONNECT_TIMEOUT", 10.0, minimum=0.1), number("TWPY_READ_TIMEOUT", 30.0, minimum=0.1))
        return Client(url, token, verify=self.settings.verify(), retries=int(number("TWPY_RETRIES", 3, integer=True)),
                      timeout=timeout, deadline=number("TWPY_REQUEST_TIMEOUT", 120.0, minimum=1.0),
                      log=self.io.stderr if self.verbose else None, notify=self.renderer.warn,
                      status=self.renderer.status)

    @cached_property
    def directory(self):
        """The user's organizations and workspaces (one lookup per invocation, cached on disk)."""
        from tw_py.api.workspaces import AccountDirectory

        return AccountDirectory(lambda: self.client, self.check_url(), self.token_result.token)

    def workspace(self, ref: str | None = None, required: bool = False):
        """Resolve `-w` (falling back to TOWER_WORKSPACE_ID, then the profile's workspace, then personal)."""
        from tw_py.api.workspaces import resolve

        if ref is None:
            ref = self.settings.workspace
        if required and not ref:
            raise click.UsageError("Missing required option: '--workspace=<workspace>'")
        return resolve(self.directory, ref)

    def user(self) -> dict:
        return self.directory.user()

    @property
    def server_url(self) -> str:
        """The web UI's URL derived from the API URL, as tw does (`api.` and `/api` removed once)."""
        return re.sub(r"/api", "", re.sub(r"api\.", "", self.settings.url, count=1), count=1)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


pass_app = click.make_pass_decorator(AppContext)
