"""twpy actions: lookups, request bodies, console and JSON output, errors."""
import pytest
from responses import matchers

from tests.helpers import URL, USER, WS_ENTRY, body, document, failed, label_page, misused, query, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
AID = "57byWxhmUDLLWIF4J97XEP"
LABELS = [{"id": 3, "name": "team", "value": "gen", "resource": True}, {"id": 4, "name": "demo"}]
INFO = {"id": AID, "name": "hello", "pipeline": "https://github.com/pditommaso/hello", "source": "github",
        "status": "ACTIVE", "endpoint": "https://api.tower.test/actions/57byWxhmUDLLWIF4J97XEP/launch"}
OTHER = {"id": "1a2b", "name": "other", "pipeline": "https://github.com/org/other", "source": "tower",
         "status": "PAUSED", "endpoint": "https://api.tower.test/actions/1a2b/launch"}
CE = {"id": "vYOK4vn7spw7bHHWBDXZ2", "name": "demo", "primary": True, "status": "AVAILABLE"}
CE_FULL = {"computeEnv": {"id": CE["id"], "name": "demo", "platform": "aws-batch",
                          "config": {"workDir": "s3://nextflow-ci/jordeu", "preRunScript": "ce_pre"}}}
LAUNCH = {"id": "L1", "computeEnv": {"id": CE["id"], "name": "demo", "platform": "aws-batch"},
          "pipeline": INFO["pipeline"], "workDir": "s3://w", "revision": "main", "paramsText": "a: 1\n",
          "configProfiles": ["test"], "sessionId": "s1", "resume": False, "dateCreated": "2021-06-18T10:10:05Z"}
ACTION = {"id": AID, "name": "hello", "source": "github", "status": "ACTIVE", "launch": LAUNCH,
          "hookUrl": "https://github.com/pditommaso/hello", "lastSeen": "2021-06-18T10:10:33Z",
          "dateCreated": "2021-06-18T10:10:05Z", "labels": LABELS}



def listed(api, *found, **params):
    api.get(f"{URL}/actions", match=[query(**params)], json={"actions": list(found or (INFO, OTHER))})


def described(api, action=ACTION, **params):
    api.get(f"{URL}/actions/{AID}", match=[query(**params)], json={"action": action})



# list ----------------------------------------------------------------------------------------------

def test_list_console(api, run):
    listed(api)
    api.get(f"{URL}/user-info", json={"user": USER})
    result = run("actions", "list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [line.rstrip() for line in result.stdout.split("\n")] == [
        "", "  Actions for jordi user:", "",
        "     ID                     | Name  | Endpoint                                                     | Status "
        "| Source",
        "    ------------------------+-------+--------------------------------------------------------------+--------"
        "+--------",
        "     1a2b                   | other | https://api.tower.test/actions/1a2b/launch                   | PAUSED "
        "| tower",
        "     57byWxhmUDLLWIF4J97XEP | hello | https://api.tower.test/actions/57byWxhmUDLLWIF4J97XEP/launch | ACTIVE "
        "| github",
        "", ""]


def test_list_labels_in_workspace_json(api, run):
    user_and_workspaces(api)
    listed(api, dict(INFO, labels=LABELS), workspaceId=WS, attributes="labels")
    result = run("-o", "json", "actions", "list", "-w", "Seqera/cli", "-l")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = result.json()
    assert list(doc) == ["userName", "actions"]
    assert doc["userName"] == "jordi" and doc["actions"][0]["labels"] == LABELS


def test_list_labels_column(api, run):
    user_and_workspaces(api)
    listed(api, dict(INFO, labels=LABELS), workspaceId=WS, attributes="labels")
    result = run("actions", "list", "-w", "Seqera/cli", "--labels")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "| Source | Labels" in result.stdout and "| github | team=gen,demo" in result.stdout


def test_list_empty(api, run):
    api.get(f"{URL}/actions", json={"actions": []})
    api.get(f"{URL}/user-info", json={"user": USER})
    result = run("actions", "list")
    assert succeeded(result) == "\n  Actions for jordi user:\n\n    No actions found\n"


def test_list_api_error(api, run):
    api.get(f"{URL}/actions", status=403, json={"message": "Forbidden"})
    result = run("actions", "list")
    assert failed(result) == "ERROR: Forbidden"


