"""Pipeline runs (workflows): list, describe, progress, tasks, metrics, logs, cancel, delete, relaunch.

Functions take the client, a resolved Workspace and plain values, and return plain data. The `view_*`
builders turn API payloads into tw's documents (the maps `tw runs view`, `... task` and `... metrics` print).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterator

from tw_py.api.launch_request import pick
from tw_py.api.paging import MAX_PAGE_SIZE, Page, PageRequest, fetch_page, iter_pages
from tw_py.api.paths import api_path
from tw_py.api.suggest import close_names, did_you_mean
from tw_py.errors import ApiError, InputError, NotFoundError, TwpyError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


DOWNLOAD_TYPES = ("stdout", "log", "timeline", "stderr")


def not_found(run_id: str, workspace: Workspace) -> NotFoundError:
    return NotFoundError(f"Pipeline run '{run_id}' not found at {workspace.ref} workspace",
                         hint="List the runs of the workspace with 'twpy runs list' (and check -w).")


def _guard(run_id, workspace, call):
    """Run `call()`, turning 403/404 on a run into tw's 'Pipeline run ... not found' message."""
    try:
        return call()
    except ApiError as error:
        if error.status in (403, 404):
            raise not_found(run_id, workspace) from error
        raise


# Listing ------------------------------------------------------------------------------------------
def _list_params(workspace, search: str | None, labels: bool) -> dict:
    params: dict[str, Any] = {"attributes": "labels"} if labels else {}
    params.update(workspace.params())
    if search:
        params["search"] = search
    params["includeTotalSize"] = True
    return params


def list_runs(client: Client, workspace: Workspace, *, search: str | None = None, labels: bool = False,
              page: PageRequest = PageRequest()) -> Page:
    """One page of runs, as tw requests it (`GET /workflow?...&max&offset&includeTotalSize=true`)."""
    params = _list_params(workspace, search, labels)
    return fetch_page(client, "/workflow", "workflows", params, offset=page.start, size=page.size)


def iter_run_pages(client: Client, workspace: Workspace, *, search: str | None = None, labels: bool = False,
                   start: int = 0, size: int = MAX_PAGE_SIZE) -> Iterator[Page]:
    """Every page of runs from `start`, lazily: one page in memory at a time."""
    params = _list_params(workspace, search, labels)
    return iter_pages(client, "/workflow", "workflows", params, start=start, size=size)


# One run --------------------------------------------------------------------------------------------
def describe(client: Client, workspace: Workspace, run_id: str, attributes: str | None = "labels") -> dict:
    """`GET /workflow/{id}` (DescribeWorkflowResponse: workflow, labels, jobInfo, orgName, ...)."""
    params = workspace.params(attributes=attributes)
    try:
        data = _guard(run_id, workspace, lambda: client.get(api_path("/workflow/{}", run_id, what="run id"), params))
        if not data or not data.get("workflow"):
            raise not_found(run_id, workspace)
    except NotFoundError as error:
        error.hint = _close_runs_hint(client, workspace, run_id) or error.hint
        raise
    return data


def _close_runs_hint(client: Client, workspace: Workspace, wanted: str) -> str | None:
    """For an unknown run id: the id of a run with that name, or ids close to it, from the newest 100 runs
    (one request, on the failure path only; a failure suggests nothing)."""
    try:
        page = fetch_page(client, "/workflow", "workflows", workspace.params(), offset=0, size=MAX_PAGE_SIZE)
    except TwpyError:
        return None
    runs = [item.get("workflow") or {} for item in page.items if isinstance(item, dict)]
    named = [run.get("id") for run in runs if run.get("runName") == wanted and run.get("id")]
    if named:
        return f"'{wanted}' is a run name, not an id: use -i {named[0]}" + (" (the newest of them)" if len(named) > 1 else "")
    if close_names(wanted, [run.get("id") for run in runs]):
        return did_you_mean(wanted, [run.get("id") for run in runs], "twpy runs list")
    return None


def status(client: Client, workspace: Workspace, run_id: str) -> str | None:
    """The run's current status (for wait/watch polling)."""
    data = _guard(run_id, workspace, lambda: client.get(api_path("/workflow/{}", run_id, what="run id"), workspace.params()))
    return ((data or {}).get("workflow") or {}).get("status")


def progress(client: Client, workspace: Workspace, run_id: str) -> dict:
    """`GET /workflow/{id}/progress` -> ProgressData (workflowProgress, processesProgress)."""
    data = _guard(run_id, workspace, lambda: client.get(api_path("/workflow/{}/progress", run_id, what="run id"), workspace.params()))
    return (data or {}).get("progress") or {}


