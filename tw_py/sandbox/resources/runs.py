"""Pipeline run routes: /workflow (launch, list, describe, progress, tasks, metrics, downloads, cancel, delete, labels) and /launch."""
from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

from tw_py.sandbox import model, simulate
from tw_py.sandbox.http import Request, Response, bad_request, not_found, paginate, require
from tw_py.sandbox.resources.common import (
    ACTIVE,
    PLATFORM_NAMES,
    WORKFLOW_ATTRIBUTES,
    _task,
    associate_labels,
    launch_body,
    launch_dto,
    pipeline_info,
    source_workspace,
    workspace_item,
)
from tw_py.sandbox.routing import route
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


@route("POST", "/workflow/labels/{operation:apply|add|remove}")
def workflow_labels(api: Api, request: Request):
    associate_labels(api, request, "workflows", "workflowIds", request.params["operation"])


# Runs -----------------------------------------------------------------------------------------------
def workflow_doc(api: Api, run: dict, state: simulate.RunState, maximal: bool = False) -> dict:
    finished = state.status in ("SUCCEEDED", "FAILED", "CANCELLED")
    profiles = run.get("configProfiles") or []
    doc = {"id": run["id"], "ownerId": run["ownerId"], "submit": iso(run["_t0"]), "start": iso(state.start),
           "complete": iso(state.complete), "dateCreated": run["dateCreated"],
           "lastUpdated": iso(state.complete or state.start or run["_t0"]), "runName": run["runName"],
           "sessionId": run["sessionId"], "profile": ",".join(profiles) or "standard", "workDir": run["workDir"],
           "commitId": run["commitId"], "userName": run["userName"], "scriptId": run["commitId"][:32],
           "revision": run.get("revision"), "commandLine": run["commandLine"], "projectName": run["projectName"],
           "scriptName": "main.nf", "launchId": run["launchId"], "status": state.status,
           "configFiles": [f"/root/.nextflow/assets/{run['projectName']}/nextflow.config"],
           "params": run.get("params") or None, "configText": _resolved_config(api, run),
           "manifest": {"name": run["projectName"], "mainScript": "main.nf", "defaultBranch": "master",
                        "nextflowVersion": ">=23.04.0"},
           "nextflow": {"version": simulate.NEXTFLOW_VERSION, "build": "5927", "timestamp": "2024-07-31T15:39:23Z"},
           "homeDir": "/root", "launchDir": run["workDir"], "container": "quay.io/nextflow/bash",
           "containerEngine": "docker", "repository": run["repository"],
           "projectDir": f"/root/.nextflow/assets/{run['projectName']}", "deleted": False, "requiresAttention": False,
           "resume": False}
    if finished:
        ok = sum(1 for t in state.tasks if t.status == "COMPLETED")
        failed = sum(1 for t in state.tasks if t.status == "FAILED")
        total = max(len(state.tasks), 1)
        doc.update({"duration": int((state.complete - run["_t0"]) * 1000), "success": state.status == "SUCCEEDED",
                    "exitStatus": 0 if state.status == "SUCCEEDED" else 1,
                    "stats": {"succeedCount": ok, "succeedCountFmt": str(ok), "failedCount": failed,
                              "failedCountFmt": str(failed), "cachedCount": 0, "cachedCountFmt": "0",
                              "ignoredCount": 0, "ignoredCountFmt": "0", "succeedPct": round(100.0 * ok / total, 1),
                              "failedPct": round(100.0 * failed / total, 1), "cachedPct": 0.0, "ignoredPct": 0.0,
                              "computeTimeFmt": "(a few seconds)"}})
        if state.status == "FAILED":
            doc["errorMessage"] = "Process terminated with an error exit status (1): sandbox_fail was requested"
            doc["errorReport"] = doc["errorMessage"]
        if state.status == "CANCELLED":
            doc["errorMessage"] = "Execution cancelled by user"
    if maximal:
        launch = api.store.find("launches", "id", run["launchId"]) or {}
        doc.update({"configProfiles": profiles, "nextflowVersion": simulate.NEXTFLOW_VERSION,
                    "preRunScript": launch.get("preRunScript"), "postRunScript": launch.get("postRunScript"),
                    "towerConfig": launch.get("towerConfig"), "logFile": f"nf-{run['id']}.log",
                    "outFile": f"nf-{run['id']}.txt"})
    return doc


