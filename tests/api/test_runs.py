"""tw_py.api.runs builders, the streaming writers and the watch line tracker, without click."""
import io
import json
from datetime import datetime, timezone

import pytest

from tw_py.api import runs
from tw_py.cli.runs import documents
from tw_py.cli.runs.watch import RunWatcher
from tw_py.errors import InputError
from tw_py.output.stream import JsonStream, StreamingTable
from tw_py.output.tables import Column

WF = {"id": "r1", "launchId": "L1", "sessionId": "s-wf", "workDir": "/wf"}
LAUNCH = {"id": "L1", "computeEnv": {"id": "ce"}, "pipeline": "p", "workDir": "/l", "resumeDir": "/resume",
          "revision": "main", "resumeCommitId": "c0ffee", "sessionId": "s-launch", "userSecrets": ["a"]}
NOW = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_relaunch_resume_body():
    body = runs.relaunch_request(WF, LAUNCH, now=NOW)
    assert body["resume"] is True and body["sessionId"] == "s-wf" and body["workDir"] == "/resume"
    assert body["revision"] == "c0ffee" and body["dateCreated"] == "2024-01-02T03:04:05Z"
    assert body["userSecrets"] == ["a"] and body["runName"] is None and body["launchContainer"] is None


def test_relaunch_no_resume_body_and_overrides():
    body = runs.relaunch_request(WF, LAUNCH, no_resume=True, run_name="n", compute_env_id="ce2",
                                 overrides={"workDir": "/new", "revision": "", "userSecrets": [],
                                            "stubRun": True}, now=NOW)
    assert body["resume"] is False and body["sessionId"] == "s-launch" and body["workDir"] == "/new"
    assert body["revision"] == "main"  # an empty string counts as not given
    assert body["userSecrets"] == [] and body["stubRun"] is True
    assert body["computeEnvId"] == "ce2" and body["runName"] == "n"


def test_relaunch_falls_back_to_workflow_work_dir():
    body = runs.relaunch_request(WF, {"id": "L1", "resumeCommitId": None}, now=NOW)
    assert body["resume"] is False and body["workDir"] == "/wf"


def test_relaunch_refuses_work_dir_when_resuming():
    with pytest.raises(InputError, match="Not allowed to change '--work-dir'"):
        runs.relaunch_request(WF, LAUNCH, overrides={"workDir": "/x"})


def test_metrics_document_adds_gpu_only_when_present():
    plain = [{"process": "A", "cpu": {"min": 1}}]
    assert "metricsGpu" not in documents.metrics_document(plain)
    gpu = [{"process": "A", "gpuUsage": {"max": 80, "min": 5}}]
    doc = documents.metrics_document(gpu)
    # every column is kept, null or not: it counts towards tw's HashMap (nulls are left out on output)
    assert doc["metricsGpu"] == [{"A": {"gpuUsage": {"q1": None, "q2": None, "q3": None, "min": 5, "max": 80, "mean": None},
                                        "gpuMemAvg": None, "gpuMemPeak": None}}]


def test_task_columns_follow_tw_enum_order():
    cols = documents.task_columns(["wchar", "hash"])
    assert [h for _, h in cols] == ["task_id", "process", "tag", "status", "hash", "wchar"]
    assert documents.task_row({"taskId": 1, "hash": None, "status": "NEW"}, cols) == {"taskId": 1, "status": "NEW"}


def test_download_names():
    assert runs.download_name("r", "stdout", None) == "nf-r.txt"
    assert runs.download_name("r", "timeline", None) == "timeline-r.html"
    assert runs.download_name("r", "stderr", 3) == ".command.err"
    with pytest.raises(InputError):
        runs.download_name("r", "timeline", 3)


def test_json_stream_matches_jackson_layout():
    from tw_py import jsonfmt

    out = io.StringIO()
    doc = JsonStream(out.write, {"workspaceRef": "user", "gone": None}, "workflows")
    doc.start()
    doc.items([{"a": 1, "b": None}, {"c": [1, 2]}])
    doc.finish({"showLabels": False})
    expected = jsonfmt.dumps({"workspaceRef": "user", "workflows": [{"a": 1}, {"c": [1, 2]}], "showLabels": False})
    assert out.getvalue() == expected + "\n"
    bare = io.StringIO()
    arr = JsonStream(bare.write)
    arr.start()
    arr.finish()
    assert json.loads(bare.getvalue()) == [] and bare.getvalue() == "[ ]\n"


def test_streaming_table_widths_fixed_by_first_batch():
    out = io.StringIO()
    table = StreamingTable(out.write, [Column("a", "A"), Column("b", "Bee")], min_widths=(3, 0))
    table.add([{"a": "x", "b": "1"}])
    table.add([{"a": "yy", "b": "22"}])
    table.add([])
    lines = out.getvalue().splitlines()
    assert lines == ["     A   | Bee ", "    -----+-----", "     x   | 1   ", "     yy  | 22  "]
    assert table.count == 2


def test_watcher_prints_only_new_complete_log_lines():
    seen = []
    w = RunWatcher(seen.append)
    w.log("a\nb")
    w.log("a\nbc\nd\n")
    w.log("a\nbc\nd\n")
    w.log("new\n")  # replaced by a shorter log: start over
    w.close()
    assert seen == ["a", "bc", "d", "new"]
