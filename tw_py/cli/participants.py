"""twpy participants: list, add, update, delete and leave the participants of a workspace."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import filter_option, pagination_options, workspace_option
from tw_py.output.tables import Column

TYPES = ("MEMBER", "TEAM", "COLLABORATOR")


def _name(participant: dict) -> str:
    from tw_py.api.participants import display_name

    return display_name(participant)


COLUMNS = (Column("participantId", "ID"), Column("type", "Participant Type"), Column(_name, "Name"),
           Column("wspRole", "Workspace Role"))


def type_option(required: bool):
    return click.option("-t", "--type", "ptype", required=required, metavar="<type>",
                        type=click.Choice(TYPES, case_sensitive=False),
                        help="Participant type: MEMBER, TEAM or COLLABORATOR." + ("" if required else " Only list this type."))


name_option = click.option("-n", "--name", required=True, metavar="<name>",
                           help="Team name, or user name or email of an organization member or collaborator.")


@click.group("participants")
def group():
    """Manage workspace participants."""


@group.command("list")
@type_option(required=False)
@filter_option("Only participants whose name contains this text.")
@workspace_option(required=True)
@pagination_options
@pass_app
def list_cmd(app, ptype, search, workspace, page):
    """List the participants of a workspace.

    \b
    Examples:
      twpy participants list -w acme/showcase
      twpy participants list -w acme/showcase -t TEAM --all
      twpy -o json participants list -w acme/showcase | jq -r '.participants[].userName'
    """
    from tw_py.api import participants
    from tw_py.output import views

    ws = app.workspace(workspace, required=True)
    found = participants.list_participants(app.client, ws, search=search, page=page)
    items = [p for p in found.items if ptype is None or p.get("type") == ptype.upper()]
    app.emit({"organizationName": ws.org_name, "workspaceName": ws.name, "participants": items},
             lambda: views.listing(f"Participants for '{ws.org_name}/{ws.name}' workspace", items, COLUMNS,
                                   empty="No participants found", footer=page.footer(None)))


@group.command("add")
@name_option
@type_option(required=True)
@workspace_option(required=True)
@click.option("--overwrite", is_flag=True, help="Remove the participant first if it already exists.")
@pass_app
def add_cmd(app, name, ptype, workspace, overwrite):
    """Add a team, member or collaborator of the organization to a workspace.

    \b
    Examples:
      twpy participants add -n ada@example.com -t MEMBER -w acme/showcase
      twpy participants add -n bioinfo -t TEAM -w acme/showcase --overwrite
    """
    from tw_py.api import participants
    from tw_py.output import views

    ptype = ptype.upper()
    ws = app.workspace(workspace, required=True)
    if overwrite:
        existing = participants.search_participant(app.client, ws, name, ptype)
        if existing is not None:
            participants.delete_participant(app.client, ws, existing["participantId"])
    request = participants.new_participant_request(app.client, ws.org_id, name, ptype)
    added = participants.add_participant(app.client, ws, request)
    who = f"Team '{added.get('teamName')}'" if added.get("type") == "TEAM" else f"User '{added.get('userName')}'"
    app.emit({"participant": added, "workspaceName": ws.name},
             views.message(f"{who} was added as participant to '{ws.name}' workspace with role '{added.get('wspRole')}'"))


@group.command("update")
@name_option
@type_option(required=True)
@click.option("-r", "--role", required=True, metavar="<role>",
              help="Workspace role: owner, admin, maintain, launch, connect, view, or a custom role.")
@workspace_option(required=True)
@pass_app
def update_cmd(app, name, ptype, role, workspace):
    """Change the workspace role of a participant.

    \b
    Examples:
      twpy participants update -n ada -t MEMBER -r maintain -w acme/showcase
    """
    from tw_py.api import participants
    from tw_py.output import views

    ws = app.workspace(workspace, required=True)
    participant = participants.find_participant(app.client, ws, name, ptype.upper())
    participants.update_role(app.client, ws, participant["participantId"], role)
    app.emit({"workspaceName": ws.name, "name": name, "role": role},
             views.message(f"Participant '{name}' has now role '{role}' for workspace '{ws.name}'"))


@group.command("delete")
@name_option
@type_option(required=True)
@workspace_option(required=True)
@pass_app
def delete_cmd(app, name, ptype, workspace):
    """Remove a participant from a workspace.

    \b
    Examples:
      twpy participants delete -n ada -t MEMBER -w acme/showcase
    """
    from tw_py.api import participants
    from tw_py.output import views

    ws = app.workspace(workspace, required=True)
    participant = participants.find_participant(app.client, ws, name, ptype.upper())
    participants.delete_participant(app.client, ws, participant["participantId"])
    app.emit({"name": name, "workspaceName": ws.name},
             views.message(f"Participant '{name}' was removed from '{ws.name}' workspace"))


@group.command("leave")
@workspace_option(required=True)
@pass_app
def leave_cmd(app, workspace):
    """Leave a workspace.

    \b
    Examples:
      twpy participants leave -w acme/showcase
    """
    from tw_py.api import participants
    from tw_py.output import views

    ws = app.workspace(workspace, required=True)
    participants.leave(app.client, ws)
    app.directory.invalidate()
    app.emit({"workspaceName": ws.name},
             views.message(f"You have been removed as a participant from '{ws.name}' workspace"))
