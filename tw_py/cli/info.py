"""twpy info: connection, API version and token checks."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app


@click.command("info")
@pass_app
def command(app):
    """Show system info and health status.

    Exits 1 when any check fails.

    \b
    Examples:
      twpy info
      twpy -u https://seqera.example.com/api -o json info | jq .credentialsCheck
    """
    from tw_py import API_VERSION, __version__
    from tw_py.api import service
    from tw_py.output.tables import key_values

    url = app.settings.url
    health = service.check(app.client, API_VERSION)
    cli_version = f"{__version__} (twpy)"
    opts = {"towerVersion": health.tower_version, "towerApiEndpoint": url, "cliVersion": cli_version,
            "cliApiVersion": API_VERSION, "towerApiVersion": health.api_version, "userName": health.user_name}

    def console() -> str:
        words = {1: "OK", 0: "FAILED", -1: "SKIPPED"}
        undefined = "UNDEFINED"
        text = "\n    Details\n" + key_values([
            ("Tower API endpoint", url), ("Tower API version", health.api_version or undefined),
            ("Tower version", health.tower_version or undefined), ("CLI version", cli_version),
            ("CLI minimum API version", API_VERSION), ("Authenticated user", health.user_name or undefined)]) + "\n"
        text += "\n    System health status\n" + key_values([
            ("Remote API server connection check", words[health.connection]),
            ("Tower API version check", {1: "OK", 0: "WARNING", -1: "SKIPPED"}[health.version]),
            ("Authentication API credential's token", words[health.credentials])]) + "\n"
        if health.connection == service.FAILED:
            suggestion = "" if "/api" in url else f" (did you mean {url}/api?)"
            text += f"\n    Tower API URL {url} is not available{suggestion}\n"
        if health.version == service.FAILED:
            text += (f"\n    Warning: Platform API version {health.api_version} is older than this CLI's minimum ({API_VERSION}).\n"
                     "    Some twpy commands may fail or return incomplete results.\n")
        if health.credentials == service.FAILED:
            text += "\n    Review that your current access token is valid and active.\n"
        return text + "\n"

    app.emit({"connectionCheck": health.connection, "versionCheck": health.version,
              "credentialsCheck": health.credentials, "opts": opts}, console)
    if not health.healthy:
        click.get_current_context().exit(1)
