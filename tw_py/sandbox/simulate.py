"""How a sandbox run unfolds over time: status, tasks, progress, metrics and logs, all derived from the clock.

A run's timeline is measured in "sandbox seconds" (wall-clock seconds times the run's speed):
SUBMITTED until RUN_START, RUNNING until RUN_END, then SUCCEEDED (or FAILED when launched with the parameter
`sandbox_fail: true`). Tasks are submitted one after another inside that window. Cancelling freezes the
timeline: running tasks become ABORTED and the run CANCELLED. Nothing is stored per tick, so a run keeps
progressing across restarts of a `--state` sandbox.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from tw_py.sandbox.store import iso

RUN_START = 1.0   # SUBMITTED -> RUNNING
TASKS_END = 5.0   # last task done
RUN_END = 5.5     # RUNNING -> SUCCEEDED / FAILED
NEXTFLOW_VERSION = "24.04.4"
EXECUTOR = "awsbatch"

HELLO_PLAN = [["sayHello", ["Bonjour", "Ciao", "Hello", "Hola"]]]
GENERIC_PLAN = [["FASTQC", ["sample_1", "sample_2", "sample_3"]],
                ["ALIGN", ["sample_1", "sample_2", "sample_3"]],
                ["MULTIQC", [None]]]


def plan_for(repository: str) -> list:
    """The processes (name, task tags) a run of this repository executes."""
    return HELLO_PLAN if repository.rstrip("/").endswith("/hello") else GENERIC_PLAN


@dataclass
class TaskState:
    number: int          # taskId (1-based, per run)
    process: str
    tag: str | None
    status: str
    submit: float        # epochs
    start: float | None
    complete: float | None
    values: dict = field(default_factory=dict)


@dataclass
class RunState:
    status: str
    start: float | None
    complete: float | None
    tasks: list
    total_tasks: int
    elapsed: float       # sandbox seconds, frozen at cancellation


def _values(run_id: str, number: int) -> dict:
    """Deterministic pseudo resource usage for one task."""
    seed = int(hashlib.sha256(f"{run_id}:{number}".encode()).hexdigest()[:12], 16)
    rnd = random.Random(seed)
    cpus = rnd.choice([1, 2, 4])
    memory = rnd.choice([2, 4, 8]) * 1024 ** 3
    return {
        "hash": f"{seed % 256:02x}/{seed % 16 ** 6:06x}",
        "cpus": cpus, "memory": memory,
        "pcpu": round(rnd.uniform(40, 99) * cpus, 1), "pmem": round(rnd.uniform(0.5, 8.0), 1),
        "rss": int(memory * rnd.uniform(0.05, 0.4)), "vmem": int(memory * rnd.uniform(0.3, 0.6)),
        "rchar": rnd.randint(10 ** 5, 10 ** 8), "wchar": rnd.randint(10 ** 4, 10 ** 7),
        "syscr": rnd.randint(100, 5000), "syscw": rnd.randint(50, 2000),
        "volCtxt": rnd.randint(10, 900), "invCtxt": rnd.randint(1, 90),
        "nativeId": f"{seed:x}"[:8] + "-" + f"{seed:x}"[-4:],
    }


def snapshot(run: dict, now: float) -> RunState:
    """The state of a run at `now`."""
    t0, speed = run["_t0"], run.get("_speed") or 1.0
    elapsed = (now - t0) * speed
    cancelled = False
    if run.get("_cancelAt") is not None:
        stop = (run["_cancelAt"] - t0) * speed
        if elapsed >= stop:
            elapsed, cancelled = stop, True

    def epoch(x: float) -> float:
        return t0 + x / speed

    entries = [(process, tag) for process, tags in run["_plan"] for tag in tags]
    total = len(entries)
    step = (TASKS_END - RUN_START) / max(total, 1)
    tasks = []
    for index, (process, tag) in enumerate(entries):
        submit = RUN_START + index * step
        start = submit + 0.2 * step
        end = min(submit + 1.6 * step, TASKS_END)
        if elapsed < submit:
            break
        failing = run.get("_fail") and index == total - 1
        if elapsed < start:
            status = "SUBMITTED"
        elif elapsed < end:
            status = "RUNNING"
        else:
            status = "FAILED" if failing else "COMPLETED"
        if cancelled and status in ("SUBMITTED", "RUNNING"):
            status = "ABORTED"
        started = status in ("RUNNING", "COMPLETED", "FAILED") or (status == "ABORTED" and elapsed >= start)
        done = status in ("COMPLETED", "FAILED", "ABORTED")
        tasks.append(TaskState(index + 1, process, tag, status, epoch(submit), epoch(start) if started else None,
                               (epoch(end) if status in ("COMPLETED", "FAILED") else epoch(elapsed)) if done else None,
                               _values(run["id"], index + 1)))
    if cancelled:
        status = "CANCELLED"
    elif elapsed < RUN_START:
        status = "SUBMITTED"
    elif elapsed < RUN_END:
        status = "RUNNING"
    else:
        status = "FAILED" if run.get("_fail") else "SUCCEEDED"
    start = epoch(RUN_START) if elapsed >= RUN_START else None
    complete = None
    if status in ("SUCCEEDED", "FAILED"):
        complete = epoch(RUN_END)
    elif status == "CANCELLED":
        complete = epoch(elapsed)
    return RunState(status, start, complete, tasks, total, elapsed)


# Documents -----------------------------------------------------------------------------------------
def task_document(run: dict, task: TaskState, now: float) -> dict:
    v = task.values
    name = f"{task.process} ({task.tag})" if task.tag else task.process
    duration = int(((task.complete or now) - task.submit) * 1000)
    realtime = int(((task.complete or now) - task.start) * 1000) if task.start else None
    finished = task.status in ("COMPLETED", "FAILED")
    doc = {
        "id": run["_taskBase"] + task.number, "taskId": task.number, "hash": v["hash"], "name": name,
        "process": task.process, "tag": task.tag, "status": task.status,
        "submit": iso(task.submit), "start": iso(task.start), "complete": iso(task.complete),
        "module": [], "container": "quay.io/nextflow/bash", "attempt": 1,
        "script": f"\n    echo '{task.tag or task.process} world!'\n    ",
        "scratch": "false", "workdir": f"{run['workDir'].rstrip('/')}/{v['hash']}{run['id'].lower()}",
        "queue": "TowerForge-sandbox-work", "cpus": v["cpus"], "memory": v["memory"], "disk": None, "time": None,
        "env": None, "executor": EXECUTOR, "machineType": "m5.large", "cloudZone": "eu-west-1a",
        "priceModel": "spot", "cost": round(0.0012 * v["cpus"], 4) if finished else None,
        "errorAction": "TERMINATE" if task.status == "FAILED" else None,
        "nativeId": v["nativeId"], "dateCreated": iso(task.submit), "lastUpdated": iso(task.complete or task.start or task.submit),
    }
    if finished:
        doc.update({"exit": 1 if task.status == "FAILED" else 0, "exitStatus": 1 if task.status == "FAILED" else 0,
                    "duration": duration, "realtime": realtime, "pcpu": v["pcpu"], "pmem": v["pmem"],
                    "rss": v["rss"], "vmem": v["vmem"], "peakRss": v["rss"], "peakVmem": v["vmem"],
                    "rchar": v["rchar"], "wchar": v["wchar"], "syscr": v["syscr"], "syscw": v["syscw"],
                    "readBytes": v["rchar"], "writeBytes": v["wchar"], "volCtxt": v["volCtxt"], "invCtxt": v["invCtxt"]})
    return doc


def _load(tasks: list, process: str | None = None) -> dict:
    def count(*statuses):
        return sum(1 for t in tasks if t.status in statuses)

    done = [t for t in tasks if t.status in ("COMPLETED", "FAILED")]
    running = [t for t in tasks if t.status == "RUNNING"]
    cpu_time = sum(int((t.complete - t.start) * 1000) * t.values["cpus"] for t in done if t.start)
    doc = {
        "pending": 0, "submitted": count("SUBMITTED"), "running": len(running), "succeeded": count("COMPLETED"),
        "failed": count("FAILED"), "cached": 0, "ignored": 0, "aborted": count("ABORTED"), "retries": 0,
        "cpus": sum(t.values["cpus"] for t in done), "cpuTime": cpu_time,
        "cpuLoad": int(sum(t.values["pcpu"] for t in done) * 10),
        "memoryRss": sum(t.values["rss"] for t in done), "memoryReq": sum(t.values["memory"] for t in done),
        "readBytes": sum(t.values["rchar"] for t in done), "writeBytes": sum(t.values["wchar"] for t in done),
        "volCtxSwitch": sum(t.values["volCtxt"] for t in done), "invCtxSwitch": sum(t.values["invCtxt"] for t in done),
        "loadTasks": len(running), "loadCpus": sum(t.values["cpus"] for t in running),
        "loadMemory": sum(t.values["memory"] for t in running),
        "peakTasks": min(len(tasks), 2), "peakCpus": max([t.values["cpus"] for t in tasks] or [0]) * min(len(tasks), 2),
        "peakMemory": max([t.values["memory"] for t in tasks] or [0]) * min(len(tasks), 2),
    }
    if process is not None:
        doc["process"] = process
    if done:
        doc["cpuEfficiency"] = round(sum(t.values["pcpu"] / t.values["cpus"] for t in done) / len(done), 2)
        doc["memoryEfficiency"] = round(sum(100.0 * t.values["rss"] / t.values["memory"] for t in done) / len(done), 2)
    return doc


def progress_document(run: dict, state: RunState, now: float) -> dict:
    workflow = _load(state.tasks)
    if state.status in ("SUBMITTED", "RUNNING"):
        workflow["pending"] = state.total_tasks - len(state.tasks)
    workflow["executors"] = [EXECUTOR]
    workflow["cost"] = round(sum(0.0012 * t.values["cpus"] for t in state.tasks if t.status in ("COMPLETED", "FAILED")), 4)
    workflow["dateCreated"] = iso(run["_t0"])
    workflow["lastUpdated"] = iso(state.complete or now)
    processes = []
    for name, tags in run["_plan"]:
        of_process = [t for t in state.tasks if t.process == name]
        load = _load(of_process, name)
        if state.status in ("SUBMITTED", "RUNNING"):
            load["pending"] = len(tags) - len(of_process)
        processes.append(load)
    return {"workflowProgress": workflow, "processesProgress": processes, "totalProcesses": len(run["_plan"])}


def _resource(values: list) -> dict:
    values = sorted(float(v) for v in values)

    def q(p):
        return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]

    return {"min": values[0], "q1": q(0.25), "q2": q(0.5), "q3": q(0.75), "max": values[-1],
            "mean": round(sum(values) / len(values), 2)}


def metrics_document(run: dict, state: RunState) -> list:
    metrics = []
    for name, _ in run["_plan"]:
        done = [t for t in state.tasks if t.process == name and t.status in ("COMPLETED", "FAILED") and t.start]
        if not done:
            continue
        metrics.append({
            "process": name,
            "cpu": _resource([t.values["pcpu"] for t in done]),
            "mem": _resource([t.values["rss"] for t in done]),
            "vmem": _resource([t.values["vmem"] for t in done]),
            "time": _resource([(t.complete - t.start) * 1000 for t in done]),
            "reads": _resource([t.values["rchar"] for t in done]),
            "writes": _resource([t.values["wchar"] for t in done]),
            "cpuUsage": _resource([t.values["pcpu"] / t.values["cpus"] for t in done]),
            "memUsage": _resource([100.0 * t.values["rss"] / t.values["memory"] for t in done]),
            "timeUsage": _resource([min(100.0, 100.0 * (t.complete - t.start) / 3600) for t in done]),
        })
    return metrics


def _clock(epoch: float) -> str:
    return iso(epoch)[11:19]


def log_text(run: dict, state: RunState, now: float) -> str:
    """The run's nextflow log so far. Like a real log it only grows at the end: events in time order."""
    events = [(run["_t0"], f"[main] INFO  nextflow.cli.CmdRun - N E X T F L O W  ~  version {NEXTFLOW_VERSION}"),
              (run["_t0"], f"[main] INFO  nextflow.cli.CmdRun - Launching `{run['repository']}` "
                           f"[{run['runName']}] DSL2 - revision: {run['commitId'][:10]} [{run.get('revision') or 'master'}]")]
    if state.start:
        events.append((state.start, f"[main] INFO  nextflow.Session - Session start; executor > {EXECUTOR}"))
    for task in state.tasks:
        label = f"{task.process} ({task.tag})" if task.tag else task.process
        events.append((task.submit, f"[Task submitter] INFO  nextflow.Session - [{task.values['hash']}] Submitted process > {label}"))
        if task.status == "COMPLETED":
            events.append((task.complete, f"[Task monitor] DEBUG n.processor.TaskProcessor - Task completed > {label} [status: COMPLETED; exit: 0]"))
        elif task.status == "FAILED":
            events.append((task.complete, f"[Task monitor] ERROR nextflow.processor.TaskProcessor - Error executing process > '{label}'\n"
                                          f"Caused by:\n  Process `{label}` terminated with an error exit status (1) (sandbox_fail was requested)"))
        elif task.status == "ABORTED":
            events.append((task.complete or now, f"[Task monitor] INFO  nextflow.Session - Task aborted > {label}"))
    if state.status == "CANCELLED":
        events.append((state.complete, "[main] INFO  nextflow.Session - Execution cancelled -- Finishing pending tasks before exit"))
    elif state.complete:
        ok = sum(1 for t in state.tasks if t.status == "COMPLETED")
        failed = sum(1 for t in state.tasks if t.status == "FAILED")
        events.append((state.complete, "[main] INFO  nextflow.Session - Execution complete -- "
                                       f"{'Goodbye' if state.status == 'SUCCEEDED' else 'Workflow failed'}; succeeded: {ok}, failed: {failed}"))
    ordered = sorted(enumerate(events), key=lambda item: (item[1][0] or 0, item[0]))
    return "".join(f"{_clock(when)} {text}\n" for _, (when, text) in ordered)


