"""twpy workspaces: list, view, add, update, delete and leave workspaces; view and update their Studios settings."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import Choice, Ref, id_option, ref_options
from tw_py.output.tables import Column

LIST_COLUMNS = (Column("workspaceId", "Workspace ID"), Column("workspaceName", "Workspace Name"),
                Column("orgName", "Organization Name"), Column("orgId", "Organization ID"))
VISIBILITIES = ("PRIVATE", "SHARED")

workspace_ref = ref_options("workspace", id_type=int, complete="workspaces")


@click.group("workspaces")
def group():
    """Manage workspaces."""


def _entry(app, ref: Ref) -> dict:
    from tw_py.api import workspaces

    return workspaces.find_entry(app.directory, workspace_id=ref.id, full_name=ref.name)


@group.command("list")
@click.option("-o", "--org", "--organization", "organization", metavar="<organization>",
              help="The workspace organization name (only list workspaces of this organization).")
@pass_app
def list_cmd(app, organization):
    """List the workspaces you are a participant of.

    \b
    Examples:
      twpy workspaces list
      twpy workspaces list --organization acme
      twpy -o json workspaces list | jq -r '.workspaces[] | "\\(.orgName)/\\(.workspaceName)"'
    """
    from tw_py.output import views

    everything = app.directory.entries(fresh=True)
    if organization is not None and not any(e.get("orgName") == organization for e in everything):
        from tw_py.api.workspaces import find_organization

        find_organization(app.directory, organization)  # not one of yours: an error with a suggestion
    entries = [e for e in everything if e.get("workspaceId") is not None
               and (organization is None or e.get("orgName") == organization)]
    user_name = app.user().get("userName")
    app.remember_names('workspaces', None, entries, replace=organization is None)
    app.emit({"userName": user_name, "workspaces": entries},
             lambda: views.listing(f"Workspaces for {user_name} user", entries, LIST_COLUMNS, empty="No workspaces found"))


@group.command("view")
@workspace_ref
@pass_app
def view_cmd(app, ref):
    """Describe a workspace.

    \b
    Examples:
      twpy workspaces view -n acme/showcase
      twpy -o json workspaces view -i 222756650686576
    """
    from tw_py.api import workspaces
    from tw_py.output import views
    from tw_py.output.formats import format_time

    entry = _entry(app, ref)
    ws = workspaces.describe(app.client, entry["orgId"], entry["workspaceId"])
    app.emit({"workspace": ws}, lambda: views.details(
        f"Details for workspace '{ws.get('fullName')}'",
        [("ID", ws.get("id")), ("Name", ws.get("name")), ("Full Name", ws.get("fullName")),
         ("Description", ws.get("description")), ("Visibility", ws.get("visibility")),
         ("Date Created", format_time(ws.get("dateCreated"))), ("Last Updated", format_time(ws.get("lastUpdated")))],
        prefix=" "))


@group.command("add")
@click.option("-o", "--org", "--organization", "organization", required=True, metavar="<organization>",
              help="The workspace organization name.")
@click.option("-n", "--name", required=True, metavar="<name>", help="The workspace short name. Only alphanumeric, dash and underscore characters are allowed.")
@click.option("-f", "--full-name", "full_name", required=True, metavar="<fullName>", help="The workspace full name.")
@click.option("-d", "--description", metavar="<description>", help="The workspace description.")
@click.option("-v", "--visibility", default="PRIVATE", show_default=True, type=click.Choice(VISIBILITIES),
              help="The workspace visibility.")
@click.option("--overwrite", is_flag=True, help="Overwrite the workspace if it already exists.")
@pass_app
def add_cmd(app, organization, name, full_name, description, visibility, overwrite):
    """Add a new organization workspace.

    \b
    Examples:
      twpy workspaces add -o acme -n showcase -f "Showcase workspace"
      twpy workspaces add -o acme -n shared-ws -f "Shared" -v SHARED --overwrite
    """
    from tw_py.api import workspaces
    from tw_py.output import views

    org = workspaces.find_organization(app.directory, organization)
    if overwrite:
        existing = app.directory.find(lambda e: e.get("orgId") == org["orgId"] and e.get("workspaceName") == name)
        if existing is not None:
            workspaces.delete(app.client, org["orgId"], existing["workspaceId"])
    workspaces.validate_name(app.client, org["orgId"], name)
    created = workspaces.create(app.client, org["orgId"], {"name": name, "fullName": full_name,
                                                           "description": description, "visibility": visibility})
    app.directory.invalidate()
    shown = created.get("visibility") or visibility
    app.emit({"workspaceName": created.get("name", name), "organizationName": org["orgName"], "visibility": shown},
             views.message(f"A '{shown}' workspace '{name}' added for '{org['orgName']}' organization"))


@group.command("update")
@id_option("workspace_id", "Workspace")
@click.option("--new-name", metavar="<newName>", help="The workspace new name.")
@click.option("-f", "--fullName", "--full-name", "full_name", metavar="<fullName>", help="The workspace full name.")
@click.option("-d", "--description", metavar="<description>", help="The workspace description.")
@pass_app
def update_cmd(app, workspace_id, new_name, full_name, description):
    """Update an organization workspace (its visibility is kept, unlike tw which forces PRIVATE).

    \b
    Examples:
      twpy workspaces update -i 222756650686576 --new-name showcase2
      twpy workspaces update -i 222756650686576 -d "Demo pipelines"
    """
    from tw_py.api import workspaces
    from tw_py.output import views

    if new_name is None and full_name is None and description is None:
        raise click.UsageError("Required at least one option to update")
    entry = _entry(app, Ref(workspace_id, None))
    current = workspaces.describe(app.client, entry["orgId"], workspace_id)
    changes = {"name": new_name or current.get("name"), "fullName": full_name or current.get("fullName"),
               "description": description if description is not None else current.get("description"),
               "visibility": current.get("visibility")}
    updated = workspaces.update(app.client, entry["orgId"], workspace_id, changes)
    app.directory.invalidate()
    visibility = updated.get("visibility") or current.get("visibility")
    app.emit({"workspaceName": updated.get("name") or changes["name"], "organizationName": entry.get("orgName"),
              "visibility": visibility},
             views.message(f"A '{visibility}' workspace '{current.get('name')}' updated for '{entry.get('orgName')}' organization"))


@group.command("delete")
@workspace_ref
@pass_app
def delete_cmd(app, ref):
    """Delete an organization workspace.

    \b
    Examples:
      twpy workspaces delete -n acme/old-workspace
      twpy workspaces delete -i 222756650686576
    """
    from tw_py.api import workspaces
    from tw_py.output import views

    entry = _entry(app, ref)
    workspaces.delete(app.client, entry["orgId"], entry["workspaceId"])
    app.directory.invalidate()
    app.emit({"workspaceRef": entry["workspaceName"], "organizationRef": entry["orgName"]},
             views.message(f"Workspace '{entry['workspaceName']}' deleted for {entry['orgName']} organization"))


@group.command("leave")
@workspace_ref
@pass_app
def leave_cmd(app, ref):
    """Remove yourself as a participant of a workspace.

    \b
    Examples:
      twpy workspaces leave -n acme/showcase
    """
    from tw_py.api import workspaces
    from tw_py.output import views

    entry = _entry(app, ref)
    workspaces.leave(app.client, entry["orgId"], entry["workspaceId"])
    app.directory.invalidate()
    app.emit({"workspaceName": entry["workspaceName"]},
             views.message(f"You have been removed as a participant from '{entry['workspaceName']}' workspace"))


# settings studios -----------------------------------------------------------------------------
NAME_STRATEGIES = ("none", "tagPrefix", "imageSuffix")


@group.group("settings")
def settings_group():
    """Manage workspace settings.

    \b
    Examples:
      twpy workspaces settings studios view -n acme/showcase
    """


@settings_group.group("studios")
def studio_settings_group():
    """Manage the Studios settings of a workspace.

    \b
    Examples:
      twpy workspaces settings studios view -n acme/showcase
      twpy workspaces settings studios update -n acme/showcase --lifespan-hours 8 --private-by-default
    """


def _setting(value) -> str:
    """tw's display of a setting: `-` when unset, booleans in lower case."""
    if value is None:
        return "-"
    return str(value).lower() if isinstance(value, bool) else str(value)