#: The Nextflow executor of each compute environment platform (what the resolved configuration names).
EXECUTORS = {"aws-batch": "awsbatch", "google-batch": "google-batch", "azure-batch": "azurebatch",
             "k8s-platform": "k8s", "eks-platform": "k8s", "gke-platform": "k8s", "slurm-platform": "slurm",
             "lsf-platform": "lsf", "uge-platform": "sge", "altair-platform": "pbspro", "moab-platform": "moab",
             "local-platform": "local"}


def _resolved_config(api: Api, run: dict) -> str:
    """What the Platform shows as the run's resolved configuration: the launch's config text, then what the
    compute environment adds (work directory and executor)."""
    ce = api.store.find("computeEnvs", "id", run.get("computeEnvId")) or {}
    executor = EXECUTORS.get(ce.get("platform") or "", "awsbatch")
    own = (run.get("configText") or "").strip()
    return (own + "\n\n" if own else "") + f"workDir = '{run['workDir']}'\n\nprocess {{\n   executor = '{executor}'\n}}\n"


_run = workspace_item("workflows", "id", "workflowId", "Workflow")


def _search_tokens(search: str) -> list:
    try:
        return shlex.split(search)
    except ValueError:
        return search.split()


def _run_matches(api: Api, run: dict, status: str, tokens: list) -> bool:
    for token in tokens:
        key, sep, value = token.partition(":")
        if not sep:
            key, value = "", token
        value_l = value.lower()
        if key == "status":
            if status.lower() not in [v.strip().lower() for v in value.split(",")]:
                return False
        elif key == "label":
            names = [f"{x['name']}={x['value']}" if x.get("value") else x["name"] for x in api._labels(run.get("labels"))]
            if value not in names:
                return False
        elif key in ("workflowId", "runName", "username", "projectName", "sessionId"):
            field = {"workflowId": "id", "username": "userName"}.get(key, key)
            if value_l not in str(run.get(field) or "").lower():
                return False
        elif key == "is" and value_l == "starred":
            return False
        elif key in ("after", "before"):
            when = run["dateCreated"][:len(value)]
            if (key == "after" and when < value) or (key == "before" and when > value):
                return False
        elif key == "":
            if value_l not in run["runName"].lower() and value_l not in run["projectName"].lower():
                return False
        else:
            raise bad_request(f"Unknown search key '{key}'")
    return True


@route("GET", "/workflow")
def workflows_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    offset, size = request.page()
    attributes = request.list_arg("attributes", WORKFLOW_ATTRIBUTES)
    include_total = request.bool_arg("includeTotalSize")
    tokens = _search_tokens(request.arg("search") or "")
    now = api.store.now()
    rows = []
    for run in sorted((r for r in api.store.items("workflows") if r["workspaceId"] == ws_id),
                      key=lambda r: r["_t0"], reverse=True):
        state = simulate.snapshot(run, now)
        if _run_matches(api, run, state.status, tokens):
            rows.append((run, state))
    page = paginate(rows, offset, size)
    names = api._ws_names(ws_id)
    workflows = []
    for run, state in page:
        element = {"workflow": workflow_doc(api, run, state), "starred": False,
                   "progress": simulate.progress_document(run, state, now), **names}
        if "labels" in attributes:
            element["labels"] = api._labels(run.get("labels"))
        if "optimized" in attributes:
            element["optimized"] = False
        if "pipelineInfo" in attributes:
            element["pipelineInfo"] = pipeline_info(api, run)
        workflows.append(element)
    doc = {"workflows": workflows, "hasMore": offset + len(page) < len(rows)}
    if include_total:
        doc["totalSize"] = len(rows)
    return doc


