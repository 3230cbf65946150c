"""twpy organizations: list, view, add, update and delete organizations."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import Ref, ref_options
from tw_py.errors import api_error_context
from tw_py.output.tables import Column

LIST_COLUMNS = (Column("orgId", "ID"), Column("orgName", "Name"))
organization_ref = ref_options("organization", id_type=int)


def _details_options(f):
    """The descriptive fields shared by add and update."""
    for decl in reversed([
        click.option("-f", "--full-name", "full_name", metavar="<fullName>", help="The organization full name."),
        click.option("-d", "--description", metavar="<description>", help="The organization description."),
        click.option("-l", "--location", metavar="<location>", help="The organization location."),
        click.option("-w", "--website", metavar="<website>", help="The organization website URL."),
    ]):
        f = decl(f)
    return f


@click.group("organizations")
def group():
    """Manage organizations."""


@group.command("list")
@pass_app
def list_cmd(app):
    """List the organizations you belong to.

    \b
    Examples:
      twpy organizations list
      twpy -o json organizations list | jq -r '.organizations[].orgName'
    """
    from tw_py.output import views

    orgs = [e for e in app.directory.entries(fresh=True) if e.get("workspaceId") is None]
    user_name = app.user().get("userName")
    app.emit({"userName": user_name, "organizations": orgs},
             lambda: views.listing(f"Organizations for {user_name} user", orgs, LIST_COLUMNS, empty="No organizations found"))


@group.command("view")
@organization_ref
@pass_app
def view_cmd(app, ref: Ref):
    """Describe an organization.

    \b
    Examples:
      twpy organizations view -n acme
      twpy -o json organizations view -i 27736513644467
    """
    from tw_py.api import organizations
    from tw_py.output import views

    org = organizations.describe(app.client, organizations.find_id(app.directory, ref.id, ref.name))
    app.emit(org, lambda: views.details(
        f"Details for organization '{org.get('fullName')}'",
        [("ID", org.get("orgId")), ("Name", org.get("name")), ("Full Name", org.get("fullName")),
         ("Description", org.get("description")), ("Website", org.get("website"))], prefix="   "))


@group.command("add")
@click.option("-n", "--name", required=True, metavar="<name>", help="The organization name.")
@_details_options
@click.option("--overwrite", is_flag=True, help="Overwrite the organization if it already exists.")
@pass_app
def add_cmd(app, name, full_name, description, location, website, overwrite):
    """Add a new organization.

    \b
    Examples:
      twpy organizations add -n acme -f "Acme Corporation"
      twpy organizations add -n acme -f "Acme" -d "Research" -w https://acme.example --overwrite
    """
    from tw_py.api import organizations
    from tw_py.output import views

    if not full_name:
        raise click.UsageError("Missing required option: '--full-name=<fullName>'")
    if overwrite:
        existing = app.directory.find(lambda e: e.get("orgName") == name and e.get("workspaceId") is None)
        if existing is not None:
            organizations.delete(app.client, existing["orgId"])
    org = organizations.create(app.client, {"name": name, "fullName": full_name, "description": description,
                                            "location": location, "website": website})
    app.directory.invalidate()
    app.emit(org, views.message(f"Organization '{org.get('name', name)}' with ID '{org.get('orgId')}' was added"))


@group.command("update")
@organization_ref
@click.option("--new-name", metavar="<newName>", help="The organization new name.")
@_details_options
@pass_app
def update_cmd(app, ref: Ref, new_name, full_name, description, location, website):
    """Update an organization (fields not given keep their current values).

    \b
    Examples:
      twpy organizations update -n acme --new-name acme-labs
      twpy organizations update -i 27736513644467 -d "New description"
    """
    from tw_py.api import organizations
    from tw_py.output import views

    org_id = organizations.find_id(app.directory, ref.id, ref.name)
    current = organizations.describe(app.client, org_id)
    organizations.update(app.client, org_id, {
        "name": new_name or current.get("name"), "fullName": full_name or current.get("fullName"),
        "description": description if description is not None else current.get("description"),
        "location": location if location is not None else current.get("location"),
        "website": website if website is not None else current.get("website")})
    app.directory.invalidate()
    app.emit({"orgId": org_id, "name": current.get("name")},   # tw names the organization as it was
             views.message(f"Organization '{current.get('name')}' was updated"))


@group.command("delete")
@organization_ref
@pass_app
def delete_cmd(app, ref: Ref):
    """Delete an organization.

    \b
    Examples:
      twpy organizations delete -n acme
    """
    from tw_py.api import organizations
    from tw_py.output import views

    org_id = organizations.find_id(app.directory, ref.id, ref.name)
    with api_error_context(f"Organization {ref} could not be deleted", server_text_as_hint=True):
        organizations.delete(app.client, org_id)
    app.directory.invalidate()
    app.emit({"ref": str(ref)}, views.message(f"Organization '{ref}' deleted"))