# view ----------------------------------------------------------------------------------------------

def test_view_by_name_console(api, run):
    listed(api)
    described(api, attributes="labels")
    result = run("actions", "view", "-n", "hello")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("\n  Details for action 'hello'\n\n")
    lines = [line.rstrip() for line in out.split("\n")]
    assert "     ID           | 57byWxhmUDLLWIF4J97XEP" in lines
    assert "     Status       | ACTIVE" in lines
    assert "     Pipeline URL | https://github.com/pditommaso/hello" in lines
    assert "     Source       | github" in lines
    assert "     Hook URL     | https://github.com/pditommaso/hello" in lines
    assert lines.count("     Last event   | Fri, 18 Jun 2021 10:10:33 GMT") == 2
    assert "     Date created | Fri, 18 Jun 2021 10:10:05 GMT" in lines
    assert "     Labels       | team=gen,demo" in lines
    assert "  Configuration:\n\n     {\n" in out
    assert '       "computeEnvId" : "vYOK4vn7spw7bHHWBDXZ2",' in out


def test_view_by_id_json_in_workspace(api, run):
    user_and_workspaces(api)
    described(api, dict(ACTION, labels=[]), workspaceId=WS, attributes="labels")
    result = run("-o", "json", "actions", "view", "-i", AID, "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = result.json()
    assert list(doc) == ["action"] and doc["action"]["id"] == AID and doc["action"]["launch"]["id"] == "L1"


def test_view_no_labels(api, run):
    described(api, dict(ACTION, labels=None), attributes="labels")
    result = run("actions", "view", "-i", AID)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "     Labels       | No labels found" in result.stdout


def test_view_ref_required_and_exclusive(run):
    result = run("actions", "view")
    assert "Missing required argument" in misused(result)
    result = run("actions", "view", "-i", AID, "-n", "hello")
    assert "mutually exclusive" in misused(result)


# add -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", ["github", "tower"])
def test_add_with_primary_compute_env(api, run, source):
    api.get(f"{URL}/compute-envs", match=[query(status="AVAILABLE")], json={"computeEnvs": [CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", json=CE_FULL)
    api.post(f"{URL}/actions", match=[query()], json={"actionId": AID})
    result = run("actions", "add", source, "-n", "hello", "--pipeline", INFO["pipeline"])
    assert succeeded(result) == f"\n  Pipeline action 'hello' added at user workspace with id '{AID}'\n"
    assert body(api.calls[-1]) == {"name": "hello", "source": source, "launch": {
        "computeEnvId": CE["id"], "pipeline": INFO["pipeline"], "workDir": "s3://nextflow-ci/jordeu",
        "preRunScript": "ce_pre"}}


def test_add_every_option_labels_and_json(api, run, write_file):
    user_and_workspaces(api)
    other = {"id": "ce2", "name": "demo", "status": "AVAILABLE"}
    api.get(f"{URL}/compute-envs", match=[query(workspaceId=WS, status="AVAILABLE")], json={"computeEnvs": [CE, other]})
    api.get(f"{URL}/compute-envs/ce2", match=[query(workspaceId=WS)], json={"computeEnv": {"id": "ce2", "config": {}}})
    api.get(f"{URL}/actions", match=[query(workspaceId=WS)], json={"actions": [INFO]})
    api.delete(f"{URL}/actions/{AID}", match=[query(workspaceId=WS)])
    api.post(f"{URL}/actions", match=[query(workspaceId=WS)], json={"actionId": "new1"})
    label_page(api, "demo", {"id": 4, "name": "demo"}, workspaceId=WS)
    api.post(f"{URL}/actions/labels/apply", match=[query(workspaceId=WS),
                                                   matchers.json_params_matcher({"labelIds": [4], "actionIds": ["new1"]})])
    result = run("-o", "json", "actions", "add", "tower", "-n", "hello", "--pipeline", INFO["pipeline"],
                 "-w", "Seqera/cli", "--labels", "demo", "--overwrite", "-c", "demo", "--work-dir", "/w",
                 "-p", "a,b", "--revision", "dev", "--config", write_file("n.config", "cfg"), "--pre-run", write_file("pre", "pre"),
                 "--post-run", write_file("post", "post"), "--pull-latest", "--stub-run", "--main-script", "m.nf",
                 "--entry-name", "e", "--params-file", write_file("p.yaml", "x: 1\n"))
    assert document(result) == {"actionName": "hello", "workspaceRef": "[Seqera / cli]", "actionId": "new1"}
    sent = body([c for c in api.calls if c.request.method == "POST" and c.request.url.startswith(f"{URL}/actions?")][0])
    assert sent == {"name": "hello", "source": "tower", "launch": {
        "computeEnvId": "ce2", "pipeline": INFO["pipeline"], "revision": "dev", "workDir": "/w",
        "configProfiles": ["a", "b"], "paramsText": "x: 1\n", "configText": "cfg", "preRunScript": "pre",
        "postRunScript": "post", "pullLatest": True, "stubRun": True, "mainScript": "m.nf", "entryName": "e"}}


def test_add_overwrite_without_existing(api, run):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", json=CE_FULL)
    api.get(f"{URL}/actions", json={"actions": [OTHER]})
    api.post(f"{URL}/actions", json={"actionId": AID})
    result = run("actions", "add", "github", "-n", "hello", "--pipeline", INFO["pipeline"], "--overwrite")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "added at user workspace" in result.stdout


def test_add_failure_as_tw(api, run):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", json=CE_FULL)
    api.post(f"{URL}/actions", status=409, json={"message": "Duplicate name"})
    result = run("actions", "add", "github", "-n", "hello", "--pipeline", INFO["pipeline"])
    assert failed(result) == "ERROR: Unable to add action for workspace 'user'"
    assert "Duplicate name" in result.stderr


def test_add_without_primary_compute_env(api, run):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [dict(CE, primary=False)]})
    result = run("actions", "add", "github", "-n", "hello", "--pipeline", INFO["pipeline"])
    assert failed(result) == "ERROR: No available compute environment defined at user workspace"


def test_add_unknown_compute_env(api, run):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE]})
    result = run("actions", "add", "github", "-n", "hello", "--pipeline", INFO["pipeline"], "-c", "ghost")
    assert failed(result) == "ERROR: Compute environment 'ghost' not found at user workspace"


