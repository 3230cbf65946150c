"""twpy teams: list, add and delete the teams of an organization, and manage their members."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.members import find_org, organization_option
from tw_py.cli.options import id_option, pagination_options
from tw_py.output.tables import Column

COLUMNS = (Column("teamId", "Team ID"), Column("name", "Team Name"), Column("membersCount", "Members Count Name"))
MEMBER_COLUMNS = (Column("memberId", "Member ID"), Column("userName", "Username"), Column("email", "Email"),
                  Column(lambda m: (m.get("role") or "").upper(), "Role"))


@click.group("teams")
def group():
    """Manage organization teams."""


@group.command("list")
@organization_option
@pagination_options
@pass_app
def list_cmd(app, organization, page):
    """List the teams of an organization.

    \b
    Examples:
      twpy teams list -o acme
      twpy teams list -o acme --all
      twpy -o json teams list -o acme | jq -r '.teams[].name'
    """
    from tw_py.api import teams
    from tw_py.output import views

    org = find_org(app, organization)
    found = teams.list_teams(app.client, org["orgId"], page=page)
    app.emit({"organizationName": org["orgName"], "teams": found.items},
             lambda: views.listing(f"Teams for {org['orgName']} organization", found.items, COLUMNS,
                                   empty="No teams found", footer=page.footer(found.total)))


@group.command("add")
@click.option("-n", "--name", required=True, metavar="<name>", help="Team name.")
@organization_option
@click.option("-d", "--description", metavar="<description>", help="Team description.")
@click.option("--overwrite", is_flag=True, help="Delete the team first if it already exists.")
@pass_app
def add_cmd(app, name, organization, description, overwrite):
    """Add a team to an organization.

    \b
    Examples:
      twpy teams add -n bioinfo -o acme -d "Bioinformatics team"
      twpy teams add -n bioinfo -o acme --overwrite
    """
    from tw_py.api import teams
    from tw_py.output import views

    org = find_org(app, organization)
    if overwrite:
        existing = teams.search_team(app.client, org["orgId"], name)
        if existing is not None:
            teams.delete_team(app.client, org["orgId"], existing["teamId"])
    created = teams.create_team(app.client, org["orgId"], name, description)
    team_name = created.get("name") or name
    app.emit({"organizationName": org["orgName"], "teamName": team_name},
             views.message(f"A '{team_name}' team added for '{org['orgName']}' organization"))


@group.command("delete")
@id_option("team_id", "Team")
@organization_option
@pass_app
def delete_cmd(app, team_id, organization):
    """Delete a team of an organization.

    \b
    Examples:
      twpy teams delete -i 184753342416372 -o acme
    """
    from tw_py.api import teams
    from tw_py.output import views

    org = find_org(app, organization)
    teams.delete_team(app.client, org["orgId"], team_id)
    app.emit({"organizationName": org["orgName"], "teamId": str(team_id)},  # tw's TeamDeleted.teamId is a String
             views.message(f"Team '{team_id}' deleted for {org['orgName']} organization"))


def _team_and_org() -> tuple[str, str]:
    ctx = click.get_current_context()
    members_ctx = ctx if ctx.command is members_group else ctx.parent
    team, organization = members_ctx.params.get("team"), members_ctx.params.get("organization")
    if team is None:
        raise click.UsageError("Missing required option: '--team=<team>'", ctx=members_ctx)
    if organization is None:
        raise click.UsageError("Missing required option: '--organization=<organization>'", ctx=members_ctx)
    return team, organization


@group.group("members", invoke_without_command=True)
@click.option("-t", "--team", metavar="<team>", help="Team name. Required.")
@click.option("-o", "--organization", "organization", metavar="<organization>",
              help="Organization name or numeric identifier. Required.")
@click.pass_context
def members_group(ctx, team, organization):
    """List the members of a team (with no subcommand), or add and delete them.

    The -t and -o options belong to `members` and come before its subcommand.

    \b
    Examples:
      twpy teams members -t bioinfo -o acme
      twpy teams members -t bioinfo -o acme add -m ada@example.com
      twpy teams members -t bioinfo -o acme delete -m ada
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(_list_team_members)


@pass_app
def _list_team_members(app):
    from tw_py.api import teams
    from tw_py.output import views

    team_name, organization = _team_and_org()
    org = find_org(app, organization)
    team = teams.find_team(app.client, org["orgId"], team_name)
    found = teams.team_members(app.client, org["orgId"], team["teamId"])
    app.emit({"teamName": team_name, "members": found},
             lambda: views.listing(f"Members for team '{team_name}'", found, MEMBER_COLUMNS, empty="No members found"))


@members_group.command("add")
@click.option("-m", "--member", required=True, metavar="<member>", help="User name or email of the new team member.")
@pass_app
def members_add_cmd(app, member):
    """Add a member to a team.

    \b
    Examples:
      twpy teams members -t bioinfo -o acme add -m ada@example.com
    """
    from tw_py.api import teams
    from tw_py.output import views

    team_name, organization = _team_and_org()
    org = find_org(app, organization)
    team = teams.find_team(app.client, org["orgId"], team_name)
    added = teams.add_team_member(app.client, org["orgId"], team["teamId"], member)
    app.emit({"teamName": team_name, "member": added},
             views.message(f"Member '{added.get('userName')}' added to team '{team_name}' with id '{added.get('memberId')}'"))


@members_group.command("delete")
@click.option("-m", "--member", required=True, metavar="<member>", help="User name of the team member to remove.")
@pass_app
def members_delete_cmd(app, member):
    """Remove a member from a team.

    \b
    Examples:
      twpy teams members -t bioinfo -o acme delete -m ada
    """
    from tw_py.api import teams
    from tw_py.output import views

    team_name, organization = _team_and_org()
    org = find_org(app, organization)
    team = teams.find_team(app.client, org["orgId"], team_name)
    found = teams.find_team_member(app.client, org["orgId"], team["teamId"], member)
    teams.delete_team_member(app.client, org["orgId"], team["teamId"], found["memberId"])
    app.emit({"teamName": team_name, "username": member},
             views.message(f"Team member '{member}' deleted at '{team_name}' team"))
