"""twpy compute-envs: list, view, add (every platform), update, delete, export, import, validate, primary.

The `add` subcommands are generated from the platform tables in the sibling modules (aws, azure, google, k8s,
hpc, seqera); adding a platform is one `Platform(...)` entry there.
"""
from __future__ import annotations

import click

from tw_py.api.states import COMPUTE_ENV_STATES as STATUSES
from tw_py.cli.compute_envs import aws, azure, google, hpc, k8s, seqera
from tw_py.cli.compute_envs.spec import Platform, click_options
from tw_py.cli.context import pass_app
from tw_py.cli.label_options import labels_option
from tw_py.cli.options import _completer, examples, item_command, ref_options, workspace_option
from tw_py.cli.waiting import wait_options
from tw_py.output.tables import Column

#: Every `compute-envs add` platform, in tw's order.
PLATFORMS: tuple = (k8s.K8S, *aws.PLATFORMS, k8s.EKS, *google.PLATFORMS, k8s.GKE, *azure.PLATFORMS,
                    *hpc.PLATFORMS, *seqera.PLATFORMS)

ce_ref = ref_options("computeEnv", complete="compute-envs")


def _primary_id(row: dict) -> str:
    return ("* " if row.get("primary") else "  ") + str(row.get("id"))


def _format_time(field):
    def value(row):
        from tw_py.output.formats import format_time

        return format_time(row.get(field))
    return value


LIST_COLUMNS = (Column(_primary_id, "  ID"), Column(lambda r: r.get("status") or "NA", "Status"),
                Column("platform", "Platform"), Column("name", "Name"), Column(_format_time("lastUsed"), "Last activity"))


@click.group("compute-envs")
def group():
    """Manage compute environments."""


# list / view ---------------------------------------------------------------------------------------------
@group.command("list")
@workspace_option
@pass_app
def list_cmd(app, workspace):
    """List the compute environments of a workspace, in every state (the primary one is marked '*').

    \b
    Examples:
      twpy compute-envs list -w acme/showcase
      twpy -o json compute-envs list | jq -r '.computeEnvs[] | select(.status == "AVAILABLE") | .name'
    """
    from tw_py.api import compute_envs
    from tw_py.output import views

    ws = app.workspace(workspace)
    entries = compute_envs.list_compute_envs(app.client, ws)
    app.remember_names('compute-envs', ws, entries, replace=True)
    app.emit({"workspaceRef": ws.ref, "computeEnvs": entries},
             lambda: views.listing(f"Compute environments at {ws.ref} workspace", entries, LIST_COLUMNS,
                                   empty="No compute environment found"))


def _view_text(ws, ce) -> str:
    from tw_py import jsonfmt
    from tw_py.api import compute_envs
    from tw_py.output import views
    from tw_py.output.formats import format_description, format_labels, format_time

    return views.details(f"Compute environment at {ws.ref} workspace:", [
        ("ID", ce.get("id")), ("Name", ce.get("name")), ("Description", format_description(ce.get("description"))),
        ("Platform", ce.get("platform")), ("Last updated", format_time(ce.get("lastUpdated"))),
        ("Last activity", format_time(ce.get("lastUsed"))), ("Created", format_time(ce.get("dateCreated"))),
        ("Status", ce.get("status") or "NA"), ("Labels", format_labels(ce.get("labels"))),
    ], sections=[("Configuration", jsonfmt.dumps(compute_envs.clean_config(ce.get("config"))))])


@item_command(group, "view", ce_ref)
def view_cmd(app, ref, workspace):
    """Describe a compute environment and its configuration.

    \b
    Examples:
      twpy compute-envs view -n demo -w acme/showcase
      twpy -o json compute-envs view -i 4X2oBl0dQ8KxFaOBt0Cn0p | jq .config
    """
    from tw_py.api import compute_envs

    ws = app.workspace(workspace)
    ce = compute_envs.find(app.client, ws, ref)
    app.emit(ce, lambda: _view_text(ws, ce))


