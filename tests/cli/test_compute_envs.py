"""twpy compute-envs list/view/update/delete/export/import/validate/primary: requests, console, JSON, errors."""
from __future__ import annotations

import json

import pytest
from responses import matchers

from tests.helpers import URL, WS_ENTRY, body, console_table, failed, misused, printed, succeeded, user_and_workspaces, validation

WS = WS_ENTRY["workspaceId"]
ENTRIES = [
    {"id": "vYOK4vn7spw7bHHWBDXZ2", "name": "demo", "platform": "aws-batch", "status": "AVAILABLE", "primary": True,
     "lastUsed": "2021-09-22T05:45:44Z"},
    {"id": "aaaa", "name": "gone", "platform": "slurm-platform", "status": "DELETING"},
    {"id": "bbbb", "name": "broken", "platform": "k8s-platform", "status": "ERRORED", "message": "boom"},
]
LABELS = [{"id": 5, "name": "team", "value": "a", "resource": True, "isDefault": False,
           "dateCreated": "2021-09-22T05:45:44Z"}]
CE = {"id": "vYOK4vn7spw7bHHWBDXZ2", "name": "demo", "description": None, "platform": "aws-batch",
      "status": "AVAILABLE", "credentialsId": "cred1", "dateCreated": "2021-09-22T05:45:44Z",
      "lastUpdated": "2021-09-22T05:45:44Z", "primary": True, "workspaceId": WS, "labels": LABELS,
      "config": {"discriminator": "aws-batch", "region": "eu-west-1", "workDir": "s3://b/w",
                 "forge": {"type": "SPOT", "maxCpus": 10, "minCpus": 0},
                 "computeQueue": "TowerForge-q-work", "headQueue": "TowerForge-q-head",
                 "forgedResources": [{"q": "arn"}], "volumes": []}}


def listing(api, entries=ENTRIES, status=None, workspace=None):
    params = {}
    if status:
        params["status"] = status
    if workspace:
        params["workspaceId"] = str(workspace)
    api.get(f"{URL}/compute-envs", json={"computeEnvs": entries}, match=[matchers.query_param_matcher(params)])


def described(api, ce=CE, labels=True, workspace=None):
    params = {"attributes": "labels"} if labels else {}
    if workspace:
        params["workspaceId"] = str(workspace)
    api.get(f"{URL}/compute-envs/{ce['id']}", json={"computeEnv": ce}, match=[matchers.query_param_matcher(params)])


# list / view -------------------------------------------------------------------------------------------------
def test_list_console_marks_primary_and_shows_every_state(api, run):
    listing(api)
    title, header, table = console_table(succeeded(run("compute-envs", "list")))
    assert title == "  Compute environments at user workspace:"
    assert header == ["ID", "Status", "Platform", "Name", "Last activity"]
    rows = {row[3]: row for row in table}
    assert rows["demo"] == ["* vYOK4vn7spw7bHHWBDXZ2", "AVAILABLE", "aws-batch", "demo", "Wed, 22 Sep 2021 05:45:44 GMT"]
    assert rows["gone"][1] == "DELETING" and rows["gone"][4] == "never"
    assert rows["broken"][1] == "ERRORED"


def test_list_json(api, run):
    user_and_workspaces(api)
    listing(api, workspace=WS)
    result = run("-o", "json", "compute-envs", "list", "-w", "Seqera/cli")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"workspaceRef": "[Seqera / cli]", "computeEnvs": ENTRIES}


def test_list_empty(api, run):
    listing(api, entries=[])
    result = run("compute-envs", "list")
    assert succeeded(result) == "\n  Compute environments at user workspace:\n\n    No compute environment found\n"


