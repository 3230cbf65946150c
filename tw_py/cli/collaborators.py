"""twpy collaborators: list the collaborators of an organization."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.members import find_org, organization_option
from tw_py.cli.options import filter_option, pagination_options
from tw_py.output.tables import Column

COLUMNS = (Column("memberId", "ID"), Column("userName", "Username"), Column("email", "Email"))


@click.group("collaborators")
def group():
    """Manage organization collaborators."""


@group.command("list")
@organization_option
@filter_option("Only collaborators whose name or email contains this text.")
@pagination_options
@pass_app
def list_cmd(app, organization, search, page):
    """List the collaborators of an organization.

    \b
    Examples:
      twpy collaborators list -o acme
      twpy collaborators list -o acme -f example.org --all
      twpy -o json collaborators list -o acme | jq -r '.members[].email'
    """
    from tw_py.api import members
    from tw_py.output import views

    org = find_org(app, organization)
    found = members.list_collaborators(app.client, org["orgId"], search=search, page=page)
    app.emit({"organizationId": org["orgId"], "members": found.items},
             lambda: views.listing(f"Collaborators for {org['orgId']} organization", found.items, COLUMNS,
                                   empty="No collaborators found", sort_by=None, footer=page.footer(found.total)))