@studio_settings_group.command("view")
@workspace_ref
@pass_app
def studio_settings_view_cmd(app, ref):
    """View the Studios settings of a workspace.

    \b
    Examples:
      twpy workspaces settings studios view -n acme/showcase
      twpy -o json workspaces settings studios view -i 222756650686576 | jq .settings.lifespanHours
    """
    from tw_py.api import workspaces
    from tw_py.output import views

    entry = _entry(app, ref)
    settings = workspaces.studio_settings(app.client, entry["orgId"], entry["workspaceId"])
    app.emit({"workspaceName": entry["workspaceName"], "settings": settings}, lambda: views.details(
        f"Studios settings for workspace '{entry['workspaceName']}'",
        [("Container repository", _setting(settings.get("containerRepository"))),
         ("Lifespan (hours)", _setting(settings.get("lifespanHours"))),
         ("Name strategy", _setting(settings.get("nameStrategy"))),
         ("Private studio by default", _setting(settings.get("privateStudioByDefault")))], prefix=" "))


@studio_settings_group.command("update")
@workspace_ref
@click.option("--container-repository", "container_repository", metavar="<repository>",
              help="Default container repository for the Studios images that Wave builds or augments.")
@click.option("--reset-container-repository", "reset_container_repository", is_flag=True,
              help="Clear the default container repository.")
