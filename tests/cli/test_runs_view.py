"""twpy runs view and its subcommands (download, metrics, tasks, task): requests, sections, JSON maps."""
import sys

import pytest
from responses import matchers

from tests.helpers import URL, answered, document, failed, misused, succeeded

RUN = "5mDfiUtqyptDib"
WORKFLOW = {"workflow": {"id": RUN, "runName": "spontaneous_easley", "status": "SUBMITTED",
                         "sessionId": "ecaad2dd-83bb-4e0d-9418-d84f177e1e74", "userName": "jfernandez74",
                         "workDir": "s3://nextflow-ci/julio", "duration": 180000, "commandLine": "nextflow run hello",
                         "params": {"input": "a.csv", "n": 2}, "configFiles": ["/nextflow.config"],
                         "configText": "process {\n  cpus = 2\n}", "submit": "2021-09-22T05:45:44Z"},
            "labels": []}
LOAD = {"pending": 1, "submitted": 2, "running": 3, "cached": 4, "succeeded": 5, "failed": 6,
        "cpuTime": 7200000, "memoryRss": 3 * 1024 ** 3, "readBytes": 1024 ** 3, "writeBytes": 2 * 1024 ** 3,
        "cost": 1.5, "peakCpus": 8, "loadCpus": 4, "peakTasks": 3, "loadTasks": 2, "memoryEfficiency": 55.5,
        "cpuEfficiency": 66.25, "executors": ["awsbatch", "local"]}
PROGRESS = {"progress": {"workflowProgress": LOAD, "processesProgress": [
    {"process": "ALIGN", "pending": 0, "running": 1, "cached": 1, "submitted": 0, "succeeded": 2, "failed": 0}]}}
LAUNCH = {"launch": {"id": "launch1", "computeEnv": {"id": "ce1", "name": "ce-aws-144996268157965"}}}


def view_requests(mock, attributes="labels"):
    mock.get(f"{URL}/workflow/{RUN}", json=WORKFLOW, match=[matchers.query_param_matcher({"attributes": attributes})])
    mock.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS)
    mock.get(f"{URL}/workflow/{RUN}/launch", json=LAUNCH)


def test_view_general_matches_tw(api, run):
    view_requests(api)
    result = run("runs", "view", "-i", RUN)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = [line.rstrip() for line in result.stdout.split("\n")]
    assert lines[:6] == ["", "  Run at user workspace:", "", "", "    General", lines[5]]
    assert set(lines[5].strip()) == {"-", "+"}
    rows = {l.split("|")[0].strip(): l.split("|")[1].strip() for l in lines[6:20]}
    assert rows == {"ID": RUN, "Operation ID": "-", "Run name": "spontaneous_easley", "Status": "SUBMITTED",
                    "Starting date": "No date reported", "Commit ID": "No commit ID reported",
                    "Session ID": "ecaad2dd-83bb-4e0d-9418-d84f177e1e74", "Username": "jfernandez74",
                    "Workdir": "s3://nextflow-ci/julio", "Container": "No container was reported",
                    "Executors": "awsbatch, local", "Compute Environment": "ce-aws-144996268157965",
                    "Nextflow Version": "No Nextflow version reported", "Labels": "No labels reported in workspace"}
    assert len(api.calls) == 3  # progress fetched once


def test_view_every_section_console(api, run):
    view_requests(api)
    result = run("runs", "view", "-i", RUN, "--config", "--params", "--command", "--status", "--processes",
                 "--stats", "--load", "--utilization")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    out = result.stdout
    for heading in ("Configuration Files", "Resolved Configuration", "Parameters", "Command", "Status",
                    "Completed processes", "Stats", "Load", "Utilization"):
        assert f"\n    {heading}\n" in out, heading
    assert "     process {\n       cpus = 2\n     }" in out
    assert '     "input" : "a.csv"' in out
    assert "     nextflow run hello" in out
    assert " ALIGN " in out and "| 3/4" in out
    assert "| 3.00 minutes" in out and "| 2.00 hours" in out and "| 3.00 GB" in out and "| $1.50" in out
    assert "| 4/8" in out and "| 2/3" in out
    assert "| 55.50%" in out and "| 66.25%" in out
    assert " Pending " in out and " Failed " in out