# update / delete ---------------------------------------------------------------------------------------
@item_command(group, "update", ce_ref)
@click.option("--new-name", metavar="<newName>", help="Compute environment new name.")
@click.option("-d", "--description", metavar="<description>", help="Compute environment description.")
def update_cmd(app, ref, workspace, new_name, description):
    """Rename a compute environment or change its description.

    \b
    Examples:
      twpy compute-envs update -n demo --new-name demo-2024
      twpy compute-envs update -i 4X2oBl0dQ8KxFaOBt0Cn0p -d "Spot queue for tests"
    """
    from tw_py.api import compute_envs
    from tw_py.output import views

    ws = app.workspace(workspace)   # nothing to change is not an error: tw sends the unchanged values too
    if new_name is not None:
        compute_envs.validate_name(app.client, ws, new_name)
    ce = compute_envs.find(app.client, ws, ref)
    compute_envs.update(app.client, ws, ce["id"], {
        "name": new_name if new_name is not None else ce.get("name"),
        "description": description if description is not None else ce.get("description")})
    app.emit({"wspRef": ws.ref, "ceName": ce.get("name")},
             views.message(f"Compute environment '{ce.get('name')}' updated at {ws.ref} workspace"))


@item_command(group, "delete", ce_ref)
@click.option("--wait", "wait", is_flag=True, help="Wait until the compute environment is deleted (exit 1 if it fails).")
@click.option("--wait-timeout", "wait_timeout", metavar="<duration>",
              help="Give up waiting after this long (90s, 15m, 2h): exit code 3 (twpy).")
def delete_cmd(app, ref, workspace, wait, wait_timeout):
    """Delete a compute environment; with --wait, until it is gone.

    \b
    Examples:
      twpy compute-envs delete -n demo
      twpy compute-envs delete -i 4X2oBl0dQ8KxFaOBt0Cn0p --wait
    """
    from tw_py.api import compute_envs
    from tw_py.output import views

    ws = app.workspace(workspace)
    ce_id = ref.id if ref.id is not None else compute_envs.find_by_name(app.client, ws, ref.name)["id"]
    compute_envs.delete(app.client, ws, ce_id)
    app.emit({"id": ce_id, "workspaceRef": ws.ref, "workspaceId": ws.id},
             views.message(f"Compute environment '{ce_id}' deleted at {ws.ref} workspace"))
    if wait:
        _wait(app, ws, ce_id, ref.value, "DELETED", wait_timeout, gone=True)


# export / import ---------------------------------------------------------------------------------------
@item_command(group, "export", ce_ref)
@click.option("--portable", is_flag=True,
              help="Leave out ids, dates and other workspace-specific fields, to import into another workspace (twpy).")
@click.argument("filename", required=False, metavar="[FILENAME]")
def export_cmd(app, ref, workspace, portable, filename):
    """Export a compute environment's configuration (and labels) as JSON, to a file or stdout.

    \b
    Examples:
      twpy compute-envs export -n demo demo.json
      twpy compute-envs export -n demo --portable | twpy compute-envs import -n demo -w acme/other -
    """
    from tw_py import jsonfmt
    from tw_py.api import compute_envs

    ws = app.workspace(workspace)
    ce = compute_envs.find(app.client, ws, ref)
    text = jsonfmt.dumps(compute_envs.export_document(ce, portable=portable))
    if filename and filename != "-":
        _write(filename, text)
        app.emit({"configOutput": text, "fileName": filename},
                 f"\n  Compute environment exported into '{filename}' \n")
    else:
        app.emit({"configOutput": text}, text)


def _write(filename: str, text: str) -> None:
    from pathlib import Path

    from tw_py.errors import InputError

    try:
        Path(filename).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise InputError(f"Cannot write {filename}: {error.strerror or error}") from None


def _read_document(filename: str):
    from tw_py.documents import parse_json
    from tw_py.files import read_text

    return parse_json(read_text(filename, "FILENAME", tw_style=True), filename)


