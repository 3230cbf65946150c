"""twpy config: show and change the settings stored in a profile."""
from __future__ import annotations

import os

import click

from tw_py.cli.context import pass_app

profile_option = click.option("--profile", "profile", metavar="<name>",
                              help="Profile to use (default: the global --profile, TWPY_PROFILE, or 'default').")
SETTING_KEYS = ("url", "workspace", "output", "ca_bundle", "insecure")


def _validate(key: str, value: str) -> str:
    from tw_py.errors import InputError

    if key == "output" and value.lower() not in ("console", "json"):
        raise InputError(f"Invalid output format '{value}': expected console or json")
    if key == "url" and not value.startswith(("https://", "http://")):
        raise InputError(f"Invalid URL '{value}'", hint="Use a URL like https://api.cloud.seqera.io.")
    if key == "ca_bundle":
        value = os.path.abspath(os.path.expanduser(value))
        if not os.path.isfile(value):
            raise InputError(f"CA bundle '{value}' does not exist", hint="Give the path of a PEM file.")
    if key == "insecure" and value.lower() not in ("true", "false"):
        raise InputError(f"Invalid value '{value}' for insecure: expected true or false")
    return value.lower() if key in ("output", "insecure") else value


@click.group("config")
def group():
    """Show and change profile settings (twpy).

    The settings are url, workspace, output, ca_bundle and insecure.

    Settings apply with this precedence: command-line flag > environment variable > profile > default.
    """


@group.command("list")
@profile_option
@pass_app
def list_cmd(app, profile):
    """Show every setting's effective value and where it comes from, and the profiles in the config file.

    \b
    Examples:
      twpy config list
      twpy -o json config list --profile work
    """
    from tw_py.config import paths, settings
    from tw_py.config.profiles import KEYS
    from tw_py.output.tables import Column, table

    name = app.use_profile(profile)
    resolved = settings.resolve(profile=name if profile or app.flags.get("profile") else None,
                                url=app.flags.get("url"), output=app.flags.get("output"),
                                insecure=app.flags.get("insecure"))
    rows = [{"key": k, "value": str(getattr(resolved, k)) if getattr(resolved, k) not in (None, "") else "",
             "source": resolved.sources.get(k, "default")} for k in KEYS]
    doc = {"profile": resolved.profile, "configFile": str(paths.config_file()),
           "settings": {r["key"]: {"value": r["value"] or None, "source": r["source"]} for r in rows},
           "profiles": resolved.store.profiles()}
    app.emit(doc, lambda: f"\n  Settings of profile '{resolved.profile}' ({paths.config_file()}):\n\n" +
             table(rows, (Column("key", "Key"), Column("value", "Value"), Column("source", "Source"))) +
             f"\n\n  Profiles: {', '.join(resolved.store.profiles()) or '(none yet)'}\n\n")


@group.command("get")
@click.argument("key", type=click.Choice(SETTING_KEYS))
@profile_option
@pass_app
def get_cmd(app, key, profile):
    """Print one setting as stored in the profile (exit 1 when it is not set).

    \b
    Examples:
      twpy config get url
    """
    from tw_py.config.profiles import ProfileStore
    from tw_py.errors import ConfigError

    name = app.use_profile(profile)
    value = ProfileStore().get(name, key)
    if value is None:
        raise ConfigError(f"'{key}' is not set in profile '{name}'")
    app.emit({"profile": name, "key": key, "value": value}, value)


@group.command("set")
@click.argument("key", type=click.Choice(SETTING_KEYS))
@click.argument("value")
@profile_option
@pass_app
def set_cmd(app, key, value, profile):
    """Store a setting in the profile (the profile is created if needed).

    \b
    Examples:
      twpy config set workspace acme/showcase
      twpy config set ca_bundle /etc/ssl/private-ca.pem --profile work
      twpy config set output json
    """
    from tw_py.config.profiles import ProfileStore

    name = app.use_profile(profile)
    value = _validate(key, value)
    ProfileStore().set(name, key, value)
    app.emit({"profile": name, "key": key, "value": value}, f"\n  Set {key} = {value} in profile '{name}'\n")


@group.command("unset")
@click.argument("key", type=click.Choice(SETTING_KEYS))
@profile_option
@pass_app
def unset_cmd(app, key, profile):
    """Remove a setting from the profile.

    \b
    Examples:
      twpy config unset workspace
    """
    from tw_py.config.profiles import ProfileStore

    name = app.use_profile(profile)
    removed = ProfileStore().unset(name, key)
    app.emit({"profile": name, "key": key, "removed": removed},
             f"\n  {'Removed' if removed else 'Nothing to remove:'} {key} {'from' if removed else 'in'} profile '{name}'\n")
