"""The `labels` subcommand that actions and pipelines share (label_options.manage_entity_labels): the same label
lookups, the same request on the resource's own labels path and the same messages, whichever resource it serves."""
import pytest
from responses import matchers

from tests.helpers import URL, WS_ENTRY, document, failed, label_page, new_label, query, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
AID, PID = "57byWxhmUDLLWIF4J97XEP", 183522618315672


def action_hello(api):
    """The workspace's actions: 'hello' among them."""
    api.get(f"{URL}/actions", match=[query(workspaceId=WS)],
            json={"actions": [{"id": AID, "name": "hello"}, {"id": "1a2b", "name": "other"}]})


def pipeline_sleep_one_minute(api):
    """The pipeline search by name finding 'sleep_one_minute'."""
    api.get(f"{URL}/pipelines", match=[query(search='"sleep_one_minute"', visibility="all", workspaceId=WS)],
            json={"pipelines": [{"pipelineId": PID, "name": "sleep_one_minute"}], "totalSize": 1})


RESOURCES = "group, ids, item_id, noun"
ACTIONS = ("actions", "actionIds", AID, "action")
PIPELINES = ("pipelines", "pipelineIds", PID, "pipeline")


def labels_sent(api, group, ids, item_id, operation, label_ids):
    """The request that changes the labels of one item: `POST /{group}/labels/{operation}`."""
    api.post(f"{URL}/{group}/labels/{operation}",
             match=[matchers.json_params_matcher({"labelIds": label_ids, ids: [item_id]})])


@pytest.mark.parametrize(RESOURCES + ", lookup, name", [
    pytest.param(*ACTIONS, action_hello, "hello", id="actions"),
    pytest.param(*PIPELINES, pipeline_sleep_one_minute, "sleep_one_minute", id="pipelines"),
])
def test_set_by_name_creates_the_missing_label(api, run, group, ids, item_id, noun, lookup, name):
    user_and_workspaces(api)
    lookup(api)
    new_label(api, "x", 50, workspaceId=WS)
    labels_sent(api, group, ids, item_id, "apply", [50])
    result = run(group, "labels", "-n", name, "-w", "Seqera/cli", "x")
    assert succeeded(result) == f"\n 'set' labels on '{noun}' with id '{item_id}' at {WS} workspace\n"


@pytest.mark.parametrize(RESOURCES + ", operation, path, label, found", [
    pytest.param(*ACTIONS, "delete", "remove", "team=gen", {"id": 3, "name": "team", "value": "gen", "resource": True},
                 id="actions-delete-resource-label"),
    pytest.param(*PIPELINES, "append", "add", "a", {"id": 1, "name": "a"}, id="pipelines-append"),
])
def test_by_id_json(api, run, group, ids, item_id, noun, operation, path, label, found):
    label_page(api, found["name"], found, type="resource" if "=" in label else "simple")
    labels_sent(api, group, ids, item_id, path, [found["id"]])
    result = run("-o", "json", group, "labels", "-i", item_id, "-o", operation, label)
    assert document(result) == {"operation": operation, "type": noun, "id": str(item_id)}


@pytest.mark.parametrize(RESOURCES, [pytest.param(*ACTIONS, id="actions"), pytest.param(*PIPELINES, id="pipelines")])
def test_no_create_refuses_an_unknown_label(api, run, group, ids, item_id, noun):
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    result = run(group, "labels", "-i", item_id, "--no-create", "ghost")
    assert failed(result) == "ERROR: Label 'ghost' does not exists in workspace 'user'"
    assert not [call for call in api.calls if call.request.method == "POST"]
