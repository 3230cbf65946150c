"""twpy pipelines: lookups, request bodies, console and JSON output, errors."""
import json

import pytest
from responses import matchers

from tests.helpers import URL, USER, WS_ENTRY, body, document, failed, label_page, misused, query, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
ORG = WS_ENTRY["orgId"]
PID = 183522618315672
VERSION = {"id": "v1id", "name": "v1", "isDefault": True, "hash": "a" * 64, "dateCreated": "2024-01-01T00:00:00Z",
           "creatorUserName": "jordi"}
PIPELINE = {"pipelineId": PID, "name": "sleep_one_minute", "repository": "https://github.com/pditommaso/nf-sleep",
            "userId": 4, "userName": "jordi", "description": "Sleeps", "version": VERSION,
            "labels": [{"id": 3, "name": "team", "value": "gen", "resource": True}, {"id": 4, "name": "demo"}]}
CE = {"id": "vYOK4vn7spw7bHHWBDXZ2", "name": "demo", "primary": True, "status": "AVAILABLE", "workDir": "s3://ci/jordeu"}
CE_FULL = {"computeEnv": {"id": CE["id"], "name": "demo", "platform": "aws-batch",
                          "config": {"workDir": "s3://nextflow-ci/jordeu", "preRunScript": "ce_pre"}}}
LAUNCH = {"id": "L1", "computeEnv": {"id": CE["id"], "name": "demo", "platform": "aws-batch", "config": {}},
          "pipeline": PIPELINE["repository"], "workDir": "s3://w", "revision": "main", "paramsText": "a: 1\n",
          "sessionId": "s", "resume": False, "pipelineSchemaId": 9, "configProfiles": ["test"]}



def by_name(api, name="sleep_one_minute", found=(PIPELINE,), term=None, **extra):
    api.get(f"{URL}/pipelines", match=[query(search=term or f'"{name}"', visibility="all", **extra)],
            json={"pipelines": list(found), "totalSize": len(found)})


def user_info(api):
    api.get(f"{URL}/user-info", json={"user": USER})



# list ----------------------------------------------------------------------------------------------

def test_list_console_as_tw(api, run):
    api.get(f"{URL}/pipelines", match=[query(max=100, offset=0, visibility="private")],
            json={"pipelines": [PIPELINE], "totalSize": 1})
    result = run("pipelines", "list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [line.rstrip() for line in result.stdout.split("\n")] == [
        "", "  Pipelines at user workspace:", "",
        "     ID              | Name             | Repository                             | Visibility",
        "    -----------------+------------------+----------------------------------------+------------",
        "     183522618315672 | sleep_one_minute | https://github.com/pditommaso/nf-sleep |", "", ""]


def test_list_options_reach_the_query_and_labels_column(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/pipelines", match=[query(attributes="labels", workspaceId=WS, max=2, offset=1, search="sleep",
                                         visibility="all")], json={"pipelines": [PIPELINE], "totalSize": 1})
    result = run("pipelines", "list", "-w", "Seqera/cli", "-l", "-f", "sleep", "--visibility", "all",
                 "--offset", "1", "--max", "2")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "Pipelines at [Seqera / cli] workspace:" in result.stdout
    assert "| Labels" in result.stdout and "team=gen,demo" in result.stdout
    assert "Showing from 1 to 2 from a total of 1 entries." in result.stdout


def test_list_json_and_all_pages(api, run):
    many = [dict(PIPELINE, pipelineId=i, name=f"p{i}") for i in range(100)]
    api.get(f"{URL}/pipelines", match=[query(max=100, offset=0, visibility="shared")], json={"pipelines": many, "totalSize": 101})
    api.get(f"{URL}/pipelines", match=[query(max=100, offset=100, visibility="shared")],
            json={"pipelines": [PIPELINE], "totalSize": 101})
    result = run("-o", "json", "pipelines", "list", "--all", "--visibility", "SHARED")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = result.json()
    assert list(doc) == ["workspaceRef", "pipelines"] and len(doc["pipelines"]) == 101


@pytest.mark.parametrize("status, message, args, error", [
    pytest.param(403, "Forbidden", (), "ERROR: Forbidden", id="api-error-message"),
    pytest.param(404, "nope", ("-w", "123"), "ERROR: Workspace '123' not found", id="404-is-workspace-not-found"),
])
def test_list_errors(api, run, status, message, args, error):
    api.get(f"{URL}/pipelines", status=status, json={"message": message})
    assert failed(run("pipelines", "list", *args)) == error


