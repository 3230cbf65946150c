"""twpy launch: request bodies as tw sends them, output, params, labels, waiting, errors, request counts."""
import json

import pytest
from responses import matchers

from tests.helpers import URL, USER, WEB, WS_ENTRY, body, failed, label_page, misused, query, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
CE = {"id": "4X7YrYJp9B1d1DUpfur7DS", "name": "aws", "primary": True, "status": "AVAILABLE", "workDir": "s3://listed"}
CE_FULL = {"computeEnv": {"id": CE["id"], "name": "aws", "platform": "aws-batch",
                          "config": {"workDir": "s3://nextflow-ci/jordeu", "preRunScript": "ce_pre",
                                     "postRunScript": "ce_post", "nextflowConfig": "ce_config"}}}
OTHER = {"id": "5oAbMTRI8mEwmUE3pqpQpF", "name": "other", "primary": False, "status": "AVAILABLE", "workDir": "/other"}
OTHER_FULL = {"computeEnv": {"id": OTHER["id"], "name": "other", "platform": "slurm-platform",
                             "config": {"workDir": "/scratch/other", "preRunScript": "other_pre",
                                        "nextflowConfig": "other_config"}}}
SAREK = {"pipelineId": 213164477645856, "name": "sarek", "repository": "https://github.com/nf-core/sarek"}
SAVED = {"id": "5nmCvXcarkvv8tELMF4KyY", "computeEnv": {"id": CE["id"], "name": "aws", "platform": "aws-batch",
                                                         "config": {}},
         "pipeline": "https://github.com/nf-core/sarek", "workDir": "s3://saved", "revision": "master",
         "sessionId": "ecaad2dd", "resume": True, "pipelineSchemaId": 5, "dateCreated": "2021-09-22T05:45:44Z",
         "paramsText": "input: saved.csv\nopts:\n  a: 1\n", "configProfiles": ["test"], "towerConfig": "tc",
         "optimizationId": "opt1", "optimizationTargets": "cpu", "headJobCpus": 2, "pullLatest": False}
WID = "35aLiS0bIM5efd"



def launchpad(api, pipeline=SAREK, launch=SAVED, ws=None, search="sarek", extra_launch_query=None, total=None):
    wsq = {"workspaceId": ws} if ws else {}
    api.get(f"{URL}/pipelines", match=[query(**wsq, max=50, offset=0, search=search, visibility="all")],
            json={"pipelines": [pipeline], "totalSize": total if total is not None else 1})
    api.get(f"{URL}/pipelines/{pipeline['pipelineId']}/launch", match=[query(**wsq, **(extra_launch_query or {}))],
            json={"launch": launch})


def submitted(api, ws=None, source=None, workflow_id=WID):
    params = {"workspaceId": ws} if ws else {}
    if source:
        params["sourceWorkspaceId"] = source
    return api.post(f"{URL}/workflow/launch", match=[query(**params)], json={"workflowId": workflow_id})


def user_info(api):
    api.get(f"{URL}/user-info", json={"user": USER})


def user_launch(api):
    """The saved launch of 'sarek' in the user workspace, its submission and the user lookup for the run's URL."""
    launchpad(api)
    submitted(api)
    user_info(api)


def sent(api):
    return body([c for c in api.calls if c.request.url.startswith(f"{URL}/workflow/launch")][0])["launch"]



# Launchpad --------------------------------------------------------------------------------------

def test_launchpad_overrides_as_tw(api, run, write_file):
    user_launch(api)
    result = run("launch", "sarek", "-p", "test,docker", "-r", "develop", "--work-dir", "/my_work_dir",
                 "--config", write_file("extra.config", "extra_config"), "--pull-latest", "--stub-run",
                 "--pre-run", write_file("pre.sh", "pre_run_me"), "--post-run", write_file("post.sh", "post_run_me"),
                 "--main-script", "alternate.nf", "--entry-name", "dsl2", "--schema-name", "my_schema.json",
                 "--disable-optimization", "--commit-id", "abc123", "-n", "my-run", "--launch-container", "ct:1",
                 "--head-job-cpus", "4", "--head-job-memory", "2048", "--user-secrets", "A,B", "--user-secrets", "C",
                 "--workspace-secrets", "W")
    assert succeeded(result) == (f"\n  Workflow {WID} submitted at user workspace.\n\n"
                                 f"    {WEB}/user/jordi/watch/{WID}\n\n")
    assert sent(api) == {
        "id": "5nmCvXcarkvv8tELMF4KyY", "computeEnvId": CE["id"], "runName": "my-run",
        "pipeline": "https://github.com/nf-core/sarek", "workDir": "/my_work_dir", "revision": "develop",
        "commitId": "abc123", "configProfiles": ["test", "docker"], "userSecrets": ["A", "B", "C"],
        "workspaceSecrets": ["W"], "configText": "extra_config", "towerConfig": "tc",
        "paramsText": "input: saved.csv\nopts:\n  a: 1\n", "preRunScript": "pre_run_me", "postRunScript": "post_run_me",
        "mainScript": "alternate.nf", "entryName": "dsl2", "schemaName": "my_schema.json", "pullLatest": True,
        "stubRun": True, "headJobCpus": 4, "headJobMemoryMb": 2048, "launchContainer": "ct:1"}


