"""twpy runs watch: follow a run until it ends (status, process progress, the Nextflow log as it grows)."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import run_id_option, workspace_option


class RunWatcher:
    """Turns successive snapshots of a run into plain lines: only what changed, and only new log lines."""

    def __init__(self, write):
        self.write = write
        self.last_status = None
        self.seen_processes: dict[str, tuple] = {}
        self.log_lines = 0        # complete log lines already printed
        self.pending = ""         # a last log line without its newline yet

    def status(self, status: str | None) -> None:
        if status and status != self.last_status:
            self.write(f"[status] {status}")
            self.last_status = status

    def processes(self, processes: list) -> None:
        for p in processes:
            key = p.get("name")
            state = (p.get("completedTasks"), p.get("totalTasks"))
            if self.seen_processes.get(key) != state:
                self.seen_processes[key] = state
                self.write(f"[process] {key}: {state[0]}/{state[1]} tasks done")

    def log(self, text: str | None) -> None:
        if not text:
            return
        lines = text.split("\n")
        partial = lines.pop()          # "" when the text ends with a newline
        if len(lines) < self.log_lines:  # the log was replaced or truncated: start over
            self.log_lines = 0
        for line in lines[self.log_lines:]:
            self.write(line)
        self.log_lines = len(lines)
        self.pending = partial

    def close(self) -> None:
        if self.pending:
            self.write(self.pending)
            self.pending = ""


@click.command("watch")
@run_id_option()
@workspace_option
@click.option("--timeout", metavar="<duration>", help="Stop watching after this long (90s, 15m, 2h): exit code 3.")
@click.option("--no-log", "no_log", is_flag=True, help="Do not follow the Nextflow log.")
@pass_app
def watch_cmd(app, run_id, workspace, timeout, no_log):
    """Follow a pipeline run until it ends: status changes, process progress and the Nextflow log (twpy).

    Prints plain lines (fit for a pipe or a log file; the same on a terminal). Exit codes as 'runs wait':
    0 the run SUCCEEDED, 1 it ended FAILED, CANCELLED or UNKNOWN (or does not exist), 3 --timeout passed first.
    Ctrl-C stops watching, not the run. With -o json only the final document is printed.

    \b
    Examples:
      twpy runs watch -i 5mDfiUtqyptDib
      twpy runs watch -i 5mDfiUtqyptDib --no-log | tee run.progress
      twpy runs watch -i 5mDfiUtqyptDib --timeout 2h || echo "run did not succeed"
    """
    from tw_py.api import runs
    from tw_py.api.waiting import WORKFLOW, WaitFailed, parse_duration, wait_for
    from tw_py.cli.runs import documents
    from tw_py.cli.waiting import resume_hint
    from tw_py.errors import EXIT_INTERRUPTED, TwpyError
    from tw_py.output import views

    ws = app.workspace(workspace)
    seconds = parse_duration(timeout) if timeout else None
    show = not app.renderer.json
    watcher = RunWatcher((lambda text: app.io.out(text)) if show else (lambda text: None))

    def poll():
        status = runs.status(app.client, ws, run_id)
        watcher.status(status)
        # Progress and log are extras: a failed fetch must not end the watch (only the status decides); the
        # next poll tries again.
        if status and status != "SUBMITTED":
            try:
                watcher.processes(documents.view_processes(runs.progress(app.client, ws, run_id)))
            except TwpyError:
                pass
        if not no_log:
            try:
                watcher.log(runs.nextflow_log(app.client, ws, run_id))
            except TwpyError:
                pass
        return status

    try:
        reached = wait_for(poll, "SUCCEEDED", WORKFLOW, timeout=seconds, describe=f"pipeline run '{run_id}'")
    except KeyboardInterrupt:
        raise TwpyError("Stopped watching; the pipeline run was left as it is",
                        hint=resume_hint("runs watch", run_id, ws, workspace), exit_code=EXIT_INTERRUPTED) from None
    except WaitFailed as failed:
        watcher.close()
        raise TwpyError(f"Pipeline run '{run_id}' ended {failed.status}") from failed
    finally:
        watcher.close()
    app.emit({"id": run_id, "workspaceRef": ws.ref, "status": reached},
             views.message(f"Pipeline run '{run_id}' ended {reached} at {ws.ref} workspace"))