def new_compute_env_options(f):
    """What `add <platform>` and `import` both take for the new compute environment: name, workspace, credentials,
    --wait, description and labels."""
    for decl in reversed((
        click.option("-n", "--name", "name", required=True, metavar="<name>", help="Compute environment name."),
        workspace_option,
        click.option("-c", "--credentials", "credentials", metavar="<credentials>", shell_complete=_completer("credentials"),
                     help="Credentials id or name [default: the workspace's only credentials for this platform]."),
        wait_options(STATUSES),
        click.option("-d", "--description", metavar="<description>", help="Compute environment description."),
        labels_option("--labels", require_value=True),
    )):
        f = decl(f)
    return f


def common_add_options(f):
    """The options every `add` platform shares (tw's AbstractAddCmd), declared once."""
    for decl in reversed((
        new_compute_env_options,
        click.option("--pre-run", "pre_run", type=click.Path(dir_okay=False), metavar="<file>", help="Pre-run script."),
        click.option("--post-run", "post_run", type=click.Path(dir_okay=False), metavar="<file>",
                     help="Post-run script."),
        click.option("--nextflow-config", "nextflow_config", type=click.Path(dir_okay=False), metavar="<file>",
                     help="Nextflow configuration file."),
        click.option("-e", "--env", "env", multiple=True, metavar="<name=value>",
                     help="Environment variable (repeatable). Head job only by default; prefix the name with "
                          "'compute:' for the tasks or 'both:' for both."),
    )):
        f = decl(f)
    return f


@group.command("import")
@click.argument("filename", metavar="FILENAME")
@new_compute_env_options
@click.option("--overwrite", is_flag=True, help="Delete the available compute environment with the same name first (and wait until it is gone).")
@pass_app
def import_cmd(app, filename, name, workspace, credentials, wait, wait_timeout, description, labels, overwrite):
    """Add a compute environment from a file written by 'compute-envs export' ('-' reads stdin).

    \b
    Examples:
      twpy compute-envs import -n demo demo.json
      twpy compute-envs import -n demo -w acme/other --overwrite --wait AVAILABLE demo.json
    """
    from tw_py.api import compute_envs
    from tw_py.api.labels import parse_label

    config, file_labels = compute_envs.parse_import(_read_document(filename))
    ws = app.workspace(workspace)
    if overwrite:
        existing = compute_envs.find_available(app.client, ws, name)
        if existing is not None:
            compute_envs.delete(app.client, ws, existing["id"])
            # A DELETING compute environment still holds its name: wait until it is gone before creating.
            _wait(app, ws, existing["id"], name, "DELETED", wait_timeout, gone=True)
    if labels is None and file_labels:
        labels = [parse_label(spec) for spec in compute_envs.import_label_specs(file_labels)]
    platform_id = config["discriminator"]
    _create(app, ws, name=name, platform_id=platform_id, config=config, extra={}, description=description,
            labels=labels, credentials=credentials,
            needs_credentials=platform_id != seqera.SEQERA.id, wait=wait, wait_timeout=wait_timeout)


