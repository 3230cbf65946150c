"""twpy members: list, add, delete, update and leave the members of an organization."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import filter_option, pagination_options
from tw_py.output.tables import Column

COLUMNS = (Column("memberId", "ID"), Column("userName", "Username"), Column("email", "Email"),
           Column(lambda m: (m.get("role") or "").upper(), "Role"))
ROLES = ("owner", "member", "collaborator")


def organization_option(f):
    """tw's required `-o/--organization` (an organization name or numeric id; not the output format here)."""
    return click.option("-o", "--organization", "organization", required=True, metavar="<organization>",
                        help="Organization name or numeric identifier.")(f)


def find_org(app, ref: str) -> dict:
    """The organization's directory entry (`orgId`, `orgName`), as tw's findOrganizationByRef."""
    from tw_py.api import workspaces

    return workspaces.find_organization(app.directory, ref)


@click.group("members")
def group():
    """Manage organization members."""


@group.command("list")
@organization_option
@filter_option("Only members whose name or email contains this text.")
@pagination_options
@pass_app
def list_cmd(app, organization, search, page):
    """List the members of an organization.

    \b
    Examples:
      twpy members list -o acme
      twpy members list -o acme -f jordi --all
      twpy -o json members list -o acme | jq -r '.members[].email'
    """
    from tw_py.api import members
    from tw_py.output import views

    org = find_org(app, organization)
    found = members.list_members(app.client, org["orgId"], search=search, page=page)
    app.emit({"orgName": org["orgName"], "members": found.items},
             lambda: views.listing(f"Members for {org['orgName']} organization", found.items, COLUMNS,
                                   empty="No members found", sort_by=None))


@group.command("add")
@click.option("-u", "--user", required=True, metavar="<user>", help="User email or name to add as organization member.")
@organization_option
@pass_app
def add_cmd(app, user, organization):
    """Add (invite) a user to an organization.

    \b
    Examples:
      twpy members add -u ada@example.com -o acme
    """
    from tw_py.api import members
    from tw_py.output import views

    org = find_org(app, organization)
    member = members.add_member(app.client, org["orgId"], user)
    app.emit({"orgName": org["orgName"], "member": member},
             views.message(f"Member '{member.get('userName')}' with ID '{member.get('memberId')}' was added in "
                           f"organization '{org['orgName']}'"))


@group.command("delete")
@click.option("-u", "--user", required=True, metavar="<user>", help="User name or email of the member to remove.")
@organization_option
@pass_app
def delete_cmd(app, user, organization):
    """Remove a member from an organization.

    \b
    Examples:
      twpy members delete -u ada -o acme
    """
    from tw_py.api import members
    from tw_py.output import views

    org = find_org(app, organization)
    member = members.find_member(app.client, org["orgId"], user)
    members.delete_member(app.client, org["orgId"], member["memberId"])
    app.emit({"user": user, "organizationName": org["orgName"]},
             views.message(f"Member '{user}' deleted from organization '{org['orgName']}'"))


@group.command("update")
@click.option("-u", "--user", required=True, metavar="<user>", help="User name or email of the member.")
@click.option("-r", "--role", required=True, type=click.Choice(ROLES, case_sensitive=False), metavar="<role>",
              help="Organization role: owner, member or collaborator.")
@organization_option
@pass_app
def update_cmd(app, user, role, organization):
    """Change the organization role of a member.

    \b
    Examples:
      twpy members update -u ada -r owner -o acme
    """
    from tw_py.api import members
    from tw_py.output import views

    role = role.lower()
    org = find_org(app, organization)
    member = members.find_member(app.client, org["orgId"], user)
    members.update_role(app.client, org["orgId"], member["memberId"], role)
    app.emit({"user": user, "organizationName": org["orgName"], "role": role},
             views.message(f"Member '{user}' updated to role '{role}' in organization '{org['orgName']}'"))


@group.command("leave")
@organization_option
@pass_app
def leave_cmd(app, organization):
    """Leave an organization.

    \b
    Examples:
      twpy members leave -o acme
    """
    from tw_py.api import members
    from tw_py.output import views

    org = find_org(app, organization)
    members.leave(app.client, org["orgId"])
    app.directory.invalidate()
    app.emit({"orgName": org["orgName"]},
             views.message(f"You have been removed from organization '{org['orgName']}'"))