def test_view_by_name_console(api, run):
    listing(api)
    described(api)
    result = run("compute-envs", "view", "-n", "demo")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    out = result.stdout
    assert "  Compute environment at user workspace:" in out
    for name, value in (("ID", CE["id"]), ("Description", "NA"), ("Status", "AVAILABLE"), ("Labels", "team=a"),
                        ("Created", "Wed, 22 Sep 2021 05:45:44 GMT"), ("Last activity", "never")):
        assert any(line.split("|")[0].strip() == name and line.split("|")[1].strip() == value
                   for line in out.splitlines() if "|" in line), name
    assert "  Configuration:" in out
    assert '     "region" : "eu-west-1"' in out
    assert "forgedResources" not in out and "TowerForge-q-work" not in out and "volumes" not in out


def test_view_by_id_json_is_the_raw_dto(api, run):
    described(api)
    result = run("-o", "json", "compute-envs", "view", "-i", CE["id"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {k: v for k, v in CE.items() if v is not None}


def test_view_unknown_name(api, run):
    user_and_workspaces(api)
    listing(api, workspace=WS)
    result = run("compute-envs", "view", "-n", "nope", "-w", "Seqera/cli")
    assert failed(result) == f"ERROR: Compute environment 'nope' not found at {WS} workspace"


def test_view_needs_exactly_one_ref(run):
    result = run("compute-envs", "view", "-i", "a", "-n", "b")
    assert "mutually exclusive" in misused(result)


# update / delete -------------------------------------------------------------------------------------------
def test_update_validates_new_name_then_puts(api, run):
    api.get(f"{URL}/compute-envs/validate", status=204, match=[matchers.query_param_matcher({"name": "demo2"})])
    listing(api)
    described(api)
    api.put(f"{URL}/compute-envs/{CE['id']}", status=204,
            match=[matchers.json_params_matcher({"name": "demo2"})])
    result = run("compute-envs", "update", "-n", "demo", "--new-name", "demo2")
    assert succeeded(result) == "\n  Compute environment 'demo' updated at user workspace\n"


def test_update_invalid_name(api, run):
    api.get(f"{URL}/compute-envs/validate", status=409, json={"message": "Name already used"})
    result = run("compute-envs", "update", "-i", "x", "--new-name", "bad name")
    assert failed(result) == "ERROR: Compute environment name 'bad name' is not valid"


def test_update_description_json(api, run):
    described(api, ce={**CE, "description": "old"})
    api.put(f"{URL}/compute-envs/{CE['id']}", status=204,
            match=[matchers.json_params_matcher({"name": "demo", "description": "new"})])
    result = run("-o", "json", "compute-envs", "update", "-i", CE["id"], "-d", "new")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"wspRef": "user", "ceName": "demo"}


def test_update_without_changes_sends_the_unchanged_values_as_tw(api, run):
    """tw is not stricter here and neither is the Platform: the request is sent, nothing changes."""
    described(api, ce={**CE, "description": "same"})
    api.put(f"{URL}/compute-envs/{CE['id']}", status=204,
            match=[matchers.json_params_matcher({"name": "demo", "description": "same"})])
    result = run("compute-envs", "update", "-i", CE["id"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "\n  Compute environment 'demo' updated at user workspace\n"


def test_delete_by_id_sends_no_get(api, run):
    api.delete(f"{URL}/compute-envs/abc", status=204, match=[matchers.query_param_matcher({})])
    result = run("compute-envs", "delete", "-i", "abc")
    assert succeeded(result) == "\n  Compute environment 'abc' deleted at user workspace\n"
    assert len(api.calls) == 1


@pytest.fixture
def fast_poll(monkeypatch):
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0")


def test_delete_wait_until_gone(api, run, fast_poll):
    user_and_workspaces(api)
    listing(api, workspace=WS)
    api.delete(f"{URL}/compute-envs/aaaa", status=204, match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    api.get(f"{URL}/compute-envs/aaaa", json={"computeEnv": {"id": "aaaa", "status": "DELETING"}})
    api.get(f"{URL}/compute-envs/aaaa", status=404, json={"message": "Not found"})
    result = run("-o", "json", "compute-envs", "delete", "-n", "gone", "-w", "Seqera/cli", "--wait")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json() == {"id": "aaaa", "workspaceRef": "[Seqera / cli]", "workspaceId": WS}


def test_delete_wait_forbidden_means_gone(api, run, fast_poll):
    api.delete(f"{URL}/compute-envs/abc", status=204)
    api.get(f"{URL}/compute-envs/abc", status=403, json={"message": "Forbidden"})
    result = run("compute-envs", "delete", "-i", "abc", "--wait")
    assert result.exit_code == 0, result
    assert result.stderr == ""


def test_delete_wait_errored(api, run, fast_poll):
    api.delete(f"{URL}/compute-envs/abc", status=204)
    api.get(f"{URL}/compute-envs/abc", json={"computeEnv": {"id": "abc", "status": "ERRORED",
                                                            "message": "Cannot delete the Batch queue"}})
    result = run("compute-envs", "delete", "-i", "abc", "--wait")
    assert result.exit_code == 1
    assert result.stdout == "\n  Compute environment 'abc' deleted at user workspace\n"
    assert result.stderr.splitlines()[0] == ("ERROR: Compute environment 'abc' is ERRORED, not DELETED: "
                                             "Cannot delete the Batch queue")


# validate / primary -----------------------------------------------------------------------------------------
def test_validate_invalid_exits_1(api, run):
    listing(api)
    validation(api, "compute-envs/bbbb", "INVALID", message="Bad credentials", force=True)
    assert printed(run("compute-envs", "validate", "-n", "broken", "--force"), 1) == (
        "\n  Compute environment 'bbbb' at user workspace validated as INVALID\n  Detail: Bad credentials\n")


def test_validate_available_json(api, run):
    described(api, labels=False)
    validation(api, f"compute-envs/{CE['id']}", "AVAILABLE", transient=True, force=False)
    result = run("-o", "json", "compute-envs", "validate", "-i", CE["id"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"id": CE["id"], "name": "demo", "workspaceRef": "user", "status": "AVAILABLE",
                             "transientError": True}


def test_primary_get(api, run):
    listing(api, entries=[ENTRIES[0]], status="AVAILABLE")
    result = run("compute-envs", "primary", "get")
    assert succeeded(result) == f"\n  Primary compute environment for workspace 'user' is 'demo ({CE['id']})'  \n"


def test_primary_get_none(api, run):
    listing(api, entries=[{**ENTRIES[0], "primary": False}], status="AVAILABLE")
    result = run("compute-envs", "primary", "get")
    assert failed(result) == "ERROR: No available compute environment defined at user workspace"


def test_primary_set_json(api, run):
    listing(api)
    api.post(f"{URL}/compute-envs/{CE['id']}/primary", status=204)
    result = run("-o", "json", "compute-envs", "primary", "set", "-n", "demo")
    assert result.exit_code == 0 and result.stderr == ""
    assert list(result.json()) == ["name", "id", "platform"]
    assert result.json() == {"name": "demo", "id": CE["id"], "platform": "aws-batch"}


# export / import ---------------------------------------------------------------------------------------------
def test_export_to_stdout_drops_generated_fields(api, run):
    described(api)
    result = run("compute-envs", "export", "-i", CE["id"])
    assert result.exit_code == 0 and result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc == {"discriminator": "aws-batch", "region": "eu-west-1", "workDir": "s3://b/w",
                   "forge": {"type": "SPOT", "maxCpus": 10, "minCpus": 0}, "labels": LABELS}
    assert result.stdout.startswith('{\n  "discriminator" : "aws-batch"')


def test_export_portable_to_file(api, run, tmp_path):
    described(api)
    target = tmp_path / "ce.json"
    result = run("compute-envs", "export", "-i", CE["id"], "--portable", target)
    assert succeeded(result) == f"\n  Compute environment exported into '{target}' \n"
    doc = json.loads(target.read_text())
    assert doc["labels"] == [{"name": "team", "value": "a", "resource": True}]
    assert "forgedResources" not in doc and "computeQueue" not in doc


def test_export_json_mode(api, run):
    described(api)
    result = run("-o", "json", "compute-envs", "export", "-i", CE["id"])
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.json()["configOutput"])["region"] == "eu-west-1"


def test_export_then_import_round_trip(api, run, tmp_path):
    described(api)
    target = tmp_path / "ce.json"
    assert run("compute-envs", "export", "-i", CE["id"], target).exit_code == 0
    api.get(f"{URL}/labels", json={"labels": LABELS, "totalSize": 1},
            match=[matchers.query_param_matcher({"search": "team", "type": "resource", "max": "100", "offset": "0"})])
    api.get(f"{URL}/credentials", json={"credentials": [{"id": "cred1", "name": "aws", "provider": "aws"}]},
            match=[matchers.query_param_matcher({"platformId": "aws-batch"})])
    api.post(f"{URL}/compute-envs", json={"computeEnvId": "new1"})
    result = run("compute-envs", "import", "-n", "copy", target)
    assert succeeded(result) == "\n  New AWS-BATCH compute environment 'copy' added at user workspace\n"
    assert body(api.calls[-1]) == {"computeEnv": {
        "name": "copy", "platform": "aws-batch", "credentialsId": "cred1",
        "config": {"discriminator": "aws-batch", "region": "eu-west-1", "workDir": "s3://b/w",
                   "forge": {"type": "SPOT", "maxCpus": 10, "minCpus": 0}}}, "labelIds": [5]}


def test_portable_export_imports_into_another_workspace(api, run, tmp_path, fast_poll):
    other_ws = {**WS_ENTRY, "workspaceId": 999, "workspaceName": "other"}
    described(api)
    target = tmp_path / "ce.json"
    assert run("compute-envs", "export", "-i", CE["id"], "--portable", target).exit_code == 0
    user_and_workspaces(api, workspaces={"orgsAndWorkspaces": [WS_ENTRY, other_ws]})
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [{"id": "old", "name": "demo", "status": "AVAILABLE"}]},
            match=[matchers.query_param_matcher({"workspaceId": "999", "status": "AVAILABLE"})])
    api.delete(f"{URL}/compute-envs/old", status=204, match=[matchers.query_param_matcher({"workspaceId": "999"})])
    api.get(f"{URL}/compute-envs/old", status=404, json={"message": "Not found"})
    api.get(f"{URL}/labels", json={"labels": [], "totalSize": 0})
    api.post(f"{URL}/labels", json={"id": 77, "name": "team", "value": "a", "resource": True},
             match=[matchers.json_params_matcher({"name": "team", "value": "a", "resource": True})])
    api.get(f"{URL}/credentials", json={"credentials": [{"id": "otherCred", "name": "aws", "provider": "aws"}]},
            match=[matchers.query_param_matcher({"platformId": "aws-batch", "workspaceId": "999"})])
    api.post(f"{URL}/compute-envs", json={"computeEnvId": "new2"},
             match=[matchers.query_param_matcher({"workspaceId": "999"})])
    result = run("-o", "json", "compute-envs", "import", "-n", "demo", "-w", "Seqera/other", "--overwrite", target)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json() == {"platform": "aws-batch", "id": "new2", "name": "demo", "workspaceId": 999,
                             "workspaceRef": "[Seqera / other]"}
    sent = body(api.calls[-1])
    assert sent["labelIds"] == [77] and sent["computeEnv"]["credentialsId"] == "otherCred"


def test_import_overwrite_waits_until_the_old_one_is_gone(api, run, tmp_path, fast_poll):
    """A DELETING compute environment still holds its name: creating at once would fail with a name conflict."""
    source = tmp_path / "ce.json"
    source.write_text(json.dumps({"discriminator": "seqeracompute-platform", "region": "eu-west-1"}))
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [{"id": "old", "name": "sc", "status": "AVAILABLE"}]},
            match=[matchers.query_param_matcher({"status": "AVAILABLE"})])
    api.delete(f"{URL}/compute-envs/old", status=204)
    api.get(f"{URL}/compute-envs/old", json={"computeEnv": {"id": "old", "status": "DELETING"}})
    api.get(f"{URL}/compute-envs/old", status=404, json={"message": "Not found"})
    api.post(f"{URL}/compute-envs", json={"computeEnvId": "n"})
    result = run("compute-envs", "import", "-n", "sc", "--overwrite", source)
    assert result.exit_code == 0, result
    assert result.stdout == "\n  New SEQERACOMPUTE-PLATFORM compute environment 'sc' added at user workspace\n"
    assert result.stderr == ""
    assert [c.request.method for c in api.calls] == ["GET", "DELETE", "GET", "GET", "POST"]