def test_add_usage_errors(run):
    result = run("actions", "add", "github", "-n", "hello")
    assert "--pipeline" in misused(result)
    result = run("actions", "add", "gitlab", "-n", "hello", "--pipeline", "x")
    assert "gitlab" in misused(result)
    result = run("actions", "add", "tower", "-n", "h", "--pipeline", "x", "--labels", "a=b=c")
    assert "Invalid label format" in misused(result)


# update --------------------------------------------------------------------------------------------

def test_update_overrides_keep_the_rest(api, run, write_file):
    listed(api)
    described(api)
    api.put(f"{URL}/actions/{AID}", match=[query()])
    result = run("actions", "update", "-n", "hello", "--revision", "dev", "--params-file", write_file("p.yaml", "b: 2\n"))
    assert succeeded(result) == f"\n  Pipeline action 'hello' updated at user workspace with id '{AID}'\n"
    assert body(api.calls[-1]) == {"name": "hello", "launch": {
        "id": "L1", "computeEnvId": CE["id"], "pipeline": INFO["pipeline"], "workDir": "s3://w", "revision": "dev",
        "configProfiles": ["test"], "paramsText": "b: 2\n"}}


def test_update_new_name_compute_env_and_pause_json(api, run):
    user_and_workspaces(api)
    described(api, workspaceId=WS)
    api.get(f"{URL}/actions/validate", match=[query(workspaceId=WS, name="hello2")], status=204)
    api.get(f"{URL}/compute-envs", match=[query(workspaceId=WS, status="AVAILABLE")],
            json={"computeEnvs": [CE, {"id": "ce2", "name": "other", "status": "AVAILABLE"}]})
    api.put(f"{URL}/actions/{AID}", match=[query(workspaceId=WS)])
    api.post(f"{URL}/actions/{AID}/pause", match=[query(workspaceId=WS)])
    result = run("-o", "json", "actions", "update", "-i", AID, "-w", "Seqera/cli", "--new-name", "hello2",
                 "-c", "other", "-s", "paused")
    assert document(result) == {"actionName": "hello", "workspaceRef": "[Seqera / cli]", "actionId": AID}
    put = body([c for c in api.calls if c.request.method == "PUT"][0])
    assert put["name"] == "hello2" and put["launch"]["computeEnvId"] == "ce2" and put["launch"]["revision"] == "main"


