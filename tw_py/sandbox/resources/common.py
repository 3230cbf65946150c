"""What the resource modules share: the Platform's enumerations, request-body specs, and the DTO builders and lookups used by more than one resource."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from tw_py import API_VERSION
from tw_py.sandbox import model, simulate
from tw_py.sandbox.http import HttpError, Request, bad_request, check_fields, check_name, not_found
from tw_py.sandbox.store import iso

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


SERVER_VERSION = "24.2.0-sandbox"


#: The API version the sandbox reports: at least tw 0.38's minimum, so `tw info` passes its version check.
SERVER_API_VERSION = max(API_VERSION, "1.198.0", key=lambda v: tuple(int(p) for p in v.split(".")))


CE_PLATFORMS = ("aws-batch", "aws-cloud", "seqeracompute-platform", "google-batch", "google-cloud", "azure-batch",
                "azure-cloud", "k8s-platform", "eks-platform", "gke-platform", "uge-platform", "slurm-platform",
                "lsf-platform", "altair-platform", "moab-platform", "local-platform", "google-lifesciences")


CE_STATUSES = ("CREATING", "AVAILABLE", "DISABLED", "DELETING", "ERRORED", "INVALID", "DELETED")


PROVIDERS = ("aws", "azure", "azure_entra", "google", "github", "github_app", "gitlab", "bitbucket", "ssh", "k8s",
             "container-reg", "tw-agent", "codecommit", "gitea", "azurerepos", "seqeracompute", "azure-cloud", "s3")


PLATFORM_PROVIDER = {"aws-batch": "aws", "aws-cloud": "aws", "eks-platform": "aws", "google-batch": "google",
                     "google-cloud": "google", "gke-platform": "google", "google-lifesciences": "google",
                     "azure-batch": ("azure", "azure_entra"), "azure-cloud": ("azure-cloud", "azure_entra"),
                     "k8s-platform": "k8s", "uge-platform": "ssh", "slurm-platform": "ssh", "lsf-platform": "ssh",
                     "altair-platform": "ssh", "moab-platform": "ssh", "seqeracompute-platform": "seqeracompute"}


PLATFORM_NAMES = {"aws-batch": "Amazon Batch", "aws-cloud": "Amazon Cloud", "google-batch": "Google Batch",
                  "azure-batch": "Azure Batch", "k8s-platform": "Kubernetes", "slurm-platform": "Slurm Workload Manager"}


WORKFLOW_STATUSES = ("SUBMITTED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "UNKNOWN")


ACTIVE = ("SUBMITTED", "RUNNING")


WORKFLOW_ATTRIBUTES = ("optimized", "labels", "messages", "minimal", "pipelineInfo")


PIPELINE_ATTRIBUTES = ("optimized", "labels", "computeEnv")


LAUNCH_SPEC = {"id": "string", "computeEnvId": "string", "pipeline": "string", "workDir": "string",
               "revision": "string", "commitId": "string", "configProfiles": "strings", "userSecrets": "strings",
               "workspaceSecrets": "strings", "configText": "string", "towerConfig": "string",
               "paramsText": "string", "preRunScript": "string", "postRunScript": "string", "mainScript": "string",
               "entryName": "string", "schemaName": "string", "resume": "boolean", "pullLatest": "boolean",
               "stubRun": "boolean", "sessionId": "string", "runName": ("string", 80), "pipelineSchemaId": "integer",
               "headJobCpus": "integer", "headJobMemoryMb": "integer", "launchContainer": "string",
               "labelIds": "integers", "optimizationId": "string", "optimizationTargets": "string",
               "dateCreated": "string"}


RUN_NAME = re.compile(r"^[a-z](?:[a-z\d]|[-_](?=[a-z\d])){0,79}$", re.I)


# DTOs -----------------------------------------------------------------------------------------------
def label_dto(label: dict) -> dict:
    return {k: label.get(k) for k in ("id", "name", "value", "resource", "isDefault", "dateCreated")}


def org_dto(org: dict) -> dict:
    return {k: org.get(k) for k in ("orgId", "name", "fullName", "description", "location", "website", "logoId",
                                    "logoUrl", "memberId", "memberRole", "type", "paying")}


def workspace_dto(ws: dict) -> dict:
    return {k: ws.get(k) for k in ("id", "name", "fullName", "description", "visibility", "dateCreated", "lastUpdated")}


def user_info(api: Api) -> dict:
    """The signed-in user as datasets and studios name their creator (UserInfo: id, userName, email)."""
    return {key: api.user.get(key) for key in ("id", "userName", "email")}


def version_dto(version: dict, user: dict) -> dict:
    return {"id": version["id"], "name": version.get("name"), "isDefault": version.get("isDefault", False),
            "hash": version.get("hash"), "dateCreated": version.get("dateCreated"),
            "lastUpdated": version.get("lastUpdated"), "creatorUserId": version.get("creatorUserId"),
            "creatorUserName": version.get("creatorUserName"), "creatorFirstName": user.get("firstName"),
            "creatorLastName": user.get("lastName")}


# Checks -----------------------------------------------------------------------------------------------
def name_free(api: Api, kind: str, ws_id, name: str, taken: str, exclude: dict | None = None) -> None:
    """409 with the message `taken` (its `{}` the name) when an item of `kind` (other than `exclude`) in workspace
    ws_id is called `name`: names are unique in a workspace."""
    if any(item is not exclude and item["workspaceId"] == ws_id and item["name"] == name
           for item in api.store.items(kind)):
        raise HttpError(409, taken.format(name))


def check_new_name(api: Api, kind: str, what: str, ws_id, name: str, taken: str, exclude: dict | None = None) -> None:
    """A name an item of `kind` may take: 400 when it is not a valid name (check_name, `what` naming the item), 409
    `taken` when another item of the workspace has it (name_free)."""
    check_name(name, what)
    name_free(api, kind, ws_id, name, taken, exclude)


def validate_name(api: Api, request: Request, kind: str, what: str, taken: str) -> None:
    """A `GET .../validate?name=` check of the name a new item of `kind` would take in the request's workspace."""
    check_new_name(api, kind, what, api.workspace(request), request.arg("name") or "", taken)


