"""twpy runs dump: archive contents read back, skipped pieces, atomic writes."""
import json
import os
import tarfile

from responses import matchers

from tests.helpers import URL, WEB

RUN = "5mDfiUtqyptDib"
DESCRIBED = {"workflow": {"id": RUN, "launchId": "L1", "userName": "jordi", "ownerId": 7, "status": "FAILED"},
             "labels": [{"id": 1, "name": "nightly"}], "orgId": None}
TASKS = [{"task": {"taskId": 1, "name": "ALIGN (1)", "status": "COMPLETED"}},
         {"task": {"taskId": 2, "name": "ALIGN (2)", "status": "FAILED"}}]


def dump_requests(mock, described=DESCRIBED, log_status=200):
    mock.get(f"{URL}/service-info", json={"serviceInfo": {"version": "23.1.0"}})
    mock.get(f"{URL}/workflow/{RUN}", json=described,
             match=[matchers.query_param_matcher({"attributes": "labels,optimized"})])
    if described["workflow"].get("launchId"):
        mock.get(f"{URL}/workflow/{RUN}/launch", json={"launch": {"id": "L1", "pipelineId": 42}})
    mock.get(f"{URL}/workflow/{RUN}/progress", json={"progress": {"workflowProgress": {"running": 1}}})
    if described["workflow"].get("launchId"):
        mock.get(f"{URL}/launch/L1", json={"launch": {"id": "L1", "pipeline": "https://github.com/nf/hello"}})
    mock.get(f"{URL}/workflow/{RUN}/metrics", json={"metrics": [{"process": "ALIGN"}]})
    mock.get(f"{URL}/workflow/{RUN}/tasks", json={"tasks": TASKS, "total": 2},
             match=[matchers.query_param_matcher({"max": "100", "offset": "0"})])
    if described["workflow"].get("launchId"):
        if log_status == 200:
            mock.get(f"{URL}/workflow/{RUN}/download", body="nextflow log text\n",
                     match=[matchers.query_param_matcher({"fileName": f"nf-{RUN}.log"})])
        else:
            mock.get(f"{URL}/workflow/{RUN}/download", status=log_status, json={"message": "gone"})


def read(path):
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read().decode() for m in tar.getmembers()}


def test_dump_gz_contents(api, run, tmp_path):
    dump_requests(api)
    out = tmp_path / "run.tar.gz"
    result = run("runs", "dump", "-i", RUN, "-o", out)
    assert result.exit_code == 0, result
    assert result.stdout == f"\n  Pipeline run '{RUN}' at user workspace details dump at 'run.tar.gz' \n"
    assert "- Tower info" in result.stderr and "- Task details" in result.stderr
    files = read(out)
    assert sorted(files) == ["nextflow.log", "service-info.json", "workflow-launch.json", "workflow-load.json",
                             "workflow-metadata.json", "workflow-metrics.json", "workflow-tasks.json", "workflow.json"]
    assert json.loads(files["service-info.json"]) == {"version": "23.1.0"}
    assert json.loads(files["workflow.json"])["id"] == RUN
    assert json.loads(files["workflow-metadata.json"]) == {"pipelineId": 42, "userId": 7,
                                                           "runUrl": f"{WEB}/user/jordi/watch/{RUN}",
                                                           "labels": [{"id": 1, "name": "nightly"}]}
    assert json.loads(files["workflow-load.json"]) == {"running": 1}
    assert json.loads(files["workflow-launch.json"])["pipeline"] == "https://github.com/nf/hello"
    assert [t["taskId"] for t in json.loads(files["workflow-tasks.json"])] == [1, 2]
    assert files["nextflow.log"] == "nextflow log text\n"
    assert [p for p in os.listdir(tmp_path)] == ["run.tar.gz"]


