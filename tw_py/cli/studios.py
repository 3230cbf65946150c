"""twpy studios: list, view, add, add-as-new, start, stop, update, delete, templates and checkpoints of the studios
(interactive sessions such as Jupyter, RStudio, VS Code or Xpra on a compute environment) of a workspace.

A studio is found by `-i/--id` (its session id) or `-n/--name`. `--wait STATUS` (start, stop, and add/add-as-new
with --auto-start) polls the session until it reaches the status, bounded by --wait-timeout.
"""
from __future__ import annotations

import functools

import click

from tw_py.api.states import DATA_STUDIO_STATES
from tw_py.cli.context import pass_app
from tw_py.cli.label_options import labels_option
from tw_py.cli.options import (
    Ref,
    _completer,
    filter_option,
    item_command,
    mutually_exclusive,
    pagination_options,
    ref_options,
    show_labels_option,
    workspace_option,
)
from tw_py.cli.waiting import wait_options
from tw_py.errors import InputError, TwpyError
from tw_py.output.tables import LABELS_COLUMN, Column

studio_ref = ref_options("studio", complete="studios", complete_id="studio-ids")

LABELS_HELP = ("Comma-separated list of resource labels 'name=value' (created when missing); an empty value "
               "(--labels '') removes the studio's labels.")
WAIT_HELP = "Wait until the studio session reaches the given status, or fail."
CONNECT_TEXT = "To connect to this studio session, copy and paste the following URL in your browser:"


@click.group("studios")
def group():
    """Manage studios.

    A studio is an interactive session (Jupyter, RStudio, VS Code, Xpra or your own container image) that runs on
    a compute environment of a workspace, with data links mounted as folders.
    """


# Option bundles ---------------------------------------------------------------------------------
def _env_pairs(ctx, param, values):
    pairs: dict = {}
    for value in values or ():
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"should be in KEY=VALUE format but was '{value}'", ctx=ctx, param=param)
        pairs[key] = text
    return pairs or None


