"""twpy participants: list, add, update, delete, leave (-w required); requests checked against the spec."""
from responses import matchers

from tests.helpers import URL, WS_ENTRY, body, console_table, failed, listed, misused, page, succeeded, user_and_workspaces

ORG, WS = WS_ENTRY["orgId"], WS_ENTRY["workspaceId"]
P = f"{URL}/orgs/{ORG}/workspaces/{WS}/participants"
ADA = {"participantId": 31, "memberId": 11, "userName": "ada", "email": "ada@example.com", "type": "MEMBER",
       "orgRole": "member", "wspRole": "launch"}
ADAM = {"participantId": 33, "memberId": 13, "userName": "adam", "email": "adam@example.com", "type": "MEMBER",
        "orgRole": "member", "wspRole": "view"}
BIO = {"participantId": 22, "teamId": 501, "teamName": "bioinfo", "type": "TEAM", "wspRole": "maintain"}
EVE = {"participantId": 40, "memberId": 14, "userName": "eve", "email": "eve@ext.org", "type": "COLLABORATOR",
       "orgRole": "collaborator", "wspRole": "view"}


def test_list_console_sorted_names(api, run):
    listed(api, P, "participants", ADA, BIO, max=100, offset=0)
    stdout = succeeded(run("participants", "list", "-w", "Seqera/cli"))
    assert console_table(stdout) == (
        "  Participants for 'Seqera/cli' workspace:", ["ID", "Participant Type", "Name", "Workspace Role"],
        [["22", "TEAM", "bioinfo", "maintain"], ["31", "MEMBER", "ada (ada@example.com)", "launch"]])


def test_list_json_type_filter_search_and_footer(api, run):
    listed(api, P, "participants", ADA, BIO, EVE, max=10, offset=10, search="a")
    result = run("-o", "json", "participants", "list", "-w", str(WS), "-t", "member", "-f", "a", "--page", "2",
                 "--max", "10")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"organizationName": "Seqera", "workspaceName": "cli", "participants": [ADA]}
    page(api, P, "participants", [ADA])
    console = run("participants", "list", "-w", str(WS), "--offset", "0")
    assert console.exit_code == 0 and console.stderr == ""
    assert "  Showing from 0 to 99. " in console.stdout.splitlines()


def test_list_requires_workspace_and_valid_type(api, run):
    missing = run("participants", "list")
    assert "Missing required option: '--workspace=<workspace>'" in misused(missing)
    assert "--type" in misused(run("participants", "list", "-w", "Seqera/cli", "-t", "OWNER"))


def test_list_unknown_workspace(api, run):
    user_and_workspaces(api)
    result = run("participants", "list", "-w", "Seqera/nope")
    assert failed(result) == "ERROR: Workspace 'nope' at organization 'Seqera' not found"


def test_add_member_by_member_id(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [{"memberId": 13, "userName": "adam"},
                                                          {"memberId": 11, "userName": "ada"}], "totalSize": 2},
            match=[matchers.query_param_matcher({"search": "ada", "max": "100", "offset": "0"})])
    api.put(f"{P}/add", json={"participant": ADA}, match=[matchers.json_params_matcher({"memberId": 11})])
    result = run("participants", "add", "-n", "ada", "-t", "MEMBER", "-w", "Seqera/cli")
    assert succeeded(result) == "\n  User 'ada' was added as participant to 'cli' workspace with role 'launch'\n"


def test_add_team_json_with_overwrite(api, run):
    listed(api, P, "participants", BIO, search="bioinfo", max=100, offset=0)
    api.delete(f"{P}/22", status=204)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [{"teamId": 501, "name": "bioinfo"}], "totalSize": 1})
    api.put(f"{P}/add", json={"participant": BIO}, match=[matchers.json_params_matcher({"teamId": 501})])
    result = run("-o", "json", "participants", "add", "-n", "bioinfo", "-t", "team", "-w", "Seqera/cli", "--overwrite")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"participant": BIO, "workspaceName": "cli"}