def test_dump_xz_task_logs_only_failed_skips_missing(api, run, tmp_path):
    dump_requests(api)
    api.get(f"{URL}/workflow/{RUN}/download/2", body="out2",
            match=[matchers.query_param_matcher({"fileName": ".command.out"})])
    api.get(f"{URL}/workflow/{RUN}/download/2", status=404, json={"message": "gone"},
            match=[matchers.query_param_matcher({"fileName": ".command.err"})])
    api.get(f"{URL}/workflow/{RUN}/download/2", body="log2",
            match=[matchers.query_param_matcher({"fileName": ".command.log"})])
    api.get(f"{URL}/workflow/{RUN}/download/2", body="fusion2",
            match=[matchers.query_param_matcher({"fileName": ".fusion.log"})])
    out = tmp_path / "run.tar.xz"
    result = run("-o", "json", "runs", "dump", "-id", RUN, "-o", out, "--add-task-logs", "--add-fusion-logs",
                 "--only-failed", "--silent")
    assert result.exit_code == 0, result
    assert result.stderr == ""  # JSON mode: what was skipped is in the document
    assert result.json() == {"id": RUN, "workspaceRef": "user", "outputFile": f"file://{out}",
                             "skipped": [n for n in result.json()["skipped"]]}
    assert any(n.startswith("tasks/2/.command.err") for n in result.json()["skipped"])
    files = read(out)
    assert files["tasks/2/.command.out"] == "out2" and files["tasks/2/.command.log"] == "log2"
    assert files["tasks/2/.fusion.log"] == "fusion2"
    assert "tasks/2/.command.err" not in files and not any(n.startswith("tasks/1/") for n in files)


def test_dump_without_launch_or_log_keeps_going(api, run, tmp_path):
    described = {"workflow": {"id": RUN, "userName": "jordi"}}
    dump_requests(api, described)
    out = tmp_path / "cli-run.tar.gz"
    result = run("runs", "dump", "-i", RUN, "-o", out)
    assert result.exit_code == 0, result
    assert "Skipped workflow-launch.json" in result.stderr and "Skipped nextflow.log" in result.stderr
    assert "nextflow.log" not in read(out) and "workflow-launch.json" not in read(out)


def test_dump_missing_log_is_skipped(api, run, tmp_path):
    dump_requests(api, log_status=404)
    out = tmp_path / "r.tar.gz"
    result = run("runs", "dump", "-i", RUN, "-o", out, "--silent")
    assert result.exit_code == 0, result
    assert "WARNING: Skipped nextflow.log: not available" in result.stderr
    assert "nextflow.log" not in read(out)


def test_dump_failure_leaves_no_file(api, run, tmp_path):
    api.get(f"{URL}/service-info", json={"serviceInfo": {}})
    api.get(f"{URL}/workflow/{RUN}", json=DESCRIBED)
    api.get(f"{URL}/workflow/{RUN}/launch", json={"launch": {}})
    api.get(f"{URL}/workflow/{RUN}/progress", status=500, json={"message": "boom"})
    out = tmp_path / "run.tar.gz"
    result = run("runs", "dump", "-i", RUN, "-o", out, "--silent")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "ERROR: boom" in result.stderr
    assert os.listdir(tmp_path) == []


def test_dump_existing_archive_kept_on_failure(api, run, tmp_path):
    out = tmp_path / "run.tar.gz"
    out.write_bytes(b"previous")
    api.get(f"{URL}/service-info", status=401)
    result = run("runs", "dump", "-i", RUN, "-o", out)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[:2] == ["- Tower info", "ERROR: Unauthorized. Check your access token, "
                                              "workspace id and tower server url."]
    assert out.read_bytes() == b"previous" and os.listdir(tmp_path) == ["run.tar.gz"]


def test_dump_unknown_format(run, tmp_path):
    result = run("runs", "dump", "-i", RUN, "-o", tmp_path / "run.zip")
    assert result.exit_code == 1 and result.stdout == ""
    assert "ERROR: Unknown file format. Only 'tar.xz' and 'tar.gz' formats are supported." in result.stderr


