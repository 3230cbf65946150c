"""twpy runs view: a run's details and sections, and its subcommands download, metrics, tasks and task.

As in tw, the subcommands follow the parent's options: `twpy runs view -i ID -w WS tasks -c hash`.
"""
from __future__ import annotations

import click

from tw_py.cli.context import AppContext
from tw_py.cli.options import filter_option, pagination_options, run_id_option, workspace_option

SECTIONS = ("config", "params", "command", "status", "processes", "stats", "load", "utilization")
METRIC_FLAGS = {"metrics_memory": "mem", "metrics_cpu": "cpu", "metrics_time": "time", "metrics_io": "io"}


def _app(ctx) -> AppContext:
    return ctx.find_object(AppContext)


def _parent(ctx) -> tuple:
    """(run id, workspace option) given to `view`."""
    params = ctx.parent.params
    _require_id(ctx.parent, params["run_id"])
    return params["run_id"], params["workspace"]


def _require_id(ctx, run_id) -> None:
    """`-i` is required, but checked here rather than by click so that `view SUBCOMMAND --help` works."""
    if run_id is None:
        raise click.UsageError("Missing option '-i' / '--id'.", ctx=ctx)


def _kv(rows, prefix: str = "    ") -> str:
    """A headerless table (rule line, then rows) in tw's look; any number of columns."""
    from tw_py.output.tables import grid

    width = max((len(r) for r in rows), default=1)
    body = grid([[("" if c is None else str(c)) for c in r] for r in rows], [""] * width, prefix).split("\n")
    return "\n".join(body[1:]) + "\n"


def _fmt2(value) -> str:
    return "-" if value is None else f"{float(value):.2f}"


@click.group("view", invoke_without_command=True)
@run_id_option(help_text="Pipeline run identifier (required).", required=False)
@workspace_option
@click.option("--config", is_flag=True, help="Show the run's configuration files and resolved configuration.")
@click.option("--params", is_flag=True, help="Show the run's parameters.")
@click.option("--command", is_flag=True, help="Show the run's command line.")
@click.option("--status", is_flag=True, help="Show the run's task status counts.")
@click.option("--processes", is_flag=True, help="Show the run's processes and their completed tasks.")
@click.option("--stats", is_flag=True, help="Show the run's stats (wall time, CPU time, memory, I/O, cost).")
@click.option("--load", is_flag=True, help="Show the run's load (cores and tasks).")
@click.option("--utilization", is_flag=True, help="Show the run's memory and CPU efficiency.")
@click.option("--metrics-memory", "metrics_memory", is_flag=True, help="Show the run's memory metrics per process.")
@click.option("--metrics-cpu", "metrics_cpu", is_flag=True, help="Show the run's CPU metrics per process.")
@click.option("--metrics-time", "metrics_time", is_flag=True, help="Show the run's time metrics per process.")
@click.option("--metrics-io", "metrics_io", is_flag=True, help="Show the run's I/O metrics per process.")
@click.pass_context
def view_group(ctx, run_id, workspace, **flags):
    """View a pipeline run: general details, and the sections asked for.

    Subcommands (download, metrics, tasks, task) come after the view options, as in tw.
    tw's --metrics-* flags print nothing; twpy prints those metrics in the console view (the JSON stays tw's).

    \b
    Examples:
      twpy runs view -i 5mDfiUtqyptDib
      twpy runs view -i 5mDfiUtqyptDib --params --processes --stats
      twpy runs view -i 5mDfiUtqyptDib tasks -c hash,exit --all
      twpy runs view -i 5mDfiUtqyptDib download --type log
    """
    if ctx.invoked_subcommand is not None:
        return
    _require_id(ctx, run_id)
    from tw_py.api import runs
    from tw_py.cli.runs import documents

    app = _app(ctx)
    ws = app.workspace(workspace)
    client = app.client
    described = runs.describe(client, ws, run_id, attributes="labels")
    workflow = described.get("workflow") or {}
    prog = runs.progress(client, ws, run_id)
    load = prog.get("workflowProgress") or {}
    launch = runs.workflow_launch(client, ws, run_id, optional=True)

    doc = {"general": documents.view_general(described, load, launch)}
    if flags["config"]:
        if workflow.get("configFiles"):
            doc["configuration_files"] = list(workflow["configFiles"])
        if workflow.get("configText") is not None:
            doc["configuration_text"] = workflow["configText"]
    if flags["params"] and workflow.get("params"):
        doc["parameters"] = workflow["params"]
    if flags["command"] and workflow.get("commandLine") is not None:
        doc["command"] = workflow["commandLine"]
    if flags["status"]:
        doc["status"] = documents.view_status(load)
    if flags["processes"]:
        processes = documents.view_processes(prog)
        if processes:
            doc["processes"] = processes
    if flags["stats"]:
        stats = documents.view_stats(workflow, load)
        if stats:
            doc["stats"] = stats
    if flags["load"] and load:
        doc["load"] = documents.view_load(load)
    if flags["utilization"] and load:
        doc["utilization"] = documents.view_utilization(load)
    from tw_py.jsonfmt import java_hashmap_order

    ordered = java_hashmap_order(doc)   # tw's view document is a HashMap
    # tw's JSON has no metrics keys (its --metrics-* flags print nothing): twpy adds them to the console view only.
    metric_types = [] if app.renderer.json else [t for flag, t in METRIC_FLAGS.items() if flags[flag]]
    metrics_doc = {}
    if metric_types:
        metrics_doc = documents.metrics_document(runs.metrics(client, ws, run_id), types=metric_types)
        ordered.update(metrics_doc)
    app.emit(ordered, lambda: _view_text(ws.ref, ordered) + (_metrics_text(metrics_doc, None, "condensed")
                                                             if metrics_doc else ""))