def test_launchpad_keeps_saved_values_and_drops_session_fields(api, run):
    user_launch(api)
    result = run("-o", "json", "launch", "sarek")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json() == {"workflowId": WID, "workflowUrl": f"{WEB}/user/jordi/watch/{WID}", "workspaceRef": "user"}
    assert list(result.json()) == ["workflowId", "workflowUrl", "workspaceRef"]
    assert sent(api) == {"id": SAVED["id"], "computeEnvId": CE["id"], "pipeline": SAVED["pipeline"],
                         "workDir": "s3://saved", "revision": "master", "configProfiles": ["test"],
                         "towerConfig": "tc", "paramsText": SAVED["paramsText"], "pullLatest": False,
                         "optimizationId": "opt1", "optimizationTargets": "cpu", "headJobCpus": 2}


def test_launchpad_in_org_workspace_makes_five_requests_then_three_when_cached(api, run):
    user_and_workspaces(api)
    launchpad(api, ws=WS)
    submitted(api, ws=WS)
    result = run("-o", "json", "launch", "sarek", "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json() == {"workflowId": WID, "workflowUrl": f"{WEB}/orgs/Seqera/workspaces/cli/watch/{WID}",
                             "workspaceId": WS, "workspaceRef": "[Seqera / cli]"}
    assert len(api.calls) == 5  # tw makes 5 too
    launchpad(api, ws=WS)
    submitted(api, ws=WS, workflow_id="second")
    result = run("launch", "sarek", "-w", "Seqera/cli")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "Workflow second submitted at [Seqera / cli] workspace." in result.stdout
    assert f"{WEB}/orgs/Seqera/workspaces/cli/watch/second" in result.stdout
    assert len(api.calls) == 8  # 3 more: the workspace lookup came from the cache


def test_shared_pipeline_sends_source_workspace(api, run):
    shared = dict(SAREK, workspaceId=999)
    user_and_workspaces(api)
    launchpad(api, pipeline=shared, ws=WS, extra_launch_query={"sourceWorkspaceId": 999})
    submitted(api, ws=WS, source=999)
    result = run("launch", "sarek", "-w", str(WS))
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "submitted at [Seqera / cli] workspace" in result.stdout


def test_compute_env_option_replaces_work_dir_and_fills_missing_scripts(api, run):
    launchpad(api, launch=dict(SAVED, preRunScript="", configText=None))
    api.get(f"{URL}/compute-envs", match=[query(status="AVAILABLE")], json={"computeEnvs": [CE, OTHER]})
    api.get(f"{URL}/compute-envs/{OTHER['id']}", match=[query()], json=OTHER_FULL)
    submitted(api)
    user_info(api)
    succeeded(run("launch", "sarek", "-c", "other"))
    launch = sent(api)
    assert launch["computeEnvId"] == OTHER["id"]
    assert launch["workDir"] == "/scratch/other"
    assert launch["preRunScript"] == "other_pre" and "postRunScript" not in launch
    assert launch["configText"] == "other_config"


def test_compute_env_by_id(api, run):
    launchpad(api)
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE, OTHER]})
    api.get(f"{URL}/compute-envs/{OTHER['id']}", json=OTHER_FULL)
    submitted(api)
    user_info(api)
    succeeded(run("launch", "sarek", "-c", OTHER["id"], "--work-dir", "/mine"))
    assert sent(api)["computeEnvId"] == OTHER["id"] and sent(api)["workDir"] == "/mine"