def test_view_json_map(api, run):
    view_requests(api)
    result = run("-o", "json", "runs", "view", "-i", RUN, "--config", "--params", "--command", "--status",
                 "--processes", "--stats", "--load", "--utilization")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert list(doc) == ["general", "processes", "load", "stats", "configuration_text", "configuration_files",
                         "utilization", "parameters", "command", "status"]
    assert list(doc["general"]) == ["id", "operationId" if False else "runName", "sessionId", "username", "workdir",
                                    "executors", "computeEnv", "status", "labels"][:1] + list(doc["general"])[1:]
    assert doc["general"]["computeEnv"] == "ce-aws-144996268157965"
    assert doc["general"]["labels"] == ""
    assert doc["processes"] == [{"name": "ALIGN", "completedTasks": 3, "totalTasks": 4}]
    assert doc["status"] == {"pending": 1, "submitted": 2, "running": 3, "cached": 4, "succeeded": 5, "failed": 6}
    assert doc["stats"] == {"wallTime": 3.0, "cpuTime": 2.0, "totalMemory": 3.0, "read": 1.0, "write": 2.0, "cost": 1.5}
    assert doc["load"] == {"peakCpus": 8, "loadCpus": 4, "peakTasks": 3, "loadTasks": 2}
    assert doc["utilization"] == {"memoryEfficiency": 55.5, "cpuEfficiency": 66.25}
    assert doc["parameters"] == {"input": "a.csv", "n": 2}
    assert doc["command"] == "nextflow run hello"
    assert doc["configuration_files"] == ["/nextflow.config"]
    # tw builds these maps in java.util.HashMaps: its JSON has their keys in that HashMap's order
    assert list(doc["status"]) == ["running", "submitted", "pending", "cached", "failed", "succeeded"]
    assert list(doc["processes"][0]) == ["completedTasks", "name", "totalTasks"]
    assert list(doc["stats"]) == ["totalMemory", "read", "cost", "cpuTime", "wallTime", "write"]
    assert list(doc["load"]) == ["loadTasks", "peakTasks", "peakCpus", "loadCpus"]


def test_view_plain_json_has_only_general(api, run):
    view_requests(api)
    result = run("-o", "json", "runs", "view", "-i", RUN)
    assert result.exit_code == 0 and result.stderr == ""
    assert list(result.json()) == ["general"]


METRICS = {"metrics": [
    {"process": "ALIGN", "mem": {"min": 1048576, "q1": 2097152, "q2": 3145728, "q3": 4194304, "max": 5242880, "mean": 3145728},
     "vmem": {"min": 1048576, "max": 2097152}, "memUsage": {"min": 10, "max": 20},
     "cpu": {"min": 90, "max": 100, "mean": 95}, "cpuUsage": {"min": 45, "max": 50},
     "time": {"min": 60000, "max": 120000}, "timeUsage": {"min": 1, "max": 2},
     "reads": {"min": 2048, "max": 4096}, "writes": {"min": 1024, "max": 8192}},
    {"process": "QC", "cpu": {"min": 10, "max": 20}}]}


def test_view_metrics_flags_keep_tws_json(api, run):
    view_requests(api)
    result = run("-o", "json", "runs", "view", "-i", RUN, "--metrics-memory", "--metrics-cpu")
    assert result.exit_code == 0 and result.stderr == ""
    assert list(result.json()) == ["general"]  # tw ignores the flags in its document; no metrics request either


def test_view_metrics_flags_console(api, run):
    view_requests(api)
    api.get(f"{URL}/workflow/{RUN}/metrics", json=METRICS)
    result = run("runs", "view", "-i", RUN, "--metrics-time", "--metrics-io")
    assert result.exit_code == 0 and result.stderr == ""
    assert "Time Metrics" in result.stdout and "I/O Metrics" in result.stdout
    assert "Memory Metrics" not in result.stdout


def test_view_run_without_a_launch(api, run):
    """A run started from the Nextflow CLI has no launch to show: the view still works (compute env '-')."""
    api.get(f"{URL}/workflow/{RUN}", json=WORKFLOW)
    api.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS)
    api.get(f"{URL}/workflow/{RUN}/launch", status=400, json={"message": "Workflow launch not available"})
    result = run("-o", "json", "runs", "view", "-i", RUN)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.json()["general"]["computeEnv"] == "-"
    assert len(api.calls) == 3