def test_update_status_resumes_paused(api, run):
    described(api, dict(ACTION, status="PAUSED"))
    api.put(f"{URL}/actions/{AID}")
    api.post(f"{URL}/actions/{AID}/pause")
    result = run("actions", "update", "-i", AID, "--status", "ACTIVE")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "updated at user workspace" in result.stdout
    assert [c.request.method for c in api.calls] == ["GET", "PUT", "POST"]


def test_update_status_already_set(api, run):
    listed(api)
    described(api)
    result = run("actions", "update", "-n", "hello", "-s", "active")
    assert failed(result) == "ERROR: The action is already set to 'ACTIVE'"
    assert [c.request.method for c in api.calls] == ["GET", "GET"]  # nothing written


def test_update_name_taken(api, run):
    described(api)
    api.get(f"{URL}/actions/validate", status=409, json={"message": "Name already in use"})
    result = run("actions", "update", "-i", AID, "--new-name", "other")
    assert failed(result) == "ERROR: Action name 'other' is not valid"
    assert "Name already in use" in result.stderr


def test_update_failure_as_tw(api, run):
    described(api)
    api.put(f"{URL}/actions/{AID}", status=400, json={"message": "Bad launch"})
    result = run("actions", "update", "-i", AID, "--revision", "x")
    assert failed(result) == f"ERROR: Unable to update action '{AID}' for workspace 'user'"


def test_update_bad_status_is_usage_error(run):
    result = run("actions", "update", "-n", "hello", "-s", "sleeping")
    assert "sleeping" in misused(result)


# delete --------------------------------------------------------------------------------------------

def test_delete_by_name(api, run):
    listed(api)
    api.delete(f"{URL}/actions/{AID}", match=[query()])
    result = run("actions", "delete", "-n", "hello")
    assert succeeded(result) == "\n  Pipeline action 'hello' deleted at user workspace\n"


def test_delete_by_id_json(api, run):
    user_and_workspaces(api)
    api.delete(f"{URL}/actions/{AID}", match=[query(workspaceId=WS)])
    result = run("-o", "json", "actions", "delete", "-i", AID, "-w", "Seqera/cli")
    assert document(result) == {"actionRef": AID, "workspaceRef": "[Seqera / cli]"}


# view and delete: unknown or refused -------------------------------------------------------------

@pytest.mark.parametrize("answer, args, error", [
    pytest.param(listed, ("view", "-n", "ghost"), "ERROR: No action 'ghost' found for workspace 'user'",
                 id="view-unknown-name"),
    pytest.param(lambda api: api.get(f"{URL}/actions", json={}), ("view", "-n", "ghost"),
                 "ERROR: No actions found for workspace 'user'", id="view-no-actions-at-all"),
    pytest.param(lambda api: api.get(f"{URL}/actions/nope", status=404, json={"message": "Action not found"}),
                 ("view", "-i", "nope"), "ERROR: No action 'nope' found for workspace 'user'", id="view-unknown-id"),
    pytest.param(lambda api: api.delete(f"{URL}/actions/nope", status=400, json={"message": "Unknown action"}),
                 ("delete", "-i", "nope"), "ERROR: Unable to delete action 'nope' for workspace 'user'",
                 id="delete-failure-as-tw"),
    pytest.param(listed, ("delete", "-n", "ghost"), "ERROR: No action 'ghost' found for workspace 'user'",
                 id="delete-unknown-name"),
])
def test_unknown_or_refused_action(api, run, answer, args, error):
    answer(api)
    assert failed(run("actions", *args)) == error


def test_update_param_merges_into_saved_params_and_pause_alias(api, run):
    described(api)
    api.put(f"{URL}/actions/{AID}")
    api.post(f"{URL}/actions/{AID}/pause", match=[matchers.json_params_matcher({})])
    result = run("actions", "update", "-i", AID, "--param", "b=2", "-s", "pause")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "updated at user workspace" in result.stdout
    sent = body([c for c in api.calls if c.request.method == "PUT"][0])
    assert sent["launch"]["paramsText"] == '{\n  "a": 1,\n  "b": 2\n}\n'
    assert "sessionId" not in sent["launch"] and "resume" not in sent["launch"]
