"""twpy teams: list, add, delete and the members subgroup; requests checked against the spec."""
from responses import matchers

from tests.helpers import ORG_ENTRY, URL, body, console_table, user_and_workspaces

ORG = ORG_ENTRY["orgId"]
BIO = {"teamId": 501, "name": "bioinfo", "description": "Bio", "membersCount": 2}
OPS = {"teamId": 402, "name": "ops", "membersCount": 0}
BIOX = {"teamId": 503, "name": "bioinfo-x", "membersCount": 1}
ADA = {"memberId": 11, "userId": 5, "userName": "ada", "email": "ada@example.com", "role": "member"}
ADAM = {"memberId": 13, "userId": 8, "userName": "adam", "email": "adam@example.com", "role": "owner"}


def test_list_console_sorted(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [OPS, BIO], "totalSize": 2},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    result = run("teams", "list", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    title, header, rows = console_table(result.stdout)
    assert title == "  Teams for Seqera organization:"
    assert header == ["Team ID", "Team Name", "Members Count Name"]
    assert rows[:2] == [["402", "ops", "0"], ["501", "bioinfo", "2"]]
    assert "Showing" not in result.stdout  # tw prints the footer only with --page or --offset


def test_list_json_and_footer_with_offset(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 3},
            match=[matchers.query_param_matcher({"max": "1", "offset": "1"})])
    result = run("teams", "list", "-o", str(ORG), "--offset", "1", "--max", "1")
    assert result.exit_code == 0 and result.stderr == ""
    assert "  Showing from 1 to 1 from a total of 3 entries. " in result.stdout.splitlines()
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 1})
    as_json = run("-o", "json", "teams", "list", "-o", "Seqera", "--all")
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"organizationName": "Seqera", "teams": [BIO]}


def test_list_empty_and_missing_org(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [], "totalSize": 0})
    result = run("teams", "list", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "\n  Teams for Seqera organization:\n\n    No teams found\n"
    missing = run("teams", "list")
    assert missing.exit_code == 2 and missing.stdout == "" and "--organization" in missing.stderr


def test_add_with_description(api, run):
    user_and_workspaces(api)
    api.post(f"{URL}/orgs/{ORG}/teams", json={"team": BIO},
             match=[matchers.json_params_matcher({"team": {"name": "bioinfo", "description": "Bio"}})])
    result = run("teams", "add", "-n", "bioinfo", "-d", "Bio", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  A 'bioinfo' team added for 'Seqera' organization\n"


def test_add_overwrite_json(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIOX, BIO], "totalSize": 2},
            match=[matchers.query_param_matcher({"search": "bioinfo", "max": "100", "offset": "0"})])
    api.delete(f"{URL}/orgs/{ORG}/teams/501", status=204)
    api.post(f"{URL}/orgs/{ORG}/teams", json={"team": BIO})
    result = run("-o", "json", "teams", "add", "-n", "bioinfo", "-o", "Seqera", "--overwrite")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"organizationName": "Seqera", "teamName": "bioinfo"}
    assert body(api.calls[-1]) == {"team": {"name": "bioinfo"}}


def test_add_conflict_error(api, run):
    user_and_workspaces(api)
    api.post(f"{URL}/orgs/{ORG}/teams", status=409, json={"message": "A team with name 'bioinfo' already exists"})
    result = run("teams", "add", "-n", "bioinfo", "-o", "Seqera")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == "ERROR: A team with name 'bioinfo' already exists"


def test_delete_console_json_and_missing_id(api, run):
    user_and_workspaces(api)
    api.delete(f"{URL}/orgs/{ORG}/teams/501", status=204)
    result = run("teams", "delete", "-i", "501", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  Team '501' deleted for Seqera organization\n"
    api.delete(f"{URL}/orgs/{ORG}/teams/402", status=204)
    as_json = run("-o", "json", "teams", "delete", "-i", "402", "-o", "Seqera")
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"organizationName": "Seqera", "teamId": "402"}
    missing = run("teams", "delete", "-o", "Seqera")
    assert missing.exit_code == 2 and missing.stdout == "" and "--id" in missing.stderr


