"""twpy credentials: list, delete, validate, and add/update for every provider (declared once in providers.py)."""
from __future__ import annotations

import sys

import click

from tw_py.cli.context import pass_app
from tw_py.cli.credentials.providers import FILE, FLAG, PROVIDERS, SECRET, Field, Provider
from tw_py.cli.options import item_command, mutually_exclusive, ref_options, usage_error, workspace_option
from tw_py.files import read_text
from tw_py.output.tables import Column

LIST_COLUMNS = (Column("id", "ID"), Column("provider", "Provider"), Column("name", "Name"),
                Column(lambda row: _format_time(row.get("lastUsed")), "Last activity"))
PROMPT = "\0prompt"   # the value of a secret option given without a value: ask for it
TRANSIENT = "The provider could not be reached; the reported status is the last known value."

credentials_ref = ref_options("credentials", complete="credentials")


def _format_time(value):
    from tw_py.output.formats import format_time

    return format_time(value)


@click.group("credentials")
def group():
    """Manage workspace credentials.

    Secrets (passwords, keys, tokens) can be given by option, asked for (hidden) when the option has no value,
    or read from a file or stdin with the matching --<option>-file; they never appear in any output or log.

    \b
    Examples:
      twpy credentials list -w acme/showcase
      twpy credentials add github -n my-github -u octocat -p
      twpy credentials validate -n my-aws
    """


@group.command("list")
@workspace_option
@pass_app
def list_cmd(app, workspace):
    """List workspace credentials.

    \b
    Examples:
      twpy credentials list -w acme/showcase
      twpy -o json credentials list | jq -r '.credentials[] | select(.provider=="aws") | .name'
    """
    from tw_py.api import credentials as api
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = api.list_credentials(app.client, ws)
    app.remember_names('credentials', ws, found, replace=True)
    app.emit({"workspaceRef": ws.ref, "credentials": found},
             lambda: views.listing(f"Credentials at {ws.ref} workspace", found, LIST_COLUMNS,
                                   empty="No credentials found"))


@item_command(group, "delete", credentials_ref)
def delete_cmd(app, ref, workspace):
    """Delete workspace credentials.

    \b
    Examples:
      twpy credentials delete -n my-aws -w acme/showcase
      twpy credentials delete -i 1sxCxvxfx8xnxdxGxQxqxH
    """
    from tw_py.api import credentials as api
    from tw_py.output import views

    ws = app.workspace(workspace)
    credentials_id = ref.id if ref.id is not None else api.find_by_name(app.client, ws, ref.name)["id"]
    api.delete(app.client, ws, credentials_id)
    app.emit({"id": credentials_id, "workspaceRef": ws.ref},
             views.message(f"Credentials '{credentials_id}' deleted at {ws.ref} workspace"))


@item_command(group, "validate", credentials_ref)
@click.option("--force", is_flag=True,
              help="Skip the provider probe and force INVALID credentials to AVAILABLE (rejected unless INVALID).")
@click.pass_context
def validate_cmd(ctx, app, ref, workspace, force):
    """Validate workspace credentials against their provider (exit 1 when INVALID).

    \b
    Examples:
      twpy credentials validate -n my-aws
      twpy -o json credentials validate -i 1sxCxvxfx8xnxdxGxQxqxH | jq -r .status
    """
    from tw_py.api import credentials as api
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = api.find(app.client, ws, ref)
    result = api.validate(app.client, ws, found["id"], force=force)
    status = result.get("status")
    text = views.message(f"Credentials '{found['id']}' at {ws.ref} workspace validated as {status}")
    if result.get("transientError"):
        text += f"  {TRANSIENT}\n"
    if result.get("message"):
        text += f"  Detail: {result['message']}\n"
    app.emit({"id": found["id"], "name": found.get("name"), "workspaceRef": ws.ref, "status": status,
              "transientError": bool(result.get("transientError")), "message": result.get("message")}, text)
    if status == "INVALID":
        ctx.exit(1)


@group.group("add")
def add_group():
    """Add workspace credentials (one subcommand per provider).

    \b
    Examples:
      twpy credentials add aws -n my-aws -a AKIA... --secret-key-file ~/.aws/secret
      twpy credentials add aws -n my-role --mode role -r arn:aws:iam::123456789012:role/Tower
      twpy credentials add ssh -n my-ssh -k ~/.ssh/id_ed25519 -p
    """


@group.group("update")
def update_group():
    """Update workspace credentials (one subcommand per provider).

    \b
    Examples:
      twpy credentials update github -n my-github -u octocat --password-file token.txt
      twpy credentials update k8s -i 1sxCxvxfx8xnxdxGxQxqxH --token-file sa-token.txt
    """