def _view_text(ref: str, doc: dict) -> str:
    from tw_py import jsonfmt
    from tw_py.output.formats import format_time
    from tw_py.output.tables import indent

    g = doc["general"]
    text = f"\n  Run at {ref} workspace:\n\n\n    General\n"
    text += _kv([("ID", g.get("id")), ("Operation ID", g.get("operationId") or "-"), ("Run name", g.get("runName")),
                 ("Status", g.get("status") or "NA"),
                 ("Starting date", format_time(g["startingDate"]) if g.get("startingDate") else "No date reported"),
                 ("Commit ID", g.get("commitId") or "No commit ID reported"), ("Session ID", g.get("sessionId")),
                 ("Username", g.get("username")), ("Workdir", g.get("workdir")),
                 ("Container", g.get("container") or "No container was reported"),
                 ("Executors", g.get("executors") or "No executors were reported"),
                 ("Compute Environment", g.get("computeEnv")),
                 ("Nextflow Version", g.get("nextflowVersion") or "No Nextflow version reported"),
                 ("Labels", g.get("labels") or "No labels reported in workspace")])
    if "configuration_files" in doc:
        text += "\n    Configuration Files\n" + _kv([(f,) for f in doc["configuration_files"]])
    if "configuration_text" in doc:
        text += ("\n    Resolved Configuration\n    ----------------------\n"
                 + indent(doc["configuration_text"]) + "\n\n")
    if "parameters" in doc:
        text += "\n    Parameters\n    ----------\n" + indent(jsonfmt.dumps(doc["parameters"])) + "\n\n"
    if "command" in doc:
        text += f"\n    Command\n    -------\n     {doc['command']}\n"
    if "status" in doc:
        s = doc["status"]
        text += "\n    Status\n" + _kv([(name.capitalize(), s.get(name)) for name in
                                       ("pending", "submitted", "running", "cached", "succeeded", "failed")])
    if "processes" in doc:
        text += "\n    Completed processes\n" + _kv([(p["name"], f"{p['completedTasks']}/{p['totalTasks']}")
                                                      for p in doc["processes"]])
    if "stats" in doc:
        s = doc["stats"]
        text += "\n    Stats\n" + _kv([("Wall Time", f"{_fmt2(s.get('wallTime'))} minutes"),
                                      ("CPU Time", f"{_fmt2(s.get('cpuTime'))} hours"),
                                      ("Total Memory", f"{_fmt2(s.get('totalMemory'))} GB"),
                                      ("Read", f"{_fmt2(s.get('read'))} GB"), ("Write", f"{_fmt2(s.get('write'))} GB"),
                                      ("Estimated Cost", f"${_fmt2(s.get('cost'))}")])
    if "load" in doc:
        s = doc["load"]
        text += "\n    Load\n" + _kv([("Cores", f"{s['loadCpus']}/{s['peakCpus']}"),
                                     ("Tasks", f"{s['loadTasks']}/{s['peakTasks']}")])
    if "utilization" in doc:
        s = doc["utilization"]
        text += "\n    Utilization\n" + _kv([("Memory Efficiency", f"{_fmt2(s['memoryEfficiency'])}%"),
                                            ("CPU Efficiency", f"{_fmt2(s['cpuEfficiency'])}%")])
    return text + "\n"


