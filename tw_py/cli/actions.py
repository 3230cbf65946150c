"""twpy actions: pipeline actions that launch a pipeline on an event (list, view, add, update, delete, labels)."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.label_options import label_subcommand_options, labels_option, manage_entity_labels
from tw_py.cli.launch_options import launch_options
from tw_py.cli.options import item_command, ref_options, show_labels_option, workspace_option
from tw_py.errors import api_error_context
from tw_py.output.tables import LABELS_COLUMN, Column

action_ref = ref_options("action")


@click.group("actions")
def group():
    """Manage pipeline actions."""


# list ----------------------------------------------------------------------------------------------

def _columns(show_labels: bool):

    columns = [Column("id", "ID"), Column("name", "Name"), Column("endpoint", "Endpoint"),
               Column(lambda a: a.get("status") or "NA", "Status"), Column("source", "Source")]
    if show_labels:
        columns.append(LABELS_COLUMN)
    return columns


@group.command("list")
@workspace_option
@show_labels_option()
@pass_app
def list_cmd(app, workspace, show_labels):
    """List the pipeline actions of a workspace.

    \b
    Examples:
      twpy actions list -w acme/showcase
      twpy actions list -l
      twpy -o json actions list | jq -r '.actions[] | [.name, .status] | @tsv'
    """
    from tw_py.api import actions
    from tw_py.output import views

    ws = app.workspace(workspace)
    found = actions.list_actions(app.client, ws, labels=show_labels) or []
    user_name = app.user().get("userName")
    app.emit({"userName": user_name, "actions": found},
             lambda: views.listing(f"Actions for {user_name} user", found, _columns(show_labels),
                                   empty="No actions found"))


# view ----------------------------------------------------------------------------------------------

@item_command(group, "view", action_ref)
def view_cmd(app, ref, workspace):
    """Show a pipeline action and its launch configuration.

    \b
    Examples:
      twpy actions view -n nf-hello -w acme/showcase
      twpy actions view -i 57byWxhmUDLLWIF4J97XEP
      twpy -o json actions view -n nf-hello | jq .action.hookUrl
    """
    from tw_py import jsonfmt
    from tw_py.api import actions
    from tw_py.api.launch_request import create_launch_request
    from tw_py.output import views
    from tw_py.output.formats import format_labels, format_time

    ws = app.workspace(workspace)
    action = actions.find(app.client, ws, ref)

    def console():
        launch = action.get("launch") or {}
        pairs = [("ID", action.get("id")), ("Name", action.get("name")), ("Status", action.get("status") or "NA"),
                 ("Pipeline URL", launch.get("pipeline")), ("Source", action.get("source")),
                 ("Hook URL", action.get("hookUrl")), ("Last event", format_time(action.get("lastSeen"))),
                 ("Date created", format_time(action.get("dateCreated"))),
                 ("Last event", format_time(action.get("lastSeen"))),
                 ("Labels", format_labels(action.get("labels")) or "No labels found")]
        return views.details(f"Details for action '{action.get('name')}'", pairs,
                             sections=[("Configuration", jsonfmt.dumps(create_launch_request(launch)))])

    app.emit({"action": action}, console)


# add -----------------------------------------------------------------------------------------------

@group.group("add")
def add_group():
    """Add a pipeline action."""


def _add(app, source: str, name, pipeline, labels, workspace, launch, overwrite):
    """tw's AbstractAddCmd: CE from -c or the primary one, POST /actions, then the labels."""
    from tw_py.api import actions
    from tw_py.api import labels as labels_api
    from tw_py.api.compute_envs import AvailableComputeEnvs
    from tw_py.errors import TwpyError
    from tw_py.output import views

    ws = app.workspace(workspace)
    ces = AvailableComputeEnvs(app.client, ws)
    ce = ces.by_ref(launch.compute_env) if launch.compute_env else ces.primary()
    request = {"name": name, "source": source, "launch": actions.add_launch(launch, pipeline=pipeline, ce=ce)}
    if overwrite:
        actions.delete_by_name(app.client, ws, name)
    with api_error_context(f"Unable to add action for workspace '{ws.ref}'", server_text_as_hint=True):
        created = actions.create(app.client, ws, request)
    if labels:
        try:
            ids = labels_api.find_label_ids(app.client, ws, labels)
            labels_api.apply_labels(app.client, ws, "actions", created, ids)
        except TwpyError as error:
            raise TwpyError(f"Action '{name}' was added with id '{created}' but failed to add labels: "
                            f"{error.message}", hint=error.hint) from error
    app.emit({"actionName": name, "workspaceRef": ws.ref, "actionId": created},
             views.message(f"Pipeline action '{name}' added at {ws.ref} workspace with id '{created}'"))