# Provider options -> keys ------------------------------------------------------------------------------------
class _FromFile:
    """A secret to read from a file (or stdin for '-')."""

    def __init__(self, path: str, option: str):
        self.path = path
        self.option = option


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _gather(provider: Provider, values: dict) -> dict:
    """Normalize raw option values: secrets from files become _FromFile, missing required secrets are prompted
    for on a terminal; anything still missing or given twice is a usage error."""
    from_stdin = [f.file_option for f in provider.fields
                  if f.kind == SECRET and values.get(f.file_dest) == "-"]
    if len(from_stdin) > 1:
        raise usage_error(f"Only one secret can be read from stdin ('-'): {', '.join(from_stdin)}")
    for f in provider.fields:
        if f.kind == SECRET:
            path = values.pop(f.file_dest, None)
            if path is not None:
                if values.get(f.dest) is not None:
                    raise mutually_exclusive(f"{f.long} and {f.file_option}", show_usage=True)
                values[f.dest] = _FromFile(path, f.file_option)
        if f.required and values.get(f.dest) is None:
            if f.kind == SECRET and _stdin_is_terminal():
                values[f.dest] = PROMPT
            else:
                extra = f" (or {f.file_option}=<path>)" if f.kind == SECRET else ""
                raise usage_error(f"Missing required option: '{f.long}={f.metavar}'{extra}")
    return values


def _read_secret(provider: Provider, f: Field, value) -> str:
    from tw_py.errors import InputError

    if value == PROMPT:
        if not _stdin_is_terminal():
            # Piped: one line per asked secret, no prompt text and no getpass "may be echoed" warning on stderr.
            line = sys.stdin.readline().rstrip("\r\n")
            if not line:
                raise InputError(f"No value for {f.long}: nothing to read on stdin",
                                 hint=f"Give it with {f.file_option} <path> ('-' for stdin) or {f.long}=<value>.")
            return line
        label = f"{provider.title} {f.long[2:].replace('-', ' ')}"
        return click.prompt(label, hide_input=True, err=True)
    if isinstance(value, _FromFile):
        if value.path == "-":
            text = sys.stdin.read()
        else:
            text = read_text(value.path, value.option, stdin=False)
        text = text.rstrip("\r\n")
        if not text:
            raise InputError(f"The secret given by {value.option} is empty"
                             + ("" if value.path == "-" else f" (file '{value.path}')"))
        return text
    return value


def build_keys(provider: Provider, values: dict, existing_keys: dict | None = None) -> tuple[dict, bool]:
    """The `keys` object (with its discriminator) and whether to ask the server for an External ID."""
    values = _gather(provider, dict(values))
    use_external_id = provider.check(values, existing_keys) if provider.check else False
    keys = {"discriminator": provider.wire}
    for f in provider.fields:
        value = values.get(f.dest)
        if value is None or f.key is None:
            continue
        if f.kind == SECRET:
            value = _read_secret(provider, f, value)
        elif f.kind == FILE:
            value = read_text(value, f.long, stdin=False)
        keys[f.key] = value
    keys.update({k: v for k, v in (values.get("_keys") or {}).items() if v is not None})
    return keys, bool(use_external_id)


def _provider_options(provider: Provider):
    """click options for a provider's fields (secrets also get a twpy `--<option>-file`)."""
    options = []
    for f in provider.fields:
        note = " Required." if f.required else ""
        if f.kind == FLAG:
            options.append(click.option(*f.flags, f.dest, is_flag=True, help=f.help))
        elif f.kind == SECRET:
            ask = " Given without a value" + (" (or missing, on a terminal)" if f.required else "")
            options.append(click.option(*f.flags, f.dest, metavar=f.metavar, is_flag=False, flag_value=PROMPT,
                                        help=f"{f.help}{note}{ask}: asked for, hidden."))
            options.append(click.option(f.file_option, f.file_dest, metavar="<path>",
                                        help=f"Read {f.long} from this file, '-' for stdin (twpy)."))
        elif f.kind == FILE:
            options.append(click.option(*f.flags, f.dest, metavar="<path>", help=f.help + note))
        else:
            options.append(click.option(*f.flags, f.dest, metavar=f.metavar, default=f.default,
                                        show_default=f.default is not None, help=f.help + note))
    if provider.base_url:
        options.append(click.option("--base-url", "base_url", metavar="<baseUrl>", help="Repository base URL."))
    return options