# download --------------------------------------------------------------------------------------
@view_group.command("download")
@click.option("--type", "file_type", type=click.Choice(("stdout", "log", "stderr", "timeline"), case_sensitive=False),
              default="stdout", show_default=True,
              help="File type to download: stdout, log, stderr (tasks only) or timeline (runs only).")
@click.option("-t", "task_id", type=int, metavar="<task>", help="Task identifier (download a task's file).")
@click.pass_context
def download_cmd(ctx, file_type, task_id):
    """Download a pipeline run's file (its output, Nextflow log or timeline) or a task's file.

    \b
    Examples:
      twpy runs view -i 5mDfiUtqyptDib download --type log > nextflow.log
      twpy runs view -i 5mDfiUtqyptDib download -t 12 --type stderr
    """
    from tw_py.api import runs

    run_id, workspace = _parent(ctx)
    app = _app(ctx)
    file_type = file_type.lower()
    runs.download_name(run_id, file_type, task_id)  # bad combinations fail before any request
    ws = app.workspace(workspace)
    content = runs.download(app.client, ws, run_id, file_type, task_id)
    app.emit({file_type: content}, content if content.endswith("\n") else content + "\n")


# metrics ---------------------------------------------------------------------------------------
class CommaChoice(click.ParamType):
    """A comma-separated list of choices (case-insensitive), repeatable; returns the canonical names."""

    name = "list"

    def __init__(self, choices):
        self.choices = tuple(choices)

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        out = []
        for item in str(value).split(","):
            item = item.strip()
            if not item:
                continue
            match = next((c for c in self.choices if c.lower() == item.lower()), None)
            if match is None:
                self.fail(f"'{item}' is not one of {', '.join(self.choices)}", param, ctx)
            out.append(match)
        return out


def _flatten(ctx, param, value):
    if not value:
        return None
    return [v for chunk in value for v in chunk]


METRIC_TITLES = {"metricsMemory": ("Memory Metrics", "Legend:  physical RAM / virtual RAM+swap / %RAM allocated "),
                 "metricsCpu": ("CPU Metrics", "Legend: raw usage / % allocated"),
                 "metricsTime": ("Time Metrics", "Legend: execution real-time / % requested time used"),
                 "metricsIo": ("I/O Metrics", "Legend: reads / writes"),
                 "metricsGpu": ("GPU Metrics", "Legend: GPU usage / average GPU memory / peak GPU memory")}
METRIC_PADDING = {"memVirtual": 6, "memRaw": 6, "memUsage": 4, "cpuUsage": 5, "cpuRaw": 5, "timeRaw": 8,
                  "timeUsage": 4, "reads": 6, "writes": 6, "gpuUsage": 5, "gpuMemAvg": 6, "gpuMemPeak": 6}


def _metric_value(block: str, value) -> str:
    from tw_py.output.formats import format_bits, format_duration_millis, format_percentage

    if block in ("memRaw", "memVirtual", "reads", "writes", "gpuMemAvg", "gpuMemPeak"):
        return format_bits(value)
    if block == "timeRaw":
        return format_duration_millis(value)
    return format_percentage(value)


def _metrics_text(doc: dict, columns, view: str) -> str:
    from tw_py.cli.runs.documents import DEFAULT_METRIC_COLUMNS
    from tw_py.output.tables import grid

    columns = list(columns or DEFAULT_METRIC_COLUMNS)
    text = ""
    for key, rows in doc.items():
        title, legend = METRIC_TITLES[key]
        text += f"\n\n     {title}\n    ----------------\n\n"
        cells = []
        if view == "condensed":
            text += f"      {legend}\n\n"
            headers = ["process"] + columns
            for row in rows:
                for process, blocks in row.items():
                    cells.append([process] + [" ".join(_metric_value(b, v[c]).rjust(METRIC_PADDING.get(b, 6))
                                                       for b, v in blocks.items() if v and v.get(c) is not None)
                                              for c in columns])
            cells.sort(key=lambda r: r[0])
        else:
            headers = ["process", "metric"] + columns
            for row in rows:
                for process, blocks in row.items():
                    for block, values in blocks.items():
                        if values is not None:
                            cells.append([process, block] + [_metric_value(block, values[c])
                                                             if values.get(c) is not None else "" for c in columns])
        text += grid(cells, headers) + "\n"
    return text + "\n" if text else "\n  No metrics found\n"