def test_view_running_run_stats_as_tw(api, run):
    """No duration yet: no wall time (tw leaves it out); no progress data: no load, utilization or load stats."""
    running = {"workflow": dict(WORKFLOW["workflow"], duration=None, status="RUNNING"), "labels": []}
    api.get(f"{URL}/workflow/{RUN}", json=running)
    api.get(f"{URL}/workflow/{RUN}/progress", json={"progress": {"workflowProgress": None, "processesProgress": []}})
    api.get(f"{URL}/workflow/{RUN}/launch", json=LAUNCH)
    result = run("-o", "json", "runs", "view", "-i", RUN, "--stats", "--load", "--utilization")
    assert result.exit_code == 0 and result.stderr == ""
    assert list(result.json()) == ["general"]
    running["workflow"]["duration"] = None
    api.get(f"{URL}/workflow/{RUN}", json=running)
    api.get(f"{URL}/workflow/{RUN}/progress", json=PROGRESS)
    api.get(f"{URL}/workflow/{RUN}/launch", json=LAUNCH)
    result = run("runs", "view", "-i", RUN, "--stats")
    assert result.exit_code == 0 and result.stderr == ""
    assert "| - minutes" in result.stdout and "| 2.00 hours" in result.stdout
    result = run("-o", "json", "runs", "view", "-i", RUN, "--stats")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json()["stats"] == {"cpuTime": 2.0, "totalMemory": 3.0, "read": 1.0, "write": 2.0, "cost": 1.5}


def test_view_not_found(api, run):
    api.get(f"{URL}/workflow/nope", status=403, json={"message": "Forbidden"})
    result = run("runs", "view", "-i", "nope")
    assert failed(result) == "ERROR: Pipeline run 'nope' not found at user workspace"


@pytest.mark.parametrize("typed, hint", [
    ("happy_turing", "  hint: 'happy_turing' is a run name, not an id: use -i 5mDfiUtqyptDib"),
    ("5mDfiUtqyptDab", "  hint: Did you mean '5mDfiUtqyptDib'? ('twpy runs list' shows them all)"),
    ("zzz", "  hint: List the runs of the workspace with 'twpy runs list' (and check -w)."),
])
def test_an_unknown_run_id_gets_the_close_ones(api, run, typed, hint):
    api.get(f"{URL}/workflow/{typed}", status=404, json={"message": "Not found"})
    api.get(f"{URL}/workflow", json={"workflows": [{"workflow": {"id": RUN, "runName": "happy_turing"}},
                                                   {"workflow": {"id": "4Cz7tRrgXb", "runName": "sad_curie"}}],
                                     "totalSize": 2})
    result = run("runs", "view", "-i", typed)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == hint


def test_view_requires_id(run):
    result = run("runs", "view", "tasks")
    assert "Missing option '-i'" in misused(result)


# download ---------------------------------------------------------------------------------------
def test_download_types(api, run):
    for name in (f"nf-{RUN}.txt", f"nf-{RUN}.log", f"timeline-{RUN}.html"):
        api.get(f"{URL}/workflow/{RUN}/download", body=f"content of {name}",
                match=[matchers.query_param_matcher({"fileName": name})])
    assert run("runs", "view", "-i", RUN, "download").stdout == f"content of nf-{RUN}.txt\n"
    assert run("runs", "view", "-i", RUN, "download", "--type", "log").stdout == f"content of nf-{RUN}.log\n"
    result = run("-o", "json", "runs", "view", "-i", RUN, "download", "--type", "timeline")
    assert document(result) == {"timeline": f"content of timeline-{RUN}.html"}


def test_download_task_files(api, run):
    for name in (".command.out", ".command.log", ".command.err"):
        api.get(f"{URL}/workflow/{RUN}/download/12", body=f"{name} text\n",
                match=[matchers.query_param_matcher({"fileName": name, "workspaceId": "5"})])
    for kind, name in (("stdout", ".command.out"), ("log", ".command.log"), ("stderr", ".command.err")):
        result = run("runs", "view", "-i", RUN, "-w", "5", "download", "-t", "12", "--type", kind)
        assert succeeded(result) == f"{name} text\n"


