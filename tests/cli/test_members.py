"""twpy members: list, add, delete, update, leave; organization lookup; requests checked against the spec."""
from responses import matchers

from tests.helpers import ORG_ENTRY, URL, body, console_table, failed, listed, misused, page, succeeded, user_and_workspaces

ORG = ORG_ENTRY["orgId"]
MEMBERS = f"{URL}/orgs/{ORG}/members"
ADA = {"memberId": 11, "userId": 5, "userName": "ada", "email": "ada@example.com", "role": "owner"}
BOB = {"memberId": 12, "userId": 6, "userName": "bob", "email": "bob@example.com", "role": "member"}
ADAM = {"memberId": 13, "userId": 8, "userName": "adam", "email": "adam@example.com", "role": "member"}


def test_list_console_unsorted_roles_upper(api, run):
    listed(api, MEMBERS, "members", BOB, ADA, max=100, offset=0)
    stdout = succeeded(run("members", "list", "-o", "Seqera"))
    assert console_table(stdout) == ("  Members for Seqera organization:", ["ID", "Username", "Email", "Role"],
                                     [["12", "bob", "bob@example.com", "MEMBER"], ["11", "ada", "ada@example.com", "OWNER"]])


def test_list_json_by_org_id_filter_and_page(api, run):
    listed(api, MEMBERS, "members", ADA, max=5, offset=5, search="ad")
    result = run("-o", "json", "members", "list", "-o", str(ORG), "-f", "ad", "--page", "2", "--max", "5")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"orgName": "Seqera", "members": [ADA]}


def test_list_all_pages_and_empty(api, run):
    listed(api, MEMBERS, "members", max=100, offset=0)
    result = run("members", "list", "-o", "Seqera", "--all")
    assert succeeded(result) == "\n  Members for Seqera organization:\n\n    No members found\n"


def test_unknown_organization_and_missing_option(api, run):
    user_and_workspaces(api)
    assert failed(run("members", "list", "-o", "Nope")) == "ERROR: Organization 'Nope' not found"
    assert "--organization" in misused(run("members", "list"))


def test_add(api, run):
    user_and_workspaces(api)
    api.put(f"{MEMBERS}/add", json={"member": ADA},
            match=[matchers.json_params_matcher({"user": "ada@example.com"})])
    result = run("members", "add", "-u", "ada@example.com", "-o", "Seqera")
    assert succeeded(result) == "\n  Member 'ada' with ID '11' was added in organization 'Seqera'\n"


def test_add_json_and_conflict(api, run):
    user_and_workspaces(api)
    api.put(f"{MEMBERS}/add", json={"member": ADA})
    result = run("-o", "json", "members", "add", "-u", "ada", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"orgName": "Seqera", "member": ADA}
    assert body(api.calls[-1]) == {"user": "ada"}
    api.put(f"{MEMBERS}/add", status=409, json={"message": "Already a member"})
    assert failed(run("members", "add", "-u", "ada", "-o", "Seqera")) == "ERROR: Already a member"


def test_delete_prefers_exact_match(api, run):
    listed(api, MEMBERS, "members", ADA, ADAM, search="ada", max=100, offset=0)
    api.delete(f"{MEMBERS}/11", status=204)
    result = run("members", "delete", "-u", "ada", "-o", "Seqera")
    assert succeeded(result) == "\n  Member 'ada' deleted from organization 'Seqera'\n"


def test_delete_json(api, run):
    listed(api, MEMBERS, "members", BOB)
    api.delete(f"{MEMBERS}/12", status=204)
    result = run("-o", "json", "members", "delete", "-u", "BOB@example.com", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"user": "BOB@example.com", "organizationName": "Seqera"}


def test_delete_not_found_and_ambiguous(api, run):
    listed(api, MEMBERS, "members")
    result = run("members", "delete", "-u", "zed", "-o", "Seqera")
    assert failed(result) == f"ERROR: Member 'zed' not found in {ORG} organization"
    page(api, MEMBERS, "members", [ADA, ADAM])
    many = run("members", "delete", "-u", "ad", "-o", "Seqera")
    assert failed(many) == f"ERROR: Multiple members were found for the 'ad' keyword {ORG} organization"


def test_update_role(api, run):
    listed(api, MEMBERS, "members", BOB, search="bob", max=100, offset=0)
    api.put(f"{MEMBERS}/12/role", status=204, match=[matchers.json_params_matcher({"role": "owner"})])
    result = run("members", "update", "-u", "bob", "-r", "OWNER", "-o", "Seqera")
    assert succeeded(result) == "\n  Member 'bob' updated to role 'owner' in organization 'Seqera'\n"


def test_update_json_and_bad_role(api, run):
    listed(api, MEMBERS, "members", BOB)
    api.put(f"{MEMBERS}/12/role", status=204)
    result = run("-o", "json", "members", "update", "-u", "bob", "-r", "collaborator", "-o", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"user": "bob", "organizationName": "Seqera", "role": "collaborator"}
    assert "--role" in misused(run("members", "update", "-u", "bob", "-r", "admin", "-o", "Seqera"))
    assert "--role" in misused(run("members", "update", "-u", "bob", "-o", "Seqera"))


def test_leave_console_and_json(api, run):
    user_and_workspaces(api)
    api.delete(f"{MEMBERS}/leave", status=204)
    result = run("members", "leave", "-o", "Seqera")
    assert succeeded(result) == "\n  You have been removed from organization 'Seqera'\n"
    user_and_workspaces(api)
    api.delete(f"{MEMBERS}/leave", status=204)
    as_json = run("-o", "json", "members", "leave", "-o", str(ORG))
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"orgName": "Seqera"}