def test_saved_launch_without_compute_env_uses_primary_from_the_listing(api, run):
    launch = {k: v for k, v in SAVED.items() if k not in ("computeEnv", "workDir")}
    launchpad(api, launch=launch)
    api.get(f"{URL}/compute-envs", match=[query(status="AVAILABLE")], json={"computeEnvs": [OTHER, CE]})
    submitted(api)
    user_info(api)
    succeeded(run("launch", "sarek"))
    assert sent(api)["computeEnvId"] == CE["id"] and sent(api)["workDir"] == "s3://listed"
    assert len(api.calls) == 5  # no GET /compute-envs/{id}: the listing has the work dir


def test_saved_launch_without_work_dir_describes_its_compute_env(api, run):
    launchpad(api, launch={k: v for k, v in SAVED.items() if k != "workDir"})
    api.get(f"{URL}/compute-envs/{CE['id']}", json=CE_FULL)
    submitted(api)
    user_info(api)
    succeeded(run("launch", "sarek"))
    assert sent(api)["workDir"] == "s3://nextflow-ci/jordeu"


def test_version_name_is_looked_up_and_version_id_used_as_is(api, run):
    launchpad(api, extra_launch_query={"versionId": "v2id"})
    api.get(f"{URL}/pipelines/{SAREK['pipelineId']}/versions",
            match=[query(search="v2", isPublished="true", max=100, offset=0)],
            json={"versions": [dict(SAREK, version={"id": "v22", "name": "v22"}),
                               dict(SAREK, version={"id": "v2id", "name": "v2"})], "totalSize": 2})
    submitted(api)
    user_info(api)
    result = run("launch", "sarek", "--version-name", "v2")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    launchpad(api, extra_launch_query={"versionId": "raw"})
    submitted(api)
    result = run("launch", "sarek", "--version-id", "raw")
    assert result.exit_code == 0, result
    assert result.stderr == ""


def test_unknown_version_name(api, run):
    api.get(f"{URL}/pipelines", json={"pipelines": [SAREK], "totalSize": 1})
    api.get(f"{URL}/pipelines/{SAREK['pipelineId']}/versions", json={"versions": [], "totalSize": 0})
    result = run("launch", "sarek", "--version-name", "nope")
    assert failed(result) == "ERROR: Pipeline version 'nope' not found"


def test_version_options_are_exclusive(run):
    result = run("launch", "sarek", "--version-name", "a", "--version-id", "b")
    assert "mutually exclusive" in misused(result)


def test_pipeline_lookup_reads_further_pages_for_the_exact_name(api, run):
    page1 = [dict(SAREK, pipelineId=i, name=f"sarek-{i}") for i in range(50)]
    api.get(f"{URL}/pipelines", match=[query(max=50, offset=0, search="sarek", visibility="all")],
            json={"pipelines": page1, "totalSize": 51})
    api.get(f"{URL}/pipelines", match=[query(max=50, offset=50, search="sarek", visibility="all")],
            json={"pipelines": [SAREK], "totalSize": 51})
    api.get(f"{URL}/pipelines/{SAREK['pipelineId']}/launch", json={"launch": SAVED})
    submitted(api)
    user_info(api)
    result = run("launch", "sarek")
    assert result.exit_code == 0, result
    assert result.stderr == ""


# Labels ------------------------------------------------------------------------------------------

def test_labels_are_found_or_created_in_option_order(api, run):
    launchpad(api)
    label_page(api, "LabelTwo", {"id": 2, "name": "LabelTwo"})
    label_page(api, "Res", {"id": 11, "name": "Res", "value": "Other"}, type="resource")
    api.post(f"{URL}/labels", match=[matchers.json_params_matcher({"name": "Res", "value": "V", "resource": True})],
             json={"id": 12})
    submitted(api)
    user_info(api)
    succeeded(run("launch", "sarek", "-l", "LabelTwo,Res=V"))
    assert sent(api)["labelIds"] == [2, 12]


def test_bad_label_is_a_usage_error(run):
    result = run("launch", "sarek", "-l", "a=b=c")
    assert "Invalid label format" in misused(result)


# URL launch --------------------------------------------------------------------------------------