@view_group.command("metrics")
@click.option("-f", "--filter", "process_filter", default="", metavar="<filter>", help="Filter by process name.")
@click.option("-t", "--type", "types", type=CommaChoice(("cpu", "mem", "time", "io", "gpu")), multiple=True,
              callback=_flatten, metavar="<type>[,<type>...]",
              help="Process metric types separated by comma: cpu, mem, time, io, gpu (default: all).")
@click.option("-c", "--columns", "columns", type=CommaChoice(("mean", "min", "q1", "q2", "q3", "max")), multiple=True,
              callback=_flatten, metavar="<column>[,<column>...]",
              help="Process metric columns to display: mean, min, q1, q2, q3, max (default: all).")
@click.option("-v", "--view", "view", type=click.Choice(("condensed", "expanded"), case_sensitive=False),
              default="condensed", show_default=True, help="Metric table view mode.")
@click.pass_context
def metrics_cmd(ctx, process_filter, types, columns, view):
    """Display a pipeline run's metrics per process (memory, CPU, time, I/O, GPU).

    \b
    Examples:
      twpy runs view -i 5mDfiUtqyptDib metrics
      twpy runs view -i 5mDfiUtqyptDib metrics -t mem,cpu -c mean,max -v expanded
      twpy -o json runs view -i 5mDfiUtqyptDib metrics -f ALIGN
    """
    from tw_py.api import runs
    from tw_py.cli.runs import documents

    run_id, workspace = _parent(ctx)
    app = _app(ctx)
    ws = app.workspace(workspace)
    doc = documents.metrics_document(runs.metrics(app.client, ws, run_id), types=types, columns=columns,
                                process_filter=process_filter)
    from tw_py.jsonfmt import java_hashmap_order

    app.emit(java_hashmap_order(doc), lambda: _metrics_text(doc, columns, view.lower()))


# tasks -----------------------------------------------------------------------------------------
def _task_cell(name: str, task: dict) -> str:
    from tw_py.output.formats import format_bits, format_date, format_duration_millis, format_percentage

    value = task.get(name)
    if value is None:
        return ""
    if name == "submit":
        return format_date(value)
    if name in ("duration", "realtime"):
        return format_duration_millis(value)
    if name in ("pcpu", "pmem"):
        return format_percentage(value)
    if name in ("peakRss", "peakVmem", "rchar", "wchar"):
        return format_bits(value)
    return str(value)


def _task_columns(columns):
    from tw_py.output.tables import Column

    return [Column(lambda t, n=name: _task_cell(n, t), header) for name, header in columns]


@view_group.command("tasks")
@click.option("-c", "--columns", "columns", multiple=True, callback=_flatten, metavar="<column>[,<column>...]",
              type=CommaChoice(("hash", "exit", "container", "nativeId", "submit", "duration", "realtime", "pcpu",
                                "pmem", "peakRss", "peakVmem", "rchar", "wchar", "volCtxt", "invCtxt")),
              help="Additional task columns to display: hash, exit, container, nativeId, submit, duration, realtime, "
                   "pcpu, pmem, peakRss, peakVmem, rchar, wchar, volCtxt, invCtxt.")
