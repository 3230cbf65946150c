"""The documents `runs view`, `runs view metrics`, `tasks` and `task` print, shaped as tw's (key order, names,
value formats) from what the API answered. Display code: it lives with the commands, not in api/.

tw builds most of these maps in java.util.HashMaps: `java_hashmap_order` gives them tw's key order (the maps tw
builds in a LinkedHashMap, like `general` of runs view and the metric blocks, keep the order they are built in)."""
from __future__ import annotations

from tw_py.jsonfmt import java_hashmap_order
from tw_py.output.formats import format_labels


# View documents ---------------------------------------------------------------------------------
def view_general(described: dict, load: dict, launch: dict) -> dict:
    """tw's `general` map of `runs view` (key order as tw; nulls are dropped on output)."""
    wf = described.get("workflow") or {}
    executors = load.get("executors")
    ce = launch.get("computeEnv") if launch else None
    return {
        "id": wf.get("id"),
        "operationId": (described.get("jobInfo") or {}).get("operationId"),
        "runName": wf.get("runName"),
        "startingDate": wf.get("start"),
        "commitId": wf.get("commitId"),
        "sessionId": wf.get("sessionId"),
        "username": wf.get("userName"),
        "workdir": wf.get("workDir"),
        "container": wf.get("container"),
        "executors": ", ".join(executors) if executors else None,
        "computeEnv": (ce or {}).get("name") if ce else "-",
        "nextflowVersion": (wf.get("nextflow") or {}).get("version"),
        "status": wf.get("status"),
        "labels": format_labels(described.get("labels")),
    }


def _n(value) -> int | float:
    return value or 0


def view_status(load: dict) -> dict:
    return java_hashmap_order({k: _n(load.get(k)) for k in ("pending", "submitted", "running", "cached", "succeeded",
                                                            "failed")})


def view_processes(prog: dict) -> list:
    rows = []
    for p in prog.get("processesProgress") or []:
        done = _n(p.get("succeeded")) + _n(p.get("cached"))
        total = sum(_n(p.get(k)) for k in ("pending", "running", "cached", "submitted", "succeeded", "failed"))
        rows.append(java_hashmap_order({"name": p.get("process"), "completedTasks": done, "totalTasks": total}))
    return rows