def test_url_launch_on_primary_compute_env_minimal_body(api, run):
    api.get(f"{URL}/compute-envs", match=[query(status="AVAILABLE")], json={"computeEnvs": [OTHER, CE]})
    api.get(f"{URL}/compute-envs/{CE['id']}", json={"computeEnv": {"id": CE["id"], "config": {"workDir": "s3://nextflow-ci/jordeu"}}})
    submitted(api)
    user_info(api)
    succeeded(run("launch", "https://github.com/nextflow-io/hello"))
    assert sent(api) == {"computeEnvId": CE["id"], "pipeline": "https://github.com/nextflow-io/hello",
                         "workDir": "s3://nextflow-ci/jordeu"}


def test_url_launch_copies_only_workdir_and_scripts_from_the_compute_env(api, run, write_file):
    user_and_workspaces(api)
    api.get(f"{URL}/compute-envs", match=[query(workspaceId=WS, status="AVAILABLE")], json={"computeEnvs": [CE, OTHER]})
    api.get(f"{URL}/compute-envs/{CE['id']}", match=[query(workspaceId=WS)], json=CE_FULL)
    submitted(api, ws=WS)
    succeeded(run("launch", "file:/data/pipelines/hello", "-w", "Seqera/cli", "-c", "aws",
                 "--params-file", write_file("p.yaml", "greeting: hi\n"), "--version-name", "ignored"))
    assert sent(api) == {"computeEnvId": CE["id"], "pipeline": "file:/data/pipelines/hello",
                         "workDir": "s3://nextflow-ci/jordeu", "preRunScript": "ce_pre", "postRunScript": "ce_post",
                         "paramsText": "greeting: hi\n"}


def test_no_primary_compute_env(api, run):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [OTHER]})
    result = run("launch", "http://example.com/repo")
    assert failed(result) == "ERROR: No available compute environment defined at user workspace"


def test_unknown_compute_env(api, run):
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE, OTHER]})
    result = run("launch", "https://github.com/nextflow-io/hello", "-c", "nope")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "ERROR: Compute environment 'nope' not found at user workspace"
    assert lines[1] == "  hint: Available compute environments: aws, other."


# Params ------------------------------------------------------------------------------------------

def test_params_files_merge_then_params(api, run, write_file):
    user_launch(api)
    succeeded(run("launch", "sarek", "--params-file", write_file("a.yaml", "input: a.csv\nopts: {x: 1, y: 1}\nl: [1, 2]\n"),
                 "--params-file", write_file("b.json", '{"opts": {"y": 2}, "l": [3]}'),
                 "--param", "opts.z=true", "--param", "outdir=s3://b/out"))
    assert json.loads(sent(api)["paramsText"]) == {"input": "a.csv", "opts": {"x": 1, "y": 2, "z": True},
                                                    "l": [3], "outdir": "s3://b/out"}


def test_param_alone_merges_over_the_saved_params(api, run):
    user_launch(api)
    succeeded(run("launch", "sarek", "--param", "opts.b=2"))
    assert json.loads(sent(api)["paramsText"]) == {"input": "saved.csv", "opts": {"a": 1, "b": 2}}


def test_params_file_from_stdin_is_sent_verbatim(api, run):
    user_launch(api)
    succeeded(run("launch", "sarek", "--params-file", "-", input="# from stdin\ntimeout: 60\n"))
    assert sent(api)["paramsText"] == "# from stdin\ntimeout: 60\n"


def test_stdin_is_read_by_the_first_option_only(api, run):
    user_launch(api)
    succeeded(run("launch", "sarek", "--config", "-", "--pre-run", "-", input="process.cpus = 2\n"))
    assert sent(api)["configText"] == "process.cpus = 2\n"
    assert "preRunScript" not in sent(api)  # empty text means missing


def test_unparsable_params_file_fails_before_any_request(run, write_file):
    result = run("launch", "sarek", "--params-file", write_file("bad.yaml", "a: [1,\n"))
    assert failed(result).startswith("ERROR: Cannot parse params file ")


