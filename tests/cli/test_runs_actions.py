"""twpy runs cancel, delete, labels, relaunch, wait and watch."""
from responses import matchers

from tests.helpers import URL, WEB, WS_ENTRY, body, label_page, user_and_workspaces

RUN = "5mDfiUtqyptDib"
WS = WS_ENTRY["workspaceId"]


def test_cancel(api, run):
    api.post(f"{URL}/workflow/{RUN}/cancel", match=[matchers.query_param_matcher({})])
    result = run("runs", "cancel", "-i", RUN)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == f"\n  Pipeline run '{RUN}' canceled at user workspace\n"


def test_cancel_json_in_workspace(api, run):
    user_and_workspaces(api)
    api.post(f"{URL}/workflow/{RUN}/cancel", match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    result = run("-o", "json", "runs", "cancel", "--id", RUN, "-w", str(WS))
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"id": RUN, "workspaceRef": "[Seqera / cli]"}


def test_delete_with_both_id_spellings_and_force(api, run):
    api.delete(f"{URL}/workflow/{RUN}", match=[matchers.query_param_matcher({"force": "false"})])
    api.delete(f"{URL}/workflow/{RUN}", match=[matchers.query_param_matcher({"force": "true"})])
    result = run("runs", "delete", "-i", RUN)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == f"\n  Pipeline run '{RUN}' deleted at user workspace\n"
    result = run("-o", "json", "runs", "delete", "-id", RUN, "--force")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"id": RUN, "workspaceRef": "user"}


def test_delete_has_no_long_id(run):
    result = run("runs", "delete", "--id", RUN)
    assert result.exit_code == 2 and result.stdout == ""
    assert "ERROR:" in result.stderr


def test_delete_unknown_run(api, run):
    api.delete(f"{URL}/workflow/nope", status=404, json={"message": "Workflow not found"})
    result = run("runs", "delete", "-i", "nope")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("ERROR: Pipeline run 'nope' not found at user workspace")


def test_labels_set_creates_missing(api, run):
    label_page(api, "nightly", {"id": 3, "name": "nightly"})
    label_page(api, "team", type="resource")
    api.post(f"{URL}/labels", json={"id": 9, "name": "team", "value": "gen", "resource": True})
    api.post(f"{URL}/workflow/labels/apply")
    result = run("runs", "labels", "-id", RUN, "nightly,team=gen")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == f"\n 'set' labels on 'run' with id '{RUN}' at user workspace\n"
    assert body(api.calls[-1]) == {"labelIds": [3, 9], "workflowIds": [RUN]}


def test_labels_delete_json(api, run):
    api.get(f"{URL}/labels", json={"labels": [{"id": 3, "name": "nightly"}], "totalSize": 1})
    api.post(f"{URL}/workflow/labels/remove")
    result = run("-o", "json", "runs", "labels", "-i", RUN, "-o", "delete", "nightly")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"operation": "delete", "type": "run", "id": RUN}
    assert body(api.calls[-1]) == {"labelIds": [3], "workflowIds": [RUN]}


# relaunch -----------------------------------------------------------------------------------------
DESCRIBED = {"workflow": {"id": RUN, "launchId": "L1", "sessionId": "sess-run", "workDir": "s3://wf-work",
                          "runName": "a", "userName": "jordi", "status": "FAILED"}}
SAVED = {"launch": {"id": "L1", "computeEnv": {"id": "ce1", "name": "aws"}, "pipeline": "https://github.com/nf/hello",
                    "workDir": "s3://work", "resumeDir": "s3://work/resume", "revision": "main",
                    "resumeCommitId": "abc123", "sessionId": "sess-launch", "configProfiles": ["test"],
                    "paramsText": "a: 1", "pullLatest": False}}


def relaunch_requests(mock, saved=SAVED):
    mock.get(f"{URL}/workflow/{RUN}", json=DESCRIBED, match=[matchers.query_param_matcher({})])
    mock.get(f"{URL}/workflow/{RUN}/launch", json=saved)
    mock.post(f"{URL}/workflow/launch", json={"workflowId": "newRun123"})
    mock.get(f"{URL}/user-info", json={"user": {"id": 7, "userName": "jordi"}})