def _comma_list(ctx, param, values):
    if not values:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def config_options(f):
    """tw's StudioConfigurationOptions: --gpu, --cpu, --memory, --lifespan, -e/--env and one of --mount-data,
    --mount-data-ids, --mount-data-uris. The command receives `config` (ConfigOverrides) and `mounts`
    (None, or a ("name"|"id"|"uri", [values]) pair)."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from tw_py.api.studios import ConfigOverrides

        given = [(kind, kwargs.pop(key)) for kind, key in (("name", "mount_names"), ("id", "mount_ids"),
                                                            ("uri", "mount_uris"))]
        chosen = [(kind, values) for kind, values in given if values is not None]
        if len(chosen) > 1:
            raise mutually_exclusive("--mount-data=<mountDataNames>, --mount-data-ids=<mountDataIds>, "
                                     "--mount-data-uris=<mountDataUris>")
        kwargs["mounts"] = chosen[0] if chosen else None
        kwargs["config"] = ConfigOverrides(gpu=kwargs.pop("gpu"), cpu=kwargs.pop("cpu"), memory=kwargs.pop("memory"),
                                           lifespan=kwargs.pop("lifespan"), environment=kwargs.pop("environment"))
        return f(*args, **kwargs)

    count = click.IntRange(min=0)
    for decl in reversed([
        click.option("--gpu", type=count, metavar="<gpu>", help="Number of GPUs (overrides the studio's setting)."),
        click.option("--cpu", type=count, metavar="<cpu>", help="Number of CPU cores (overrides the studio's setting)."),
        click.option("--memory", type=count, metavar="<memory>",
                     help="Memory in MB (overrides the studio's setting)."),
        click.option("--lifespan", type=count, metavar="<hours>",
                     help="Hours the session may run before it is stopped (defaults to the workspace's setting)."),
        click.option("-e", "--env", "environment", multiple=True, callback=_env_pairs, metavar="<KEY=VALUE>",
                     help="An environment variable of the studio, KEY=VALUE (repeatable; replaces the studio's own)."),
        click.option("--mount-data", "mount_names", multiple=True, callback=_comma_list, metavar="<names>",
                     shell_complete=_completer("data-links"),
                     help="Comma-separated list of data link names to mount: nextflow-bucket,my-data-link."),
        click.option("--mount-data-ids", "mount_ids", multiple=True, callback=_comma_list, metavar="<ids>",
                     help="Comma-separated list of data link ids to mount: v1-cloud-YjI3MjMw...,v1-user-d2c505e7..."),
        click.option("--mount-data-uris", "mount_uris", multiple=True, callback=_comma_list, metavar="<uris>",
                     help="Comma-separated list of data link URIs to mount: s3://nextflow-bucket,s3://another-bucket."),
    ]):
        wrapper = decl(wrapper)
    return wrapper


def _studio_labels(f):
    return labels_option("--labels", require_value=True, help=LABELS_HELP)(f)


def _allow_user(help_text: str):
    return click.option("--allow-user", "allow_user", metavar="<user>", help=help_text)


def _check_timeout(wait_timeout: str | None) -> None:
    if wait_timeout is not None:
        from tw_py.api.waiting import parse_duration

        parse_duration(wait_timeout)  # a bad duration fails before anything is changed


# Shared steps -----------------------------------------------------------------------------------
def _mount_ids(app, ws, mounts) -> list | None:
    """The data link ids of --mount-data / --mount-data-uris / --mount-data-ids (names and URIs are looked up once
    the server has fetched the workspace's data links, as tw does)."""
    if mounts is None:
        return None
    kind, values = mounts
    if kind == "id":
        return values
    from tw_py.api import data_links
    from tw_py.cli.data_links import ensure_fetched

    ensure_fetched(app, ws)
    return [data_links.find(app.client, ws, data_links.LinkRef(**{kind: value}))["id"] for value in values]


def _label_ids(app, ws, labels) -> list | None:
    """None (labels left alone) without --labels; [] (labels removed) with `--labels ''`."""
    if labels is None:
        return None
    from tw_py.api.labels import find_label_ids

    return find_label_ids(app.client, ws, labels)


def _compute_env_id(app, ws, ref: str) -> str:
    from tw_py.api.compute_envs import AvailableComputeEnvs

    return AvailableComputeEnvs(app.client, ws).entry(ref)["id"]


def _session_changes(app, ws, studio: dict, config, mounts, ssh, description, labels) -> dict:
    """What `start` and `update` both send: the studio's configuration with the options over it, its description
    and its label ids."""
    from tw_py.api import studios

    return {"configuration": studios.configuration(studio.get("configuration"), config,
                                                   mount_data=_mount_ids(app, ws, mounts), ssh=ssh),
            "description": description if description is not None else studio.get("description"),
            "labelIds": _label_ids(app, ws, labels)}


def _connect_url(app, ws, session_id: str) -> str:
    return f"{ws.web_url(app.server_url)}/studios/{session_id}/connect"


def _wait(app, ws, session_id: str, ident, target: str, timeout: str | None, workspace_arg: str | None) -> None:
    """Poll `GET /studios/{sessionId}` until `target`; a session that ends elsewhere fails with its message."""
    from tw_py.api import studios, waiting
    from tw_py.cli.waiting import resume_hint, wait_with_progress

    seen: dict = {}

    def fetch():
        seen["state"] = studios.state(app.client, ws, session_id)
        return seen["state"].status

    try:
        wait_with_progress(app, fetch, target, waiting.STUDIO, timeout=timeout, describe=f"studio '{ident}'",
                           follow_hint=resume_hint("studios view", session_id, ws, workspace_arg),
                           step=lambda: seen["state"].step if "state" in seen else None)
    except waiting.WaitFailed as error:
        message = seen["state"].message if "state" in seen else None
        raise TwpyError(f"Studio '{ident}' is {error.status}, not {waiting.STUDIO.parse(target)}"
                        + (f": {message}" if message else ""),
                        hint=f"See 'twpy studios view -i {session_id}" +
                             (f" -w {workspace_arg}'." if workspace_arg else "'.")) from None


def _submitted(submitted) -> str:
    return "successfully submitted" if submitted else "failed to submit"


def _wait_submitted(app, ws, session_id: str, ref, submitted, done: str, target: str, timeout: str | None,
                    workspace_arg: str | None) -> None:
    """After start/stop: wait for `target`, unless the server did not take the job on (tw then exits 0 without
    waiting; twpy fails, as the target will not be reached)."""

    if submitted is False:
        raise TwpyError(f"Studio '{ref}' was not {done}: it will not reach {target}",
                        hint=f"See 'twpy studios view -i {session_id}'.")
    _wait(app, ws, session_id, ref, target, timeout, workspace_arg)


# list / view ------------------------------------------------------------------------------------
def _list_columns(show_labels: bool) -> list:
    from tw_py.output.formats import format_description, format_studio_status

    columns = [Column(lambda s: s.get("sessionId") or "NA", "ID"), Column(lambda s: s.get("name") or "NA", "Name"),
               Column(lambda s: format_description(s.get("description"), 100), "Description"),
               Column(lambda s: (s.get("user") or {}).get("userName") or "NA", "User"),
               Column(lambda s: format_studio_status((s.get("statusInfo") or {}).get("status")), "Status")]
    if show_labels:
        columns.append(LABELS_COLUMN)
    return columns


@group.command("list")
@workspace_option
@filter_option("Free text search on name and template, and the keywords userName, computeEnvName and status "
               "(e.g. -f status:RUNNING).")
@show_labels_option()
@pagination_options
@pass_app
def list_cmd(app, workspace, search, show_labels, page):
    """List the studios of a workspace.

    \b
    Examples:
      twpy studios list -w acme/showcase
      twpy studios list -w acme/showcase -f status:running -l
      twpy -o json studios list -w acme/showcase --all | jq -r '.studios[].name'
    """
    from tw_py.api import studios
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = studios.list_(app.client, ws, search=search, labels=show_labels, page=page)
    app.remember_names("studios", ws, found.items, replace=page.first and not search and
              (found.total is None or found.total <= len(found.items)))
    app.emit({"workspaceRef": ws.ref, "studios": found.items, "showLabels": show_labels},
             lambda: views.listing(f"Studios at {ws.ref} workspace", found.items, _list_columns(show_labels),
                                   empty="No studios found", sort_by=None, footer=page.footer(found.total)))


def _view_pairs(studio: dict) -> list:
    from tw_py.output.formats import format_description, format_studio_status, format_time

    info = studio.get("statusInfo") or {}
    user = studio.get("user")
    config = studio.get("configuration")
    compute_env = studio.get("computeEnv")
    allowed = studio.get("allowedUsers") or []
    mounted = studio.get("mountedDataLinks")
    lifespan = studio.get("effectiveLifespanHours")

    def allocated(key):
        return "-" if config is None or config.get(key) is None else config.get(key)

    pairs = [
        ("SessionID", studio.get("sessionId")), ("Name", studio.get("name")),
        ("Status", format_studio_status(info.get("status"))),
        ("Status last update", format_time(info.get("lastUpdate")) if studio.get("statusInfo") else "NA"),
        ("Studio URL", studio.get("studioUrl")), ("Description", format_description(studio.get("description"), 100)),
        ("Created on", format_time(studio.get("dateCreated"))),
        ("Created by", f"{user.get('userName')} | {user.get('email')}" if user else "NA"),
        ("Allowed users", ", ".join(f"{u.get('userName')} | {u.get('email')}" for u in allowed) or "NA"),
        ("Template", (studio.get("template") or {}).get("repository") if studio.get("template") else "NA"),
        ("Mounted data", "NA" if mounted is None else ", ".join(str(d.get("resourceRef")) for d in mounted)),
        ("Compute environment", compute_env.get("name") if compute_env else "NA"),
        ("Region", compute_env.get("region") if compute_env else "NA"),
        ("GPU allocated", allocated("gpu")), ("CPU allocated", allocated("cpu")),
        ("Memory allocated", allocated("memory")),
        ("Build reports", studio.get("waveBuildUrl") or "NA"),
        ("Private", "NA" if studio.get("isPrivate") is None else str(studio.get("isPrivate")).lower()),
        ("Lifespan (hours)", "Unlimited" if lifespan is None else lifespan),
        ("SSH enabled", str(bool((config or {}).get("sshEnabled"))).lower()),
    ]
    ssh = studio.get("sshDetails")
    if ssh:
        pairs += [("SSH host", ssh.get("host")), ("SSH port", "NA" if ssh.get("port") is None else ssh.get("port")),
                  ("SSH command", ssh.get("command"))]
    environment = (config or {}).get("environment")
    if environment:
        pairs.append(("Environment variables", ", ".join(f"{k}={v}" for k, v in environment.items())))
    return pairs


@item_command(group, "view", studio_ref)
def view_cmd(app, workspace, ref):
    """View a studio's details.

    \b
    Examples:
      twpy studios view -n my-notebook -w acme/showcase
      twpy -o json studios view -i 3e8370e7 -w acme/showcase | jq -r .studio.statusInfo.status
    """
    from tw_py.api import studios
    from tw_py.output import views

    ws = app.workspace(workspace)
    studio = studios.find(app.client, ws, ref)
    conda = (studio.get("configuration") or {}).get("condaEnvironment")
    app.emit({"studio": studio, "workspaceRef": ws.ref},
             lambda: views.details(f"Studio at workspace '{ws.ref}'", _view_pairs(studio), prefix=" ",
                                   sections=[("Conda Environment", conda.rstrip("\n"))] if conda else ()))


# add / add-as-new -------------------------------------------------------------------------------
def _read_conda(path: str | None) -> str | None:

    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"Cannot read conda environment file: {path}. {error}") from None