def test_missing_params_file_fails_before_any_request(run):
    result = run("launch", "sarek", "--params-file", "/no/such/params.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "ERROR: File not found. /no/such/params.yaml\n"


def test_bad_param_fails_before_any_request(run):
    result = run("launch", "sarek", "--param", "novalue")
    assert failed(result) == "ERROR: Invalid --param 'novalue': expected KEY=VALUE"


# Errors ------------------------------------------------------------------------------------------

def test_unknown_pipeline(api, run):
    api.get(f"{URL}/pipelines", json={"pipelines": [], "totalSize": 0})
    result = run("launch", "nope")
    assert failed(result) == "ERROR: Pipeline 'nope' not found on this workspace."


def test_pipeline_without_exact_name(api, run):
    api.get(f"{URL}/pipelines", json={"pipelines": [dict(SAREK, name="sarek-dev")], "totalSize": 1})
    result = run("launch", "sarek")
    assert failed(result) == "ERROR: Pipeline 'sarek' not found"


def test_launch_post_is_never_retried(api, run):
    launchpad(api)
    api.post(f"{URL}/workflow/launch", status=503, json={"message": "Service unavailable"})
    result = run("launch", "sarek")
    assert failed(result) == "ERROR: Service unavailable"
    assert "the run may have been created" in result.stderr
    assert sum(1 for c in api.calls if c.request.url.startswith(f"{URL}/workflow/launch")) == 1


def test_bad_wait_timeout_fails_before_launching(run):
    result = run("launch", "sarek", "--wait", "SUCCEEDED", "--wait-timeout", "soon")
    assert failed(result).startswith("ERROR: Invalid duration 'soon'")


# --wait ------------------------------------------------------------------------------------------

@pytest.fixture
def fast_polls(monkeypatch):
    monkeypatch.setenv("TWPY_POLL_INTERVAL", "0")


def statuses(api, *values, ws=None):
    for value in values:
        api.get(f"{URL}/workflow/{WID}", match=[query(**({"workspaceId": ws} if ws else {}))],
                json={"workflow": {"id": WID, "status": value}})


@pytest.mark.parametrize("target, seen, code", [
    ("SUCCEEDED", ["SUBMITTED", "RUNNING", "SUCCEEDED"], 0),
    ("succeeded", ["RUNNING", "FAILED"], 1),
    ("SUCCEEDED", ["CANCELLED"], 1),
    ("RUNNING", ["SUBMITTED", "SUCCEEDED"], 0),   # passed the target: reached (tw says 1)
    ("FAILED", ["RUNNING", "SUCCEEDED"], 1),
    ("CANCELLED", ["CANCELLED"], 0),
    ("SUBMITTED", ["SUBMITTED"], 0),
])
def test_wait_outcomes(api, run, fast_polls, target, seen, code):
    user_launch(api)
    statuses(api, *seen)
    result = run("-o", "json", "launch", "sarek", "--wait", target)
    assert result.exit_code == code, result
    assert result.json()["workflowId"] == WID
    if code == 0:
        assert result.stderr == ""
    else:
        assert result.stderr.splitlines()[0] == f"ERROR: Run {WID} ended {seen[-1]}: it will not reach {target.upper()}"


def test_wait_timeout_exits_3(api, run, fast_polls):
    user_and_workspaces(api)
    launchpad(api, ws=WS)
    submitted(api, ws=WS)
    statuses(api, "RUNNING", ws=WS)
    result = run("launch", "sarek", "-w", "Seqera/cli", "--wait", "SUCCEEDED", "--wait-timeout", "0s")
    assert result.exit_code == 3
    assert f"Workflow {WID} submitted" in result.stdout
    assert result.stderr.splitlines()[0] == (f"ERROR: Timed out waiting for run {WID} to reach SUCCEEDED "
                                             "(last status: RUNNING)")


def test_ctrl_c_while_waiting_leaves_the_run_and_says_how_to_follow(api, run, fast_polls):
    user_and_workspaces(api)
    launchpad(api, ws=WS)
    submitted(api, ws=WS)

    def interrupt(request):
        raise KeyboardInterrupt

    api.add_callback("GET", f"{URL}/workflow/{WID}", callback=interrupt)
    result = run("launch", "sarek", "-w", "Seqera/cli", "--wait", "SUCCEEDED")
    assert result.exit_code == 130
    assert f"Workflow {WID} submitted" in result.stdout
    assert f"run {WID} was left as it is" in result.stderr
    assert f"twpy runs wait -i {WID} -w Seqera/cli" in result.stderr
    assert not any(c.request.method == "DELETE" for c in api.calls)


def test_invalid_wait_status_is_a_usage_error(run):
    result = run("launch", "sarek", "--wait", "DONE")
    assert "'DONE' is not one of" in misused(result)