def test_relaunch_resumes_by_default(api, run):
    relaunch_requests(api)
    result = run("runs", "relaunch", "-i", RUN)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == (f"\n  Workflow newRun123 submitted at user workspace.\n\n"
                             f"    {WEB}/user/jordi/watch/newRun123\n")
    sent = body(api.calls[2])["launch"]
    date = sent.pop("dateCreated")
    assert date.endswith("Z")
    assert sent == {"id": "L1", "sessionId": "sess-run", "computeEnvId": "ce1", "pipeline": "https://github.com/nf/hello",
                    "workDir": "s3://work/resume", "revision": "abc123", "configProfiles": ["test"],
                    "paramsText": "a: 1", "resume": True, "pullLatest": False}


def test_relaunch_no_resume_with_overrides(api, run, tmp_path):
    relaunch_requests(api)
    config = tmp_path / "extra.config"
    config.write_text("process.cpus = 4")
    result = run("-o", "json", "runs", "relaunch", "-i", RUN, "--no-resume", "--work-dir", "s3://new",
                 "-n", "retry", "--pipeline", "https://github.com/nf/other", "--launch-container", "img:1",
                 "--config", str(config), "-p", "a,b", "--revision", "dev", "--pull-latest")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json() == {"workflowId": "newRun123", "workflowUrl": f"{WEB}/user/jordi/watch/newRun123",
                             "workspaceRef": "user"}
    sent = body(api.calls[2])["launch"]
    sent.pop("dateCreated")
    assert sent == {"id": "L1", "sessionId": "sess-launch", "computeEnvId": "ce1", "runName": "retry",
                    "pipeline": "https://github.com/nf/other", "workDir": "s3://new", "revision": "dev",
                    "configProfiles": ["a", "b"], "configText": "process.cpus = 4", "paramsText": "a: 1",
                    "resume": False, "pullLatest": True, "launchContainer": "img:1"}


def test_relaunch_without_resume_commit_starts_over(api, run):
    saved = {"launch": dict(SAVED["launch"], resumeCommitId=None)}
    relaunch_requests(api, saved)
    result = run("runs", "relaunch", "-i", RUN)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    sent = body(api.calls[2])["launch"]
    assert sent["resume"] is False and sent["sessionId"] == "sess-launch"
    assert sent["workDir"] == "s3://work" and sent["revision"] == "main"


def test_relaunch_work_dir_needs_no_resume(run):
    result = run("runs", "relaunch", "-i", RUN, "--work-dir", "s3://x")
    assert result.exit_code == 1 and result.stdout == ""
    assert "ERROR: Not allowed to change '--work-dir' option when resuming." in result.stderr


def test_relaunch_compute_env_by_name_in_workspace(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/workflow/{RUN}", json=DESCRIBED)
    api.get(f"{URL}/workflow/{RUN}/launch", json=SAVED)
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [{"id": "ce9", "name": "gcp"}]},
            match=[matchers.query_param_matcher({"status": "AVAILABLE", "workspaceId": str(WS)})])
    api.post(f"{URL}/workflow/launch", json={"workflowId": "newRun123"},
             match=[matchers.query_param_matcher({"workspaceId": str(WS)})])
    result = run("runs", "relaunch", "-i", RUN, "-w", "Seqera/cli", "-c", "gcp")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert body(api.calls[-1])["launch"]["computeEnvId"] == "ce9"
    assert "/watch/newRun123" in result.stdout and result.stdout.count("/watch/") == 1
    assert f"{WEB}/orgs/Seqera/workspaces/cli/watch/newRun123" in result.stdout