def test_download_impossible_combinations(run):
    result = run("runs", "view", "-i", RUN, "download", "--type", "stderr")
    assert result.exit_code == 1 and result.stdout == ""
    assert "ERROR: Error file is not available for pipeline's runs" in result.stderr
    result = run("runs", "view", "-i", RUN, "download", "-t", "3", "--type", "timeline")
    assert result.exit_code == 1 and result.stdout == ""
    assert "ERROR: Timeline file is not available for tasks" in result.stderr


# metrics -------------------------------------------------------------------------------------------
def test_metrics_json_default_types_and_columns(api, run):
    api.get(f"{URL}/workflow/{RUN}/metrics", json=METRICS)
    result = run("-o", "json", "runs", "view", "-i", RUN, "metrics")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert list(doc) == ["metricsIo", "metricsMemory", "metricsTime", "metricsCpu"]   # tw's HashMap order
    assert doc["metricsMemory"][0]["ALIGN"]["memRaw"] == {"min": 1048576, "q1": 2097152, "q2": 3145728,
                                                          "q3": 4194304, "max": 5242880, "mean": 3145728}
    assert list(doc["metricsMemory"][0]["ALIGN"]["memRaw"]) == ["q1", "q2", "q3", "min", "max", "mean"]
    assert doc["metricsIo"][1] == {"QC": {}}  # no data: nulls dropped


def test_metrics_filter_type_columns(api, run):
    api.get(f"{URL}/workflow/{RUN}/metrics", json=METRICS)
    result = run("-o", "json", "runs", "view", "-i", RUN, "metrics", "-f", "QC", "-t", "cpu", "-c", "max,MIN")
    assert document(result) == {"metricsCpu": [{"QC": {"cpuRaw": {"max": 20, "min": 10}}}]}


def test_metrics_console_condensed_and_expanded(api, run):
    api.get(f"{URL}/workflow/{RUN}/metrics", json=METRICS)
    api.get(f"{URL}/workflow/{RUN}/metrics", json=METRICS)
    condensed = run("runs", "view", "-i", RUN, "metrics", "-t", "mem", "-c", "min,max")
    assert condensed.exit_code == 0 and condensed.stderr == ""
    assert "Memory Metrics" in condensed.stdout and "Legend:" in condensed.stdout
    header = [l for l in condensed.stdout.splitlines() if "process" in l][0]
    assert [c.strip() for c in header.split("|")] == ["process", "min", "max"]
    assert "1024 KB" in condensed.stdout and "10%" in condensed.stdout
    expanded = run("runs", "view", "-i", RUN, "metrics", "-t", "time", "-v", "expanded")
    assert expanded.exit_code == 0 and expanded.stderr == ""
    header = [l for l in expanded.stdout.splitlines() if "process" in l][0]
    assert [c.strip() for c in header.split("|")][:3] == ["process", "metric", "min"]
    assert " timeRaw " in expanded.stdout and " 1m " in expanded.stdout


def test_metrics_bad_type_is_usage_error(run):
    result = run("runs", "view", "-i", RUN, "metrics", "-t", "disk")
    assert "'disk' is not one of" in misused(result)


# tasks ---------------------------------------------------------------------------------------------
def task(i, status="COMPLETED"):
    return {"task": {"taskId": i, "process": "ALIGN", "tag": f"s{i}", "status": status, "hash": f"ab/{i:04d}",
                     "exit": 0, "duration": 61000, "pcpu": 98.6, "peakRss": 2 * 1024 ** 2, "wchar": 3 * 1024,
                     "submit": "2021-09-22T05:45:44Z"}}


def tasks_page(mock, items, total, offset=0, max_=100, extra=None, callback=None):
    query = {"max": str(max_), "offset": str(offset), **(extra or {})}
    answered(mock, f"{URL}/workflow/{RUN}/tasks", {"tasks": items, "total": total}, query,
             None if callback is None else lambda: callback(offset))


def test_tasks_console_with_columns(api, run):
    tasks_page(api, [task(2), task(1, "FAILED")], 2, extra={"search": "ALI"})
    result = run("runs", "view", "-i", RUN, "tasks", "-c", "hash,duration,pcpu,peakRss,wchar,submit", "-f", "ALI")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == f"  Pipeline's run {RUN} tasks:"
    assert [c.strip() for c in lines[3].split("|")] == ["task_id", "process", "tag", "status", "hash", "submit",
                                                       "duration", "pcpu", "peakRss", "wchar"]
    assert [c.strip() for c in lines[5].split("|")] == ["2", "ALIGN", "s2", "COMPLETED", "ab/0002",
                                                       "Wed, 22 Sep 2021 05:45:44 GMT", "1m1s", "99%", "2 MB", "3 KB"]
    assert lines[6].split("|")[0].strip() == "1"  # server order