def _created(app, ws, studio: dict, auto_start: bool, wait, wait_timeout, workspace_arg) -> None:
    from tw_py.output import views

    session_id = studio["sessionId"]
    url = _connect_url(app, ws, session_id)
    app.remember_names("studios", ws, [studio])
    if auto_start:
        text = views.message(f"Studio {session_id} CREATED at {ws.ref} workspace and auto started.") + \
            f"\n  {CONNECT_TEXT}\n\n    {url}\n"
    else:
        text = views.message(f"Studio {session_id} CREATED at {ws.ref} workspace.")
    app.emit({"sessionId": session_id, "workspaceRef": ws.ref, "workspaceId": ws.id, "autoStart": auto_start,
              "studioUrl": url}, text)
    if wait:
        _wait(app, ws, session_id, studio.get("name") or session_id, wait, wait_timeout, workspace_arg)


def _new_studio_options(f):
    """What add and add-as-new share: name, description, workspace, configuration, start, privacy, labels, wait."""
    for decl in reversed([
        click.option("-n", "--name", required=True, metavar="<name>", help="Studio name."),
        click.option("-d", "--description", metavar="<description>", help="Studio description."),
        workspace_option,
        config_options,
        click.option("-a", "--auto-start", "auto_start", is_flag=True,
                     help="Create the studio and start it at once (default: false)."),
        click.option("--private/--no-private", "private", default=None,
                     help="Create a private studio that only you (and --allow-user) can access or manage "
                          "[default: the workspace's setting]."),
    ]):
        f = decl(f)
    return f