def test_relaunch_wait(api, run):
    relaunch_requests(api)
    api.get(f"{URL}/workflow/newRun123", json={"workflow": {"id": "newRun123", "status": "RUNNING"}})
    api.get(f"{URL}/workflow/newRun123", json={"workflow": {"id": "newRun123", "status": "SUCCEEDED"}})
    result = run("runs", "relaunch", "-i", RUN, "--wait", "succeeded", env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "submitted at user workspace" in result.stdout


# wait ---------------------------------------------------------------------------------------------
def statuses(mock, *values, run_id=RUN):
    for value in values:
        mock.get(f"{URL}/workflow/{run_id}", json={"workflow": {"id": run_id, "status": value}})


def test_wait_succeeded(api, run):
    statuses(api, "SUBMITTED", "RUNNING", "SUCCEEDED")
    result = run("runs", "wait", "-i", RUN, env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == f"\n  Pipeline run '{RUN}' reached SUCCEEDED at user workspace\n"


def test_wait_json(api, run):
    statuses(api, "SUCCEEDED")
    result = run("-o", "json", "runs", "wait", "-i", RUN)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"id": RUN, "workspaceRef": "user", "status": "SUCCEEDED"}


def test_wait_failed_and_cancelled_exit_1(api, run):
    for final in ("FAILED", "CANCELLED"):
        statuses(api, "RUNNING", final)
        result = run("runs", "wait", "-i", RUN, env={"TWPY_POLL_INTERVAL": "0"})
        assert result.exit_code == 1, result
        assert result.stdout == ""
        assert f"ended {final}: it will not reach SUCCEEDED" in result.stderr


def test_wait_for_failed_status(api, run):
    statuses(api, "RUNNING", "FAILED")
    result = run("runs", "wait", "-i", RUN, "--status", "failed", env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 0 and result.stderr == ""
    assert "reached FAILED" in result.stdout


def test_wait_running_already_passed(api, run):
    statuses(api, "SUCCEEDED")
    result = run("runs", "wait", "-i", RUN, "--status", "RUNNING")
    assert result.exit_code == 0 and result.stderr == ""
    assert "reached RUNNING (now SUCCEEDED)" in result.stdout


def test_wait_timeout_exit_3(api, run):
    api.get(f"{URL}/workflow/{RUN}", json={"workflow": {"id": RUN, "status": "RUNNING"}})
    result = run("runs", "wait", "-i", RUN, "--timeout", "0s", env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 3, result
    assert result.stdout == ""
    assert "Timed out waiting for pipeline run" in result.stderr


def test_wait_unknown_run(api, run):
    api.get(f"{URL}/workflow/nope", status=404, json={"message": "not found"})
    result = run("runs", "wait", "-i", "nope")
    assert result.exit_code == 1 and result.stdout == ""
    assert "ERROR: Pipeline run 'nope' not found at user workspace" in result.stderr


def test_wait_bad_status(run):
    result = run("runs", "wait", "-i", RUN, "--status", "DONE")
    assert result.exit_code == 2 and result.stdout == ""
    assert "ERROR: Invalid value for '--status'" in result.stderr


# watch --------------------------------------------------------------------------------------------
PROGRESS = {"progress": {"workflowProgress": {}, "processesProgress": [
    {"process": "ALIGN", "pending": 1, "running": 1, "cached": 0, "submitted": 0, "succeeded": 1, "failed": 0}]}}
PROGRESS_DONE = {"progress": {"workflowProgress": {}, "processesProgress": [
    {"process": "ALIGN", "pending": 0, "running": 0, "cached": 0, "submitted": 0, "succeeded": 3, "failed": 0}]}}


def watch_requests(mock, final):
    log = {"fileName": f"nf-{RUN}.log"}
    statuses(mock, "SUBMITTED")
    mock.get(f"{URL}/workflow/{RUN}/download", status=404, json={"message": "no log yet"},
             match=[matchers.query_param_matcher(log)])
    statuses(mock, "RUNNING")
    mock.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS)
    mock.get(f"{URL}/workflow/{RUN}/download", body="line 1\nline 2\nhalf", match=[matchers.query_param_matcher(log)])
    statuses(mock, final)
    mock.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS_DONE)
    mock.get(f"{URL}/workflow/{RUN}/download", body="line 1\nline 2\nhalf line\nline 4\n",
             match=[matchers.query_param_matcher(log)])


def test_watch_succeeded(api, run):
    watch_requests(api, "SUCCEEDED")
    result = run("runs", "watch", "-i", RUN, env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "[status] SUBMITTED", "[status] RUNNING", "[process] ALIGN: 1/3 tasks done", "line 1", "line 2",
        "[status] SUCCEEDED", "[process] ALIGN: 3/3 tasks done", "half line", "line 4", "",
        f"  Pipeline run '{RUN}' ended SUCCEEDED at user workspace"]


def test_watch_failed_and_cancelled_exit_1(api, run):
    for final in ("FAILED", "CANCELLED"):
        watch_requests(api, final)
        result = run("runs", "watch", "-i", RUN, env={"TWPY_POLL_INTERVAL": "0"})
        assert result.exit_code == 1, result
        assert f"[status] {final}" in result.stdout and "line 4" in result.stdout
        assert result.stderr.startswith(f"ERROR: Pipeline run '{RUN}' ended {final}")


def test_watch_timeout_exit_3(api, run):
    statuses(api, "RUNNING")
    api.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS)
    result = run("runs", "watch", "-i", RUN, "--no-log", "--timeout", "0", env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 3, result
    assert result.stdout.splitlines() == ["[status] RUNNING", "[process] ALIGN: 1/3 tasks done"]
    assert "Timed out" in result.stderr


def test_watch_json_prints_only_the_result(api, run):
    statuses(api, "SUCCEEDED")
    api.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS_DONE)
    api.get(f"{URL}/workflow/{RUN}/download", body="log\n")
    result = run("-o", "json", "runs", "watch", "-i", RUN)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"id": RUN, "workspaceRef": "user", "status": "SUCCEEDED"}


