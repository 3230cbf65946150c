"""twpy runs: list, view, relaunch, cancel, delete, label and dump pipeline runs; wait for and watch them (twpy)."""
from __future__ import annotations

import click

from tw_py.api.states import WORKFLOW_STATES as STATES
from tw_py.cli.context import pass_app
from tw_py.cli.label_options import label_subcommand_options
from tw_py.cli.options import filter_option, pagination_options, run_id_option, show_labels_option, workspace_option
from tw_py.output.tables import LABELS_COLUMN, Column


def _status(row: dict) -> str:
    return (row.get("workflow") or {}).get("status") or "NA"


def _submit(row: dict) -> str:
    from tw_py.output.formats import format_time

    return format_time((row.get("workflow") or {}).get("submit"))


LIST_COLUMNS = (Column("workflow.id", "ID"), Column(_status, "Status"), Column("workflow.projectName", "Project Name"),
                Column("workflow.runName", "Run Name"), Column("workflow.userName", "Username"),
                Column(_submit, "Submit Date"))
#: minimum widths for streamed tables (--all), so later pages line up with the first
LIST_MIN_WIDTHS = (14, 9, 12, 8, 8, 29, 6)


@click.group("runs")
def group():
    """Manage pipeline runs."""


@group.command("list")
@workspace_option
@filter_option("Filter runs with the server's search syntax: a word, or keyword:value with keywords status, label, "
               "workflowId, runName, username, projectName, after, before, sessionId, is:starred, datasetId.")
@show_labels_option()
@pagination_options
@pass_app
def list_cmd(app, workspace, search, show_labels, page):
    """List the pipeline runs of a workspace, newest first.

    With --all every page is fetched and printed as it arrives (memory stays flat however many runs there are).

    \b
    Examples:
      twpy runs list -w acme/showcase
      twpy runs list -f status:FAILED --max 20
      twpy runs list -f "label:nightly after:2024-05-01" -l
      twpy -o json runs list --all | jq -r '.workflows[].workflow.id'
    """
    from tw_py.api import runs
    from tw_py.output import views

    ws = app.workspace(workspace)
    columns = LIST_COLUMNS + ((LABELS_COLUMN,) if show_labels else ())
    if page.all:
        return _stream_list(app, ws, search, show_labels, columns, page)
    found = runs.list_runs(app.client, ws, search=search, labels=show_labels, page=page)
    app.remember_names('runs', ws, found.items, replace=page.first and not search)
    app.emit({"workspaceRef": ws.ref, "workflows": found.items, "showLabels": show_labels},
             lambda: views.listing(f"Pipeline runs at {ws.ref} workspace", found.items, columns,
                                   empty="No pipeline runs found", sort_by=None, footer=page.footer(found.total)))


def _stream_list(app, ws, search, show_labels, columns, page):
    """--all: print each page as it arrives (a table whose widths the first page fixes, or a streamed JSON array)."""
    from tw_py.api import runs
    from tw_py.output.stream import JsonStream, Spool, StreamingTable

    write = lambda text: app.io.out(text, end="")  # noqa: E731
    pages = runs.iter_run_pages(app.client, ws, search=search, labels=show_labels, start=page.start, size=page.size)
    if app.renderer.json:
        spool = Spool(write)
        doc = JsonStream(spool.write, {"workspaceRef": ws.ref}, "workflows")
        doc.start()
        for batch in pages:
            doc.items(batch.items)
        doc.finish({"showLabels": show_labels})
        spool.commit()
        return
    write(f"\n  Pipeline runs at {ws.ref} workspace:\n\n")
    table = StreamingTable(write, columns, min_widths=LIST_MIN_WIDTHS)
    for batch in pages:
        table.add(batch.items)
    write("\n" if table.count else "    No pipeline runs found\n")