@route("GET", "/workflow/{workflowId}")
def workflows_get(api: Api, request: Request):
    run = _run(api, request)
    ws_id = run["workspaceId"]
    attributes = request.list_arg("attributes", WORKFLOW_ATTRIBUTES)
    now = api.store.now()
    state = simulate.snapshot(run, now)
    ce = api.store.find("computeEnvs", "id", run.get("computeEnvId"))
    doc = {"workflow": workflow_doc(api, run, state, maximal=True),
           "progress": simulate.progress_document(run, state, now), **api._ws_names(ws_id),
           "platform": {"id": ce["platform"], "name": PLATFORM_NAMES.get(ce["platform"], ce["platform"])} if ce else None,
           "jobInfo": {"id": int(run["_taskBase"] // 10), "operationId": f"sandbox-{run['id']}",
                       "status": "SUCCEEDED" if state.status == "SUCCEEDED" else state.status,
                       "exitCode": 0 if state.status == "SUCCEEDED" else None}}
    if "labels" in attributes:
        doc["labels"] = api._labels(run.get("labels"))
    if "optimized" in attributes:
        doc["optimized"] = False
    if "messages" in attributes:
        doc["messages"] = []
    if "pipelineInfo" in attributes:
        doc["pipelineInfo"] = pipeline_info(api, run)
    return doc


@route("DELETE", "/workflow/{workflowId}")
def workflows_delete(api: Api, request: Request):
    run = _run(api, request)
    force = request.bool_arg("force")
    if not force and simulate.snapshot(run, api.store.now()).status in ACTIVE:
        raise bad_request(f"Workflow '{run['id']}' is active: cancel it first or delete it with force=true")
    api.store.remove("workflows", run)


@route("POST", "/workflow/delete")
def workflows_delete_many(api: Api, request: Request):
    ws_id = api.workspace(request)
    force = request.bool_arg("force")
    body = request.checked_body({"workflowIds": "strings"})
    failed = []
    for run_id in body.get("workflowIds") or []:
        run = api.store.find("workflows", "id", run_id)
        if run is None or run["workspaceId"] != ws_id or \
                (not force and simulate.snapshot(run, api.store.now()).status in ACTIVE):
            failed.append(run_id)
        else:
            api.store.remove("workflows", run)
    return {"failedWorkflowIds": failed}


@route("GET", "/workflow/{workflowId}/progress")
def workflows_progress(api: Api, request: Request):
    run = _run(api, request)
    now = api.store.now()
    return {"progress": simulate.progress_document(run, simulate.snapshot(run, now), now)}


@route("GET", "/workflow/{workflowId}/launch")
def workflows_launch_get(api: Api, request: Request):
    run = _run(api, request)
    launch = api.store.find("launches", "id", run["launchId"])
    if launch is None:
        raise not_found(f"Launch of workflow '{run['id']}' not found")
    finished = simulate.snapshot(run, api.store.now()).status not in ACTIVE
    return {"launch": launch_dto(api, launch, {"pipelineId": run.get("pipelineId"),
                                               "sessionId": run["sessionId"],
                                               "resumeDir": run["workDir"] if finished else None,
                                               "resumeCommitId": run["commitId"] if finished else None})}


@route("GET", "/launch/{launchId}")
def launch_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    launch = api._in_ws("launches", "id", request.params["launchId"], ws_id, "Launch")
    return {"launch": launch_dto(api, launch)}


@route("GET", "/workflow/{workflowId}/tasks")
def workflows_tasks(api: Api, request: Request):
    run = _run(api, request)
    offset, size = request.page()
    search = (request.arg("search") or "").lower()
    request.arg("sortBy")
    descending = (request.arg("sortDir") or "").lower() in ("desc", "descending")
    now = api.store.now()
    state = simulate.snapshot(run, now)
    tasks = [t for t in state.tasks if not search or search in t.process.lower() or search in (t.tag or "").lower()
             or search in t.status.lower()]
    if descending:
        tasks.reverse()
    return {"tasks": [{"task": simulate.task_document(run, t, now)} for t in paginate(tasks, offset, size)],
            "total": len(tasks)}


@route("GET", "/workflow/{workflowId}/task/{taskId}")
def workflows_task(api: Api, request: Request):
    run = _run(api, request)
    task, now = _task(api, request, run)
    return {"task": simulate.task_document(run, task, now)}


@route("GET", "/workflow/{workflowId}/metrics")
def workflows_metrics(api: Api, request: Request):
    run = _run(api, request)
    return {"metrics": simulate.metrics_document(run, simulate.snapshot(run, api.store.now()))}


@route("GET", "/workflow/{workflowId}/download")
def workflows_download(api: Api, request: Request):
    run = _run(api, request)
    name = request.arg("fileName") or ""
    now = api.store.now()
    state = simulate.snapshot(run, now)
    if name == f"nf-{run['id']}.log":
        text = simulate.log_text(run, state, now)
    elif name == f"nf-{run['id']}.txt":
        text = simulate.stdout_text(run, state)
    elif name == f"timeline-{run['id']}.html" and state.complete:
        text = (f"<html><head><title>Timeline {run['runName']}</title></head><body><h1>{run['runName']}</h1>"
                + "".join(f"<p>{t.process} {t.tag or ''}: {t.status}</p>" for t in state.tasks) + "</body></html>\n")
    else:
        raise not_found(f"File '{name}' not found for workflow '{run['id']}'")
    return Response(200, text, "text/plain")


@route("GET", "/workflow/{workflowId}/download/{taskId}")
def workflows_download_task(api: Api, request: Request):
    run = _run(api, request)
    task, _ = _task(api, request, run)
    text = simulate.task_file(task, request.arg("fileName") or "")
    if text is None:
        raise not_found(f"File '{request.arg('fileName')}' not found for task '{task.number}'")
    return Response(200, text, "text/plain")


@route("POST", "/workflow/{workflowId}/cancel")
def workflows_cancel(api: Api, request: Request):
    run = _run(api, request)
    request.bool_arg("force")
    state = simulate.snapshot(run, api.store.now())
    if state.status not in ACTIVE:
        raise bad_request(f"Workflow '{run['id']}' is not active: its status is {state.status}")
    run["_cancelAt"] = api.store.now()


@route("POST", "/workflow/launch")
def workflows_launch(api: Api, request: Request):
    ws_id = api.workspace(request)
    source_ws = source_workspace(api, request, ws_id)
    launch_in = launch_body(api, request.json_object("launch"), ws_id)
    pipeline_id = None
    if launch_in.get("id") is not None:
        saved = api.store.find("launches", "id", launch_in["id"])
        if saved is None or saved["workspaceId"] not in (ws_id, source_ws):
            raise bad_request(f"Launch '{launch_in['id']}' not found")
        for pipeline in api.store.items("pipelines"):
            if any(v["launchId"] == saved["id"] for v in pipeline["versions"]):
                pipeline_id = pipeline["pipelineId"]
        merged = {k: saved.get(k) for k in model.LAUNCH_FIELDS}
        merged.update({k: v for k, v in launch_in.items() if v is not None})
        launch_in = merged
    require(launch_in, "launch.", "pipeline", "computeEnvId")
    if not re.match(r"^(https?://|file:/|[\w.-]+/[\w.-]+$)", launch_in["pipeline"]):
        raise bad_request(f"Invalid pipeline repository '{launch_in['pipeline']}'")
    ce = api.store.find("computeEnvs", "id", launch_in["computeEnvId"])
    if ce is None or ce["workspaceId"] != ws_id:
        raise bad_request(f"Compute environment '{launch_in['computeEnvId']}' not found")
    status = model.compute_env_status(api.store, ce)
    if status != "AVAILABLE":
        raise bad_request(f"Compute environment '{ce['name']}' is not available (status {status})")
    if not launch_in.get("workDir"):
        launch_in["workDir"] = ce["config"].get("workDir")
    if not launch_in.get("workDir"):
        raise bad_request("Missing required field 'launch.workDir'")
    label_ids = api._label_ids(request.json_object("launch").get("labelIds"), ws_id)
    launch = model.new_launch(api.store, ws_id, launch_in)
    run = model.new_run(api.store, ws_id, launch, ce, pipeline_id=pipeline_id, label_ids=label_ids)
    return {"workflowId": run["id"]}