def wants_labels(request: Request) -> bool:
    """Whether the request asks for the items' labels (`attributes=labels`, the only attribute it may name)."""
    return "labels" in request.list_arg("attributes", ("labels",))


_REQUESTED = object()


def workspace_item(kind: str, key: str, param: str, what: str, numbered: bool = False) -> Callable[..., dict]:
    """The lookup `(api, request, ws_id=<the request's workspaceId>) -> item` of one item of a workspace: the
    `kind` item whose `key` is the path parameter `param`; 404 naming `what` when the workspace has none (and,
    when `numbered`, 400 for an id that is not a number). The item's "workspaceId" is the workspace it was found in."""
    def lookup(api: Api, request: Request, ws_id=_REQUESTED) -> dict:
        if ws_id is _REQUESTED:
            ws_id = api.workspace(request)
        if numbered:
            return api.numbered_in_ws(request, param, kind, key, ws_id, what)
        return api._in_ws(kind, key, request.params[param], ws_id, what)
    return lookup


# Organizations and workspaces ------------------------------------------------------------------------
def request_org(api: Api, request: Request) -> dict:
    raw = request.params["orgId"]
    org = api.store.find("orgs", "orgId", int(raw)) if raw.isdigit() else None
    if org is None:
        raise HttpError(403, f"Forbidden: organization '{raw}' does not exist or you are not a member")
    return org


def numbered_child(api: Api, request: Request, param: str, kind: str, parent: tuple[str, object], what: str,
                   where: str) -> dict:
    """The `kind` item whose numeric id (its own `param` field) is the path parameter `param` and whose field
    `parent[0]` is `parent[1]` (the organization or workspace it belongs to); 404 "<what> '<id>' not found in
    <where>" otherwise."""
    raw = request.params[param]
    item = api.store.find(kind, param, int(raw)) if raw.isdigit() else None
    if item is None or item[parent[0]] != parent[1]:
        raise not_found(f"{what} '{raw}' not found in {where}")
    return item


# Compute environments ---------------------------------------------------------------------------------
def ce_region(ce: dict):
    config = ce.get("config") or {}
    return config.get("region") or config.get("location")


def ce_full(api: Api, ce: dict, labels: bool = False) -> dict:
    ws = api._workspace(ce["workspaceId"]) if ce["workspaceId"] is not None else None
    return {"id": ce["id"], "name": ce["name"], "description": ce.get("description"), "platform": ce["platform"],
            "config": ce["config"], "dateCreated": ce.get("dateCreated"), "lastUpdated": ce.get("lastUpdated"),
            "lastUsed": ce.get("lastUsed"), "deleted": bool(ce.get("_deleted")),
            "status": model.compute_env_status(api.store, ce), "message": ce.get("message"),
            "primary": bool(ce.get("primary")), "credentialsId": ce.get("credentialsId"),
            "orgId": ws and ws["orgId"], "workspaceId": ce["workspaceId"],
            "fusionMetricsCollectionEnabled": ce.get("fusionMetricsCollectionEnabled"),
            "labels": api._labels(ce.get("labels")) if labels else None}


