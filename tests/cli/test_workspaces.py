"""twpy workspaces: requests sent, console and JSON output, errors."""
import json

from responses import matchers

from tests.helpers import ORG_ENTRY, URL, WS_ENTRY, body, console_table, document, failed, misused, succeeded, user_and_workspaces

ORG, WS = ORG_ENTRY["orgId"], WS_ENTRY["workspaceId"]
DESCRIBED = {"workspace": {"id": WS, "name": "cli", "fullName": "CLI tests", "description": "d",
                           "visibility": "SHARED", "dateCreated": "2021-09-22T05:45:44Z",
                           "lastUpdated": "2021-09-22T05:45:44Z"}}


def test_list_console(api, run):
    user_and_workspaces(api)
    stdout = succeeded(run("workspaces", "list"))
    title, header, rows = console_table(stdout)
    assert title == "  Workspaces for jordi user:"
    assert header[0] == "Workspace ID"
    assert rows == [[str(WS), "cli", "Seqera", str(ORG)]]
    assert len(stdout.splitlines()) == 7  # title, header, rule, one row (the organization entry is not a workspace)


def test_list_json_matches_tw_keys(api, run):
    user_and_workspaces(api)
    result = run("-o", "json", "workspaces", "list")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert list(doc) == ["userName", "workspaces"]
    assert doc["userName"] == "jordi"
    assert doc["workspaces"] == [WS_ENTRY]


def test_list_filters_by_organization(api, run):
    user_and_workspaces(api)
    result = run("-o", "json", "workspaces", "list", "--organization", "Seqera")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json()["workspaces"] == [WS_ENTRY]


def test_list_of_an_unknown_organization_is_an_error_that_names_the_likely_mistake(api, run):
    user_and_workspaces(api)
    result = run("workspaces", "list", "-o", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "ERROR: Organization 'json' not found",
        "  hint: '-o json' after the command is its --organization option: put global options before the command, "
        "as in 'twpy -o json workspaces list'."]