def workflow_launch(client: Client, workspace: Workspace, run_id: str, *, optional: bool = False) -> dict:
    """`GET /workflow/{id}/launch` -> the launch the run was made from (may be empty).

    `optional`: a run with no launch to show (started from the Nextflow CLI, or its launch is gone: 400, 404,
    409) gives `{}` instead of an error, for views that can do without it."""
    try:
        data = client.get(api_path("/workflow/{}/launch", run_id, what="run id"), workspace.params())
    except ApiError as error:
        if optional and error.status in (400, 404, 409):
            return {}
        if error.status in (403, 404):
            raise not_found(run_id, workspace) from error
        raise
    return (data or {}).get("launch") or {}


def launch_by_id(client: Client, workspace: Workspace, launch_id: str) -> dict:
    data = client.get(api_path("/launch/{}", launch_id, what="launch id"), workspace.params())
    return (data or {}).get("launch") or {}


def metrics(client: Client, workspace: Workspace, run_id: str) -> list:
    data = _guard(run_id, workspace, lambda: client.get(api_path("/workflow/{}/metrics", run_id, what="run id"), workspace.params()))
    return list((data or {}).get("metrics") or [])


def task(client: Client, workspace: Workspace, run_id: str, task_id: int) -> dict:
    try:
        data = client.get(api_path("/workflow/{}/task/{}", run_id, task_id, what="run id"), workspace.params())
    except ApiError as error:
        if error.status in (403, 404):
            raise NotFoundError(f"Task '{task_id}' not found in pipeline run '{run_id}' at {workspace.ref} workspace",
                                hint=f"List the tasks with 'twpy runs view -i {run_id} tasks'.") from error
        raise
    found = (data or {}).get("task")
    if not found:
        raise NotFoundError(f"Task '{task_id}' not found in pipeline run '{run_id}' at {workspace.ref} workspace")
    return found


def _task_params(workspace, search: str | None) -> dict:
    return workspace.params(search=search or None)


def list_tasks(client: Client, workspace: Workspace, run_id: str, *, search: str | None = None,
               page: PageRequest = PageRequest()) -> Page:
    params = _task_params(workspace, search)
    result = _guard(run_id, workspace, lambda: fetch_page(client, api_path("/workflow/{}/tasks", run_id, what="run id"), "tasks", params,
                                                          offset=page.start, size=page.size, total_key="total"))
    return Page([t.get("task") or {} for t in result.items], result.total)


def iter_task_pages(client: Client, workspace: Workspace, run_id: str, *, search: str | None = None, start: int = 0,
                    size: int = MAX_PAGE_SIZE) -> Iterator[Page]:
    """Every page of tasks (the `task` objects), lazily."""
    params = _task_params(workspace, search)
    for page in iter_pages(client, api_path("/workflow/{}/tasks", run_id, what="run id"), "tasks", params, start=start, size=size,
                           total_key="total"):
        yield Page([t.get("task") or {} for t in page.items], page.total)


def iter_tasks(client: Client, workspace: Workspace, run_id: str) -> Iterator[dict]:
    for page in iter_task_pages(client, workspace, run_id):
        yield from page.items


# Files ----------------------------------------------------------------------------------------------
def download_name(run_id: str, file_type: str, task_id: int | None) -> str:
    """The `fileName` tw asks for, or an InputError for combinations that do not exist."""
    if task_id is None:
        if file_type == "stderr":
            raise InputError("Error file is not available for pipeline's runs")
        return {"stdout": f"nf-{run_id}.txt", "log": f"nf-{run_id}.log", "timeline": f"timeline-{run_id}.html"}[file_type]
    if file_type == "timeline":
        raise InputError("Timeline file is not available for tasks")
    return {"stdout": ".command.out", "log": ".command.log", "stderr": ".command.err"}[file_type]


def download(client: Client, workspace: Workspace, run_id: str, file_type: str = "stdout", task_id: int | None = None) -> str:
    """The text of a run file (`stdout`, `log`, `timeline`) or a task file (`stdout`, `log`, `stderr`)."""
    name = download_name(run_id, file_type, task_id)
    path = api_path("/workflow/{}/download", run_id, what="run id") if task_id is None else \
        api_path("/workflow/{}/download/{}", run_id, task_id, what="run id")
    try:
        return client.get_text(path, workspace.params(fileName=name))
    except ApiError as error:
        if error.status == 404:
            what = f"task {task_id} of pipeline run '{run_id}'" if task_id is not None else f"pipeline run '{run_id}'"
            raise NotFoundError(f"File '{name}' of {what} is not available at {workspace.ref} workspace",
                                hint="The run may not have produced it yet, or it was launched with the Nextflow CLI.") from error
        raise