def test_members_list_sorted(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO, BIOX], "totalSize": 2},
            match=[matchers.query_param_matcher({"search": "bioinfo", "max": "100", "offset": "0"})])
    api.get(f"{URL}/orgs/{ORG}/teams/501/members", json={"members": [ADAM, ADA], "totalSize": 2},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    result = run("teams", "members", "-t", "bioinfo", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    title, header, rows = console_table(result.stdout)
    assert title == "  Members for team 'bioinfo':"
    assert header == ["Member ID", "Username", "Email", "Role"]
    assert rows[:2] == [["11", "ada", "ada@example.com", "MEMBER"], ["13", "adam", "adam@example.com", "OWNER"]]


def test_members_list_json_and_unknown_team(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 1})
    api.get(f"{URL}/orgs/{ORG}/teams/501/members", json={"members": [ADA], "totalSize": 1})
    result = run("-o", "json", "teams", "members", "-t", "bioinfo", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"teamName": "bioinfo", "members": [ADA]}
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIOX], "totalSize": 1})
    unknown = run("teams", "members", "-t", "bioinfo", "-o", "Seqera")
    assert unknown.exit_code == 1 and unknown.stdout == ""
    assert unknown.stderr.splitlines()[0] == f"ERROR: Team 'bioinfo' not found in organization '{ORG}'"


def test_members_requires_team_and_org(api, run):
    no_team = run("teams", "members", "-o", "Seqera", "add", "-m", "ada")
    assert no_team.exit_code == 2 and no_team.stdout == ""
    assert "Missing required option: '--team=<team>'" in no_team.stderr
    no_org = run("teams", "members", "-t", "bioinfo")
    assert no_org.exit_code == 2 and no_org.stdout == ""
    assert "Missing required option: '--organization=<organization>'" in no_org.stderr
    helped = run("teams", "members", "add", "--help")
    assert helped.exit_code == 0 and "--member" in helped.stdout


def test_members_add(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 1})
    api.post(f"{URL}/orgs/{ORG}/teams/501/members", json={"member": ADA},
             match=[matchers.json_params_matcher({"userNameOrEmail": "ada@example.com"})])
    result = run("teams", "members", "-t", "bioinfo", "-o", "Seqera", "add", "-m", "ada@example.com")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  Member 'ada' added to team 'bioinfo' with id '11'\n"


def test_members_add_json(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 1})
    api.post(f"{URL}/orgs/{ORG}/teams/501/members", json={"member": ADA})
    result = run("-o", "json", "teams", "members", "-t", "bioinfo", "-o", "Seqera", "add", "-m", "ada")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"teamName": "bioinfo", "member": ADA}


def test_members_delete_exact_username(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 1})
    api.get(f"{URL}/orgs/{ORG}/teams/501/members", json={"members": [ADAM, ADA], "totalSize": 2},
            match=[matchers.query_param_matcher({"search": "ada", "max": "100", "offset": "0"})])
    api.delete(f"{URL}/orgs/{ORG}/teams/501/members/11/delete", status=204)
    result = run("teams", "members", "-t", "bioinfo", "-o", "Seqera", "delete", "-m", "ada")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  Team member 'ada' deleted at 'bioinfo' team\n"


def test_members_delete_json_and_not_found(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 1})
    api.get(f"{URL}/orgs/{ORG}/teams/501/members", json={"members": [ADA], "totalSize": 1})
    api.delete(f"{URL}/orgs/{ORG}/teams/501/members/11/delete", status=204)
    result = run("-o", "json", "teams", "members", "-t", "bioinfo", "-o", "Seqera", "delete", "-m", "ada")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"teamName": "bioinfo", "username": "ada"}
    api.get(f"{URL}/orgs/{ORG}/teams", json={"teams": [BIO], "totalSize": 1})
    api.get(f"{URL}/orgs/{ORG}/teams/501/members", json={"members": [ADAM], "totalSize": 1})
    missing = run("teams", "members", "-t", "bioinfo", "-o", "Seqera", "delete", "-m", "ada")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert missing.stderr.splitlines()[0] == f"ERROR: Member 'ada' not found in organization '{ORG}'"
