"""twpy secrets: list, add, view, update and delete the pipeline secrets of a workspace.

A secret's value is given with -v/--value, typed at a hidden prompt (no value on a terminal), or read from a file
or stdin with --value-file; it never appears in any output, JSON document or verbose log. -v/--value is a plain
option (never click's optional value), so a value that starts with '-' is taken as the value, as tw does, and can
never end up in an "unknown option" message.
"""
from __future__ import annotations

import sys

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import item_command, mutually_exclusive, ref_options, usage_error, workspace_option
from tw_py.files import read_text
from tw_py.output.tables import Column

LIST_COLUMNS = (Column("id", "ID"), Column("name", "Name"),
                Column(lambda s: _format_date(s.get("dateCreated")), "Created"),
                Column(lambda s: _format_date(s.get("lastUpdated")), "Updated"),
                Column(lambda s: _format_date(s.get("lastUsed")), "Used"))

secret_ref = ref_options("secret", id_type=int)


def _format_date(value):
    from tw_py.output.formats import format_date

    return format_date(value)


def _value_options(help_text: str):
    """`-v/--value` and twpy's `--value-file <path|->`; neither given on a terminal: a hidden prompt."""
    def decorate(f):
        f = click.option("--value-file", "value_file", metavar="<path>",
                         help="Read the secret value from this file, '-' for stdin (twpy).")(f)
        return click.option("-v", "--value", "value", metavar="<value>",
                            help=f"{help_text} Missing (on a terminal): asked for, hidden.")(f)
    return decorate


@click.group("secrets")
def group():
    """Manage secrets.

    Pipeline secrets are made available to pipeline executions at runtime. Their values can be given with
    -v/--value, typed at a hidden prompt, or read with --value-file (a file, or '-' for stdin); a value is never
    shown by twpy, not even in -v/--verbose logs.

    \b
    Examples:
      twpy secrets list -w acme/showcase
      twpy secrets add -n NCBI_API_KEY --value-file ~/.ncbi_key -w acme/showcase
      printf %s "$TOKEN" | twpy secrets update -n GH_TOKEN --value-file -
    """


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _check_value_options(value, value_file) -> None:
    """Usage errors before any request: both options given, or no value at all where nobody can be asked."""
    if value is not None and value_file is not None:
        raise mutually_exclusive("--value and --value-file", show_usage=True)
    if value is None and value_file is None and not _stdin_is_terminal():
        raise usage_error("Missing required option: '--value=<value>' (or --value-file=<path>): "
                     "the Platform stores no secret without a value")


def _read_value(value, value_file) -> str:
    """The secret value from the option, a file / stdin, or a hidden prompt; never empty."""
    from tw_py.errors import InputError

    if value_file is not None:
        text = read_text(value_file, "--value-file")
        text = text.rstrip("\r\n")
        where = "stdin" if value_file == "-" else f"file '{value_file}'"
        if not text:
            raise InputError(f"The secret value given by --value-file is empty ({where})")
        return text
    if value is None:  # on a terminal (checked by _check_value_options)
        text = click.prompt("Secret value", hide_input=True, err=True)
        if not text:
            raise InputError("The secret value is empty")
        return text
    if value == "":
        raise InputError("The secret value is empty")
    return value


@group.command("list")
@workspace_option
@pass_app
def list_cmd(app, workspace):
    """List workspace secrets.

    Names and dates only: the API never returns secret values.

    \b
    Examples:
      twpy secrets list -w acme/showcase
      twpy -o json secrets list | jq -r '.secrets[].name'
    """
    from tw_py.api import secrets
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = secrets.list_secrets(app.client, ws)
    app.emit({"workspaceRef": ws.ref, "secrets": found},
             lambda: views.listing(f"Secrets at {ws.ref} workspace", found, LIST_COLUMNS, empty="No secrets found"))


@group.command("add")
@click.option("-n", "--name", required=True, metavar="<name>", help="Secret name.")
@workspace_option
@_value_options("Secret value.")
@click.option("--overwrite", is_flag=True, help="Overwrite the secret if it already exists.")
@pass_app
def add_cmd(app, name, workspace, value, value_file, overwrite):
    """Add a workspace secret.

    \b
    Examples:
      twpy secrets add -n NCBI_API_KEY                 # asked for, hidden
      twpy secrets add -n NCBI_API_KEY --value-file ~/.ncbi_key -w acme/showcase
      twpy secrets add -n GH_TOKEN --overwrite --value-file - < token.txt
    """
    from tw_py.api import secrets
    from tw_py.output import views

    _check_value_options(value, value_file)
    ws = app.workspace(workspace)
    secret_value = _read_value(value, value_file)
    if overwrite:
        secrets.remove_named(app.client, ws, name)
    secret_id = secrets.create(app.client, ws, name, secret_value)
    app.emit({"workspaceRef": ws.ref, "id": secret_id, "name": name},
             lambda: views.message(f"New secret '{name}' ({secret_id}) added at {ws.ref} workspace"))


@item_command(group, "view", secret_ref)
def view_cmd(app, ref, workspace):
    """View secret details.

    Name and dates only: the API never returns secret values.

    \b
    Examples:
      twpy secrets view -n NCBI_API_KEY -w acme/showcase
      twpy -o json secrets view -i 42 | jq -r .secret.lastUsed
    """
    from tw_py.api import secrets
    from tw_py.output import views

    ws = app.workspace(workspace)
    secret = secrets.find(app.client, ws, ref)
    app.emit({"workspaceRef": ws.ref, "secret": secret}, lambda: views.details(
        f"Secret at {ws.ref} workspace:",
        [("ID", secret.get("id")), ("Name", secret.get("name")), ("Created", _format_date(secret.get("dateCreated"))),
         ("Updated", _format_date(secret.get("lastUpdated"))), ("Used", _format_date(secret.get("lastUsed")))]))


@item_command(group, "update", secret_ref)
@_value_options("New secret value, to be stored securely. The secret is made available to pipeline executions at "
                "runtime.")
def update_cmd(app, ref, workspace, value, value_file):
    """Update a secret's value.

    \b
    Examples:
      twpy secrets update -n NCBI_API_KEY              # asked for, hidden
      twpy secrets update -i 42 --value-file ~/.ncbi_key -w acme/showcase
    """
    from tw_py.api import secrets
    from tw_py.output import views

    _check_value_options(value, value_file)
    ws = app.workspace(workspace)
    secret = secrets.find(app.client, ws, ref)
    secret_value = _read_value(value, value_file)
    secrets.update(app.client, ws, secret["id"], secret_value)
    name = secret.get("name")
    app.emit({"workspaceRef": ws.ref, "secretName": name},
             lambda: views.message(f"Secret '{name}' updated at {ws.ref} workspace"))


@item_command(group, "delete", secret_ref)
def delete_cmd(app, ref, workspace):
    """Delete a secret.

    \b
    Examples:
      twpy secrets delete -n NCBI_API_KEY -w acme/showcase
      twpy secrets delete -i 42
    """
    from tw_py.api import secrets
    from tw_py.output import views

    ws = app.workspace(workspace)
    secret = secrets.find(app.client, ws, ref)
    secrets.delete(app.client, ws, secret["id"])
    app.emit({"secret": secret, "workspaceRef": ws.ref},
             lambda: views.message(f"Secret '{secret.get('name')}' deleted at {ws.ref} workspace"))