def view_stats(workflow: dict, load: dict) -> dict:
    """As tw computes them: minutes of wall time, hours of CPU time (whole minutes), GB (whole MB).

    As in tw, no wall time while the run has no duration yet, and no load figures without progress data."""
    gb = lambda b: (_n(b) // 1024 // 1024) / 1024  # noqa: E731 - tw divides whole MiB
    stats = {}
    if workflow.get("duration") is not None:
        stats["wallTime"] = (workflow["duration"] // 1000) / 60
    if load:
        stats.update({"cpuTime": (_n(load.get("cpuTime")) // 60000) / 60, "totalMemory": gb(load.get("memoryRss")),
                      "read": gb(load.get("readBytes")), "write": gb(load.get("writeBytes")), "cost": load.get("cost")})
    return java_hashmap_order(stats)


def view_load(load: dict) -> dict:
    return java_hashmap_order({k: _n(load.get(k)) for k in ("peakCpus", "loadCpus", "peakTasks", "loadTasks")})


def view_utilization(load: dict) -> dict:
    return java_hashmap_order({"memoryEfficiency": _n(load.get("memoryEfficiency")),
                               "cpuEfficiency": _n(load.get("cpuEfficiency"))})


# Metrics --------------------------------------------------------------------------------------------
METRIC_TYPES = ("cpu", "mem", "time", "io", "gpu")
METRIC_COLUMNS = ("mean", "min", "q1", "q2", "q3", "max")
DEFAULT_METRIC_COLUMNS = ("min", "q1", "q2", "q3", "max", "mean")
#: metric type -> (JSON key, [(block name, WorkflowMetrics field)])
METRIC_BLOCKS = {
    "mem": ("metricsMemory", (("memRaw", "mem"), ("memVirtual", "vmem"), ("memUsage", "memUsage"))),
    "cpu": ("metricsCpu", (("cpuRaw", "cpu"), ("cpuUsage", "cpuUsage"))),
    "time": ("metricsTime", (("timeRaw", "time"), ("timeUsage", "timeUsage"))),
    "io": ("metricsIo", (("reads", "reads"), ("writes", "writes"))),
    "gpu": ("metricsGpu", (("gpuUsage", "gpuUsage"), ("gpuMemAvg", "gpuMemAvg"), ("gpuMemPeak", "gpuMemPeak"))),
}
def metrics_document(items: list, *, types=None, columns=None, process_filter: str = "") -> dict:
    """tw's metrics map: `{metricsMemory: [{process: {memRaw: {min,..}, ...}}], metricsCpu: ..., ...}`, its sections in
    the order tw's console prints them (mem, cpu, time, io, gpu); `java_hashmap_order` gives its JSON order.

    Default types are cpu, mem, time and io, plus gpu when the run has GPU metrics."""
    if not types:
        types = ["cpu", "mem", "time", "io"]
        if any(m.get(f) for m in items for _, f in METRIC_BLOCKS["gpu"][1]):
            types.append("gpu")
    columns = list(columns or DEFAULT_METRIC_COLUMNS)
    doc = {}
    for key_type in ("mem", "cpu", "time", "io", "gpu"):
        if key_type not in types:
            continue
        key, blocks = METRIC_BLOCKS[key_type]
        rows = []
        for m in items:
            name = m.get("process") or ""
            if process_filter and process_filter not in name:
                continue
            data = {}
            for block, field in blocks:
                values = m.get(field)
                data[block] = None if values is None else java_hashmap_order({c: values.get(c) for c in columns})
            rows.append({name: data})
        if rows:
            doc[key] = rows
    return doc


# Task documents ------------------------------------------------------------------------------------
#: tw's TaskColumn enum: name, header, fixed
TASK_COLUMNS = (("taskId", "task_id", True), ("process", "process", True), ("tag", "tag", True),
                ("status", "status", True), ("hash", "hash", False), ("exit", "exit", False),
                ("container", "container", False), ("nativeId", "native_id", False), ("submit", "submit", False),
                ("duration", "duration", False), ("realtime", "realtime", False), ("pcpu", "pcpu", False),
                ("pmem", "pmem", False), ("peakRss", "peakRss", False), ("peakVmem", "peakVmem", False),
                ("rchar", "rchar", False), ("wchar", "wchar", False), ("volCtxt", "volCtxt", False),
                ("invCtxt", "invCtxt", False))
TASK_EXTRA_COLUMNS = tuple(name for name, _, fixed in TASK_COLUMNS if not fixed)


def task_columns(extra) -> list:
    """The (name, header) of the columns to show: the fixed ones plus `extra`, in tw's enum order."""
    chosen = set(extra or ())
    return [(name, header) for name, header, fixed in TASK_COLUMNS if fixed or name in chosen]


def task_row(task_obj: dict, columns) -> dict:
    """One task as tw's JSON: the chosen columns, nulls left out."""
    return {name: task_obj.get(name) for name, _ in columns if task_obj.get(name) is not None}


def task_document(task_obj: dict, *, execution_time=False, resources_requested=False, resources_usage=False) -> dict:
    """tw's task map: general, command, environment, times, resources, usage (each a HashMap in tw)."""
    t = task_obj
    doc = {"general": java_hashmap_order({"taskId": t.get("taskId"), "id": t.get("id"), "workDir": t.get("workdir"),
                                          "status": t.get("status")}),
           "command": t.get("script"), "environment": t.get("env")}
    if execution_time:
        doc["times"] = java_hashmap_order({k: t.get(k) for k in ("submit", "start", "complete", "duration", "realtime")})
    if resources_requested:
        doc["resources"] = java_hashmap_order({
            "container": t.get("container"), "queue": t.get("queue"),
            "cpus": str(t["cpus"]) if t.get("cpus") is not None else None, "memory": t.get("memory"),
            "disk": t.get("disk"), "time": t.get("time"), "executor": t.get("executor"),
            "machineType": t.get("machineType"), "cloudZone": t.get("cloudZone"), "priceModel": t.get("priceModel"),
            "cost": float(t.get("cost") or 0)})
    if resources_usage:
        doc["usage"] = java_hashmap_order({
            "pcpu": t.get("pcpu") or 0,
            **{k: t.get(k) for k in ("rss", "peakRss", "vmem", "peakVmem", "rchar", "wchar", "readBytes", "writeBytes",
                                     "syscr", "syscw")},
            "volCtxt": float(t["volCtxt"]) if t.get("volCtxt") is not None else None,
            "invCtxt": float(t["invCtxt"]) if t.get("invCtxt") is not None else None,
            **_gpu_usage(t.get("gpuMetrics"))})
    return java_hashmap_order(doc)


#: tw's GPU usage keys of a task and the API's GpuMetrics field each comes from
GPU_USAGE = (("gpuName", "name"), ("gpuDriver", "driver"), ("gpuTotalMemory", "mem"), ("gpuPct", "pct"),
             ("gpuPeak", "peak"), ("gpuPctMem", "pct_mem"), ("gpuPeakMem", "peak_mem"), ("gpuAvgMem", "avg_mem"),
             ("gpuPeakMemUsed", "peak_mem_used"), ("gpuAvgMemBwUtil", "avg_mem_bw_util"),
             ("gpuPeakMemBwUtil", "peak_mem_bw_util"), ("gpuActiveTime", "active_time"))


def _gpu_usage(gpu: dict | None) -> dict:
    """The GPU keys tw adds to a task's usage when the task reports GPU metrics (all twelve, even when null)."""
    return {} if gpu is None else {key: gpu.get(field) for key, field in GPU_USAGE}