def _wait_needs_start(wait, auto_start) -> None:
    if wait and not auto_start:
        raise click.UsageError("--wait needs -a/--auto-start: a studio that is only created does not start")


@group.command("add")
@_new_studio_options
@click.option("-t", "--template", metavar="<template>",
              help="Container image template of the studio, one of the Platform's ('twpy studios templates').")
@click.option("-ct", "--custom-template", "custom_template", metavar="<image>",
              help="Your own container image template for the studio.")
@click.option("--conda-env-yml", "--conda-env-yaml", "conda_env", metavar="<file>",
              type=click.Path(dir_okay=False),
              help="A YAML environment file of Conda packages to install in the studio (with -t only).")
@click.option("-c", "--compute-env", "compute_env", required=True, metavar="<compute-env>",
              shell_complete=_completer("compute-envs"), help="Compute environment name or id (an available one).")
@click.option("--repository", metavar="<url>", help="Git repository URL to import the studio's configuration from.")
@click.option("--revision", metavar="<revision>",
              help="Branch, tag or commit of the Git repository to check out (needs --repository).")
@click.option("--spot/--no-spot", "spot", default=None,
              help="Run the studio on spot instances [default: the compute environment's].")
@click.option("--ssh/--no-ssh", "ssh", default=None, help="Enable SSH connections to the studio (default: false).")
@_allow_user("A user (numeric id, user name or email) besides you allowed to connect to and start this studio "
             "when it is private.")