@click.option("--name-strategy", "name_strategy", type=Choice(NAME_STRATEGIES), metavar="<strategy>",
              help=f"Wave strategy to name Studios container images: {', '.join(NAME_STRATEGIES)}.")
@click.option("--reset-name-strategy", "reset_name_strategy", is_flag=True,
              help="Clear the container image naming strategy.")
@click.option("--lifespan-hours", "lifespan_hours", type=click.IntRange(min=0), metavar="<hours>",
              help="Hours a Studio session may run before it is stopped; 0 for no limit.")
@click.option("--private-by-default/--no-private-by-default", "private_by_default", default=None,
              help="Whether new Studios are private by default.")
@pass_app
def studio_settings_update_cmd(app, ref, container_repository, reset_container_repository, name_strategy,
                               reset_name_strategy, lifespan_hours, private_by_default):
    """Update the Studios settings of a workspace (only the options given change).

    \b
    Examples:
      twpy workspaces settings studios update -n acme/showcase --lifespan-hours 8
      twpy workspaces settings studios update -n acme/showcase --reset-container-repository --no-private-by-default
    """
    from tw_py.api import workspaces
    from tw_py.output import views

    if container_repository is None and not reset_container_repository and name_strategy is None \
            and not reset_name_strategy and lifespan_hours is None and private_by_default is None:
        raise click.UsageError("Required at least one option to update")
    if container_repository is not None and reset_container_repository:
        raise click.UsageError("Options '--container-repository' and '--reset-container-repository' are mutually exclusive")
    if name_strategy is not None and reset_name_strategy:
        raise click.UsageError("Options '--name-strategy' and '--reset-name-strategy' are mutually exclusive")
    entry = _entry(app, ref)
    settings = dict(workspaces.studio_settings(app.client, entry["orgId"], entry["workspaceId"]))
    for key, value, reset in (("containerRepository", container_repository, reset_container_repository),
                              ("nameStrategy", name_strategy, reset_name_strategy),
                              ("lifespanHours", lifespan_hours, False),
                              ("privateStudioByDefault", private_by_default, False)):
        if reset or value is not None:
            settings[key] = None if reset else value
    workspaces.update_studio_settings(app.client, entry["orgId"], entry["workspaceId"], settings)
    app.emit({"workspaceName": entry["workspaceName"]},
             views.message(f"Studios settings updated for workspace '{entry['workspaceName']}'"))
