"""twpy pipelines: the Launchpad of a workspace (list, view, add, update, delete, export, import, labels, versions)."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app, prog_name
from tw_py.cli.label_options import label_subcommand_options, labels_option, manage_entity_labels
from tw_py.cli.launch_options import launch_options
from tw_py.cli.options import (
    _completer,
    filter_option,
    item_command,
    missing_one_of,
    mutually_exclusive,
    pagination_options,
    ref_options,
    show_labels_option,
    workspace_option,
)
from tw_py.errors import api_error_context
from tw_py.output.tables import LABELS_COLUMN, Column

pipeline_ref = ref_options("pipeline", id_type=int, complete="pipelines")


def _columns(show_labels: bool):

    columns = [Column("pipelineId", "ID"), Column("name", "Name"), Column("repository", "Repository"),
               Column("visibility", "Visibility")]
    if show_labels:
        columns.append(LABELS_COLUMN)
    return columns


def version_options(required: bool = False):
    """Mutually exclusive `--version-id` | `--version-name`."""
    def decorate(f):
        import functools

        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            if kwargs.get("version_id") is not None and kwargs.get("version_name") is not None:
                raise mutually_exclusive("--version-id and --version-name")
            if required and kwargs.get("version_id") is None and kwargs.get("version_name") is None:
                raise missing_one_of("(--version-id=<versionId> | --version-name=<versionName>)")
            return f(*args, **kwargs)

        wrapper = click.option("--version-name", metavar="<versionName>", help="Pipeline version name.")(wrapper)
        wrapper = click.option("--version-id", metavar="<versionId>", help="Pipeline version identifier.")(wrapper)
        return wrapper
    return decorate


@click.group("pipelines")
def group():
    """Manage workspace pipeline launchpad."""


# list ----------------------------------------------------------------------------------------------

@group.command("list")
@workspace_option
@show_labels_option()
@filter_option("Show only pipelines that contain the given word.")
@click.option("--visibility", type=click.Choice(("all", "private", "shared"), case_sensitive=False), default="private",
              show_default=True, help="Show pipelines: all, private or shared.")
@pagination_options
@pass_app
def list_cmd(app, workspace, show_labels, search, visibility, page):
    """List the pipelines of a workspace's Launchpad (API errors are reported, unlike tw).

    \b
    Examples:
      twpy pipelines list -w acme/showcase
      twpy pipelines list -f rnaseq --visibility all -l
      twpy -o json pipelines list --all | jq -r '.pipelines[].name'
    """
    from tw_py.api import pipelines
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = pipelines.list_pipelines(app.client, ws, search=search, visibility=visibility.lower(),
                                     labels=show_labels, page=page)
    app.remember_names('pipelines', ws, found.items,
                   replace=page.first and not search and visibility.lower() == "all")
    app.emit({"workspaceRef": ws.ref, "pipelines": found.items},
             lambda: views.listing(f"Pipelines at {ws.ref} workspace", found.items, _columns(show_labels),
                                   empty="No pipelines found", footer=page.footer(found.total)))


# view ----------------------------------------------------------------------------------------------

def _version(app, ws, pipeline, version_id, version_name):
    """The chosen version (tw's lookup) and the id to describe the launch with."""
    from tw_py.api import pipelines

    if version_id is None and version_name is None:
        default = pipeline.get("version") or None
        return default, (default or {}).get("id")
    found = pipelines.find_version(app.client, ws, pipeline["pipelineId"], name=version_name, version_id=version_id)
    return found, (found or {}).get("id") or version_id


@item_command(group, "view", pipeline_ref)
@version_options()
def view_cmd(app, ref, workspace, version_id, version_name):
    """Show a pipeline, its version and its launch configuration.

    \b
    Examples:
      twpy pipelines view -n rnaseq -w acme/showcase
      twpy pipelines view -i 183522618315672 --version-name 3.14
      twpy -o json pipelines view -n rnaseq | jq .launch
    """
    from tw_py import jsonfmt
    from tw_py.api import pipelines
    from tw_py.api.launch_request import create_launch_request
    from tw_py.output import views
    from tw_py.output.formats import format_labels

    ws = app.workspace(workspace)
    pipeline = pipelines.find(app.client, ws, ref, attributes="labels")
    version, launch_version = _version(app, ws, pipeline, version_id, version_name)
    launch = pipelines.describe_launch(app.client, ws, pipeline["pipelineId"],
                                       source_workspace=pipelines.source_workspace_id(ws, pipeline),
                                       version_id=launch_version)

    def console():
        ce = launch.get("computeEnv") or {}
        version_info = version or {}
        pairs = [("ID", pipeline.get("pipelineId")), ("Name", pipeline.get("name")),
                 ("Description", pipeline.get("description")), ("Repository", pipeline.get("repository")),
                 ("Compute env.", ce.get("name") or "(not defined)"),
                 ("Labels", format_labels(pipeline.get("labels")) or "No labels found"),
                 ("Version Name", version_info.get("name") or "(draft)"),
                 ("Version Is Default", "yes" if version_info.get("isDefault") else "no"),
                 ("Version Hash", version_info.get("hash"))]
        return views.details(f"Pipeline at {ws.ref} workspace:", pairs,
                             sections=[("Configuration", jsonfmt.dumps(create_launch_request(launch)))])

    app.emit({"workspaceRef": ws.ref, "info": pipeline, "launch": launch, "version": version}, console)


# add -----------------------------------------------------------------------------------------------

@group.command("add")
@click.option("-n", "--name", required=True, metavar="<name>", help="Pipeline name.")
@workspace_option
@click.option("-d", "--description", metavar="<description>", help="Pipeline description.")
@labels_option("--labels", help="Comma-separated list of labels: 'name' or 'name=value' (created when missing).")
@click.argument("pipeline_url", metavar="PIPELINE_URL")
@click.option("--version-name", metavar="<versionName>", help="Initial pipeline version name.")
@click.option("--pipeline-schema-id", type=int, metavar="<pipelineSchemaId>", help="Pipeline schema identifier to use.")
@launch_options
@pass_app
def add_cmd(app, name, workspace, description, labels, pipeline_url, version_name, pipeline_schema_id, launch):
    """Add a pipeline to the workspace's Launchpad.

    \b
    Examples:
      twpy pipelines add -n rnaseq -w acme/showcase https://github.com/nf-core/rnaseq --revision 3.14.0
      twpy pipelines add -n hello --params-file params.yaml --labels team=genomics,demo https://github.com/nextflow-io/hello
    """
    from tw_py.api import labels as labels_api
    from tw_py.api import pipelines
    from tw_py.api.compute_envs import AvailableComputeEnvs
    from tw_py.errors import TwpyError
    from tw_py.output import views

    ws = app.workspace(workspace)
    ces = AvailableComputeEnvs(app.client, ws)
    if launch.compute_env:
        ce = ces.by_ref(launch.compute_env)
    elif pipelines.workspace_visibility(app.client, ws) == "PRIVATE":
        ce = ces.primary()
    else:
        ce = None
    request = {"name": name, "description": description,
               "version": {"name": version_name} if version_name else None,
               "launch": pipelines.launch_config(launch, pipeline=pipeline_url, ce=ce,
                                                 pipeline_schema_id=pipeline_schema_id)}
    with api_error_context(f"Unable to add pipeline '{name}'"):
        created = pipelines.create(app.client, ws, request)
    if labels:
        try:
            ids = labels_api.find_label_ids(app.client, ws, labels)
            labels_api.apply_labels(app.client, ws, "pipelines", created.get("pipelineId"), ids)
        except TwpyError as error:
            raise TwpyError(f"Pipeline '{name}' was created but failed to add labels: {error.message}",
                            hint=error.hint) from error
    app.emit({"workspaceRef": ws.ref, "pipelineName": name},
             views.message(f"New pipeline '{name}' added at {ws.ref} workspace") + "\n")


# update --------------------------------------------------------------------------------------------

@item_command(group, "update", pipeline_ref)
@click.option("-d", "--description", metavar="<description>", help="Pipeline description.")
@click.option("--new-name", metavar="<newName>", help="Pipeline new name.")
@launch_options
@click.option("--pipeline-schema-id", type=int, metavar="<pipelineSchemaId>", help="Pipeline schema identifier to use.")
@click.option("--pipeline", "pipeline_url", metavar="<pipeline>", help="Nextflow pipeline URL.")
@click.option("--allow-draft", is_flag=True, help="Keep a new draft version when the update creates one, "
                                                  "instead of naming it and making it the default.")
@version_options()
def update_cmd(app, ref, workspace, description, new_name, launch, pipeline_schema_id, pipeline_url, allow_draft,
               version_id, version_name):
    """Update a pipeline's name, description or launch configuration (its labels are kept, unlike tw).

    \b
    Examples:
      twpy pipelines update -n rnaseq --revision 3.15.0
      twpy pipelines update -n rnaseq --new-name rnaseq-prod -d "Production RNA-seq"
      twpy pipelines update -i 183522618315672 --params-file prod.yaml --version-name 3.14
    """
    from tw_py.api import pipelines
    from tw_py.api.compute_envs import AvailableComputeEnvs

    ws = app.workspace(workspace)
    pipeline = pipelines.find(app.client, ws, ref, attributes="labels")
    pid = pipeline["pipelineId"]
    if new_name:
        pipelines.validate_name(app.client, ws, new_name)
    target = pipelines.version_id_for(app.client, ws, pid, version_id, version_name) or \
        (pipeline.get("version") or {}).get("id")
    existing = pipelines.describe_launch(app.client, ws, pid, source_workspace=pipelines.source_workspace_id(ws, pipeline),
                                         version_id=target)
    ce_id = AvailableComputeEnvs(app.client, ws).entry(launch.compute_env)["id"] if launch.compute_env else None
    request = {"name": new_name or pipeline.get("name"),
               "description": description or pipeline.get("description"),
               "icon": pipeline.get("icon"),
               "labelIds": [label["id"] for label in pipeline.get("labels") or [] if label.get("id") is not None],
               "launch": pipelines.updated_launch(existing, launch, ce_id=ce_id, pipeline=pipeline_url,
                                                  pipeline_schema_id=pipeline_schema_id)}
    updated = pipelines.update_version(app.client, ws, pid, target, request)
    doc = {"workspaceRef": ws.ref, "pipelineName": pipeline.get("name")}
    text = f"\n  Pipeline '{pipeline.get('name')}' updated at {ws.ref} workspace"
    settled = pipelines.settle_new_version(app.client, ws, pipeline, target, updated, allow_draft=allow_draft)
    if settled:
        doc.update(settled)
        if "newVersionName" in doc:
            text += f"\n  New version '{doc['newVersionName']}' created and set as default, available in the Launchpad."
        else:
            text += (f"\n  New draft version '{doc['draftVersionId']}' created. "
                     f"Use '{prog_name()} pipelines versions' to manage it.")
    app.emit(doc, text + "\n\n")


# delete --------------------------------------------------------------------------------------------

@item_command(group, "delete", pipeline_ref)
def delete_cmd(app, ref, workspace):
    """Remove a pipeline from the Launchpad.

    \b
    Examples:
      twpy pipelines delete -n rnaseq -w acme/showcase
      twpy pipelines delete -i 183522618315672
    """
    from tw_py.api import pipelines
    from tw_py.output import views

    ws = app.workspace(workspace)
    pipelines.delete(app.client, ws, pipelines.pipeline_id(app.client, ws, ref))
    app.emit({"pipelineRef": str(ref.value), "workspaceRef": ws.ref},
             views.message(f"Pipeline '{ref.value}' deleted at {ws.ref} workspace"))


# export / import -----------------------------------------------------------------------------------

@item_command(group, "export", pipeline_ref)
@version_options()
@click.argument("file_name", metavar="[FILENAME]", required=False)
def export_cmd(app, ref, workspace, version_id, version_name, file_name):
    """Export a pipeline's launch configuration as JSON (to FILENAME, or standard output).

    \b
    Examples:
      twpy pipelines export -n rnaseq rnaseq.json
      twpy pipelines export -n rnaseq --version-name 3.14 > rnaseq-3.14.json
    """
    from tw_py import jsonfmt
    from tw_py.api import pipelines
    from tw_py.output import views

    ws = app.workspace(workspace)
    pipeline = pipelines.find(app.client, ws, ref)
    version, launch_version = _version(app, ws, pipeline, version_id, version_name)
    if version_id is None and version_name is None:
        version, launch_version = None, None  # tw exports the default launch without a version name
    launch = pipelines.describe_launch(app.client, ws, pipeline["pipelineId"],
                                       source_workspace=pipelines.source_workspace_id(ws, pipeline),
                                       version_id=launch_version)
    text = jsonfmt.dumps(pipelines.export_request(pipeline, launch, version))
    if file_name and file_name != "-":
        from tw_py.errors import InputError

        try:
            with open(file_name, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise InputError(f"Cannot write {file_name}: {error.strerror or error}") from None
        app.emit({"configOutput": text, "fileName": file_name},
                 views.message(f"Pipeline exported into '{file_name}' "))
    else:
        app.emit({"configOutput": text, "fileName": file_name}, text + "\n")


@group.command("import")
@click.option("-n", "--name", required=True, metavar="<name>", help="Pipeline name.")
@workspace_option
@click.option("-c", "--compute-env", metavar="<computeEnv>", shell_complete=_completer("compute-envs"),
              help="Compute environment name or id [default: the file's launch.computeEnvId].")
@click.option("--overwrite", is_flag=True, help="Overwrite the pipeline if it already exists.")
@click.argument("file_name", metavar="FILENAME")
@pass_app
def import_cmd(app, name, workspace, compute_env, overwrite, file_name):
    """Add a pipeline from a JSON file made by 'pipelines export'.

    \b
    Examples:
      twpy pipelines import -n rnaseq rnaseq.json -w acme/showcase
      twpy pipelines import -n rnaseq -c my-ce --overwrite rnaseq.json
    """

    from tw_py.api import pipelines
    from tw_py.api.compute_envs import AvailableComputeEnvs, ce_config
    from tw_py.cli.launch_options import FileReader
    from tw_py.documents import parse_json
    from tw_py.errors import InputError, NotFoundError
    from tw_py.output import views

    text = FileReader(stdin=True).read(file_name)
    try:
        request = parse_json(text, file_name)
    except InputError as error:
        error.hint = error.hint or "Use a file written by 'twpy pipelines export'."
        raise
    if not isinstance(request, dict):
        raise InputError(f"Cannot import {file_name}: expected a JSON object")
    for key in ("launch", "version"):
        if request.get(key) is not None and not isinstance(request[key], dict):
            raise InputError(f"Cannot import {file_name}: field '{key}' must be a JSON object",
                             hint="Use a file written by 'twpy pipelines export' (expected a JSON object).")
    ws = app.workspace(workspace)
    launch = dict(request.get("launch") or {})
    ce_ref = compute_env or launch.get("computeEnvId")
    if not ce_ref:
        raise InputError("Missing compute environment ID. Provide it using '--compute-env' option or field "
                         "'launch.computeEnvId'.")
    ce = AvailableComputeEnvs(app.client, ws).by_ref(ce_ref)
    config = ce_config(ce)
    launch["computeEnvId"] = ce.get("id")
    for key, ce_key in (("workDir", "workDir"), ("preRunScript", "preRunScript"), ("postRunScript", "postRunScript")):
        if not launch.get(key) and config.get(ce_key):
            launch[key] = config[ce_key]
    request["launch"] = launch
    request["name"] = name
    if overwrite:
        try:
            pipelines.delete(app.client, ws, pipelines.find_by_name(app.client, ws, name)["pipelineId"])
        except NotFoundError:
            pass
    with api_error_context(f"Unable to add pipeline '{name}'"):
        pipelines.create(app.client, ws, request)
    app.emit({"workspaceRef": ws.ref, "pipelineName": name},
             views.message(f"New pipeline '{name}' added at {ws.ref} workspace") + "\n")


# labels --------------------------------------------------------------------------------------------

@group.command("labels")
@pipeline_ref
@label_subcommand_options
@pass_app
def labels_cmd(app, ref, workspace, labels, operation, no_create):
    """Set, append or delete the labels of a pipeline.

    \b
    Examples:
      twpy pipelines labels -n rnaseq team=genomics,prod
      twpy pipelines labels -n rnaseq -o append demo
      twpy pipelines labels -i 183522618315672 -o delete demo
    """
    from tw_py.api import pipelines

    ws = app.workspace(workspace)
    pid = pipelines.pipeline_id(app.client, ws, ref)
    manage_entity_labels(app, ws, "pipelines", "pipeline", pid, labels, operation, no_create)


# versions ------------------------------------------------------------------------------------------

@group.group("versions")
def versions_group():
    """Manage the versions of a pipeline."""


def _short_hash(value: str | None, full: bool) -> str:
    if not value or full or len(value) <= 40:
        return value or ""
    return value[:18] + "..." + value[-19:]


@versions_group.command("list")
@pipeline_ref
@workspace_option
@filter_option("Search versions by name (implies --is-published true); supports versionName:, versionId:, versionHash:.")
@click.option("--is-published", type=click.BOOL, is_flag=False, flag_value=True, metavar="[true|false]",
              help="Only published versions (alone or 'true', as tw), only drafts with 'false' (default: all).")
@click.option("--full-hash", is_flag=True, help="Show full-length hash values without truncation.")
@pagination_options
@pass_app
def versions_list_cmd(app, ref, workspace, search, is_published, full_hash, page):
    """List the versions of a pipeline.

    \b
    Examples:
      twpy pipelines versions list -n rnaseq
      twpy pipelines versions list -n rnaseq --is-published false --full-hash
    """
    from tw_py.api import pipelines
    from tw_py.output.formats import format_time

    ws = app.workspace(workspace)
    pipeline = pipelines.find(app.client, ws, ref)
    if search is not None:
        is_published = True
    found = pipelines.list_versions(app.client, ws, pipeline["pipelineId"], search=search, is_published=is_published,
                                    page=page)
    versions = [item.get("version") for item in found.items if item.get("version")]
    versions.sort(key=lambda v: v.get("dateCreated") or "")
    columns = [Column("id", "ID"), Column("name", "Name"),
               Column(lambda v: "true" if v.get("isDefault") else "false", "IsDefault"),
               Column(lambda v: _short_hash(v.get("hash"), full_hash), "Hash"),
               Column("creatorUserName", "Creator"), Column(lambda v: format_time(v.get("dateCreated")), "Created At")]
    workspace = workspace or app.settings.workspace  # tw shows the -w value, TOWER_WORKSPACE_ID included
    where = f"in workspace {workspace} :" if workspace else "in user workspace:"
    end = page.start + page.size - 1
    footer = None if page.all else f"Showing from {page.start} to {end}."

    def console():
        head = f"\n  Pipeline versions of '{pipeline.get('name')}' {where}\n\n"
        if not versions:
            return head + "    No pipeline versions found\n"
        from tw_py.output.tables import table

        text = head + table(versions, columns, prefix="") + "\n"
        if footer:
            text += f"\n  {footer}\n"
        return text + "\n"

    app.emit({"workspaceRef": workspace, "pipelineId": pipeline["pipelineId"], "pipelineName": pipeline.get("name"),
              "versions": versions}, console)


@versions_group.command("manage")
@pipeline_ref
@workspace_option
@version_options(required=True)
@click.option("--new-name", metavar="<newName>", help="New name for the version.")
@click.option("--set-default", is_flag=True, default=None, help="Make this version the pipeline's default.")
@pass_app
def versions_manage_cmd(app, ref, workspace, version_id, version_name, new_name, set_default):
    """Rename a pipeline version or make it the default.

    \b
    Examples:
      twpy pipelines versions manage -n rnaseq --version-name 3.14 --set-default
      twpy pipelines versions manage -n rnaseq --version-id 4Kx2fCEyHsMPrk --new-name 3.14.1
    """
    from tw_py.api import pipelines
    from tw_py.output import views

    if new_name is None and not set_default:
        raise click.UsageError("Missing required argument: at least one of --new-name, --set-default")
    ws = app.workspace(workspace)
    pipeline = pipelines.find(app.client, ws, ref)  # also with -i, as tw: the name is printed and checked
    pid = pipeline["pipelineId"]
    vid = pipelines.version_id_for(app.client, ws, pid, version_id, version_name)
    pipelines.manage_version(app.client, ws, pid, vid, name=new_name, is_default=True if set_default else None)
    name = pipeline.get("name") or pid
    workspace = workspace or app.settings.workspace  # tw shows the -w value, TOWER_WORKSPACE_ID included
    where = f" at workspace {workspace}" if workspace else ""
    app.emit({"workspaceRef": workspace, "pipelineId": pid, "pipelineName": pipeline.get("name"), "versionId": vid},
             views.message(f"Pipeline version '{vid}' of pipeline '{name}' updated{where}"))