def _decorate(function, decorators):
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _added_view(label: str, doc: dict) -> str:
    from tw_py.output import views
    from tw_py.output.tables import indent

    text = views.message(f"New {label} credentials '{doc['name']} ({doc['id']})' added at {doc['workspaceRef']} "
                         "workspace")
    if doc.get("externalId"):
        text += f"\n  External ID: {doc['externalId']}\n"
    if doc.get("setupSnippet"):
        text += ("\n  Trust policy (paste this into your IAM role's trust relationship):\n\n"
                 + indent(doc["setupSnippet"].rstrip("\n"), 4) + "\n")
    return text


def _add_command(provider: Provider) -> click.Command:
    def add(app, name, workspace, overwrite, base_url=None, **values):
        from tw_py.api import credentials as api
        from tw_py.errors import TwpyError

        keys, use_external_id = build_keys(provider, values)
        ws = app.workspace(workspace)
        if overwrite:
            api.remove_named(app.client, ws, name)
        body = {"keys": keys, "name": name, "baseUrl": base_url, "provider": provider.wire}
        credentials_id = api.create(app.client, ws, body, use_external_id)
        doc = {"id": credentials_id, "provider": provider.label, "name": name, "workspaceRef": ws.ref}
        if use_external_id:
            try:
                described = api.describe(app.client, ws, credentials_id)
                doc["externalId"] = ((described.get("credentials") or {}).get("keys") or {}).get("externalId")
                doc["setupSnippet"] = described.get("setupSnippet")
            except TwpyError as error:
                note = (f"could not fetch credential details after creation: {app.client.redact(error.message)}. "
                        "The credential was created.")
                app.io.err(f"WARNING: {note}")  # on stderr only, in both modes, as tw does
        app.emit(doc, lambda: _added_view(provider.label, doc))

    add.__doc__ = (f"Add {provider.title} credentials.\n\n\b\nExamples:\n"
                   f"  twpy credentials add {provider.command} -n my-{provider.command} {provider.example}\n"
                   f"  twpy credentials add {provider.command} -n my-{provider.command} --overwrite "
                   f"-w acme/showcase {provider.example}\n")
    common = [click.option("-n", "--name", required=True, metavar="<name>", help="Credentials name."),
              workspace_option,
              click.option("--overwrite", is_flag=True,
                           help="Overwrite (delete first) the credentials of the same name if they exist.")]
    return click.command(provider.command)(_decorate(pass_app(add), common + _provider_options(provider)))


def _update_command(provider: Provider) -> click.Command:
    def update(app, ref, workspace, base_url=None, **values):
        from tw_py.api import credentials as api
        from tw_py.errors import InputError
        from tw_py.output import views

        values = _gather(provider, dict(values))  # missing or doubled options: a usage error before any request
        if provider.check and provider.wire != "aws":  # aws checks depend on the existing credentials' mode
            provider.check(dict(values), None)
        ws = app.workspace(workspace)
        existing = api.find(app.client, ws, ref)
        if existing.get("provider") and existing["provider"] != provider.wire:
            raise InputError(f"Credentials '{existing.get('name')}' are '{existing['provider']}' credentials, "
                             f"not '{provider.wire}'",
                             hint=f"Use 'twpy credentials update {existing['provider'].replace('_', '-')}'.")
        if provider.wire == "aws" and values.get("mode") is None and "keys" not in existing:
            existing = api.describe(app.client, ws, existing["id"]).get("credentials") or existing
        keys, use_external_id = build_keys(provider, values, existing.get("keys") or {})
        name = existing.get("name")
        body = {"keys": keys, "name": name, "baseUrl": base_url if base_url is not None else existing.get("baseUrl"),
                "provider": provider.wire, "id": existing["id"]}
        api.update(app.client, ws, existing["id"], body, use_external_id)
        app.emit({"provider": provider.label, "name": name, "workspaceRef": ws.ref},
                 views.message(f"{provider.label} credentials '{name}' updated at {ws.ref} workspace"))

    update.__doc__ = (f"Update {provider.title} credentials (the name is kept).\n\n\b\nExamples:\n"
                      f"  twpy credentials update {provider.command} -n my-{provider.command} {provider.example}\n"
                      f"  twpy credentials update {provider.command} -i 1sxCxvxfx8xnxdxGxQxqxH {provider.example}\n")
    common = [credentials_ref, workspace_option]
    return click.command(provider.command)(_decorate(pass_app(update), common + _provider_options(provider)))


for _provider in PROVIDERS:
    add_group.add_command(_add_command(_provider))
    if _provider.updatable:
        update_group.add_command(_update_command(_provider))
