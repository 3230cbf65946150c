"""twpy auth: log in (token checked, then kept in the OS keyring), status, log out, print the token."""
from __future__ import annotations

import sys

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import _completer

profile_option = click.option("--profile", "profile", metavar="<name>",
                              help="Profile to use (default: the global --profile, TWPY_PROFILE, or 'default').")


@click.group("auth")
def group():
    """Log in, log out and show where credentials come from (twpy)."""


@group.command("login")
@click.option("--url", metavar="<url>", help="API endpoint URL to log in to (default: -u, TOWER_API_ENDPOINT, the profile's, or Seqera Cloud).")
@profile_option
@click.option("--with-token", is_flag=True, help="Read the token from standard input instead of prompting.")
@click.option("-w", "--workspace", metavar="<workspace>", help="Default workspace to save in the profile (Org/Workspace or id).",
              shell_complete=_completer("workspaces"))
@pass_app
def login_cmd(app, url, profile, with_token, workspace):
    """Log in with a personal access token: it is checked against the server, then stored in the OS keyring
    (or, where no keyring works, in a 0600 file in the config directory), never on the command line.

    \b
    Examples:
      twpy auth login
      twpy auth login --url https://seqera.example.com/api --profile work
      echo "$TOKEN" | twpy auth login --with-token
    """
    from tw_py.api import users
    from tw_py.api.workspaces import AccountDirectory, resolve
    from tw_py.config import paths, settings, tokens
    from tw_py.config.profiles import ProfileStore
    from tw_py.errors import InputError

    name = app.use_profile(profile)
    store = ProfileStore()
    resolved = settings.resolve(profile=name, url=url or app.flags.get("url"), insecure=app.flags.get("insecure"),
                                store=store, must_exist=False)
    app.__dict__["settings"] = resolved  # this command's settings: the profile may not exist yet
    target = app.check_url(resolved.url)
    if with_token:
        token = sys.stdin.readline().strip()
    else:
        if not app.io.stderr_tty and not sys.stdin.isatty():
            raise InputError("No terminal to prompt for the token", hint="Pipe it in with --with-token.")
        token = click.prompt("Paste your Seqera Platform access token", hide_input=True, err=True).strip()
    token = tokens.clean(token, "the input")
    if not token:
        raise InputError("The token is empty", hint="Create one in Seqera Platform under Your tokens, then log in again.")
    client = app.make_client(target, token)
    user = users.user_info(client)
    values = {"url": target}
    if workspace:
        directory = AccountDirectory(lambda: client, target, token)
        _ = resolve(directory, workspace).entry  # fails clearly when it does not exist
        values["workspace"] = workspace
    if resolved.insecure and not target.startswith("https"):
        values["insecure"] = "true"
    where, reason = tokens.save(name, token)
    values[tokens.STORE_KEY] = where
    store.update(name, values)  # one locked write: parallel logins to other profiles keep theirs
    if where == "file":
        app.renderer.warn(f"no usable keyring ({client.redact(reason or '')}); the token was stored in "
                          f"{paths.token_file()} (readable only by you)")
    place = "the system keyring" if where == "keyring" else str(paths.token_file())
    app.emit({"profile": name, "url": target, "userName": user.get("userName"), "tokenStore": where},
             f"\n  Logged in to {target} as {user.get('userName')} (profile '{name}'); token stored in {place}.\n")


@group.command("status")
@profile_option
@pass_app
def status_cmd(app, profile):
    """Show the user, server, default workspace, and where the token comes from (flag, environment, keyring, file).
    Exits 1 when there is no token or the server rejects it.

    \b
    Examples:
      twpy auth status
      twpy --profile work -o json auth status
    """
    from tw_py.api import users
    from tw_py.errors import AuthError, ConfigError
    from tw_py.output.tables import key_values

    app.use_profile(profile)
    found = app.token_result
    user, problem = {}, None
    if found.token is None:
        problem = "not logged in"
    else:
        try:
            user = users.user_info(app.client)
        except AuthError:
            problem = "the server rejected the token (expired or revoked?)"
    s = app.settings
    doc = {"profile": s.profile, "url": s.url, "userName": user.get("userName"), "email": user.get("email"),
           "workspace": s.workspace, "tokenSource": found.source if found.token else None,
           "loggedIn": problem is None}
    app.emit(doc, lambda: "\n" + key_values([
        ("Profile", s.profile), ("API endpoint", f"{s.url}  ({s.sources.get('url')})"),
        ("User", user.get("userName") or "-"), ("Default workspace", s.workspace or "personal"),
        ("Token from", found.source if found.token else "-"), ("Status", problem or "logged in")]) + "\n\n")
    if problem:
        raise ConfigError(f"Profile '{s.profile}': {problem}", hint="Run 'twpy auth login' or set TOWER_ACCESS_TOKEN.")


@group.command("logout")
@profile_option
@pass_app
def logout_cmd(app, profile):
    """Remove the profile's stored token (keyring or file). Other profile settings are kept.

    \b
    Examples:
      twpy auth logout
      twpy auth logout --profile work
    """
    from tw_py.config import tokens

    name = app.use_profile(profile)
    removed = tokens.delete(name, app.settings.store)
    where = " and ".join(removed) if removed else "nowhere (no stored token)"
    app.emit({"profile": name, "removedFrom": removed}, f"\n  Logged out of profile '{name}': token removed from {where}.\n")


@group.command("token")
@profile_option
@pass_app
def token_cmd(app, profile):
    """Print the access token twpy would use, for other tools (it is the only command that prints it).

    \b
    Examples:
      export TOWER_ACCESS_TOKEN="$(twpy auth token)"
    """
    from tw_py.errors import ConfigError

    app.use_profile(profile)
    token = app.token_result.token
    if token is None:
        raise ConfigError("Not logged in", hint="Run 'twpy auth login' first.")
    app.emit({"token": token, "source": app.token_result.source}, token)
