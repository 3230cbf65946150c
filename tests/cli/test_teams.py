"""twpy teams: list, add, delete and the members subgroup; requests checked against the spec."""
from responses import matchers

from tests.helpers import ORG_ENTRY, URL, body, console_table, failed, listed, misused, page, succeeded, user_and_workspaces

ORG = ORG_ENTRY["orgId"]
TEAMS = f"{URL}/orgs/{ORG}/teams"
BIO = {"teamId": 501, "name": "bioinfo", "description": "Bio", "membersCount": 2}
OPS = {"teamId": 402, "name": "ops", "membersCount": 0}
BIOX = {"teamId": 503, "name": "bioinfo-x", "membersCount": 1}
ADA = {"memberId": 11, "userId": 5, "userName": "ada", "email": "ada@example.com", "role": "member"}
ADAM = {"memberId": 13, "userId": 8, "userName": "adam", "email": "adam@example.com", "role": "owner"}


def test_list_console_sorted(api, run):
    listed(api, TEAMS, "teams", OPS, BIO, max=100, offset=0)
    stdout = succeeded(run("teams", "list", "-o", "Seqera"))
    assert console_table(stdout) == ("  Teams for Seqera organization:", ["Team ID", "Team Name", "Members Count Name"],
                                     [["402", "ops", "0"], ["501", "bioinfo", "2"]])
    assert "Showing" not in stdout  # tw prints the footer only with --page or --offset


def test_list_json_and_footer_with_offset(api, run):
    listed(api, TEAMS, "teams", BIO, total=3, max=1, offset=1)
    result = run("teams", "list", "-o", str(ORG), "--offset", "1", "--max", "1")
    assert result.exit_code == 0 and result.stderr == ""
    assert "  Showing from 1 to 1 from a total of 3 entries. " in result.stdout.splitlines()
    page(api, TEAMS, "teams", [BIO])
    as_json = run("-o", "json", "teams", "list", "-o", "Seqera", "--all")
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"organizationName": "Seqera", "teams": [BIO]}


def test_list_empty_and_missing_org(api, run):
    listed(api, TEAMS, "teams")
    result = run("teams", "list", "-o", "Seqera")
    assert succeeded(result) == "\n  Teams for Seqera organization:\n\n    No teams found\n"
    assert "--organization" in misused(run("teams", "list"))


def test_add_with_description(api, run):
    user_and_workspaces(api)
    api.post(TEAMS, json={"team": BIO},
             match=[matchers.json_params_matcher({"team": {"name": "bioinfo", "description": "Bio"}})])
    result = run("teams", "add", "-n", "bioinfo", "-d", "Bio", "-o", "Seqera")
    assert succeeded(result) == "\n  A 'bioinfo' team added for 'Seqera' organization\n"


def test_add_overwrite_json(api, run):
    listed(api, TEAMS, "teams", BIOX, BIO, search="bioinfo", max=100, offset=0)
    api.delete(f"{TEAMS}/501", status=204)
    api.post(TEAMS, json={"team": BIO})
    result = run("-o", "json", "teams", "add", "-n", "bioinfo", "-o", "Seqera", "--overwrite")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"organizationName": "Seqera", "teamName": "bioinfo"}
    assert body(api.calls[-1]) == {"team": {"name": "bioinfo"}}


def test_add_conflict_error(api, run):
    user_and_workspaces(api)
    api.post(TEAMS, status=409, json={"message": "A team with name 'bioinfo' already exists"})
    result = run("teams", "add", "-n", "bioinfo", "-o", "Seqera")
    assert failed(result) == "ERROR: A team with name 'bioinfo' already exists"


def test_delete_console_json_and_missing_id(api, run):
    user_and_workspaces(api)
    api.delete(f"{TEAMS}/501", status=204)
    result = run("teams", "delete", "-i", "501", "-o", "Seqera")
    assert succeeded(result) == "\n  Team '501' deleted for Seqera organization\n"
    api.delete(f"{TEAMS}/402", status=204)
    as_json = run("-o", "json", "teams", "delete", "-i", "402", "-o", "Seqera")
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"organizationName": "Seqera", "teamId": "402"}
    assert "--id" in misused(run("teams", "delete", "-o", "Seqera"))