def _add_command(source: str, short_help: str, examples: str):
    @add_group.command(source, help=f"{short_help}\n\n\b\nExamples:\n{examples}", short_help=short_help)
    @click.option("-n", "--name", required=True, metavar="<name>", help="Action name.")
    @click.option("--pipeline", required=True, metavar="<pipeline>", help="Pipeline to launch.")
    @labels_option("--labels")
    @workspace_option
    @launch_options
    @click.option("--overwrite", is_flag=True, help="Overwrite the action if it already exists.")
    @pass_app
    def command(app, name, pipeline, labels, workspace, launch, overwrite):
        _add(app, source, name, pipeline, labels, workspace, launch, overwrite)

    return command


add_github = _add_command(
    "github", "Add a GitHub action (launches the pipeline on each push to its repository).",
    "  twpy actions add github -n hello-ci --pipeline https://github.com/nextflow-io/hello -w acme/showcase\n"
    "  twpy actions add github -n rnaseq-ci --pipeline https://github.com/nf-core/rnaseq -c my-ce --labels ci")
add_tower = _add_command(
    "tower", "Add a Seqera Platform action (launches the pipeline when its endpoint is called).",
    "  twpy actions add tower -n hello --pipeline https://github.com/nextflow-io/hello --params-file params.yaml\n"
    "  twpy actions add tower -n hello --pipeline https://github.com/nextflow-io/hello --overwrite")


# update --------------------------------------------------------------------------------------------

@group.command("update")
@action_ref
@click.option("-s", "--status", metavar="<status>", help="Action status: active or paused (pause).")
@click.option("--new-name", metavar="<newName>", help="Action new name.")
@workspace_option
@launch_options
@pass_app
def update_cmd(app, ref, status, new_name, workspace, launch):
    """Update a pipeline action's name, launch configuration or status (values not given are kept).

    \b
    Examples:
      twpy actions update -n hello-ci --revision v1.2
      twpy actions update -n hello-ci --new-name hello-main -c other-ce
      twpy actions update -i 57byWxhmUDLLWIF4J97XEP -s paused
    """
    from tw_py.api import actions
    from tw_py.api.compute_envs import AvailableComputeEnvs
    from tw_py.errors import InputError, TwpyError
    from tw_py.output import views

    wanted = None
    if status is not None:
        try:
            wanted = actions.wanted_status(status)
        except InputError as error:
            raise click.BadParameter(f"'{status}' ({error.hint})", param_hint="'-s' / '--status'") from None
    ws = app.workspace(workspace)
    action = actions.find(app.client, ws, ref, labels=False)
    ident, name = action.get("id"), action.get("name")
    current = (action.get("status") or "").upper()
    if wanted is not None and wanted == current:
        raise TwpyError(f"The action is already set to '{wanted}'")
    if new_name and new_name != name:
        actions.validate_name(app.client, ws, new_name)
    ce_id = AvailableComputeEnvs(app.client, ws).entry(launch.compute_env)["id"] if launch.compute_env else None
    request = {"name": new_name or name,
               "launch": actions.updated_launch(action.get("launch") or {}, launch, ce_id=ce_id)}
    with api_error_context(f"Unable to update action '{ref.value}' for workspace '{ws.ref}'",
                           server_text_as_hint=True):
        actions.update(app.client, ws, ident, request)
    if wanted is not None:
        with api_error_context(f"An error has occur while setting the action '{name}' to '{wanted}'",
                               server_text_as_hint=True):
            actions.toggle_pause(app.client, ws, ident)
    app.emit({"actionName": name, "workspaceRef": ws.ref, "actionId": ident},
             views.message(f"Pipeline action '{name}' updated at {ws.ref} workspace with id '{ident}'"))


# delete --------------------------------------------------------------------------------------------

@item_command(group, "delete", action_ref)
def delete_cmd(app, ref, workspace):
    """Delete a pipeline action.

    \b
    Examples:
      twpy actions delete -n hello-ci -w acme/showcase
      twpy actions delete -i 57byWxhmUDLLWIF4J97XEP
    """
    from tw_py.api import actions
    from tw_py.output import views

    ws = app.workspace(workspace)
    ident = actions.action_id(app.client, ws, ref)
    with api_error_context(f"Unable to delete action '{ref.value}' for workspace '{ws.ref}'",
                           server_text_as_hint=True):
        actions.delete(app.client, ws, ident)
    app.emit({"actionRef": str(ref.value), "workspaceRef": ws.ref},
             views.message(f"Pipeline action '{ref.value}' deleted at {ws.ref} workspace"))


# labels --------------------------------------------------------------------------------------------

@group.command("labels")
@action_ref
@label_subcommand_options
@pass_app
def labels_cmd(app, ref, workspace, labels, operation, no_create):
    """Set, append or delete the labels of a pipeline action.

    \b
    Examples:
      twpy actions labels -n hello-ci team=genomics,ci
      twpy actions labels -n hello-ci -o append demo
      twpy actions labels -i 57byWxhmUDLLWIF4J97XEP -o delete demo
    """
    from tw_py.api import actions

    ws = app.workspace(workspace)
    manage_entity_labels(app, ws, "actions", "action", actions.action_id(app.client, ws, ref), labels, operation,
                         no_create)