# lookup errors --------------------------------------------------------------------------------------

def test_unknown_name(api, run):
    by_name(api, "ghost", found=())
    api.get(f"{URL}/pipelines", json={"pipelines": [PIPELINE], "totalSize": 1})
    result = run("pipelines", "view", "-n", "ghost")
    assert failed(result) == "ERROR: Unknown pipeline 'ghost' at user workspace"


def test_unknown_name_suggests_a_close_one(api, run):
    by_name(api, "sleep_one_minut", found=())
    api.get(f"{URL}/pipelines", json={"pipelines": [PIPELINE], "totalSize": 1})
    result = run("pipelines", "view", "-n", "sleep_one_minut")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == ("  hint: Did you mean 'sleep_one_minute'? "
                                             "('twpy pipelines list' shows them all)")


def test_several_with_the_same_name(api, run):
    by_name(api, found=(PIPELINE, dict(PIPELINE, pipelineId=2)))
    result = run("pipelines", "delete", "-n", "sleep_one_minute")
    assert failed(result) == "ERROR: Multiple pipelines match '\"sleep_one_minute\"' at user workspace"
    assert f"{PID}, 2" in result.stderr


def test_name_with_quotes_is_escaped(api, run):
    by_name(api, found=(dict(PIPELINE, name='say "hi"'),), term='"say \\"hi\\""')
    api.delete(f"{URL}/pipelines/{PID}")
    result = run("pipelines", "delete", "-n", 'say "hi"')
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert api.calls[0].request.url.endswith("search=%22say+%5C%22hi%5C%22%22&visibility=all")


def test_id_or_name_required(run):
    result = run("pipelines", "view")
    assert "Missing required argument" in misused(result)


# view ----------------------------------------------------------------------------------------------