# add ------------------------------------------------------------------------------------------------------
class PlatformGroup(click.Group):
    """A group whose platform subcommands are built from their tables only when used (keeps startup fast)."""

    def __init__(self, *args, platforms=(), depth=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.platforms = tuple(p for p in platforms if len(p.path) > depth)
        self.depth = depth

    def list_commands(self, ctx):
        return sorted({p.path[self.depth] for p in self.platforms} | set(self.commands))

    def get_command(self, ctx, name):
        if name not in self.commands:
            chosen = [p for p in self.platforms if p.path[self.depth] == name]
            if not chosen:
                return None
            if len(chosen) == 1 and len(chosen[0].path) == self.depth + 1:
                self.add_command(_make_add_command(chosen[0]))
            else:
                self.add_command(PlatformGroup(name, help=SUBGROUP_HELP.get(name), platforms=chosen,
                                               depth=self.depth + 1))
        return self.commands[name]


SUBGROUP_HELP = {
    "aws-batch": "Add an AWS Batch compute environment: 'forge' creates the Batch resources, 'manual' uses yours.",
    "azure-batch": "Add an Azure Batch compute environment: 'forge' creates the pools, 'manual' uses yours.",
}


@group.group("add", cls=PlatformGroup, platforms=PLATFORMS)
def add_group():
    """Add a compute environment (one subcommand per platform)."""


class _Resolver:
    """Lookups a platform's config may need while it is built (e.g. registry credentials names to ids)."""

    def __init__(self, app, workspace_ref):
        self.app, self.workspace_ref = app, workspace_ref

    def container_registry_ids(self, names):
        from tw_py.api import compute_envs

        return compute_envs.container_registry_ids(self.app.client, self.app.workspace(self.workspace_ref), names)


def _add(app, platform: Platform, values: dict) -> None:
    from tw_py.api import compute_envs
    from tw_py.cli.compute_envs.spec import build_config, read_text

    common = {k: values.pop(k) for k in ("name", "workspace", "credentials", "wait", "wait_timeout", "description",
                                         "labels", "pre_run", "post_run", "nextflow_config", "env")}
    # Options and files are checked before any request (the workspace is resolved only when needed).
    config, extra = build_config(platform, values, _Resolver(app, common["workspace"]))
    config.update({k: v for k, v in {
        "preRunScript": read_text(common["pre_run"], "--pre-run"),
        "postRunScript": read_text(common["post_run"], "--post-run"),
        "nextflowConfig": read_text(common["nextflow_config"], "--nextflow-config"),
        "environment": compute_envs.environment(common["env"]),
    }.items() if v is not None})
    ws = app.workspace(common["workspace"])
    _create(app, ws, name=common["name"], platform_id=platform.id, config=config, extra=extra,
            description=common["description"], labels=common["labels"], credentials=common["credentials"],
            needs_credentials=platform.credentials, wait=common["wait"], wait_timeout=common["wait_timeout"])


def _create(app, ws, *, name, platform_id, config, extra, description, labels, credentials, needs_credentials,
            wait, wait_timeout) -> None:
    """tw's add flow: labels, credentials, `POST /compute-envs`, the result, then the optional wait."""
    from tw_py.api import compute_envs
    from tw_py.api import credentials as creds
    from tw_py.api.labels import find_label_ids
    from tw_py.output import views

    label_ids = find_label_ids(app.client, ws, labels) if labels else None
    credentials_id = None
    if credentials is not None:
        credentials_id = creds.find_credentials(app.client, ws, credentials, platform_id)["id"]
    elif needs_credentials:
        credentials_id = creds.single_for_platform(app.client, ws, platform_id)["id"]
    body = {"name": name, "description": description, "platform": platform_id, "credentialsId": credentials_id,
            "config": config, **extra}
    ce_id = compute_envs.create(app.client, ws, body, label_ids)
    app.emit({"platform": platform_id, "id": ce_id, "name": name, "workspaceId": ws.id, "workspaceRef": ws.ref},
             views.message(f"New {platform_id.upper()} compute environment '{name}' added at {ws.ref} workspace"))
    if wait:
        _wait(app, ws, ce_id, name, wait.upper(), wait_timeout)


def _wait(app, ws, ce_id, ref, target, timeout, gone: bool = False) -> None:
    """Poll until `target`; a compute environment that ends ERRORED/INVALID fails with the server's message."""
    from tw_py.api import compute_envs, waiting
    from tw_py.cli.waiting import wait_with_progress
    from tw_py.errors import TwpyError

    lifecycle = waiting.COMPUTE_ENV if gone else waiting.COMPUTE_ENV_ADD
    seen: dict = {}

    def fetch():
        status, message = compute_envs.status(app.client, ws, ce_id, gone=gone)
        seen["message"] = message
        return status

    try:
        wait_with_progress(app, fetch, target, lifecycle, timeout=timeout,
                           describe=f"compute environment '{ref}'",
                           follow_hint=f"Check it with 'twpy compute-envs view -i {ce_id}'.")
    except waiting.WaitFailed as error:
        detail = f": {seen['message']}" if seen.get("message") else ""
        raise TwpyError(f"Compute environment '{ref}' is {error.status}, not {target}{detail}",
                        hint=f"See 'twpy compute-envs view -i {ce_id}'.") from None


def _make_add_command(platform: Platform) -> click.Command:
    @click.command(platform.path[-1], help=platform.help + "\n\n" + examples(*platform.examples),
                   short_help=platform.help)
    @common_add_options
    @click_options(platform)
    @pass_app
    def command(app, **values):
        _add(app, platform, values)

    return command




# validate / primary -------------------------------------------------------------------------------------
@item_command(group, "validate", ce_ref)
@click.option("--force", is_flag=True, help="Validate even if the compute environment was validated recently.")
def validate_cmd(app, ref, workspace, force):
    """Check a compute environment against its provider; exit 1 when it is INVALID.

    \b
    Examples:
      twpy compute-envs validate -n demo
      twpy -o json compute-envs validate -i 4X2oBl0dQ8KxFaOBt0Cn0p --force
    """
    from tw_py.api import compute_envs

    ws = app.workspace(workspace)
    if ref.id is not None:
        ce = compute_envs.describe(app.client, ws, ref.id, labels=False)
    else:
        ce = compute_envs.find_by_name(app.client, ws, ref.name)
    result = compute_envs.validate(app.client, ws, ce["id"], force)
    status = result.get("status")

    def text():
        lines = f"\n  Compute environment '{ce['id']}' at {ws.ref} workspace validated as {status}\n"
        if result.get("transientError"):
            lines += "  The provider could not be reached; the reported status is the last known value.\n"
        if result.get("message"):
            lines += f"  Detail: {result['message']}\n"
        return lines

    app.emit({"id": ce["id"], "name": ce.get("name"), "workspaceRef": ws.ref, "status": status,
              "transientError": bool(result.get("transientError")), "message": result.get("message")}, text)
    if status == "INVALID":
        raise click.exceptions.Exit(1)


@group.group("primary")
def primary_group():
    """Get or set the workspace's primary compute environment."""


@primary_group.command("get")
@workspace_option
@pass_app
def primary_get_cmd(app, workspace):
    """Show the primary compute environment of a workspace.

    \b
    Examples:
      twpy compute-envs primary get -w acme/showcase
    """
    from tw_py.api import compute_envs
    from tw_py.output import views

    ws = app.workspace(workspace)
    ce = compute_envs.primary(app.client, ws)
    app.emit({"name": ce.get("name"), "id": ce.get("id"), "platform": ce.get("platform")},
             views.message(f"Primary compute environment for workspace '{ws.ref}' is "
                           f"'{ce.get('name')} ({ce.get('id')})'  "))


@primary_group.command("set")
@ce_ref
@workspace_option
@pass_app
def primary_set_cmd(app, ref, workspace):
    """Make a compute environment the workspace's primary one.

    \b
    Examples:
      twpy compute-envs primary set -n demo -w acme/showcase
    """
    from tw_py.api import compute_envs
    from tw_py.output import views

    ws = app.workspace(workspace)
    if ref.id is not None:
        ce = compute_envs.describe(app.client, ws, ref.id, labels=False)
    else:
        ce = compute_envs.find_by_name(app.client, ws, ref.name)
    compute_envs.set_primary(app.client, ws, ce["id"])
    app.emit({"name": ce.get("name"), "id": ce.get("id"), "platform": ce.get("platform")},
             views.message(f"Primary compute environment for workspace '{ws.ref}' was set to "
                           f"'{ce.get('name')} ({ce.get('id')})'  "))