def test_import_overwrite_stops_when_the_old_one_cannot_be_deleted(api, run, tmp_path, fast_poll):
    source = tmp_path / "ce.json"
    source.write_text(json.dumps({"discriminator": "seqeracompute-platform", "region": "eu-west-1"}))
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [{"id": "old", "name": "sc", "status": "AVAILABLE"}]})
    api.delete(f"{URL}/compute-envs/old", status=204)
    api.get(f"{URL}/compute-envs/old", json={"computeEnv": {"id": "old", "status": "ERRORED",
                                                            "message": "Batch queue in use"}})
    result = run("compute-envs", "import", "-n", "sc", "--overwrite", source)
    assert failed(result) == "ERROR: Compute environment 'sc' is ERRORED, not DELETED: Batch queue in use"


def test_import_labels_option_wins_and_credentials_option(api, run, tmp_path):
    source = tmp_path / "ce.json"
    source.write_text(json.dumps({"discriminator": "slurm-platform", "workDir": "/w", "headQueue": "q",
                                  "labels": [{"name": "ignored", "value": "x"}]}))
    api.get(f"{URL}/labels", json={"labels": [{"id": 3, "name": "env", "value": "prod", "resource": True}],
                                   "totalSize": 1})
    api.get(f"{URL}/credentials", json={"credentials": [{"id": "s1", "name": "ssh", "provider": "ssh"}]},
            match=[matchers.query_param_matcher({"platformId": "slurm-platform"})])
    api.post(f"{URL}/compute-envs", json={"computeEnvId": "n"})
    result = run("compute-envs", "import", "-n", "hpc", "-c", "ssh", "--labels", "env=prod", "-d", "from file",
                 source)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert body(api.calls[-1]) == {"computeEnv": {"name": "hpc", "description": "from file",
                                                  "platform": "slurm-platform", "credentialsId": "s1", "config": {
                                                      "discriminator": "slurm-platform", "workDir": "/w",
                                                      "headQueue": "q"}}, "labelIds": [3]}