def test_tasks_json_and_footer(api, run):
    tasks_page(api, [task(3)], 9, offset=2, max_=2)
    result = run("-o", "json", "runs", "view", "-i", RUN, "tasks", "-c", "exit", "--page", "2", "--max", "2")
    assert document(result) == [{"taskId": 3, "process": "ALIGN", "tag": "s3", "status": "COMPLETED", "exit": 0}]
    tasks_page(api, [task(3)], 9, offset=2, max_=2)
    result = run("runs", "view", "-i", RUN, "tasks", "--page", "2", "--max", "2")
    assert result.exit_code == 0 and result.stderr == ""
    assert "\n  Page 2, showing from 2 to 3. \n" in result.stdout


def test_tasks_all_streams(api, run):
    seen = {}

    def before(offset):
        sys.stdout.flush()
        seen[offset] = sys.stdout.buffer.getvalue().decode()

    every = [task(i) for i in range(1, 6)]
    tasks_page(api, every[:2], 5, offset=0, max_=2, callback=before)
    tasks_page(api, every[2:4], 5, offset=2, max_=2, callback=before)
    tasks_page(api, every[4:], 5, offset=4, max_=2, callback=before)
    result = run("runs", "view", "-i", RUN, "tasks", "--all", "--max", "2")
    assert result.exit_code == 0 and result.stderr == ""
    assert " s2 " in seen[4] and " s5 " not in seen[4]
    rows = [l for l in result.stdout.splitlines() if "ALIGN" in l]
    assert [r.split("|")[0].strip() for r in rows] == ["1", "2", "3", "4", "5"]
    tasks_page(api, every[:3], 5, offset=0, max_=3)
    tasks_page(api, every[3:], 5, offset=3, max_=3)
    result = run("-o", "json", "runs", "view", "-i", RUN, "tasks", "--all", "--max", "3")
    assert result.exit_code == 0 and result.stderr == ""
    assert [t["taskId"] for t in result.json()] == [1, 2, 3, 4, 5]


def test_tasks_bad_column(run):
    result = run("runs", "view", "-i", RUN, "tasks", "-c", "bogus")
    assert "'bogus' is not one of" in misused(result)


# task ----------------------------------------------------------------------------------------------
TASK = {"task": {"taskId": 12, "id": 991, "workdir": "s3://work/ab/12", "status": "FAILED", "script": "echo hi\nexit 1\n",
                 "env": "A=1\nB=2", "submit": "2021-09-22T05:45:44Z", "start": "2021-09-22T05:46:44Z",
                 "duration": 61000, "realtime": 60000, "cpus": 2, "memory": 2 * 1024 ** 3, "queue": "q1",
                 "executor": "awsbatch", "cost": 0.25, "pcpu": 99.0, "rss": 1024 ** 2, "volCtxt": 5, "invCtxt": 7}}


def test_task_every_section(api, run):
    api.get(f"{URL}/workflow/{RUN}/task/12", json=TASK)
    result = run("runs", "view", "-i", RUN, "task", "-t", "12", "--execution-time", "--resources-requested",
                 "--resources-usage")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    out = result.stdout
    for heading in ("General", "Command", "Environment", "Execution time", "Resources requested", "Resources usage"):
        assert f"     {heading}\n" in out, heading
    assert "     echo hi\n     exit 1\n" in out
    assert " Work directory " in out and "s3://work/ab/12" in out
    assert "Wed, 22 Sep 2021 05:46:44 GMT" in out and " 1m1s " in out
    assert " 2 GB " in out and " awsbatch " in out and "$0.250000" in out
    assert " 99% " in out and " 5 " in out


def test_task_json(api, run):
    api.get(f"{URL}/workflow/{RUN}/task/12", json=TASK)
    result = run("-o", "json", "runs", "view", "-i", RUN, "task", "-t", "12", "--execution-time")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert doc["general"] == {"taskId": 12, "id": 991, "workDir": "s3://work/ab/12", "status": "FAILED"}
    assert doc["command"] == "echo hi\nexit 1\n" and doc["environment"] == "A=1\nB=2"
    assert doc["times"] == {"submit": "2021-09-22T05:45:44Z", "start": "2021-09-22T05:46:44Z", "duration": 61000,
                            "realtime": 60000}
    assert "resources" not in doc and "usage" not in doc