# Pipelines ------------------------------------------------------------------------------------------
def default_version(pipeline: dict) -> dict:
    for version in pipeline["versions"]:
        if version.get("isDefault"):
            return version
    return pipeline["versions"][-1]


def launch_body(api: Api, launch: dict, ws_id, where: str = "launch.") -> dict:
    check_fields(launch, where, LAUNCH_SPEC)
    if launch.get("runName") is not None and not RUN_NAME.match(launch["runName"]):
        raise bad_request(f"Invalid run name '{launch['runName']}'")
    if launch.get("computeEnvId") is not None:
        ce = api.store.find("computeEnvs", "id", launch["computeEnvId"])
        if ce is None or ce["workspaceId"] != ws_id or ce.get("_deleted"):
            raise bad_request(f"Compute environment '{launch['computeEnvId']}' not found")
    return launch


def update_launch(api: Api, launch_id: str, launch_in: dict, ws_id) -> dict:
    """Check `launch_in` (a launch request body) and copy the launch fields it names onto the saved launch."""
    launch_body(api, launch_in, ws_id)
    launch = api.store.find("launches", "id", launch_id)
    for key in model.LAUNCH_FIELDS:
        if key in launch_in:
            launch[key] = launch_in[key]
    launch["lastUpdated"] = iso(api.store.now())
    return launch


def source_workspace(api: Api, request: Request, ws_id):
    """Pipelines shared from another workspace are read with `sourceWorkspaceId`; here they live in ws_id."""
    source = api.workspace(request, "sourceWorkspaceId")
    return ws_id if source is None else source


def launch_dto(api: Api, launch: dict, extra: dict | None = None) -> dict:
    doc = {k: launch.get(k) for k in model.LAUNCH_FIELDS if k != "computeEnvId"}
    doc.update({"id": launch["id"], "dateCreated": launch.get("dateCreated"), "lastUpdated": launch.get("lastUpdated")})
    ce = api.store.find("computeEnvs", "id", launch.get("computeEnvId"))
    if ce is not None:
        doc["computeEnv"] = ce_full(api, ce)
    doc.update(extra or {})
    return doc


#: What can carry labels: collection -> (id key, type of its ids, what to call it).
LABELLED = {"pipelines": ("pipelineId", "integers", "Pipeline"), "workflows": ("id", "strings", "Workflow"),
            "datasets": ("id", "strings", "Dataset"), "actions": ("id", "strings", "Action")}


def associate_labels(api: Api, request: Request, kind: str, ids_key: str, operation: str):
    ws_id = api.workspace(request)
    body = request.json_object()
    key, id_type, what = LABELLED[kind]
    check_fields(body, "", {"labelIds": "integers", ids_key: id_type})
    label_ids = api._label_ids(body.get("labelIds"), ws_id)
    for item_id in body.get(ids_key) or []:
        item = api._in_ws(kind, key, item_id, ws_id, what)
        if operation == "apply":
            item["labels"] = list(label_ids)
        elif operation == "add":
            item["labels"] = item.get("labels", []) + [x for x in label_ids if x not in item.get("labels", [])]
        else:
            item["labels"] = [x for x in item.get("labels", []) if x not in label_ids]


def pipeline_info(api: Api, run: dict):
    pipeline = api.store.find("pipelines", "pipelineId", run.get("pipelineId"))
    if pipeline is None:
        return None
    version = default_version(pipeline)
    return {"id": pipeline["pipelineId"], "workspaceId": pipeline["workspaceId"],
            "version": {"id": version["id"], "name": version.get("name"), "hash": version.get("hash"),
                        "isDefault": version.get("isDefault"), "isDraftVersion": version.get("name") is None,
                        "dateCreated": version.get("dateCreated"), "lastUpdated": version.get("lastUpdated")}}


def _task(api: Api, request: Request, run: dict):
    raw = request.params["taskId"]
    now = api.store.now()
    state = simulate.snapshot(run, now)
    for task in state.tasks:
        if str(task.number) == raw or str(run["_taskBase"] + task.number) == raw:
            return task, now
    raise not_found(f"Task '{raw}' not found in workflow '{run['id']}'")