def stdout_text(run: dict, state: RunState) -> str:
    """The run's console output (`nf-<id>.txt`)."""
    lines = [f"N E X T F L O W  ~  version {NEXTFLOW_VERSION}",
             f"Launching `{run['repository']}` [{run['runName']}] DSL2 - revision: {run['commitId'][:10]}", ""]
    if state.tasks:
        lines.append(f"executor >  {EXECUTOR} ({len(state.tasks)})")
    for task in state.tasks:
        label = f"{task.process} ({task.tag})" if task.tag else task.process
        lines.append(f"[{task.values['hash']}] {label} [100%] {task.status.lower()}")
        if task.status == "COMPLETED" and run["_plan"][0][0] == "sayHello" and task.tag:
            lines.append(f"{task.tag} world!")
    if state.status == "SUCCEEDED":
        lines += ["Completed at: " + iso(state.complete), f"Succeeded   : {len(state.tasks)}"]
    elif state.status == "FAILED":
        lines += ["ERROR ~ Error executing process (sandbox_fail was requested)", "Execution failed"]
    elif state.status == "CANCELLED":
        lines.append("Execution cancelled")
    return "\n".join(lines) + "\n"


def task_file(task: TaskState, file_name: str) -> str | None:
    if file_name in (".command.out", ".command.log"):
        if task.status == "FAILED":
            return "sandbox: failing as requested by sandbox_fail\n"
        if task.status == "COMPLETED":
            return f"{task.tag or task.process} world!\n"
        return ""
    if file_name == ".command.err":
        return "sandbox_fail requested: exit 1\n" if task.status == "FAILED" else ""
    return None