def test_task_json_every_section_in_tws_hashmap_order(api, run):
    api.get(f"{URL}/workflow/{RUN}/task/12", json=TASK)
    result = run("-o", "json", "runs", "view", "-i", RUN, "task", "-t", "12", "--execution-time",
                 "--resources-requested", "--resources-usage")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert list(doc) == ["general", "environment", "times", "usage", "resources", "command"]
    assert list(doc["general"]) == ["id", "workDir", "taskId", "status"]
    assert list(doc["times"]) == ["duration", "realtime", "submit", "start"]
    assert list(doc["resources"]) == ["memory", "cost", "cpus", "executor", "queue"]
    assert doc["resources"] == {"memory": 2 * 1024 ** 3, "cost": 0.25, "cpus": "2", "executor": "awsbatch", "queue": "q1"}
    assert list(doc["usage"]) == ["pcpu", "rss", "volCtxt", "invCtxt"]


GPU = {"name": "NVIDIA A10G", "driver": "535.104", "mem": 23028, "pct": 87.5, "peak": 100.0, "pct_mem": 40.0,
       "peak_mem": 61.0, "avg_mem": 900, "peak_mem_used": 14042, "avg_mem_bw_util": 12.5, "peak_mem_bw_util": 30.0,
       "active_time": 125000}


def test_task_gpu_usage(api, run):
    """A task with GPU metrics: tw adds twelve gpu* keys to the usage map (25 keys: a bigger HashMap, another
    order) and twelve rows to the console table."""
    from tw_py.cli.runs.documents import GPU_USAGE

    api.get(f"{URL}/workflow/{RUN}/task/12", json={"task": dict(TASK["task"], gpuMetrics=GPU)})
    result = run("-o", "json", "runs", "view", "-i", RUN, "task", "-t", "12", "--resources-usage")
    assert result.exit_code == 0 and result.stderr == ""
    usage = result.json()["usage"]
    assert list(usage) == ["gpuName", "gpuAvgMemBwUtil", "pcpu", "gpuPeakMem", "rss", "gpuActiveTime", "gpuTotalMemory",
                           "gpuAvgMem", "gpuDriver", "gpuPctMem", "gpuPct", "gpuPeakMemBwUtil", "gpuPeakMemUsed",
                           "volCtxt", "invCtxt", "gpuPeak"]
    assert usage["gpuTotalMemory"] == 23028 and usage["gpuActiveTime"] == 125000 and usage["gpuPctMem"] == 40.0

    api.get(f"{URL}/workflow/{RUN}/task/12", json={"task": dict(TASK["task"], gpuMetrics=GPU)})
    result = run("runs", "view", "-i", RUN, "task", "-t", "12", "--resources-usage")
    assert result.exit_code == 0 and result.stderr == ""
    rows = {cells[0]: cells[1] for cells in ([c.strip() for c in line.split("|")] for line in result.stdout.splitlines()
                                             if line.count("|") == 2)}
    assert rows["invCtxt"] == "7"
    assert [name for name in rows if name.startswith("gpu")] == [key for key, _ in GPU_USAGE]
    assert rows["gpuName"] == "NVIDIA A10G" and rows["gpuTotalMemory"] == "22.5 GB" and rows["gpuAvgMem"] == "900 MB"
    assert rows["gpuPct"] == "88%" and rows["gpuPeakMemBwUtil"] == "30%" and rows["gpuActiveTime"] == "2m5s"

    api.get(f"{URL}/workflow/{RUN}/task/12", json=TASK)
    result = run("runs", "view", "-i", RUN, "task", "-t", "12", "--resources-usage")
    assert result.exit_code == 0 and "gpuName" not in result.stdout


def test_task_not_found(api, run):
    api.get(f"{URL}/workflow/{RUN}/task/99", status=404, json={"message": "not found"})
    result = run("runs", "view", "-i", RUN, "task", "-t", "99")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"ERROR: Task '99' not found in pipeline run '{RUN}' at user workspace" in result.stderr