def test_view_by_name_uses_directory_then_describe(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/workspaces/{WS}", json=DESCRIBED)
    result = run("workspaces", "view", "-n", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "Details for workspace 'CLI tests'" in result.stdout
    assert " Visibility   | SHARED" in result.stdout
    assert "Wed, 22 Sep 2021 05:45:44 GMT" in result.stdout


def test_view_json(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/workspaces/{WS}", json=DESCRIBED)
    result = run("-o", "json", "workspaces", "view", "-i", WS)
    assert document(result) == DESCRIBED


def test_view_unknown_name_suggests(api, run):
    user_and_workspaces(api)  # fetched fresh in this invocation: a miss is final, no second lookup
    result = run("workspaces", "view", "-n", "Seqera/clj")
    assert failed(result) == "ERROR: Workspace 'clj' at organization 'Seqera' not found"
    assert "Did you mean 'Seqera/cli'" in result.stderr


def test_view_needs_id_or_name(run):
    result = run("workspaces", "view")
    assert "ERROR: Missing required argument" in misused(result)


def test_add_posts_workspace(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/workspaces/validate", match=[matchers.query_param_matcher({"name": "new-ws"})])
    api.post(f"{URL}/orgs/{ORG}/workspaces", json={"workspace": {"id": 5, "name": "new-ws", "fullName": "New",
                                                                 "visibility": "SHARED"}})
    result = run("-o", "json", "workspaces", "add", "-o", "Seqera", "-n", "new-ws", "-f", "New", "-v", "SHARED")
    assert document(result) == {"workspaceName": "new-ws", "organizationName": "Seqera", "visibility": "SHARED"}
    assert body(api.calls[-1]) == {"workspace": {"name": "new-ws", "fullName": "New", "visibility": "SHARED"}}
    result = run("workspaces", "add", "-o", "Seqera", "-n", "new-ws", "-f", "New", "-v", "SHARED")
    assert result.stdout == "\n  A 'SHARED' workspace 'new-ws' added for 'Seqera' organization\n"


def test_add_rejects_lowercase_visibility(run):
    result = run("workspaces", "add", "-o", "Seqera", "-n", "x1", "-f", "X", "-v", "shared")
    assert result.exit_code == 2
    assert "ERROR:" in result.stderr and result.stdout == ""


def test_update_keeps_visibility(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/workspaces/{WS}", json=DESCRIBED)
    api.put(f"{URL}/orgs/{ORG}/workspaces/{WS}", json=DESCRIBED)
    result = run("workspaces", "update", "-i", WS, "-d", "new description")
    assert succeeded(result) == "\n  A 'SHARED' workspace 'cli' updated for 'Seqera' organization\n"
    assert body(api.calls[-1]) == {"name": "cli", "fullName": "CLI tests", "description": "new description",
                                   "visibility": "SHARED"}
    result = run("-o", "json", "workspaces", "update", "-i", WS, "-d", "new description")
    assert result.json() == {"workspaceName": "cli", "organizationName": "Seqera", "visibility": "SHARED"}


def test_update_requires_a_change(run):
    result = run("workspaces", "update", "-i", "1")
    assert result.exit_code == 2
    assert "Required at least one option to update" in result.stderr


def test_delete_and_leave(api, run):
    user_and_workspaces(api)
    api.delete(f"{URL}/orgs/{ORG}/workspaces/{WS}")
    result = run("-o", "json", "workspaces", "delete", "-n", "Seqera/cli")
    assert document(result) == {"workspaceRef": "cli", "organizationRef": "Seqera"}
    result = run("workspaces", "delete", "-n", "Seqera/cli")
    assert result.stdout == "\n  Workspace 'cli' deleted for Seqera organization\n"
    user_and_workspaces(api)
    api.delete(f"{URL}/orgs/{ORG}/workspaces/{WS}/participants")
    result = run("workspaces", "leave", "-i", WS)
    assert succeeded(result) == "\n  You have been removed as a participant from 'cli' workspace\n"
    result = run("-o", "json", "workspaces", "leave", "-i", WS)
    assert result.json() == {"workspaceName": "cli"}


def test_directory_cached_between_invocations(api, run):
    user_and_workspaces(api)  # registered once: the second command must not ask again
    api.get(f"{URL}/orgs/{ORG}/workspaces/{WS}", json=DESCRIBED)
    api.get(f"{URL}/orgs/{ORG}/workspaces/{WS}", json=DESCRIBED)
    for _ in range(2):
        result = run("workspaces", "view", "-n", "Seqera/cli")
        assert result.exit_code == 0 and result.stderr == ""
        assert "Details for workspace 'CLI tests'" in result.stdout
    assert [c.request.path_url for c in api.calls].count("/user-info") == 1
    assert json.loads(api.calls[-1].response.text) == DESCRIBED


def test_cached_directory_miss_refetches_once(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}/workspaces/{WS}", json=DESCRIBED)
    assert run("workspaces", "view", "-n", "Seqera/cli").exit_code == 0
    # a workspace created since the cache was written: the cached miss triggers one fresh lookup
    newer = {"orgsAndWorkspaces": [ORG_ENTRY, WS_ENTRY, dict(WS_ENTRY, workspaceId=99, workspaceName="fresh")]}
    api.get(f"{URL}/user/7/workspaces", json=newer)  # the cached user is reused: no second /user-info
    api.get(f"{URL}/orgs/{ORG}/workspaces/99", json=DESCRIBED)
    result = run("workspaces", "view", "-n", "Seqera/fresh")
    assert result.exit_code == 0, result
    assert result.stderr == ""


def test_user_info_alone_is_cached_too(api, run):
    """A personal-workspace command needs only /user-info; the next invocation reuses it from disk."""
    from tw_py.api.client import Client
    from tw_py.api.workspaces import AccountDirectory

    api.get(f"{URL}/user-info", json={"user": {"id": 7, "userName": "jordi"}})
    first = AccountDirectory(lambda: Client(URL, "tok"), URL, "tok")
    assert first.user()["userName"] == "jordi"
    second = AccountDirectory(lambda: Client(URL, "tok"), URL, "tok")
    assert second.user()["userName"] == "jordi"
    api.get(f"{URL}/user/7/workspaces", json={"orgsAndWorkspaces": [WS_ENTRY]})
    assert second.entries() == [WS_ENTRY]  # the list is fetched once, without asking for the user again
    assert [c.request.path_url for c in api.calls] == ["/user-info", "/user/7/workspaces"]
