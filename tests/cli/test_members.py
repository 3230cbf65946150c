"""twpy members: list, add, delete, update, leave; organization lookup; requests checked against the spec."""
from responses import matchers

from tests.helpers import ORG_ENTRY, URL, body, console_table, user_and_workspaces

ORG = ORG_ENTRY["orgId"]
ADA = {"memberId": 11, "userId": 5, "userName": "ada", "email": "ada@example.com", "role": "owner"}
BOB = {"memberId": 12, "userId": 6, "userName": "bob", "email": "bob@example.com", "role": "member"}
ADAM = {"memberId": 13, "userId": 8, "userName": "adam", "email": "adam@example.com", "role": "member"}


def test_list_console_unsorted_roles_upper(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [BOB, ADA], "totalSize": 2},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    result = run("members", "list", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    title, header, rows = console_table(result.stdout)
    assert title == "  Members for Seqera organization:"
    assert header == ["ID", "Username", "Email", "Role"]
    assert rows[:2] == [["12", "bob", "bob@example.com", "MEMBER"], ["11", "ada", "ada@example.com", "OWNER"]]


def test_list_json_by_org_id_filter_and_page(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [ADA], "totalSize": 1},
            match=[matchers.query_param_matcher({"max": "5", "offset": "5", "search": "ad"})])
    result = run("-o", "json", "members", "list", "-o", str(ORG), "-f", "ad", "--page", "2", "--max", "5")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"orgName": "Seqera", "members": [ADA]}


def test_list_all_pages_and_empty(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [], "totalSize": 0},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    result = run("members", "list", "-o", "Seqera", "--all")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "\n  Members for Seqera organization:\n\n    No members found\n"


def test_unknown_organization_and_missing_option(api, run):
    user_and_workspaces(api)
    result = run("members", "list", "-o", "Nope")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == "ERROR: Organization 'Nope' not found"
    missing = run("members", "list")
    assert missing.exit_code == 2 and missing.stdout == ""
    assert "--organization" in missing.stderr


def test_add(api, run):
    user_and_workspaces(api)
    api.put(f"{URL}/orgs/{ORG}/members/add", json={"member": ADA},
            match=[matchers.json_params_matcher({"user": "ada@example.com"})])
    result = run("members", "add", "-u", "ada@example.com", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  Member 'ada' with ID '11' was added in organization 'Seqera'\n"


def test_add_json_and_conflict(api, run):
    user_and_workspaces(api)
    api.put(f"{URL}/orgs/{ORG}/members/add", json={"member": ADA})
    result = run("-o", "json", "members", "add", "-u", "ada", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"orgName": "Seqera", "member": ADA}
    assert body(api.calls[-1]) == {"user": "ada"}
    api.put(f"{URL}/orgs/{ORG}/members/add", status=409, json={"message": "Already a member"})
    failed = run("members", "add", "-u", "ada", "-o", "Seqera")
    assert failed.exit_code == 1 and failed.stdout == ""
    assert failed.stderr.splitlines()[0] == "ERROR: Already a member"


def test_delete_prefers_exact_match(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [ADA, ADAM], "totalSize": 2},
            match=[matchers.query_param_matcher({"search": "ada", "max": "100", "offset": "0"})])
    api.delete(f"{URL}/orgs/{ORG}/members/11", status=204)
    result = run("members", "delete", "-u", "ada", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  Member 'ada' deleted from organization 'Seqera'\n"


def test_delete_json(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [BOB], "totalSize": 1})
    api.delete(f"{URL}/orgs/{ORG}/members/12", status=204)
    result = run("-o", "json", "members", "delete", "-u", "BOB@example.com", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"user": "BOB@example.com", "organizationName": "Seqera"}


def test_delete_not_found_and_ambiguous(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [], "totalSize": 0})
    result = run("members", "delete", "-u", "zed", "-o", "Seqera")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == f"ERROR: Member 'zed' not found in {ORG} organization"
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [ADA, ADAM], "totalSize": 2})
    many = run("members", "delete", "-u", "ad", "-o", "Seqera")
    assert many.exit_code == 1 and many.stdout == ""
    assert many.stderr.splitlines()[0] == f"ERROR: Multiple members were found for the 'ad' keyword {ORG} organization"


def test_update_role(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [BOB], "totalSize": 1},
            match=[matchers.query_param_matcher({"search": "bob", "max": "100", "offset": "0"})])
    api.put(f"{URL}/orgs/{ORG}/members/12/role", status=204, match=[matchers.json_params_matcher({"role": "owner"})])
    result = run("members", "update", "-u", "bob", "-r", "OWNER", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  Member 'bob' updated to role 'owner' in organization 'Seqera'\n"


def test_update_json_and_bad_role(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/members", json={"members": [BOB], "totalSize": 1})
    api.put(f"{URL}/orgs/{ORG}/members/12/role", status=204)
    result = run("-o", "json", "members", "update", "-u", "bob", "-r", "collaborator", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"user": "bob", "organizationName": "Seqera", "role": "collaborator"}
    bad = run("members", "update", "-u", "bob", "-r", "admin", "-o", "Seqera")
    assert bad.exit_code == 2 and bad.stdout == ""
    assert "--role" in bad.stderr
    missing = run("members", "update", "-u", "bob", "-o", "Seqera")
    assert missing.exit_code == 2 and missing.stdout == "" and "--role" in missing.stderr


def test_leave_console_and_json(api, run):
    user_and_workspaces(api)
    api.delete(f"{URL}/orgs/{ORG}/members/leave", status=204)
    result = run("members", "leave", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == "\n  You have been removed from organization 'Seqera'\n"
    user_and_workspaces(api)
    api.delete(f"{URL}/orgs/{ORG}/members/leave", status=204)
    as_json = run("-o", "json", "members", "leave", "-o", str(ORG))
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"orgName": "Seqera"}