def test_dump_json_lists_skipped_pieces_and_keeps_stderr_empty(api, run, tmp_path):
    dump_requests(api, log_status=404)
    out = tmp_path / "r.tar.gz"
    result = run("-o", "json", "runs", "dump", "-i", RUN, "-o", out)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = result.json()
    assert doc["outputFile"] == "file://" + str(out)
    assert any(note.startswith("nextflow.log") for note in doc["skipped"])


def test_dump_archive_gets_a_normal_file_mode(api, run, tmp_path):
    """The archive is written through a private temporary file, but ends with the mode the umask gives."""
    dump_requests(api)
    out = tmp_path / "run.tar.gz"
    old = os.umask(0o022)
    try:
        result = run("runs", "dump", "-i", RUN, "-o", out, "--silent")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == f"\n  Pipeline run '{RUN}' at user workspace details dump at 'run.tar.gz' \n"
    assert os.stat(out).st_mode & 0o777 == 0o644


def test_dump_keeps_going_when_optional_pieces_are_refused(api, run, tmp_path):
    """The run's launch answers 409 (metadata goes without pipelineId) and task logs answer 403 or 400:
    the dump still completes with everything else."""
    api.get(f"{URL}/service-info", json={"serviceInfo": {"version": "23.1.0"}})
    api.get(f"{URL}/workflow/{RUN}", json=DESCRIBED)
    api.get(f"{URL}/workflow/{RUN}/launch", status=409, json={"message": "Conflict"})
    api.get(f"{URL}/workflow/{RUN}/progress", json={"progress": {"workflowProgress": {"running": 1}}})
    api.get(f"{URL}/launch/L1", json={"launch": {"id": "L1"}})
    api.get(f"{URL}/workflow/{RUN}/metrics", json={"metrics": []})
    api.get(f"{URL}/workflow/{RUN}/tasks", json={"tasks": TASKS[1:], "total": 1})
    api.get(f"{URL}/workflow/{RUN}/download", status=403, json={"message": "Forbidden"},
            match=[matchers.query_param_matcher({"fileName": f"nf-{RUN}.log"})])
    for name, status in ((".command.out", 403), (".command.err", 400), (".command.log", 403)):
        api.get(f"{URL}/workflow/{RUN}/download/2", status=status, json={"message": "no"},
                match=[matchers.query_param_matcher({"fileName": name})])
    out = tmp_path / "run.tar.gz"
    result = run("-o", "json", "runs", "dump", "-i", RUN, "-o", out, "--add-task-logs")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    doc = result.json()
    assert doc["skipped"] == ["nextflow.log: not available", "tasks/2/.command.out: not available",
                              "tasks/2/.command.err: not available", "tasks/2/.command.log: not available"]
    files = read(out)
    assert sorted(files) == ["service-info.json", "workflow-launch.json", "workflow-load.json",
                             "workflow-metadata.json", "workflow-metrics.json", "workflow-tasks.json", "workflow.json"]
    assert json.loads(files["workflow-metadata.json"]) == {"userId": 7, "runUrl": f"{WEB}/user/jordi/watch/{RUN}",
                                                           "labels": [{"id": 1, "name": "nightly"}]}


def test_dump_to_a_directory_or_unwritable_place_is_one_clear_error(run, tmp_path):
    (tmp_path / "dir.tar.gz").mkdir()
    result = run("runs", "dump", "-i", RUN, "-o", tmp_path / "dir.tar.gz")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"ERROR: Cannot write '{tmp_path / 'dir.tar.gz'}': it is a directory"]
    result = run("runs", "dump", "-i", RUN, "-o", "/proc/run.tar.gz")  # /proc takes no new files, even for root
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == ["ERROR: Cannot write '/proc/run.tar.gz': No such file or directory"]
    assert sorted(os.listdir(tmp_path)) == ["dir.tar.gz"]