@_studio_labels
@wait_options(DATA_STUDIO_STATES, help_text=WAIT_HELP + " Needs --auto-start.")
@pass_app
def add_cmd(app, name, description, workspace, config, mounts, auto_start, private, template, custom_template,
            conda_env, compute_env, repository, revision, spot, ssh, allow_user, labels, wait, wait_timeout):
    """Add a studio.

    The template is one of the Platform's (-t), your own container image (-ct), or comes from a Git repository
    (--repository). Without --gpu, --cpu and --memory the studio gets 0 GPUs, 2 CPUs and 8192 MB.

    \b
    Examples:
      twpy studios add -n my-notebook -c aws-ce -t cr.seqera.io/public/data-studio-jupyter:4.2.5 -w acme/showcase
      twpy studios add -n analysis -c aws-ce -t cr.seqera.io/public/data-studio-rstudio:4.4.1 --cpu 4 --memory 16384 \\
          --mount-data results,references --conda-env-yml env.yml --private --labels team=genomics -w acme/showcase
      twpy studios add -n vscode -c aws-ce -ct ghcr.io/acme/studio:1.0 -a --wait running --wait-timeout 20m
    """
    from tw_py.api import studios

    _wait_needs_start(wait, auto_start)
    if template is not None and custom_template is not None:
        raise mutually_exclusive("--template and --custom-template")
    if revision is not None and not repository:
        raise click.UsageError("--revision requires --repository to be set")
    if template is None and custom_template is None and not repository:
        raise click.UsageError("A studio template is required: provide -t/--template or -ct/--custom-template, "
                               "or a Git repository via --repository")
    if conda_env is not None and template is None:
        if custom_template is not None:
            raise InputError("Studio template provided is a custom template and cannot be used together with conda "
                             "environment option.")
        raise InputError("--conda-env-yml needs a Platform template (-t/--template)")
    conda = _read_conda(conda_env)
    _check_timeout(wait_timeout)
    ws = app.workspace(workspace)
    if template is not None:
        studios.check_template(app.client, ws, template)
    body = studios.create_body(
        name=name, description=description, template=template or custom_template,
        label_ids=_label_ids(app, ws, labels), is_private=private,
        allowed_user_ids=studios.allowed_user_ids(app.client, ws, allow_user), spot=spot,
        remote=studios.remote_config(repository, revision), compute_env_id=_compute_env_id(app, ws, compute_env),
        configuration=studios.configuration(None, config, mount_data=_mount_ids(app, ws, mounts), conda=conda,
                                            ssh=ssh, defaults=True))
    created = studios.create(app.client, ws, body, auto_start)
    _created(app, ws, created, auto_start, wait, wait_timeout, workspace)