def test_members_list_sorted(api, run):
    listed(api, TEAMS, "teams", BIO, BIOX, search="bioinfo", max=100, offset=0)
    page(api, f"{TEAMS}/501/members", "members", [ADAM, ADA], max=100, offset=0)
    title, header, rows = console_table(succeeded(run("teams", "members", "-t", "bioinfo", "-o", "Seqera")))
    assert title == "  Members for team 'bioinfo':"
    assert header == ["Member ID", "Username", "Email", "Role"]
    assert rows[:2] == [["11", "ada", "ada@example.com", "MEMBER"], ["13", "adam", "adam@example.com", "OWNER"]]


def test_members_list_json_and_unknown_team(api, run):
    listed(api, TEAMS, "teams", BIO)
    page(api, f"{TEAMS}/501/members", "members", [ADA])
    result = run("-o", "json", "teams", "members", "-t", "bioinfo", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"teamName": "bioinfo", "members": [ADA]}
    page(api, TEAMS, "teams", [BIOX])
    unknown = run("teams", "members", "-t", "bioinfo", "-o", "Seqera")
    assert failed(unknown) == f"ERROR: Team 'bioinfo' not found in organization '{ORG}'"


def test_members_requires_team_and_org(api, run):
    no_team = run("teams", "members", "-o", "Seqera", "add", "-m", "ada")
    assert "Missing required option: '--team=<team>'" in misused(no_team)
    no_org = run("teams", "members", "-t", "bioinfo")
    assert "Missing required option: '--organization=<organization>'" in misused(no_org)
    helped = run("teams", "members", "add", "--help")
    assert helped.exit_code == 0 and "--member" in helped.stdout


def test_members_add(api, run):
    listed(api, TEAMS, "teams", BIO)
    api.post(f"{TEAMS}/501/members", json={"member": ADA},
             match=[matchers.json_params_matcher({"userNameOrEmail": "ada@example.com"})])
    result = run("teams", "members", "-t", "bioinfo", "-o", "Seqera", "add", "-m", "ada@example.com")
    assert succeeded(result) == "\n  Member 'ada' added to team 'bioinfo' with id '11'\n"


def test_members_add_json(api, run):
    listed(api, TEAMS, "teams", BIO)
    api.post(f"{TEAMS}/501/members", json={"member": ADA})
    result = run("-o", "json", "teams", "members", "-t", "bioinfo", "-o", "Seqera", "add", "-m", "ada")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"teamName": "bioinfo", "member": ADA}


def test_members_delete_exact_username(api, run):
    listed(api, TEAMS, "teams", BIO)
    page(api, f"{TEAMS}/501/members", "members", [ADAM, ADA], search="ada", max=100, offset=0)
    api.delete(f"{TEAMS}/501/members/11/delete", status=204)
    result = run("teams", "members", "-t", "bioinfo", "-o", "Seqera", "delete", "-m", "ada")
    assert succeeded(result) == "\n  Team member 'ada' deleted at 'bioinfo' team\n"


def test_members_delete_json_and_not_found(api, run):
    listed(api, TEAMS, "teams", BIO)
    page(api, f"{TEAMS}/501/members", "members", [ADA])
    api.delete(f"{TEAMS}/501/members/11/delete", status=204)
    result = run("-o", "json", "teams", "members", "-t", "bioinfo", "-o", "Seqera", "delete", "-m", "ada")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"teamName": "bioinfo", "username": "ada"}
    page(api, TEAMS, "teams", [BIO])
    page(api, f"{TEAMS}/501/members", "members", [ADAM])
    missing = run("teams", "members", "-t", "bioinfo", "-o", "Seqera", "delete", "-m", "ada")
    assert failed(missing) == f"ERROR: Member 'ada' not found in organization '{ORG}'"