def test_wait_and_watch_end_on_unknown_exit_1(api, run):
    """UNKNOWN (the platform lost the run) ends waiting, as in tw: no endless loop."""
    statuses(api, "RUNNING", "UNKNOWN")
    result = run("runs", "wait", "-i", RUN, "--timeout", "1s", env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.startswith(f"ERROR: Pipeline run '{RUN}' ended UNKNOWN: it will not reach SUCCEEDED")
    statuses(api, "UNKNOWN")
    api.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS)
    result = run("runs", "watch", "-i", RUN, "--no-log", "--timeout", "1s", env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 1, result
    assert result.stdout.splitlines() == ["[status] UNKNOWN", "[process] ALIGN: 1/3 tasks done"]
    assert result.stderr.startswith(f"ERROR: Pipeline run '{RUN}' ended UNKNOWN")


def test_wait_for_unknown_status(api, run):
    statuses(api, "RUNNING", "UNKNOWN")
    result = run("-o", "json", "runs", "wait", "-i", RUN, "--status", "unknown", env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"id": RUN, "workspaceRef": "user", "status": "UNKNOWN"}


def test_watch_keeps_going_when_progress_or_log_cannot_be_fetched(api, run):
    """Progress and log are extras: a 400, 403 or a server error on them does not end the watch nor change its
    exit code."""
    log = [matchers.query_param_matcher({"fileName": f"nf-{RUN}.log"})]
    statuses(api, "RUNNING")
    api.get(f"{URL}/workflow/{RUN}/progress", status=400, json={"message": "Not ready"})
    api.get(f"{URL}/workflow/{RUN}/download", status=403, json={"message": "Forbidden"}, match=log)
    statuses(api, "RUNNING")
    api.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS)
    api.get(f"{URL}/workflow/{RUN}/download", status=500, json={"message": "Internal error"}, match=log)
    statuses(api, "SUCCEEDED")
    api.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS_DONE)
    api.get(f"{URL}/workflow/{RUN}/download", body="the end\n", match=log)
    result = run("runs", "watch", "-i", RUN, env={"TWPY_POLL_INTERVAL": "0"})
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "[status] RUNNING", "[process] ALIGN: 1/3 tasks done", "[status] SUCCEEDED", "[process] ALIGN: 3/3 tasks done",
        "the end", "", f"  Pipeline run '{RUN}' ended SUCCEEDED at user workspace"]
