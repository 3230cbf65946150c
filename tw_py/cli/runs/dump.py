"""twpy runs dump: a run's details and logs in one archive, for troubleshooting."""
from __future__ import annotations

import click

from tw_py.cli.context import pass_app
from tw_py.cli.options import run_id_option, workspace_option


@click.command("dump")
@run_id_option("-i", "-id")
@click.option("-o", "--output", "output", required=True, metavar="<file>",
              help="Output file to store the dump (supported formats: .tar.xz and .tar.gz).")
@click.option("--add-task-logs", "task_logs", is_flag=True, help="Add all task stdout, stderr and log files.")
@click.option("--add-fusion-logs", "fusion_logs", is_flag=True, help="Add all Fusion task logs.")
@click.option("--only-failed", "only_failed", is_flag=True, help="Dump only failed tasks.")
@click.option("--silent", is_flag=True, help="Do not show download progress.")
@workspace_option
@pass_app
def dump_cmd(app, run_id, output, task_logs, fusion_logs, only_failed, silent, workspace):
    """Dump all logs and details of a run into a compressed tarball file for troubleshooting.

    Missing optional pieces (no Nextflow log, a task log that is gone) are skipped and listed on stderr.
    The archive appears only when complete: a failure leaves no partial file behind.

    \b
    Examples:
      twpy runs dump -i 5mDfiUtqyptDib -o run.tar.gz
      twpy runs dump -i 5mDfiUtqyptDib -o failed.tar.xz --add-task-logs --only-failed --silent
    """
    import os

    from tw_py.api import dump
    from tw_py.output import views

    dump.archive_mode(output)  # a bad file name fails before any request
    ws = app.workspace(workspace)

    def run_url(described: dict) -> str:
        wf = described.get("workflow") or {}
        if ws.personal:
            return f"{app.server_url}/user/{wf.get('userName')}/watch/{wf.get('id')}"
        org = described.get("orgName") or ws.org_name
        name = described.get("workspaceName") or ws.name
        return f"{app.server_url}/orgs/{org}/workspaces/{name}/watch/{wf.get('id')}"

    progress = (lambda text: None) if silent else app.renderer.progress
    result = dump.write_dump(app.client, ws, run_id, output, run_url=run_url, task_logs=task_logs,
                             fusion_logs=fusion_logs, only_failed=only_failed, progress=progress)
    task_skips = [s for s in result.skipped if s.startswith("tasks/")]
    for note in result.skipped:
        if not note.startswith("tasks/"):
            app.renderer.warn(f"Skipped {note}")
    if task_skips:
        shown = "; ".join(task_skips[:5]) + (f"; and {len(task_skips) - 5} more" if len(task_skips) > 5 else "")
        app.renderer.warn(f"Skipped {len(task_skips)} task log(s) no longer available: {shown}")
    app.emit({"id": run_id, "workspaceRef": ws.ref, "outputFile": "file://" + result.path,
              "skipped": result.skipped or None},
             lambda: views.message(f"Pipeline run '{run_id}' at {ws.ref} workspace details dump at "
                                   f"'{os.path.basename(output)}' "))
