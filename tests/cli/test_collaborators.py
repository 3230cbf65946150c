"""twpy collaborators list: organization lookup, filter, paging and --all; requests checked against the spec."""
from responses import matchers

from tests.helpers import ORG_ENTRY, URL, console_table, user_and_workspaces

ORG = ORG_ENTRY["orgId"]
EVE = {"memberId": 14, "userId": 9, "userName": "eve", "email": "eve@ext.org", "role": "collaborator"}
ZOE = {"memberId": 3, "userId": 10, "userName": "zoe", "email": "zoe@ext.org", "role": "collaborator"}


def test_list_console_unsorted(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/collaborators", json={"members": [EVE, ZOE], "totalSize": 2},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    result = run("collaborators", "list", "-o", "Seqera")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    title, header, rows = console_table(result.stdout)
    assert title == f"  Collaborators for {ORG} organization:"
    assert header == ["ID", "Username", "Email"]
    assert rows[:2] == [["14", "eve", "eve@ext.org"], ["3", "zoe", "zoe@ext.org"]]
    assert "Showing" not in result.stdout


def test_list_json_filter_and_footer(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/collaborators", json={"members": [EVE], "totalSize": 5},
            match=[matchers.query_param_matcher({"max": "2", "offset": "2", "search": "ext"})])
    result = run("collaborators", "list", "-o", str(ORG), "-f", "ext", "--page", "2", "--max", "2")
    assert result.exit_code == 0 and result.stderr == ""
    assert "  Page 2, showing from 2 to 3 from a total of 5 entries. " in result.stdout.splitlines()
    api.get(f"{URL}/orgs/{ORG}/collaborators", json={"members": [EVE, ZOE], "totalSize": 2},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    as_json = run("-o", "json", "collaborators", "list", "-o", "Seqera", "--all")
    assert as_json.exit_code == 0 and as_json.stderr == ""
    assert as_json.json() == {"organizationId": ORG, "members": [EVE, ZOE]}


def test_list_all_walks_pages(api, run):
    user_and_workspaces(api)
    first = [dict(EVE, memberId=i) for i in range(100)]
    api.get(f"{URL}/orgs/{ORG}/collaborators", json={"members": first, "totalSize": 101},
            match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    api.get(f"{URL}/orgs/{ORG}/collaborators", json={"members": [ZOE], "totalSize": 101},
            match=[matchers.query_param_matcher({"max": "100", "offset": "100"})])
    result = run("-o", "json", "collaborators", "list", "-o", "Seqera", "--all")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.json()["members"]) == 101


def test_empty_unknown_org_and_missing_option(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/collaborators", json={"members": [], "totalSize": 0})
    empty = run("collaborators", "list", "-o", "Seqera")
    assert empty.exit_code == 0 and empty.stderr == ""
    assert empty.stdout == f"\n  Collaborators for {ORG} organization:\n\n    No collaborators found\n"
    unknown = run("collaborators", "list", "-o", "Nope")
    assert unknown.exit_code == 1 and unknown.stdout == ""
    assert unknown.stderr.splitlines()[0] == "ERROR: Organization 'Nope' not found"
    missing = run("collaborators", "list")
    assert missing.exit_code == 2 and missing.stdout == "" and "--organization" in missing.stderr


def test_api_error_message(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/collaborators", status=403, json={"message": "Not an organization owner"})
    result = run("collaborators", "list", "-o", "Seqera")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == "ERROR: Not an organization owner"