@group.command("cancel")
@run_id_option()
@workspace_option
@pass_app
def cancel_cmd(app, run_id, workspace):
    """Cancel a pipeline run.

    \b
    Examples:
      twpy runs cancel -i 5mDfiUtqyptDib
      twpy runs cancel -i 5mDfiUtqyptDib -w acme/showcase && twpy runs wait -i 5mDfiUtqyptDib --status CANCELLED
    """
    from tw_py.api import runs
    from tw_py.output import views

    ws = app.workspace(workspace)
    runs.cancel(app.client, ws, run_id)
    app.emit({"id": run_id, "workspaceRef": ws.ref},
             lambda: views.message(f"Pipeline run '{run_id}' canceled at {ws.ref} workspace"))


@group.command("delete")
@run_id_option("-i", "-id")
@click.option("--force", is_flag=True, help="Delete the pipeline run even if it is running.")
@workspace_option
@pass_app
def delete_cmd(app, run_id, force, workspace):
    """Delete a pipeline run.

    \b
    Examples:
      twpy runs delete -i 5mDfiUtqyptDib
      twpy runs delete -i 5mDfiUtqyptDib --force
    """
    from tw_py.api import runs
    from tw_py.output import views

    ws = app.workspace(workspace)
    runs.delete(app.client, ws, run_id, force=force)
    app.emit({"id": run_id, "workspaceRef": ws.ref},
             lambda: views.message(f"Pipeline run '{run_id}' deleted at {ws.ref} workspace"))


@group.command("labels")
@run_id_option("-i", "-id")
@label_subcommand_options
@pass_app
def labels_cmd(app, run_id, workspace, labels, operation, no_create):
    """Manage the labels of a pipeline run (set, append or delete).

    \b
    Examples:
      twpy runs labels -i 5mDfiUtqyptDib nightly,team=genomics
      twpy runs labels -i 5mDfiUtqyptDib -o delete nightly
    """
    from tw_py.cli.label_options import manage_entity_labels

    ws = app.workspace(workspace)
    manage_entity_labels(app, ws, "workflow", "run", run_id, labels, operation, no_create)


@group.command("wait")
@run_id_option()
@workspace_option
@click.option("--status", "target", type=click.Choice(STATES, case_sensitive=False), default="SUCCEEDED",
              show_default=True, metavar="<status>", help=f"Status to wait for: {', '.join(STATES)}.")
@click.option("--timeout", metavar="<duration>", help="Give up after this long (90s, 15m, 2h): exit code 3.")
@pass_app
def wait_cmd(app, run_id, workspace, target, timeout):
    """Wait until a pipeline run (launched by anyone) reaches a status (twpy).

    Exit codes: 0 the status was reached; 1 it cannot be reached any more (e.g. the run FAILED while waiting
    for SUCCEEDED) or the run does not exist; 3 the --timeout passed first.

    \b
    Examples:
      twpy runs wait -i 5mDfiUtqyptDib
      twpy runs wait -i 5mDfiUtqyptDib --status RUNNING --timeout 15m
      twpy launch hello -o json | jq -r .workflowId | xargs -I{} twpy runs wait -i {} --timeout 2h
    """
    from tw_py.api import runs
    from tw_py.api.waiting import WORKFLOW
    from tw_py.cli.waiting import resume_hint, wait_with_progress
    from tw_py.output import views

    ws = app.workspace(workspace)
    reached = wait_with_progress(app, lambda: runs.status(app.client, ws, run_id), target, WORKFLOW,
                                 timeout=timeout, describe=f"pipeline run '{run_id}'",
                                 follow_hint=resume_hint("runs wait", run_id, ws, workspace))
    target = target.upper()
    shown = target if reached == target else f"{target} (now {reached})"
    app.emit({"id": run_id, "workspaceRef": ws.ref, "status": reached},
             lambda: views.message(f"Pipeline run '{run_id}' reached {shown} at {ws.ref} workspace"))


def _register():
    from tw_py.cli.runs import dump, relaunch, view, watch

    group.add_command(view.view_group)
    group.add_command(relaunch.relaunch_cmd)
    group.add_command(dump.dump_cmd)
    group.add_command(watch.watch_cmd)


_register()