@group.command("add-as-new")
@click.option("-pid", "--parent-id", "parent_id", metavar="<sessionId>", shell_complete=_completer("studio-ids"),
              help="Parent studio session identifier.")
@click.option("-pn", "--parent-name", "parent_name", metavar="<name>", shell_complete=_completer("studios"),
              help="Parent studio name.")
@click.option("--parent-checkpoint-id", "parent_checkpoint", metavar="<id>",
              help="The parent's checkpoint to start the new studio from [default: its most recent checkpoint].")
@_new_studio_options
@_allow_user("A user (numeric id, user name or email) besides you allowed to connect to and start this studio "
             "when it is private.")
@_studio_labels
@wait_options(DATA_STUDIO_STATES, help_text=WAIT_HELP + " Needs --auto-start.")
@pass_app
def add_as_new_cmd(app, parent_id, parent_name, parent_checkpoint, name, description, workspace, config, mounts,
                   auto_start, private, allow_user, labels, wait, wait_timeout):
    """Add a studio from an existing one (its template, compute environment, configuration and a checkpoint).

    \b
    Examples:
      twpy studios add-as-new -pn my-notebook -n my-notebook-2 -w acme/showcase
      twpy studios add-as-new -pid 3e8370e7 --parent-checkpoint-id 12 -n retry --cpu 8 -a --wait running
    """
    from tw_py.api import studios

    if (parent_id is None) == (parent_name is None):
        raise click.UsageError("Specify exactly one of -pid/--parent-id or -pn/--parent-name")
    _wait_needs_start(wait, auto_start)
    _check_timeout(wait_timeout)
    ws = app.workspace(workspace)
    parent = studios.find(app.client, ws, Ref(parent_id, parent_name))
    parent_session = parent["sessionId"]
    label_ids = _label_ids(app, ws, labels)
    allowed = studios.allowed_user_ids(app.client, ws, allow_user)
    if parent_checkpoint is None:
        checkpoint = studios.latest_checkpoint_id(app.client, ws, parent_session)
    else:
        checkpoint = studios.checkpoint_id(app.client, ws, parent_session, parent_checkpoint)
    template = (parent.get("template") or {}).get("repository")
    remote = parent.get("remoteConfig") or {}
    ce_id = (parent.get("computeEnv") or {}).get("id")
    if not ce_id or not (template or remote.get("repository")):
        raise InputError(f"Studio '{parent.get('name') or parent_session}' has no "
                         f"{'compute environment' if not ce_id else 'template'} to start a new studio from")
    body = studios.create_body(
        name=name, description=description or f"Started from studio {parent.get('name')}",
        label_ids=label_ids, is_private=private, allowed_user_ids=allowed, initial_checkpoint_id=checkpoint,
        template=template, compute_env_id=ce_id,
        remote=None if template else studios.remote_config(remote.get("repository"), remote.get("revision")),
        configuration=studios.configuration(parent.get("configuration"), config,
                                            mount_data=_mount_ids(app, ws, mounts)))
    created = studios.create(app.client, ws, body, auto_start)
    _created(app, ws, created, auto_start, wait, wait_timeout, workspace)


# start / stop -----------------------------------------------------------------------------------
@item_command(group, "start", studio_ref)
@config_options
@wait_options(DATA_STUDIO_STATES, help_text=WAIT_HELP)
@_studio_labels
@click.option("--description", metavar="<description>", help="A new description of the studio.")
@click.option("--spot/--no-spot", "spot", default=None, help="Run this session on spot instances (or not).")
@click.option("--ssh/--no-ssh", "ssh", default=None, help="Enable (or disable) SSH connections to the studio.")
@_allow_user("The user (numeric id, user name or email) besides the creator allowed to connect to and start this "
             "studio when it is private (only the creator may change it; left as is when not given).")
