"""twpy collaborators list: organization lookup, filter, paging and --all; requests checked against the spec."""
from tests.helpers import ORG_ENTRY, URL, console_table, document, failed, listed, misused, page, succeeded, user_and_workspaces

ORG = ORG_ENTRY["orgId"]
COLLABORATORS = f"{URL}/orgs/{ORG}/collaborators"
EVE = {"memberId": 14, "userId": 9, "userName": "eve", "email": "eve@ext.org", "role": "collaborator"}
ZOE = {"memberId": 3, "userId": 10, "userName": "zoe", "email": "zoe@ext.org", "role": "collaborator"}


def test_list_console_unsorted(api, run):
    listed(api, COLLABORATORS, "members", EVE, ZOE, max=100, offset=0)
    stdout = succeeded(run("collaborators", "list", "-o", "Seqera"))
    assert console_table(stdout) == (f"  Collaborators for {ORG} organization:", ["ID", "Username", "Email"],
                                     [["14", "eve", "eve@ext.org"], ["3", "zoe", "zoe@ext.org"]])
    assert "Showing" not in stdout


def test_list_json_filter_and_footer(api, run):
    listed(api, COLLABORATORS, "members", EVE, total=5, max=2, offset=2, search="ext")
    result = run("collaborators", "list", "-o", str(ORG), "-f", "ext", "--page", "2", "--max", "2")
    assert result.exit_code == 0 and result.stderr == ""
    assert "  Page 2, showing from 2 to 3 from a total of 5 entries. " in result.stdout.splitlines()
    page(api, COLLABORATORS, "members", [EVE, ZOE], max=100, offset=0)
    as_json = run("-o", "json", "collaborators", "list", "-o", "Seqera", "--all")
    assert document(as_json) == {"organizationId": ORG, "members": [EVE, ZOE]}


def test_list_all_walks_pages(api, run):
    listed(api, COLLABORATORS, "members", *[dict(EVE, memberId=i) for i in range(100)], total=101, max=100, offset=0)
    page(api, COLLABORATORS, "members", [ZOE], total=101, max=100, offset=100)
    result = run("-o", "json", "collaborators", "list", "-o", "Seqera", "--all")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.json()["members"]) == 101


def test_empty_unknown_org_and_missing_option(api, run):
    listed(api, COLLABORATORS, "members")
    empty = run("collaborators", "list", "-o", "Seqera")
    assert succeeded(empty) == f"\n  Collaborators for {ORG} organization:\n\n    No collaborators found\n"
    assert failed(run("collaborators", "list", "-o", "Nope")) == "ERROR: Organization 'Nope' not found"
    assert "--organization" in misused(run("collaborators", "list"))


def test_api_error_message(api, run):
    user_and_workspaces(api)
    api.get(COLLABORATORS, status=403, json={"message": "Not an organization owner"})
    result = run("collaborators", "list", "-o", "Seqera")
    assert failed(result) == "ERROR: Not an organization owner"
