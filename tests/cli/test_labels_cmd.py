"""twpy labels: list (type, filter, paging), add, update, delete; requests checked against the spec."""
from responses import matchers

from tests.helpers import URL, WS_ENTRY, body, document, failed, misused, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
LABELS = {"labels": [{"id": 12, "name": "team", "value": "genomics", "resource": True},
                     {"id": 3, "name": "urgent", "resource": False}], "totalSize": 2}


def test_list_console_sorted_with_types(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/labels", json=LABELS,
            match=[matchers.query_param_matcher({"workspaceId": str(WS), "type": "all", "max": "100", "offset": "0"})])
    result = run("labels", "list", "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == f"  Labels at {WS} workspace:"
    rows = [[c.strip() for c in line.split("|")] for line in lines[5:7]]
    assert rows == [["12", "team", "genomics", "Resource"], ["3", "urgent", "", "Normal"]]


def test_list_json_type_filter_and_page(api, run):
    api.get(f"{URL}/labels", json=LABELS,
            match=[matchers.query_param_matcher({"type": "resource", "search": "te", "max": "1", "offset": "1"})])
    result = run("-o", "json", "labels", "list", "-t", "RESOURCE", "-f", "te", "--offset", "1", "--max", "1")
    assert document(result) == {"labels": LABELS["labels"], "labelType": "resource"}


def test_list_personal_workspace_title_and_empty(api, run):
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    result = run("labels", "list")
    assert succeeded(result) == "\n  Labels in user workspace:\n\n    No labels found\n"


def test_add_resource_label(api, run):
    user_and_workspaces(api)
    api.post(f"{URL}/labels", json={"id": 44, "name": "team", "value": "x", "resource": True},
             match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    result = run("labels", "add", "-n", "team", "-v", "x", "-w", "Seqera/cli")
    assert succeeded(result) == "\n Label 'team=x' added at 'Seqera/cli' workspace with id '44'\n"
    assert body(api.calls[-1]) == {"name": "team", "value": "x", "resource": True}
    api.post(f"{URL}/labels", json={"id": 44, "name": "team", "value": "x", "resource": True},
             match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    result = run("-o", "json", "labels", "add", "-n", "team", "-v", "x", "-w", "Seqera/cli")
    assert result.exit_code == 0 and result.stderr == ""
    # tw's LabelAdded, its 'workspacRef' spelled so, and no other key
    assert result.json() == {"id": 44, "name": "team", "isResource": True, "value": "x", "workspacRef": "Seqera/cli"}


def test_add_simple_label_json(api, run):
    api.post(f"{URL}/labels", json={"id": 45, "name": "urgent", "resource": False})
    result = run("-o", "json", "labels", "add", "-n", "urgent")
    assert document(result) == {"id": 45, "name": "urgent", "isResource": False}
    assert body(api.calls[0]) == {"name": "urgent", "resource": False}


def test_update_and_requires_a_change(api, run):
    api.put(f"{URL}/labels/12", json={"id": 12, "name": "team", "value": "proteomics"},
            match=[matchers.json_params_matcher({"value": "proteomics"})])
    result = run("labels", "update", "-i", "12", "-v", "proteomics")
    assert succeeded(result) == "\n Label with id '12' updated to 'team=proteomics'\n"
    result = run("-o", "json", "labels", "update", "-i", "12", "-v", "proteomics")
    assert result.json() == {"id": 12, "name": "team", "value": "proteomics"}
    nothing = run("labels", "update", "-i", "12")
    assert "Required at least one option to update" in misused(nothing)


def test_delete_and_its_error(api, run):
    api.delete(f"{URL}/labels/12", status=204)
    result = run("-o", "json", "labels", "delete", "-i", "12")
    assert document(result) == {"labelId": 12}
    api.delete(f"{URL}/labels/13", status=403, json={"message": "Label is in use"})
    refused = run("labels", "delete", "-i", "13")
    assert failed(refused) == "ERROR: Unable to delete label '13' for workspace 'user': Label is in use"


def test_delete_names_the_workspace_by_id_as_tw_does(api, run):
    user_and_workspaces(api)
    api.delete(f"{URL}/labels/12", status=204, match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    result = run("labels", "delete", "-i", "12", "-w", "Seqera/cli")
    assert succeeded(result) == f"\n  Label '12' deleted at '{WS}' workspace \n"
    api.delete(f"{URL}/labels/12", status=204)
    result = run("labels", "delete", "-i", "12")
    assert result.exit_code == 0 and result.stdout == "\n  Label '12' deleted \n"


def test_listed_labels_feed_completion(api, run):
    api.get(f"{URL}/labels", json=LABELS)
    assert run("labels", "list").exit_code == 0
    result = run("labels", "list", "-f", "te", env={"_TWPY_COMPLETE": "bash_complete",
                                                   "COMP_WORDS": "twpy launch hello -l ", "COMP_CWORD": "4",
                                                   "TWPY_COMPLETE_REFRESH": "0"})
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "team" in result.stdout and "urgent" in result.stdout