def start_cmd(app, workspace, ref, config, mounts, wait, wait_timeout, labels, description, spot, ssh, allow_user):
    """Start a studio, optionally with another configuration.

    Exit status with --wait: 0 the session reached STATUS, 1 it can no longer reach it (stopped, errored), 3
    --wait-timeout expired (the session keeps going).

    \b
    Examples:
      twpy studios start -n my-notebook -w acme/showcase
      twpy studios start -i 3e8370e7 --cpu 8 --memory 32768 --mount-data results --wait running --wait-timeout 15m
    """
    from tw_py.api import studios
    from tw_py.output import views

    _check_timeout(wait_timeout)
    ws = app.workspace(workspace)
    studio = studios.find(app.client, ws, ref)
    session_id = studio["sessionId"]
    body = {**_session_changes(app, ws, studio, config, mounts, ssh, description, labels),
            "allowedUserIds": studios.allowed_user_ids(app.client, ws, allow_user), "spot": spot}
    answer = studios.start(app.client, ws, session_id, body, ident=ref)
    submitted = answer.get("jobSubmitted")
    url = _connect_url(app, ws, session_id)
    app.emit({"sessionId": session_id, "userSuppliedStudioIdentifier": str(ref), "studioUrl": url,
              "workspaceId": ws.id, "workspaceRef": ws.ref, "jobSubmitted": submitted},
             views.message(f"Studio {ref} START {_submitted(submitted)} at {ws.ref} workspace.")
             + f"\n  {CONNECT_TEXT}\n\n    {url}\n")
    if wait:
        _wait_submitted(app, ws, session_id, ref, submitted, "started", wait, wait_timeout, workspace)


@item_command(group, "stop", studio_ref)
@wait_options(DATA_STUDIO_STATES, help_text=WAIT_HELP)
def stop_cmd(app, workspace, ref, wait, wait_timeout):
    """Stop a studio.

    \b
    Examples:
      twpy studios stop -n my-notebook -w acme/showcase
      twpy studios stop -i 3e8370e7 --wait stopped --wait-timeout 10m
    """
    from tw_py.api import studios
    from tw_py.output import views

    _check_timeout(wait_timeout)
    ws = app.workspace(workspace)
    session_id = studios.session_id(app.client, ws, ref)
    answer = studios.stop(app.client, ws, session_id, ident=ref)
    submitted = answer.get("jobSubmitted")
    app.emit({"sessionId": session_id, "userSuppliedStudioIdentifier": str(ref), "workspaceId": ws.id,
              "workspaceRef": ws.ref, "jobSubmitted": submitted},
             views.message(f"Studio {ref} STOP {_submitted(submitted)} at {ws.ref} workspace."))
    if wait:
        _wait_submitted(app, ws, session_id, ref, submitted, "stopped", wait, wait_timeout, workspace)


# update / delete --------------------------------------------------------------------------------
@item_command(group, "update", studio_ref)
@config_options
@_studio_labels
@click.option("--description", metavar="<description>", help="The studio's new description.")
@click.option("--new-name", "new_name", metavar="<name>", help="The studio's new name.")
@click.option("--ssh/--no-ssh", "ssh", default=None, help="Enable (or disable) SSH connections to the studio.")
@click.option("-c", "--compute-env", "compute_env", metavar="<compute-env>", shell_complete=_completer("compute-envs"),
              help="Move the studio to another (compatible) compute environment; only while it is stopped.")