def test_import_wait_available(api, run, tmp_path, fast_poll):
    source = tmp_path / "ce.json"
    source.write_text(json.dumps({"discriminator": "seqeracompute-platform", "region": "eu-west-1"}))
    api.post(f"{URL}/compute-envs", json={"computeEnvId": "n"})
    api.get(f"{URL}/compute-envs/n", json={"computeEnv": {"id": "n", "status": "AVAILABLE"}})
    result = run("compute-envs", "import", "-n", "sc", "--wait", "AVAILABLE", source)
    assert result.exit_code == 0, result
    assert result.stderr == ""


def test_import_without_discriminator(run, tmp_path):
    source = tmp_path / "ce.json"
    source.write_text('{"workDir": "/w"}')
    result = run("compute-envs", "import", "-n", "x", source)
    assert result.exit_code == 1 and result.stdout == ""
    assert "has no 'discriminator'" in result.stderr.splitlines()[0]


def test_import_missing_file(run, tmp_path):
    result = run("compute-envs", "import", "-n", "x", tmp_path / "none.json")
    assert failed(result) == f"ERROR: File not found. {tmp_path / 'none.json'}"


def test_import_unknown_platform_sends_nothing(run, tmp_path):
    source = tmp_path / "ce.json"
    source.write_text('{"discriminator": "aws-batchh", "workDir": "s3://b"}')
    result = run("compute-envs", "import", "-n", "x", source)
    assert failed(result) == "ERROR: Unknown platform 'aws-batchh' in the compute environment file"