@filter_option("Only show tasks with parameters that start with the given word.")
@pagination_options
@click.pass_context
def tasks_cmd(ctx, columns, search, page):
    """Display a pipeline run's tasks (task_id, process, tag, status and the extra columns asked for).

    With --all every page is fetched and printed as it arrives.

    \b
    Examples:
      twpy runs view -i 5mDfiUtqyptDib tasks
      twpy runs view -i 5mDfiUtqyptDib tasks -c hash,exit,duration -f ALIGN --max 20
      twpy -o json runs view -i 5mDfiUtqyptDib tasks --all | jq '.[] | select(.status == "FAILED")'
    """
    from tw_py.api import runs
    from tw_py.cli.runs import documents
    from tw_py.output.tables import table

    run_id, workspace = _parent(ctx)
    app = _app(ctx)
    ws = app.workspace(workspace)
    cols = documents.task_columns(columns)
    if page.all:
        return _stream_tasks(app, ws, run_id, search, cols, page)
    found = runs.list_tasks(app.client, ws, run_id, search=search, page=page)

    def console():
        text = f"\n  Pipeline's run {run_id} tasks:\n\n" + table(found.items, _task_columns(cols)) + "\n"
        footer = page.footer(None)
        if footer:
            text += f"\n  {footer}\n\n"
        return text + "\n"

    app.emit([documents.task_row(t, cols) for t in found.items], console)


def _stream_tasks(app, ws, run_id, search, cols, page):
    from tw_py.api import runs
    from tw_py.cli.runs import documents
    from tw_py.output.stream import JsonStream, Spool, StreamingTable

    write = lambda text: app.io.out(text, end="")  # noqa: E731
    pages = runs.iter_task_pages(app.client, ws, run_id, search=search, start=page.start, size=page.size)
    if app.renderer.json:
        spool = Spool(write)
        doc = JsonStream(spool.write)
        doc.start()
        for batch in pages:
            doc.items(documents.task_row(t, cols) for t in batch.items)
        doc.finish()
        spool.commit()
        return
    write(f"\n  Pipeline's run {run_id} tasks:\n\n")
    min_widths = [{"taskId": 7, "status": 9, "submit": 29}.get(name, 0) for name, _ in cols]
    table = StreamingTable(write, _task_columns(cols), min_widths=min_widths)
    for batch in pages:
        table.add(batch.items)
    write("\n" if table.count else "    No tasks found\n")


# task ------------------------------------------------------------------------------------------
@view_group.command("task")
@click.option("-t", "task_id", required=True, type=int, metavar="<task>", help="Pipeline's run task identifier.")
@click.option("--execution-time", "execution_time", is_flag=True, help="Task execution time data.")
@click.option("--resources-requested", "resources_requested", is_flag=True, help="Task requested resources data.")
@click.option("--resources-usage", "resources_usage", is_flag=True, help="Task resources usage data.")
@click.pass_context
def task_cmd(ctx, task_id, execution_time, resources_requested, resources_usage):
    """Display a pipeline run's task details.

    \b
    Examples:
      twpy runs view -i 5mDfiUtqyptDib task -t 12
      twpy runs view -i 5mDfiUtqyptDib task -t 12 --execution-time --resources-requested --resources-usage
    """
    from tw_py.api import runs
    from tw_py.cli.runs import documents

    run_id, workspace = _parent(ctx)
    app = _app(ctx)
    ws = app.workspace(workspace)
    found = runs.task(app.client, ws, run_id, task_id)
    doc = documents.task_document(found, execution_time=execution_time, resources_requested=resources_requested,
                             resources_usage=resources_usage)
    app.emit(doc, lambda: _task_text(doc))