def update_cmd(app, workspace, ref, config, mounts, labels, description, new_name, ssh, compute_env):
    """Update a studio (one that is not running).

    \b
    Examples:
      twpy studios update -n my-notebook --new-name notebook --cpu 4 -w acme/showcase
      twpy studios update -i 3e8370e7 --mount-data-uris s3://acme-results --labels team=genomics
    """
    from tw_py.api import studios
    from tw_py.output import views

    if config.empty and mounts is None and labels is None and description is None and new_name is None \
            and ssh is None and compute_env is None:
        raise click.UsageError("Required at least one option to update")
    ws = app.workspace(workspace)
    studio = studios.find(app.client, ws, ref)
    session_id = studio["sessionId"]
    body = {**_session_changes(app, ws, studio, config, mounts, ssh, description, labels), "name": new_name,
            "computeEnvId": _compute_env_id(app, ws, compute_env) if compute_env is not None else None}
    updated = studios.update(app.client, ws, session_id, body, ident=ref)
    app.emit({"sessionId": updated.get("sessionId") or session_id, "userSuppliedStudioIdentifier": str(ref),
              "workspaceId": ws.id, "workspaceRef": ws.ref},
             views.message(f"Studio {ref} UPDATED at {ws.ref} workspace."))


@item_command(group, "delete", studio_ref)
def delete_cmd(app, workspace, ref):
    """Delete a studio.

    \b
    Examples:
      twpy studios delete -n my-notebook -w acme/showcase
      twpy studios delete -i 3e8370e7
    """
    from tw_py.api import studios
    from tw_py.output import views

    ws = app.workspace(workspace)
    session_id = studios.session_id(app.client, ws, ref)
    studios.delete(app.client, ws, session_id, ident=ref)
    app.emit({"userSuppliedStudioIdentifier": str(ref), "workspaceRef": ws.ref},
             views.message(f"Studio {ref} deleted at {ws.ref} workspace."))


# templates / checkpoints ------------------------------------------------------------------------
@group.command("templates")
@workspace_option
@click.option("--max", "max_items", type=click.IntRange(min=1), default=20, show_default=True, metavar="<max>",
              help="Maximum number of templates to list.")
@pass_app
def templates_cmd(app, workspace, max_items):
    """List the Platform's studio templates.

    \b
    Examples:
      twpy studios templates -w acme/showcase
      twpy -o json studios templates | jq -r '.templates[].repository'
    """
    from tw_py.api import studios
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = studios.templates(app.client, ws, max_items)
    app.emit({"templates": found},
             lambda: views.listing("Available templates for Studios", found, [Column("repository", "Templates")],
                                   empty="No studios templates found"))


@item_command(group, "checkpoints", studio_ref)
@filter_option("Free text search on name, and the keywords after: YYYY-MM-DD, before: YYYY-MM-DD and author "
               "(e.g. -f author:my-name).")
@pagination_options
def checkpoints_cmd(app, workspace, ref, search, page):
    """List a studio's checkpoints (newest first; at most 50 per page).

    \b
    Examples:
      twpy studios checkpoints -n my-notebook -w acme/showcase
      twpy -o json studios checkpoints -i 3e8370e7 --all | jq -r '.checkpoints[].id'
    """
    from tw_py.api import studios
    from tw_py.output import views
    from tw_py.output.formats import format_time

    ws = app.workspace(workspace)
    session_id = studios.session_id(app.client, ws, ref)
    page = studios.checkpoint_page(page)
    found = studios.checkpoints(app.client, ws, session_id, search=search, page=page)
    columns = [Column("id", "ID"), Column("name", "Name"), Column("author.userName", "Author"),
               Column(lambda c: format_time(c.get("dateCreated")), "Date Created"),
               Column(lambda c: format_time(c.get("dateSaved")), "Date Saved")]
    app.emit({"userSuppliedStudioIdentifier": str(ref), "workspaceRef": ws.ref, "checkpoints": found.items},
             lambda: views.listing(f"Checkpoints at Studio {ref} at {ws.ref} workspace", found.items, columns,
                                   empty="No checkpoints found", sort_by=None, footer=page.footer(found.total)))