def nextflow_log(client: Client, workspace: Workspace, run_id: str) -> str | None:
    """The run's Nextflow log, or None when the server has none (yet) or will not give it (400, 403, 404)."""
    try:
        return client.get_text(api_path("/workflow/{}/download", run_id, what="run id"), workspace.params(fileName=f"nf-{run_id}.log"))
    except ApiError as error:
        if error.status in (400, 403, 404):
            return None
        raise


# Actions --------------------------------------------------------------------------------------------
def cancel(client: Client, workspace: Workspace, run_id: str) -> None:
    _guard(run_id, workspace, lambda: client.post(api_path("/workflow/{}/cancel", run_id, what="run id"), None, workspace.params(),
                                                  idempotent=True))


def delete(client: Client, workspace: Workspace, run_id: str, force: bool = False) -> None:
    _guard(run_id, workspace, lambda: client.delete(api_path("/workflow/{}", run_id, what="run id"), workspace.params(force=force)))


def check_work_dir(work_dir: str | None, no_resume: bool) -> None:
    """tw refuses a new work directory for a resumed run."""
    if work_dir and not no_resume:
        raise InputError("Not allowed to change '--work-dir' option when resuming. Use '--no-resume' if you want "
                         "to relaunch into a different working directory without resuming.")


def relaunch_request(workflow: dict, launch: dict, *, no_resume: bool = False, pipeline: str | None = None,
                     run_name: str | None = None, launch_container: str | None = None,
                     compute_env_id: str | None = None, overrides: dict | None = None,
                     now: datetime | None = None) -> dict:
    """The WorkflowLaunchRequest tw's `runs relaunch` sends, built from the run, its launch and the options.

    `overrides` holds the launch options' values (`launch_request.option_values`): workDir, revision, configProfiles,
    configText, paramsText, preRunScript, postRunScript, mainScript, entryName, schemaName, userSecrets,
    workspaceSecrets, pullLatest, stubRun. Resuming needs `launch.resumeCommitId`; without it the run is
    relaunched from scratch, as tw does."""
    o = dict(overrides or {})
    check_work_dir(o.get("workDir"), no_resume)
    resume = not no_resume and launch.get("resumeCommitId") is not None
    if o.get("workDir"):
        work_dir = o["workDir"]
    elif resume:
        work_dir = launch.get("resumeDir") or launch.get("workDir") or workflow.get("workDir")
    else:
        work_dir = launch.get("workDir") or workflow.get("workDir")
    revision = pick(o.get("revision"), launch.get("revision") if not resume else launch.get("resumeCommitId"))
    when = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)

    def given(key):
        """Lists and flags: the option's value unless it was not given (an empty list is a value)."""
        value = o.get(key)
        return value if value is not None else launch.get(key)

    return {
        "id": workflow.get("launchId") or launch.get("id"),
        "sessionId": workflow.get("sessionId") if resume else launch.get("sessionId"),
        "computeEnvId": compute_env_id or (launch.get("computeEnv") or {}).get("id"),
        "runName": run_name or None,
        "pipeline": pick(pipeline, launch.get("pipeline")),
        "workDir": work_dir,
        "revision": revision,
        "configProfiles": given("configProfiles"),
        "configText": pick(o.get("configText"), launch.get("configText")),
        "paramsText": pick(o.get("paramsText"), launch.get("paramsText")),
        "preRunScript": pick(o.get("preRunScript"), launch.get("preRunScript")),
        "postRunScript": pick(o.get("postRunScript"), launch.get("postRunScript")),
        "mainScript": pick(o.get("mainScript"), launch.get("mainScript")),
        "entryName": pick(o.get("entryName"), launch.get("entryName")),
        "schemaName": pick(o.get("schemaName"), launch.get("schemaName")),
        "userSecrets": given("userSecrets"),
        "workspaceSecrets": given("workspaceSecrets"),
        "resume": resume,
        "pullLatest": given("pullLatest"),
        "stubRun": given("stubRun"),
        "launchContainer": launch_container or None,
        "dateCreated": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