def _task_text(doc: dict) -> str:
    from tw_py.output.formats import format_bits, format_cost, format_duration_millis, format_percentage, format_time

    g = doc["general"]
    text = "\n\n     General\n" + _kv([("Task ID", g.get("taskId")), ("ID", g.get("id")),
                                      ("Work directory", g.get("workDir")), ("Status", g.get("status"))])
    for key, title, rule in (("command", "Command", "---------"), ("environment", "Environment", "-------------")):
        if doc.get(key) is not None:
            body = doc[key].strip().replace("\n", "\n     ")
            text += f"\n     {title}\n    {rule}\n     {body}\n"
    if "times" in doc:
        t = doc["times"]
        text += "\n\n     Execution time\n" + _kv([
            ("submit", format_time(t.get("submit")), "Timestamp when the task has been submitted"),
            ("start", format_time(t.get("start")), "Timestamp when the task execution has started"),
            ("complete", format_time(t.get("complete")), "Timestamp when task execution has completed"),
            ("duration", format_duration_millis(t.get("duration")),
             "Time elapsed to complete since the submission i.e. including scheduling time"),
            ("realtime", format_duration_millis(t.get("realtime")),
             "Task execution time i.e. delta between completion and start timestamp i.e. compute wall-time")])
    if "resources" in doc:
        r = doc["resources"]
        text += "\n\n     Resources requested\n" + _kv([
            ("container", r.get("container"), "Container image name used to execute the task"),
            ("queue", r.get("queue"), "The queue that the executor attempted to run the process on"),
            ("cpus", r.get("cpus"), "The cpus number request for the task execution"),
            ("memory", format_bits(r.get("memory")), "The memory request for the task execution"),
            ("Disk space for execution", format_bits(r.get("disk")), "The disk space request for the task execution"),
            ("time", format_duration_millis(r.get("time")), "The time request for the task execution"),
            ("executor", r.get("executor"), "The Nextflow executor used to carry out this task"),
            ("machineType", r.get("machineType"), "The virtual machine type used to carry out by this task"),
            ("cloudZone", r.get("cloudZone"), "The cloud zone where the job get executed"),
            ("priceModel", r.get("priceModel"), "The price model used to charge the job computation"),
            ("cost", format_cost(r.get("cost")), "The estimated cost to compute this task")])
    if "usage" in doc:
        u = doc["usage"]
        text += "\n\n     Resources usage\n" + _kv([
            ("pcpu", format_percentage(u.get("pcpu")), "Percentage of CPU used by the process"),
            ("rss", format_bits(u.get("rss")), "Real memory (resident set) size of the process"),
            ("peakRss", format_bits(u.get("peakRss")), "Peak of real memory"),
            ("vmem", format_bits(u.get("vmem")), "Virtual memory size of the process"),
            ("peakVmem", format_bits(u.get("peakVmem")), "Peak of virtual memory"),
            ("rchar", format_bits(u.get("rchar")),
             "Number of bytes the process read, using any read-like system call from files, pipes, tty, etc"),
            ("wchar", format_bits(u.get("wchar")), "Number of bytes the process wrote, using any write-like system call"),
            ("readBytes", format_bits(u.get("readBytes")), "Number of bytes the process directly read from disk"),
            ("writeBytes", format_bits(u.get("writeBytes")),
             "Number of bytes the process originally dirtied in the page-cache (assuming they will go to disk later)"),
            ("syscr", u.get("syscr"), "Number of read-like system call invocations that the process performed"),
            ("syscw", u.get("syscw"), "Number of write-like system call invocations that the process performed"),
            ("volCtxt", _int(u.get("volCtxt")), "Number of voluntary context switches"),
            ("invCtxt", _int(u.get("invCtxt")), "Number of involuntary context switches")]
            + (_gpu_rows(u) if "gpuName" in u else []))
    return text + "\n"


def _gpu_rows(u: dict) -> list:
    """tw's GPU rows of a task's resources usage (shown when the task reports GPU metrics)."""
    from tw_py.output.formats import format_duration_millis, format_memory_mib, format_percentage

    return [("gpuName", u.get("gpuName"), "GPU model name"),
            ("gpuDriver", u.get("gpuDriver"), "NVIDIA driver version"),
            ("gpuTotalMemory", format_memory_mib(u.get("gpuTotalMemory")), "Total GPU memory"),
            ("gpuPct", format_percentage(u.get("gpuPct")), "Average GPU compute utilisation"),
            ("gpuPeak", format_percentage(u.get("gpuPeak")), "Peak GPU compute utilisation"),
            ("gpuPctMem", format_percentage(u.get("gpuPctMem")), "Average GPU memory utilisation"),
            ("gpuPeakMem", format_percentage(u.get("gpuPeakMem")), "Peak GPU memory utilisation"),
            ("gpuAvgMem", format_memory_mib(u.get("gpuAvgMem")), "Average GPU memory used"),
            ("gpuPeakMemUsed", format_memory_mib(u.get("gpuPeakMemUsed")), "Peak GPU memory used"),
            ("gpuAvgMemBwUtil", format_percentage(u.get("gpuAvgMemBwUtil")), "Average memory bandwidth utilisation"),
            ("gpuPeakMemBwUtil", format_percentage(u.get("gpuPeakMemBwUtil")), "Peak memory bandwidth utilisation"),
            ("gpuActiveTime", format_duration_millis(u.get("gpuActiveTime")), "Time the process was actively using GPU")]


def _int(value):
    return None if value is None else int(value)