def test_view_console(api, run):
    by_name(api)
    api.get(f"{URL}/pipelines/{PID}", match=[query(attributes="labels")], json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/{PID}/launch", match=[query(versionId="v1id")], json={"launch": LAUNCH})
    result = run("pipelines", "view", "-n", "sleep_one_minute")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("\n  Pipeline at user workspace:\n\n")
    assert " Compute env.       | demo" in out
    assert " Labels             | team=gen,demo" in out
    assert " Version Name       | v1" in out and " Version Is Default | yes" in out
    assert "  Configuration:\n\n     {\n" in out
    assert '       "pipeline" : "https://github.com/pditommaso/nf-sleep",' in out
    assert "sessionId" in out  # createLaunchRequest keeps it (only the launch override drops it)


def test_view_json_with_version_name(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/pipelines/{PID}", match=[query(attributes="labels", workspaceId=WS)],
            json={"pipeline": dict(PIPELINE, workspaceId=77)})
    v2 = {"id": "v2id", "name": "v2", "isDefault": False}
    api.get(f"{URL}/pipelines/{PID}/versions", match=[query(workspaceId=WS, search="v2", isPublished="true", max=100, offset=0)],
            json={"versions": [dict(PIPELINE, version=v2)], "totalSize": 1})
    api.get(f"{URL}/pipelines/{PID}/launch", match=[query(workspaceId=WS, sourceWorkspaceId=77, versionId="v2id")],
            json={"launch": LAUNCH})
    result = run("-o", "json", "pipelines", "view", "-i", PID, "-w", "Seqera/cli", "--version-name", "v2")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = result.json()
    assert list(doc) == ["workspaceRef", "info", "launch", "version"]
    assert doc["version"] == v2 and doc["launch"]["id"] == "L1" and doc["workspaceRef"] == "[Seqera / cli]"


def test_view_version_options_exclusive(run):
    result = run("pipelines", "view", "-i", 1, "--version-id", "a", "--version-name", "b")
    assert "mutually exclusive" in misused(result)


# add -----------------------------------------------------------------------------------------------

def test_add_as_tw_test(api, run, write_file):
    api.get(f"{URL}/compute-envs", match=[query(status="AVAILABLE")], json={"computeEnvs": [CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", json={"computeEnv": {"id": CE["id"], "config": {"workDir": "s3://nextflow-ci/jordeu"}}})
    api.post(f"{URL}/pipelines", match=[query()], json={"pipeline": PIPELINE})
    result = run("pipelines", "add", "-n", "sleep_one_minute", "--params-file", write_file("p.yaml", "timeout: 60\n"),
                 "--pipeline-schema-id", "56789", "https://github.com/pditommaso/nf-sleep")
    assert succeeded(result) == "\n  New pipeline 'sleep_one_minute' added at user workspace\n\n"
    assert body(api.calls[-1]) == {"name": "sleep_one_minute", "launch": {
        "computeEnvId": CE["id"], "pipeline": "https://github.com/pditommaso/nf-sleep", "workDir": "s3://nextflow-ci/jordeu",
        "paramsText": "timeout: 60\n", "pipelineSchemaId": 56789}}


def test_add_every_launch_option_and_labels(api, run, write_file):
    user_and_workspaces(api)
    api.get(f"{URL}/compute-envs", match=[query(workspaceId=WS, status="AVAILABLE")], json={"computeEnvs": [CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", match=[query(workspaceId=WS)], json=CE_FULL)
    api.post(f"{URL}/pipelines", match=[query(workspaceId=WS)], json={"pipeline": PIPELINE})
    label_page(api, "demo", {"id": 4, "name": "demo"}, workspaceId=WS)
    api.post(f"{URL}/pipelines/labels/apply", match=[query(workspaceId=WS),
                                                     matchers.json_params_matcher({"labelIds": [4], "pipelineIds": [PID]})])
    result = run("-o", "json", "pipelines", "add", "-n", "p", "-w", "Seqera/cli", "-d", "desc", "--labels", "demo",
                 "--version-name", "first", "-c", "demo", "--work-dir", "/w", "-p", "a,b", "--revision", "dev",
                 "--commit-id", "c1", "--config", write_file("n.config", "cfg"), "--pre-run", write_file("pre", "pre"),
                 "--post-run", write_file("post", "post"), "--pull-latest", "--stub-run", "--main-script", "m.nf",
                 "--entry-name", "e", "--schema-name", "s.json", "--user-secrets", "U1,U2",
                 "--workspace-secrets", "W1", "--param", "x=1", "https://github.com/org/p")
    assert document(result) == {"workspaceRef": "[Seqera / cli]", "pipelineName": "p"}
    sent = body([c for c in api.calls if c.request.method == "POST" and c.request.url.startswith(f"{URL}/pipelines?")][0])
    assert sent == {"name": "p", "description": "desc", "version": {"name": "first"}, "launch": {
        "computeEnvId": CE["id"], "pipeline": "https://github.com/org/p", "revision": "dev", "commitId": "c1",
        "workDir": "/w", "configProfiles": ["a", "b"], "paramsText": '{\n  "x": 1\n}\n', "configText": "cfg",
        "preRunScript": "pre", "postRunScript": "post", "pullLatest": True, "stubRun": True, "mainScript": "m.nf",
        "entryName": "e", "schemaName": "s.json", "userSecrets": ["U1", "U2"], "workspaceSecrets": ["W1"]}}


def test_add_in_shared_workspace_has_no_compute_env(api, run):
    shared = dict(WS_ENTRY, visibility="SHARED")
    user_and_workspaces(api, workspaces={"orgsAndWorkspaces": [shared]})
    api.post(f"{URL}/pipelines", json={"pipeline": PIPELINE})
    result = run("pipelines", "add", "-n", "p", "-w", str(WS), "https://github.com/org/p")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert body(api.calls[-1]) == {"name": "p", "launch": {"pipeline": "https://github.com/org/p"}}


def test_add_error_is_wrapped(api, run):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", json=CE_FULL)
    api.post(f"{URL}/pipelines", status=409, json={"message": "Duplicate name"})
    result = run("pipelines", "add", "-n", "p", "https://github.com/org/p")
    assert failed(result) == "ERROR: Unable to add pipeline 'p': Duplicate name"


def test_add_missing_params_file(run):
    result = run("pipelines", "add", "-n", "p", "--params-file", "nope.yaml", "https://github.com/org/p")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "ERROR: File not found. nope.yaml\n"


def test_add_bad_label(run):
    result = run("pipelines", "add", "-n", "p", "--labels", "=x", "https://github.com/org/p")
    assert "Label key cannot be empty" in misused(result)


# update --------------------------------------------------------------------------------------------

def test_update_keeps_labels_and_overrides(api, run, write_file):
    by_name(api)
    api.get(f"{URL}/pipelines/{PID}", match=[query(attributes="labels")], json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/validate", match=[query(name="renamed")])
    api.get(f"{URL}/pipelines/{PID}/launch", match=[query(versionId="v1id")], json={"launch": LAUNCH})
    api.post(f"{URL}/pipelines/{PID}/versions/v1id", json={"pipeline": PIPELINE})
    result = run("pipelines", "update", "-n", "sleep_one_minute", "--new-name", "renamed", "-d", "new desc",
                 "--revision", "dev", "--param", "b=2", "--pipeline", "https://github.com/org/other")
    assert succeeded(result) == "\n  Pipeline 'sleep_one_minute' updated at user workspace\n\n"
    sent = body(api.calls[4])
    assert sent["name"] == "renamed" and sent["description"] == "new desc" and sent["labelIds"] == [3, 4]
    assert sent["launch"] == {"computeEnvId": CE["id"], "pipeline": "https://github.com/org/other", "revision": "dev",
                              "workDir": "s3://w", "configProfiles": ["test"], "paramsText": '{\n  "a": 1,\n  "b": 2\n}\n',
                              "pipelineSchemaId": 9}


def test_update_names_a_new_version_automatically(api, run):
    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/{PID}/launch", json={"launch": LAUNCH})
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE]})
    api.post(f"{URL}/pipelines/{PID}/versions/v1id", json={"pipeline": dict(PIPELINE, version={"id": "new"})})
    api.get(f"{URL}/pipelines/{PID}/versions/validate", match=[query(name="v1-1")], status=409, json={"message": "taken"})
    api.get(f"{URL}/pipelines/{PID}/versions/validate", match=[query(name="v1-2")])
    api.put(f"{URL}/pipelines/{PID}/versions/new/manage",
            match=[matchers.json_params_matcher({"name": "v1-2", "isDefault": True})])
    result = run("-o", "json", "pipelines", "update", "-i", PID, "-c", "demo")
    assert document(result) == {"workspaceRef": "user", "pipelineName": "sleep_one_minute", "newVersionName": "v1-2"}
    sent = body([c for c in api.calls if "/versions/v1id" in c.request.url][0])
    assert sent["launch"]["computeEnvId"] == CE["id"]


def test_update_allow_draft(api, run, monkeypatch):
    for program in ("twpy", "tw"):
        api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
        api.get(f"{URL}/pipelines/{PID}/launch", json={"launch": LAUNCH})
        api.post(f"{URL}/pipelines/{PID}/versions/v1id", json={"pipeline": dict(PIPELINE, version={"id": "draft1"})})
        monkeypatch.setattr("sys.argv", [f"/usr/local/bin/{program}"])
        result = run("pipelines", "update", "-i", PID, "--allow-draft", "--commit-id", "abc")
        assert result.exit_code == 0, result
        assert result.stderr == ""
        # tw's line; the hint names the program as invoked (tw's very words when twpy runs as `tw`)
        assert result.stdout.splitlines()[2] == \
            f"  New draft version 'draft1' created. Use '{program} pipelines versions' to manage it."
    assert body(api.calls[2])["launch"]["commitId"] == "abc"


def test_update_invalid_new_name(api, run):
    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/validate", status=400, json={"message": "Invalid name"})
    result = run("pipelines", "update", "-i", PID, "--new-name", "bad name")
    assert failed(result) == "ERROR: Pipeline name 'bad name' is not valid"


# delete --------------------------------------------------------------------------------------------

def test_delete_by_id_json(api, run):
    user_and_workspaces(api)
    api.delete(f"{URL}/pipelines/{PID}", match=[query(workspaceId=WS)])
    result = run("-o", "json", "pipelines", "delete", "-i", PID, "-w", "Seqera/cli")
    assert document(result) == {"pipelineRef": str(PID), "workspaceRef": "[Seqera / cli]"}


def test_delete_by_name_console(api, run):
    by_name(api)
    api.delete(f"{URL}/pipelines/{PID}")
    result = run("pipelines", "delete", "-n", "sleep_one_minute")
    assert succeeded(result) == "\n  Pipeline 'sleep_one_minute' deleted at user workspace\n"


# export / import -----------------------------------------------------------------------------------

def test_export_to_stdout_and_file(api, run, tmp_path):
    for _ in range(2):
        api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
        api.get(f"{URL}/pipelines/{PID}/launch", match=[query()], json={"launch": LAUNCH})
    result = run("pipelines", "export", "-i", PID)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc == {"description": "Sleeps", "launch": {
        "id": "L1", "computeEnvId": CE["id"], "pipeline": PIPELINE["repository"], "workDir": "s3://w",
        "revision": "main", "sessionId": "s", "configProfiles": ["test"], "paramsText": "a: 1\n",
        "pipelineSchemaId": 9, "resume": False}}
    target = tmp_path / "out.json"
    result = run("-o", "json", "pipelines", "export", "-i", PID, str(target))
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert json.loads(result.json()["configOutput"]) == doc and result.json()["fileName"] == str(target)
    assert json.loads(target.read_text()) == doc


def test_export_with_version_name_includes_it(api, run):
    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/{PID}/versions", json={"versions": [dict(PIPELINE, version={"id": "v9", "name": "nine"})]})
    api.get(f"{URL}/pipelines/{PID}/launch", match=[query(versionId="v9")], json={"launch": LAUNCH})
    result = run("pipelines", "export", "-i", PID, "--version-name", "nine")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert json.loads(result.stdout)["version"] == {"name": "nine"}


def test_import_with_overwrite(api, run, write_file):
    exported = {"description": "d", "launch": {"computeEnvId": CE["id"], "pipeline": "https://github.com/org/p",
                                               "revision": "main"}}
    user_and_workspaces(api)
    api.get(f"{URL}/compute-envs", match=[query(workspaceId=WS, status="AVAILABLE")], json={"computeEnvs": [CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", json=CE_FULL)
    by_name(api, "p", found=(dict(PIPELINE, name="p"),), workspaceId=WS)
    api.delete(f"{URL}/pipelines/{PID}", match=[query(workspaceId=WS)])
    api.post(f"{URL}/pipelines", match=[query(workspaceId=WS)], json={"pipeline": PIPELINE})
    result = run("pipelines", "import", "-n", "p", "-w", "Seqera/cli", "--overwrite", write_file("p.json", json.dumps(exported)))
    assert succeeded(result) == "\n  New pipeline 'p' added at [Seqera / cli] workspace\n\n"
    result = run("-o", "json", "pipelines", "import", "-n", "p", "-w", "Seqera/cli", "--overwrite",
                 write_file("p.json", json.dumps(exported)))
    assert result.json() == {"workspaceRef": "[Seqera / cli]", "pipelineName": "p"}
    assert body(api.calls[-1]) == {"description": "d", "name": "p", "launch": {
        "computeEnvId": CE["id"], "pipeline": "https://github.com/org/p", "revision": "main",
        "workDir": "s3://nextflow-ci/jordeu", "preRunScript": "ce_pre"}}


def test_import_needs_a_compute_env(run, write_file):
    result = run("pipelines", "import", "-n", "p", write_file("p.json", '{"launch": {"pipeline": "x"}}'))
    assert failed(result) == ("ERROR: Missing compute environment ID. Provide it using '--compute-env' "
                              "option or field 'launch.computeEnvId'.")


@pytest.mark.parametrize("text", ['{"launch": "x"}', '{"launch": [1, 2]}', '{"launch": {}, "version": "v"}'])
def test_import_fields_of_the_wrong_type_are_clear_errors(run, write_file, text):
    result = run("pipelines", "import", "-n", "p", "-c", "ce", write_file("p.json", text))
    assert failed(result).startswith("ERROR: Cannot import ")
    assert "expected a JSON object" in result.stderr and "Unexpected" not in result.stderr


def test_export_to_stdout_with_dash_keeps_the_file_name_in_json_as_tw(api, run):
    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/{PID}/launch", match=[query()], json={"launch": LAUNCH})
    result = run("-o", "json", "pipelines", "export", "-i", PID, "-")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert list(result.json()) == ["configOutput", "fileName"] and result.json()["fileName"] == "-"
    assert json.loads(result.json()["configOutput"])["launch"]["id"] == "L1"


def test_import_bad_json(run, write_file):
    result = run("pipelines", "import", "-n", "p", write_file("p.json", "{not json"))
    assert failed(result).startswith("ERROR: Cannot parse ")


# versions ------------------------------------------------------------------------------------------

def test_versions_list(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/pipelines/{PID}", match=[query(workspaceId=WS)], json={"pipeline": PIPELINE})
    older = dict(VERSION, id="v0id", name="v0", isDefault=False, dateCreated="2023-01-01T00:00:00Z", hash="short")
    api.get(f"{URL}/pipelines/{PID}/versions", match=[query(workspaceId=WS, max=100, offset=0, search="v", isPublished="true")],
            json={"versions": [dict(PIPELINE, version=VERSION), dict(PIPELINE, version=older)], "totalSize": 2})
    result = run("pipelines", "versions", "list", "-i", PID, "-w", "Seqera/cli", "-f", "v")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == "  Pipeline versions of 'sleep_one_minute' in workspace Seqera/cli :"
    assert lines[3].split("|")[0].strip() == "ID"
    assert lines[5].startswith(" v0id ") and lines[6].startswith(" v1id ")
    assert "..." in lines[6] and "a" * 64 not in result.stdout
    assert "Showing from 0 to 99." in result.stdout


def test_versions_list_json_full_hash(api, run):
    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/{PID}/versions", match=[query(max=100, offset=0, isPublished="false")],
            json={"versions": [dict(PIPELINE, version=VERSION)], "totalSize": 1})
    result = run("-o", "json", "pipelines", "versions", "list", "-i", PID, "--is-published", "false", "--full-hash")
    assert document(result) == {"pipelineId": PID, "pipelineName": "sleep_one_minute", "versions": [VERSION]}


def test_versions_manage(api, run):
    by_name(api)
    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.put(f"{URL}/pipelines/{PID}/versions/v7/manage",
            match=[matchers.json_params_matcher({"name": "seven", "isDefault": True})])
    result = run("pipelines", "versions", "manage", "-n", "sleep_one_minute", "--version-id", "v7",
                 "--new-name", "seven", "--set-default")
    assert succeeded(result) == "\n  Pipeline version 'v7' of pipeline 'sleep_one_minute' updated\n"


def test_versions_manage_needs_a_change_and_a_version(run):
    result = run("pipelines", "versions", "manage", "-i", PID, "--version-id", "v7")
    assert "at least one of --new-name, --set-default" in misused(result)
    result = run("pipelines", "versions", "manage", "-i", PID, "--set-default")
    assert "--version-id=<versionId> | --version-name=<versionName>" in misused(result)


def test_versions_manage_by_id_fetches_the_pipeline_for_its_name_as_tw(api, run):
    api.get(f"{URL}/pipelines/{PID}", match=[query()], json={"pipeline": PIPELINE})
    api.put(f"{URL}/pipelines/{PID}/versions/v7/manage", match=[matchers.json_params_matcher({"isDefault": True})])
    result = run("-o", "json", "pipelines", "versions", "manage", "-i", PID, "--version-id", "v7", "--set-default")
    assert document(result) == {"pipelineId": PID, "pipelineName": "sleep_one_minute", "versionId": "v7"}


def test_versions_manage_error_is_wrapped(api, run):
    api.get(f"{URL}/pipelines/{PID}", json={"pipeline": PIPELINE})
    api.put(f"{URL}/pipelines/{PID}/versions/v7/manage", status=400, json={"message": "Name taken"})
    result = run("pipelines", "versions", "manage", "-i", PID, "--version-id", "v7", "--new-name", "x")
    assert failed(result) == "ERROR: Unable to manage pipeline version 'v7': Name taken"


def test_versions_commands_name_the_workspace_from_tower_workspace_id_as_tw(api, run):
    api.get(f"{URL}/pipelines/{PID}", match=[query(workspaceId=WS)], json={"pipeline": PIPELINE})
    api.get(f"{URL}/pipelines/{PID}/versions", match=[query(workspaceId=WS, max=100, offset=0)],
            json={"versions": [dict(PIPELINE, version=VERSION)], "totalSize": 1})
    result = run("pipelines", "versions", "list", "-i", PID, env={"TOWER_WORKSPACE_ID": str(WS)})
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout.startswith(f"\n  Pipeline versions of 'sleep_one_minute' in workspace {WS} :\n")
    api.get(f"{URL}/pipelines/{PID}", match=[query(workspaceId=WS)], json={"pipeline": PIPELINE})
    api.put(f"{URL}/pipelines/{PID}/versions/v7/manage", match=[query(workspaceId=WS)])
    result = run("-o", "json", "pipelines", "versions", "manage", "-i", PID, "--version-id", "v7", "--set-default",
                 env={"TOWER_WORKSPACE_ID": str(WS)})
    assert document(result) == {"workspaceRef": str(WS), "pipelineId": PID, "pipelineName": "sleep_one_minute",
                             "versionId": "v7"}