def test_add_team_console_and_unknown_team(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [{"teamId": 501, "name": "bioinfo"}], "totalSize": 1})
    api.put(f"{P}/add", json={"participant": BIO})
    result = run("participants", "add", "-n", "bioinfo", "-t", "TEAM", "-w", "Seqera/cli")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "\n  Team 'bioinfo' was added as participant to 'cli' workspace with role 'maintain'\n"
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [], "totalSize": 0})
    unknown = run("participants", "add", "-n", "ghosts", "-t", "TEAM", "-w", "Seqera/cli")
    assert failed(unknown) == f"ERROR: Team 'ghosts' not found in organization '{ORG}'"


def test_add_collaborator_unknown_falls_back_to_user_name_or_email(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/collaborators", json={"members": [], "totalSize": 0},
            match=[matchers.query_param_matcher({"search": "eve@ext.org", "max": "100", "offset": "0"})])
    api.put(f"{P}/add", json={"participant": EVE})
    result = run("participants", "add", "-n", "eve@ext.org", "-t", "COLLABORATOR", "-w", "Seqera/cli")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "\n  User 'eve' was added as participant to 'cli' workspace with role 'view'\n"
    assert body(api.calls[-1]) == {"userNameOrEmail": "eve@ext.org"}


def test_add_missing_type_is_usage_error(api, run):
    result = run("participants", "add", "-n", "ada", "-w", "Seqera/cli")
    assert result.exit_code == 2 and result.stdout == "" and "--type" in result.stderr


def test_update_role_as_typed(api, run):
    listed(api, P, "participants", ADAM, ADA, search="ada", max=100, offset=0)
    api.put(f"{P}/31/role", status=204, match=[matchers.json_params_matcher({"role": "Pipeline-Runner"})])
    result = run("participants", "update", "-n", "ada", "-t", "MEMBER", "-r", "Pipeline-Runner", "-w", "Seqera/cli")
    assert succeeded(result) == "\n  Participant 'ada' has now role 'Pipeline-Runner' for workspace 'cli'\n"


def test_update_json_and_not_found(api, run):
    listed(api, P, "participants", BIO)
    api.put(f"{P}/22/role", status=204)
    result = run("-o", "json", "participants", "update", "-n", "bioinfo", "-t", "TEAM", "-r", "admin", "-w", "Seqera/cli")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"workspaceName": "cli", "name": "bioinfo", "role": "admin"}
    page(api, P, "participants", [BIO])
    missing = run("participants", "update", "-n", "bioinfo", "-t", "MEMBER", "-r", "admin", "-w", "Seqera/cli")
    assert failed(missing) == f"ERROR: Participant 'bioinfo' not found in workspace '{WS}'"
    assert "--role" in misused(run("participants", "update", "-n", "bioinfo", "-t", "TEAM", "-w", "Seqera/cli"))


def test_delete_console_and_json(api, run):
    listed(api, P, "participants", EVE)
    api.delete(f"{P}/40", status=204)
    result = run("participants", "delete", "-n", "eve@ext.org", "-t", "COLLABORATOR", "-w", "Seqera/cli")
    assert succeeded(result) == "\n  Participant 'eve@ext.org' was removed from 'cli' workspace\n"
    page(api, P, "participants", [ADA])
    api.delete(f"{P}/31", status=204)
    as_json = run("-o", "json", "participants", "delete", "-n", "ada", "-t", "MEMBER", "-w", "Seqera/cli")
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"name": "ada", "workspaceName": "cli"}


def test_delete_ambiguous_search(api, run):
    listed(api, P, "participants", ADA, ADAM)
    result = run("participants", "delete", "-n", "ad", "-t", "MEMBER", "-w", "Seqera/cli")
    assert failed(result) == f"ERROR: Multiple participants of type MEMBER match 'ad' in workspace '{WS}'"


def test_leave_console_and_json(api, run):
    user_and_workspaces(api)
    api.delete(P, status=204)
    result = run("participants", "leave", "-w", "Seqera/cli")
    assert succeeded(result) == "\n  You have been removed as a participant from 'cli' workspace\n"
    user_and_workspaces(api)
    api.delete(P, status=204)
    as_json = run("-o", "json", "participants", "leave", "-w", str(WS))
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"workspaceName": "cli"}
