"""The sandbox's Seqera Platform API: routes and handlers over the Store (no HTTP server code here)."""
from __future__ import annotations

import json
import re
import shlex
from urllib.parse import parse_qs

from tw_py import API_VERSION
from tw_py.sandbox import model, simulate, web
from tw_py.sandbox.http import (
    HttpError,
    Request,
    Response,
    bad_request,
    check_enum,
    check_fields,
    check_name,
    not_found,
    paginate,
    require,
)
from tw_py.sandbox.store import Store, drop_nulls, iso

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


class Api:
    """Dispatches one request to its handler under the store's lock, persisting the state after changes."""

    def __init__(self, store: Store, token: str):
        self.store = store
        self.token = token
        self.routes = []
        for method, template, handler in ROUTES:
            names = re.findall(r"\{(\w+)(?::[^}]+)?\}", template)
            regex = re.sub(r"\{\w+(?::([^}]+))?\}", lambda m: "(" + (m.group(1) or "[^/]+") + ")", template)
            pattern = re.compile("^" + regex + "$")
            self.routes.append((method, pattern, names, len(names), handler))

    def handle(self, method: str, path: str, query: str, headers: dict, raw_body: bytes) -> Response:
        try:
            return self._handle(method, path, query, headers, raw_body)
        except HttpError as error:
            return Response(error.status, {"message": error.message})
        except Exception as error:  # noqa: BLE001 - a sandbox bug, or a state file it cannot save: answer, keep serving
            return Response(500, {"message": f"Sandbox internal error: {type(error).__name__}: {error}"})

    def _handle(self, method, path, query, headers, raw_body) -> Response:
        path = path.rstrip("/") or "/"
        with self.store.lock:
            page = web.run_page(self.store, method, path)
        if page is not None:   # the run's web page, opened in a browser: no token there
            return page
        matches = [r for r in self.routes if r[1].match(path)]
        if not matches:
            raise not_found(f"Resource not found: {path}")
        allowed = [r for r in matches if r[0] == method]
        if not allowed:
            raise HttpError(405, f"Method {method} not allowed for {path}")
        _, pattern, names, _, handler = min(allowed, key=lambda r: r[3])
        if path != "/service-info":
            auth = headers.get("authorization") or ""
            if not auth.startswith("Bearer ") or auth[len("Bearer "):].strip() != self.token:
                raise HttpError(401, "Unauthorized")
        body = None
        if raw_body:
            try:
                body = json.loads(raw_body.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise bad_request("Invalid JSON request body") from None
            except RecursionError:
                raise bad_request("JSON request body nested too deeply") from None
        request = Request(method, path, parse_qs(query, keep_blank_values=True), body,
                          dict(zip(names, pattern.match(path).groups())))
        with self.store.lock:
            changed = self.store.tick()
            result = handler(self, request)
            if method != "GET" or changed:
                self.store.save()
            if result is None or isinstance(result, Response):
                return result or Response(204, None)
            # Copied under the lock: the document may share dicts and lists with the state other threads change.
            return Response(200, drop_nulls(result))

    # Shared lookups ------------------------------------------------------------------------------
    @property
    def user(self) -> dict:
        return self.store.data["user"]

    def workspace(self, request: Request, name: str = "workspaceId"):
        """The `workspaceId` query parameter as a workspace id (None = personal); 403 when not yours."""
        ws_id = request.int_arg(name)
        if ws_id is None:
            return None
        ws = self._workspace(ws_id)
        if ws is None:
            raise HttpError(403, f"Forbidden: workspace '{ws_id}' does not exist or you are not a participant")
        return ws_id

    def _workspace(self, ws_id: int):
        ws = self.store.find("workspaces", "id", ws_id)
        return ws if ws is not None and not ws.get("_left") else None

    def _ws_names(self, ws_id) -> dict:
        if ws_id is None:
            return {}
        ws = self._workspace(ws_id)
        org = self.store.find("orgs", "orgId", ws["orgId"]) if ws else None
        return {"orgId": ws and ws["orgId"], "orgName": org and org["name"], "workspaceId": ws_id,
                "workspaceName": ws and ws["name"]}

    def _in_ws(self, kind: str, key: str, value, ws_id, what: str, ws_text=None) -> dict:
        item = self.store.find(kind, key, value)
        if item is None or item.get("workspaceId") != ws_id or item.get("_deleted"):
            where = "user workspace" if ws_id is None else f"workspace '{ws_id}'"
            raise not_found(f"{what} '{value}' not found at {where}")
        return item

    def _label_ids(self, ids, ws_id) -> list:
        found = []
        for label_id in ids or []:
            label = self.store.find("labels", "id", label_id)
            if label is None or label["workspaceId"] != ws_id:
                raise bad_request(f"Label '{label_id}' not found")
            found.append(label_id)
        return found

    def _labels(self, ids) -> list:
        out = []
        for label_id in ids or []:
            label = self.store.find("labels", "id", label_id)
            if label is not None:
                out.append(label_dto(label))
        return out

    def _live_ces(self, ws_id) -> list:
        return [c for c in self.store.items("computeEnvs") if c["workspaceId"] == ws_id and not c.get("_deleted")]


# DTOs -----------------------------------------------------------------------------------------------
def label_dto(label: dict) -> dict:
    return {k: label.get(k) for k in ("id", "name", "value", "resource", "isDefault", "dateCreated")}


def org_dto(org: dict) -> dict:
    return {k: org.get(k) for k in ("orgId", "name", "fullName", "description", "location", "website", "logoId",
                                    "logoUrl", "memberId", "memberRole", "type", "paying")}


def workspace_dto(ws: dict) -> dict:
    return {k: ws.get(k) for k in ("id", "name", "fullName", "description", "visibility", "dateCreated", "lastUpdated")}


def credentials_dto(creds: dict) -> dict:
    return {k: creds.get(k) for k in ("id", "name", "description", "provider", "baseUrl", "category", "keys",
                                      "status", "dateCreated", "lastUpdated", "lastUsed")} | {"deleted": False}


def version_dto(version: dict, user: dict) -> dict:
    return {"id": version["id"], "name": version.get("name"), "isDefault": version.get("isDefault", False),
            "hash": version.get("hash"), "dateCreated": version.get("dateCreated"),
            "lastUpdated": version.get("lastUpdated"), "creatorUserId": version.get("creatorUserId"),
            "creatorUserName": version.get("creatorUserName"), "creatorFirstName": user.get("firstName"),
            "creatorLastName": user.get("lastName")}


# Service and user ----------------------------------------------------------------------------------
def service_info(api: Api, request: Request):
    return {"serviceInfo": {"version": SERVER_VERSION, "apiVersion": SERVER_API_VERSION, "commitId": "sandbox",
                            "authTypes": ["token"], "loginPath": "/login", "heartbeatInterval": 60,
                            "userWorkspaceEnabled": True, "allowInstanceCredentials": False,
                            "allowLocalRepos": False, "allowNextflowCliLogs": True, "seqeraCloud": False,
                            "waveEnabled": True, "groundswellEnabled": False, "llmEnabled": False,
                            "seqeraComputeEnabled": False, "contentMaxFileSize": 10485760,
                            "landingUrl": "", "termsOfUseUrl": "", "contactEmail": "demo@sandbox.localhost"}}


def user_info(api: Api, request: Request):
    return {"user": api.user, "needConsent": False}


def user_workspaces(api: Api, request: Request):
    if request.params["userId"] != str(api.user["id"]):
        raise HttpError(403, "Forbidden")
    entries = []
    for org in api.store.items("orgs"):
        entries.append({"orgId": org["orgId"], "orgName": org["name"], "orgLogoUrl": org.get("logoUrl"),
                        "orgType": org.get("type"), "roles": [org.get("memberRole") or "owner"]})
        for ws in api.store.items("workspaces"):
            if ws["orgId"] == org["orgId"] and not ws.get("_left"):
                entries.append({"orgId": org["orgId"], "orgName": org["name"], "orgLogoUrl": org.get("logoUrl"),
                                "orgType": org.get("type"), "workspaceId": ws["id"], "workspaceName": ws["name"],
                                "workspaceFullName": ws.get("fullName"), "visibility": ws.get("visibility"),
                                "roles": ["owner"]})
    return {"orgsAndWorkspaces": entries}


# Organizations and workspaces ------------------------------------------------------------------------
def _org(api: Api, request: Request) -> dict:
    raw = request.params["orgId"]
    org = api.store.find("orgs", "orgId", int(raw)) if raw.isdigit() else None
    if org is None:
        raise HttpError(403, f"Forbidden: organization '{raw}' does not exist or you are not a member")
    return org


def orgs_list(api: Api, request: Request):
    role = request.enum_arg("role", ("owner", "member", "collaborator"))
    orgs = [org_dto(o) for o in api.store.items("orgs") if role is None or o.get("memberRole") == role]
    return {"organizations": orgs, "totalSize": len(orgs)}


ORG_SPEC = {"name": ("string", 40), "fullName": ("string", 100), "description": ("string", 1000),
            "location": ("string", 100), "website": "string", "logoId": "string"}


def _org_name_free(api: Api, name: str, exclude=None) -> None:
    for org in api.store.items("orgs"):
        if org is not exclude and org["name"].lower() == name.lower():
            raise HttpError(409, f"An organization with name '{name}' already exists")


def orgs_add(api: Api, request: Request):
    body = request.json_object()
    org_in = request.json_object("organization")
    check_fields(org_in, "organization.", ORG_SPEC)
    require(org_in, "organization.", "name", "fullName")
    check_name(org_in["name"], "organization")
    _org_name_free(api, org_in["name"])
    now = iso(api.store.now())
    org = {"orgId": api.store.number_id(), "name": org_in["name"], "fullName": org_in["fullName"],
           "description": org_in.get("description"), "location": org_in.get("location"),
           "website": org_in.get("website"), "logoId": body.get("logoId"), "memberRole": "owner",
           "memberId": api.store.number_id(), "type": "basic", "paying": False, "dateCreated": now, "lastUpdated": now}
    api.store.items("orgs").append(org)
    return {"organization": org_dto(org)}


def orgs_validate(api: Api, request: Request):
    name = request.arg("name") or ""
    check_name(name, "organization")
    _org_name_free(api, name)


def orgs_get(api: Api, request: Request):
    return {"organization": org_dto(_org(api, request))}


def orgs_update(api: Api, request: Request):
    org = _org(api, request)
    body = request.json_object()
    check_fields(body, "", dict(ORG_SPEC, paying="boolean", type="string"))
    if body.get("name") is not None:
        check_name(body["name"], "organization")
        _org_name_free(api, body["name"], exclude=org)
    for key in ("name", "fullName", "description", "location", "website", "logoId"):
        if body.get(key) is not None:
            org[key] = body[key]
    org["lastUpdated"] = iso(api.store.now())


def orgs_delete(api: Api, request: Request):
    org = _org(api, request)
    ws_ids = {w["id"] for w in api.store.items("workspaces") if w["orgId"] == org["orgId"]}
    for kind in ("computeEnvs", "credentials", "labels", "pipelines", "launches", "workflows"):
        api.store.data[kind] = [x for x in api.store.items(kind) if x.get("workspaceId") not in ws_ids]
    api.store.data["workspaces"] = [w for w in api.store.items("workspaces") if w["orgId"] != org["orgId"]]
    api.store.remove("orgs", org)


def _org_workspace(api: Api, request: Request):
    org = _org(api, request)
    raw = request.params["workspaceId"]
    ws = api._workspace(int(raw)) if raw.isdigit() else None
    if ws is None or ws["orgId"] != org["orgId"]:
        raise HttpError(403, f"Forbidden: workspace '{raw}' does not exist or you are not a participant")
    return org, ws


WS_SPEC = {"name": ("string", 40), "fullName": ("string", 100), "description": ("string", 1000), "visibility": "string"}


def _ws_name_free(api: Api, org: dict, name: str, exclude=None) -> None:
    for ws in api.store.items("workspaces"):
        if ws is not exclude and ws["orgId"] == org["orgId"] and ws["name"].lower() == name.lower():
            raise HttpError(409, f"A workspace with name '{name}' already exists in organization '{org['name']}'")


def workspaces_list(api: Api, request: Request):
    org = _org(api, request)
    return {"workspaces": [{k: w.get(k) for k in ("id", "name", "fullName", "description", "visibility")}
                           for w in api.store.items("workspaces") if w["orgId"] == org["orgId"] and not w.get("_left")]}


def workspaces_add(api: Api, request: Request):
    org = _org(api, request)
    ws_in = request.json_object("workspace")
    check_fields(ws_in, "workspace.", WS_SPEC)
    require(ws_in, "workspace.", "name", "fullName", "visibility")
    check_name(ws_in["name"], "workspace")
    check_enum(ws_in["visibility"], ("PRIVATE", "SHARED"), "workspace.visibility")
    _ws_name_free(api, org, ws_in["name"])
    now = iso(api.store.now())
    ws = {"id": api.store.number_id(), "orgId": org["orgId"], "name": ws_in["name"], "fullName": ws_in["fullName"],
          "description": ws_in.get("description"), "visibility": ws_in["visibility"], "dateCreated": now,
          "lastUpdated": now}
    api.store.items("workspaces").append(ws)
    return {"workspace": workspace_dto(ws)}


def workspaces_validate(api: Api, request: Request):
    org = _org(api, request)
    name = request.arg("name") or ""
    check_name(name, "workspace")
    _ws_name_free(api, org, name)


def workspaces_get(api: Api, request: Request):
    _, ws = _org_workspace(api, request)
    return {"workspace": workspace_dto(ws)}


def workspaces_update(api: Api, request: Request):
    org, ws = _org_workspace(api, request)
    body = request.json_object()
    check_fields(body, "", WS_SPEC)
    check_enum(body.get("visibility"), ("PRIVATE", "SHARED"), "visibility")
    if body.get("name") is not None:
        check_name(body["name"], "workspace")
        _ws_name_free(api, org, body["name"], exclude=ws)
    for key in ("name", "fullName", "description", "visibility"):
        if body.get(key) is not None:
            ws[key] = body[key]
    ws["lastUpdated"] = iso(api.store.now())
    return {"workspace": workspace_dto(ws)}


def workspaces_delete(api: Api, request: Request):
    _, ws = _org_workspace(api, request)
    for kind in ("computeEnvs", "credentials", "labels", "pipelines", "launches", "workflows"):
        api.store.data[kind] = [x for x in api.store.items(kind) if x.get("workspaceId") != ws["id"]]
    api.store.remove("workspaces", ws)


def workspaces_leave(api: Api, request: Request):
    _, ws = _org_workspace(api, request)
    ws["_left"] = True


# Labels ---------------------------------------------------------------------------------------------
def labels_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    offset, size = request.page()
    kind = request.enum_arg("type", ("simple", "resource", "all")) or "all"
    search = (request.arg("search") or "").lower()
    default = request.arg("isDefault")
    is_default = request.bool_arg("isDefault") if default else None
    labels = [label for label in api.store.items("labels") if label["workspaceId"] == ws_id
              and (kind == "all" or label["resource"] == (kind == "resource"))
              and (not search or search in label["name"].lower())
              and (is_default is None or label.get("isDefault", False) == is_default)]
    labels.sort(key=lambda label: (label["name"].lower(), label.get("value") or ""))
    return {"labels": [label_dto(x) for x in paginate(labels, offset, size)], "totalSize": len(labels)}


LABEL_SPEC = {"name": ("string", 39), "value": ("string", 39), "resource": "boolean", "isDefault": "boolean"}


def labels_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.json_object()
    check_fields(body, "", LABEL_SPEC)
    require(body, "", "name")
    resource = bool(body.get("resource"))
    if resource and body.get("value") is None:
        raise bad_request("Resource labels require a value")
    if not resource and body.get("value") is not None:
        raise bad_request("Only resource labels can have a value")
    for label in api.store.items("labels"):
        if label["workspaceId"] == ws_id and label["name"] == body["name"] and label["resource"] == resource \
                and label.get("value") == body.get("value"):
            raise HttpError(409, f"Label '{body['name']}' already exists")
    label = model.new_label(api.store, ws_id, body["name"], body.get("value"), resource)
    label["isDefault"] = bool(body.get("isDefault"))
    return {k: label.get(k) for k in ("id", "name", "value", "resource", "isDefault")}


def _label(api: Api, request: Request, ws_id) -> dict:
    raw = request.params["labelId"]
    if not raw.isdigit():
        raise bad_request(f"Invalid label id '{raw}'")
    return api._in_ws("labels", "id", int(raw), ws_id, "Label")


def labels_update(api: Api, request: Request):
    ws_id = api.workspace(request)
    label = _label(api, request, ws_id)
    body = request.json_object()
    check_fields(body, "", LABEL_SPEC)
    if body.get("value") is not None and not label["resource"]:
        raise bad_request("Only resource labels can have a value")
    for key in ("name", "value", "isDefault"):
        if body.get(key) is not None:
            label[key] = body[key]
    return {k: label.get(k) for k in ("id", "name", "value", "isDefault")}


def labels_delete(api: Api, request: Request):
    ws_id = api.workspace(request)
    label = _label(api, request, ws_id)
    api.store.remove("labels", label)
    for kind in ("pipelines", "workflows", "computeEnvs"):
        for item in api.store.items(kind):
            if label["id"] in item.get("labels", []):
                item["labels"] = [x for x in item["labels"] if x != label["id"]]


# Credentials ----------------------------------------------------------------------------------------
CREDS_SPEC = {"name": ("string", 100), "provider": "string", "description": "string", "baseUrl": ("string", 200),
              "keys": "object", "category": "string", "id": "string"}


def credentials_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    platform = request.arg("platformId")
    wanted = PLATFORM_PROVIDER.get(platform, platform) if platform else None
    if isinstance(wanted, str):
        wanted = (wanted,)
    found = [credentials_dto(c) for c in api.store.items("credentials")
             if c["workspaceId"] == ws_id and (wanted is None or c["provider"] in wanted)]
    return {"credentials": found}


def _credentials_body(request: Request) -> dict:
    creds = request.json_object("credentials")
    check_fields(creds, "credentials.", CREDS_SPEC)
    require(creds, "credentials.", "name", "provider")
    check_enum(creds["provider"], PROVIDERS, "credentials.provider")
    keys = creds.get("keys") or {}
    if keys.get("discriminator") is not None and keys["discriminator"] != creds["provider"]:
        raise bad_request("Invalid field 'credentials.keys.discriminator': it must match the provider")
    return creds


def credentials_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    request.bool_arg("useExternalId")
    creds = _credentials_body(request)
    for existing in api.store.items("credentials"):
        if existing["workspaceId"] == ws_id and existing["name"] == creds["name"]:
            raise HttpError(409, f"Credentials with name '{creds['name']}' already exist")
    keys = dict(creds.get("keys") or {})
    if keys.get("mode") == "role" or request.bool_arg("useExternalId"):
        keys["externalId"] = api.store.string_id(32)
    created = model.new_credentials(api.store, ws_id, creds["name"], creds["provider"], keys,
                                    creds.get("baseUrl"), creds.get("description"))
    return {"credentialsId": created["id"]}


def credentials_validate_name(api: Api, request: Request):
    ws_id = api.workspace(request)
    name = request.arg("name") or ""
    if not name.strip():
        raise bad_request("Missing required parameter 'name'")
    if any(c["workspaceId"] == ws_id and c["name"] == name for c in api.store.items("credentials")):
        raise HttpError(409, f"Credentials with name '{name}' already exist")


def _credentials(api: Api, request: Request, ws_id) -> dict:
    return api._in_ws("credentials", "id", request.params["credentialsId"], ws_id, "Credentials")


def credentials_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    creds = _credentials(api, request, ws_id)
    doc = {"credentials": credentials_dto(creds)}
    if creds["keys"].get("externalId"):
        doc["setupSnippet"] = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:role/SandboxRole"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": creds["keys"]["externalId"]}}}]}, indent=2)
    return doc


def credentials_update(api: Api, request: Request):
    ws_id = api.workspace(request)
    existing = _credentials(api, request, ws_id)
    creds = _credentials_body(request)
    if creds["provider"] != existing["provider"]:
        raise bad_request("The credentials provider cannot be changed")
    public = {k: v for k, v in (creds.get("keys") or {}).items() if k not in model.SECRET_KEYS}
    public["discriminator"] = existing["provider"]
    if existing["keys"].get("externalId") and "externalId" not in public:
        public["externalId"] = existing["keys"]["externalId"]
    existing.update({"name": creds["name"], "keys": public, "lastUpdated": iso(api.store.now())})
    for key in ("baseUrl", "description"):
        if creds.get(key) is not None:
            existing[key] = creds[key]


def credentials_delete(api: Api, request: Request):
    ws_id = api.workspace(request)
    creds = _credentials(api, request, ws_id)
    request.bool_arg("checked")
    api.store.remove("credentials", creds)


def credentials_validate(api: Api, request: Request):
    ws_id = api.workspace(request)
    _credentials(api, request, ws_id)
    request.bool_arg("force")
    return {"status": "AVAILABLE", "transientError": False}


# Compute environments ---------------------------------------------------------------------------------
def _ce_region(ce: dict):
    config = ce.get("config") or {}
    return config.get("region") or config.get("location")


def ce_entry(api: Api, ce: dict, ws_id, labels: bool) -> dict:
    config = ce.get("config") or {}
    ws = api._workspace(ws_id) if ws_id is not None else None
    return {"id": ce["id"], "name": ce["name"], "description": ce.get("description"), "platform": ce["platform"],
            "status": model.compute_env_status(api.store, ce), "message": ce.get("message"),
            "lastUsed": ce.get("lastUsed"), "primary": bool(ce.get("primary")), "credentialsId": ce.get("credentialsId"),
            "workspaceName": ws and ws["name"], "visibility": ws and ws.get("visibility"),
            "region": _ce_region(ce), "workDir": config.get("workDir"),
            "waveEnabled": config.get("waveEnabled"), "fusion2Enabled": config.get("fusion2Enabled"),
            "labels": api._labels(ce.get("labels")) if labels else None}


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


def compute_envs_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    status = request.enum_arg("status", CE_STATUSES, case_sensitive=False)
    labels = "labels" in request.list_arg("attributes", ("labels", "resources"))
    entries = [ce_entry(api, ce, ws_id, labels) for ce in api._live_ces(ws_id)]
    if status:
        entries = [e for e in entries if e["status"] == status.upper()]
    return {"computeEnvs": entries}


def compute_envs_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.json_object()
    ce_in = request.json_object("computeEnv")
    check_fields(body, "", {"labelIds": "integers"})
    check_fields(ce_in, "computeEnv.", {"name": ("string", 100), "description": ("string", 2000), "platform": "string",
                                        "config": "object", "credentialsId": "string",
                                        "fusionMetricsCollectionEnabled": "boolean"})
    require(ce_in, "computeEnv.", "name", "platform", "config")
    check_enum(ce_in["platform"], CE_PLATFORMS, "computeEnv.platform")
    config = ce_in["config"]
    if config.get("discriminator") is not None and config["discriminator"] != ce_in["platform"]:
        raise bad_request("Invalid field 'computeEnv.config.discriminator': it must match the platform")
    if not re.match(r"^[\w.-]{1,100}$", ce_in["name"]):
        raise bad_request(f"Invalid compute environment name '{ce_in['name']}'")
    if any(c["name"] == ce_in["name"] for c in api._live_ces(ws_id)):
        raise HttpError(409, f"A compute environment with name '{ce_in['name']}' already exists")
    if ce_in.get("credentialsId") is not None:
        api._in_ws("credentials", "id", ce_in["credentialsId"], ws_id, "Credentials")
    elif ce_in["platform"] not in ("seqeracompute-platform", "local-platform"):
        raise bad_request("Missing required field 'computeEnv.credentialsId'")
    label_ids = api._label_ids(body.get("labelIds"), ws_id)
    ce = model.new_compute_env(api.store, ws_id, ce_in["name"], ce_in["platform"], config, ce_in.get("credentialsId"),
                               ce_in.get("description"), label_ids,
                               extra={"fusionMetricsCollectionEnabled": ce_in.get("fusionMetricsCollectionEnabled")})
    return {"computeEnvId": ce["id"]}


def compute_envs_validate_name(api: Api, request: Request):
    ws_id = api.workspace(request)
    name = request.arg("name") or ""
    if not re.match(r"^[\w.-]{1,100}$", name):
        raise bad_request(f"Invalid compute environment name '{name}'")
    if any(c["name"] == name for c in api._live_ces(ws_id)):
        raise HttpError(409, f"A compute environment with name '{name}' already exists")


def _ce(api: Api, request: Request, ws_id, include_deleted: bool = False) -> dict:
    ce = api.store.find("computeEnvs", "id", request.params["computeEnvId"])
    if ce is None or ce["workspaceId"] != ws_id or (ce.get("_deleted") and not include_deleted):
        where = "user workspace" if ws_id is None else f"workspace '{ws_id}'"
        raise not_found(f"Compute environment '{request.params['computeEnvId']}' not found at {where}")
    return ce


def compute_envs_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    labels = "labels" in request.list_arg("attributes", ("labels", "resources"))
    return {"computeEnv": ce_full(api, _ce(api, request, ws_id, include_deleted=True), labels)}


def compute_envs_update(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    body = request.json_object()
    check_fields(body, "", {"name": ("string", 100), "description": ("string", 2000), "credentialsId": "string",
                            "fusionMetricsCollectionEnabled": "boolean"})
    if body.get("name") is not None and body["name"] != ce["name"]:
        if any(c["name"] == body["name"] for c in api._live_ces(ws_id)):
            raise HttpError(409, f"A compute environment with name '{body['name']}' already exists")
    for key in ("name", "description", "credentialsId", "fusionMetricsCollectionEnabled"):
        if body.get(key) is not None:
            ce[key] = body[key]
    ce["lastUpdated"] = iso(api.store.now())


def compute_envs_delete(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    request.bool_arg("force")
    if ce.get("_deleteAt") is None:
        ce["_deleteAt"] = api.store.now() + model.CE_DELETE_SECONDS / api.store.speed


def compute_envs_primary(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    if model.compute_env_status(api.store, ce) != "AVAILABLE":
        raise bad_request(f"Compute environment '{ce['id']}' is not available")
    for other in api._live_ces(ws_id):
        other["primary"] = other is ce


def compute_envs_validate(api: Api, request: Request):
    ws_id = api.workspace(request)
    ce = _ce(api, request, ws_id)
    request.bool_arg("force")
    return {"status": model.compute_env_status(api.store, ce), "transientError": False}


# Pipelines ------------------------------------------------------------------------------------------
def _default_version(pipeline: dict) -> dict:
    for version in pipeline["versions"]:
        if version.get("isDefault"):
            return version
    return pipeline["versions"][-1]


def pipeline_dto(api: Api, pipeline: dict, attributes=(), version: dict | None = None) -> dict:
    names = api._ws_names(pipeline["workspaceId"])
    doc = {"pipelineId": pipeline["pipelineId"], "name": pipeline["name"], "description": pipeline.get("description"),
           "icon": pipeline.get("icon"), "repository": pipeline.get("repository"), "userId": pipeline.get("userId"),
           "userName": pipeline.get("userName"), "userFirstName": pipeline.get("userFirstName"),
           "userLastName": pipeline.get("userLastName"), "orgId": names.get("orgId"), "orgName": names.get("orgName"),
           "workspaceId": names.get("workspaceId"), "workspaceName": names.get("workspaceName"),
           "visibility": pipeline.get("visibility"), "deleted": False, "lastUpdated": pipeline.get("lastUpdated")}
    if "labels" in attributes:
        doc["labels"] = api._labels(pipeline.get("labels"))
    if "optimized" in attributes:
        doc["optimizationStatus"] = "UNAVAILABLE"
    if "computeEnv" in attributes:
        launch = api.store.find("launches", "id", _default_version(pipeline)["launchId"]) or {}
        ce = api.store.find("computeEnvs", "id", launch.get("computeEnvId"))
        if ce is not None:
            doc["computeEnv"] = {"id": ce["id"], "name": ce["name"], "platform": ce["platform"], "region": _ce_region(ce)}
    if version is not None:
        doc["version"] = version_dto(version, api.user)
    return doc


def pipelines_list(api: Api, request: Request):
    ws_id = api.workspace(request)
    offset, size = request.page()
    attributes = request.list_arg("attributes", PIPELINE_ATTRIBUTES)
    visibility = (request.arg("visibility") or "private").lower()
    request.enum_arg("sortBy", ("CREATED", "MODIFIED", "NAME"), case_sensitive=False)
    request.enum_arg("sortDir", ("ASCENDING", "DESCENDING"), case_sensitive=False)
    search = (request.arg("search") or "").strip()
    found = [p for p in api.store.items("pipelines") if p["workspaceId"] == ws_id
             and (visibility in ("all", "private") or (p.get("visibility") or "").lower() == visibility)
             and _pipeline_matches(p, search)]
    found.sort(key=lambda p: p["name"].lower())
    return {"pipelines": [pipeline_dto(api, p, attributes) for p in paginate(found, offset, size)],
            "totalSize": len(found)}


def _pipeline_matches(pipeline: dict, search: str) -> bool:
    if not search:
        return True
    if len(search) >= 2 and search[0] == search[-1] == '"':
        return pipeline["name"] == search[1:-1].replace('\\"', '"')
    text = search.lower()
    return text in pipeline["name"].lower() or text in (pipeline.get("repository") or "").lower()


def _launch_body(api: Api, launch: dict, ws_id, where: str = "launch.") -> dict:
    check_fields(launch, where, LAUNCH_SPEC)
    if launch.get("runName") is not None and not RUN_NAME.match(launch["runName"]):
        raise bad_request(f"Invalid run name '{launch['runName']}'")
    if launch.get("computeEnvId") is not None:
        ce = api.store.find("computeEnvs", "id", launch["computeEnvId"])
        if ce is None or ce["workspaceId"] != ws_id or ce.get("_deleted"):
            raise bad_request(f"Compute environment '{launch['computeEnvId']}' not found")
    return launch


def _pipeline_name_free(api: Api, ws_id, name: str, exclude=None) -> None:
    if not re.match(r"^[\w.-]{2,99}$", name or ""):
        raise bad_request(f"Invalid pipeline name '{name}'")
    for p in api.store.items("pipelines"):
        if p is not exclude and p["workspaceId"] == ws_id and p["name"] == name:
            raise HttpError(409, f"A pipeline with name '{name}' already exists")


def pipelines_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.json_object()
    check_fields(body, "", {"name": "string", "description": "string", "icon": "string", "labelIds": "integers",
                            "launch": "object", "version": "object"})
    require(body, "", "name")
    launch = _launch_body(api, request.json_object("launch"), ws_id)
    require(launch, "launch.", "pipeline")
    _pipeline_name_free(api, ws_id, body["name"])
    label_ids = api._label_ids(body.get("labelIds"), ws_id)
    version = body.get("version") or {}
    check_fields(version, "version.", {"name": "string"})
    saved = model.new_launch(api.store, ws_id, launch)
    pipeline = model.new_pipeline(api.store, ws_id, body["name"], saved, body.get("description"), body.get("icon"),
                                  version.get("name"), label_ids)
    return {"pipeline": pipeline_dto(api, pipeline, (), _default_version(pipeline))}


def pipelines_validate_name(api: Api, request: Request):
    ws_id = api.workspace(request)
    request.int_arg("orgId")
    name = request.arg("name") or ""
    _pipeline_name_free(api, ws_id, name)


def _pipeline(api: Api, request: Request, ws_id) -> dict:
    raw = request.params["pipelineId"]
    if not raw.isdigit():
        raise bad_request(f"Invalid pipeline id '{raw}'")
    return api._in_ws("pipelines", "pipelineId", int(raw), ws_id, "Pipeline")


def _source_ws(api: Api, request: Request, ws_id):
    """Pipelines shared from another workspace are read with `sourceWorkspaceId`; here they live in ws_id."""
    source = api.workspace(request, "sourceWorkspaceId")
    return ws_id if source is None else source


def pipelines_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, _source_ws(api, request, ws_id))
    attributes = request.list_arg("attributes", PIPELINE_ATTRIBUTES)
    return {"pipeline": pipeline_dto(api, pipeline, attributes, _default_version(pipeline))}


def _apply_pipeline_update(api: Api, request: Request, pipeline: dict, version: dict) -> dict:
    ws_id = pipeline["workspaceId"]
    body = request.json_object()
    check_fields(body, "", {"name": "string", "description": "string", "icon": "string", "labelIds": "integers",
                            "launch": "object"})
    if body.get("name") is not None and body["name"] != pipeline["name"]:
        _pipeline_name_free(api, ws_id, body["name"], exclude=pipeline)
    launch_in = body.get("launch")
    if launch_in is not None:
        _launch_body(api, launch_in, ws_id)
        launch = api.store.find("launches", "id", version["launchId"])
        for key in model.LAUNCH_FIELDS:
            if key in launch_in:
                launch[key] = launch_in[key]
        launch["lastUpdated"] = iso(api.store.now())
        if launch.get("pipeline"):
            pipeline["repository"] = launch["pipeline"]
    if body.get("labelIds") is not None:
        pipeline["labels"] = api._label_ids(body["labelIds"], ws_id)
    for key in ("name", "description", "icon"):
        if body.get(key) is not None:
            pipeline[key] = body[key]
    pipeline["lastUpdated"] = version["lastUpdated"] = iso(api.store.now())
    return {"pipeline": pipeline_dto(api, pipeline, (), version)}


def pipelines_update(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, ws_id)
    return _apply_pipeline_update(api, request, pipeline, _default_version(pipeline))


def _version(pipeline: dict, version_id: str) -> dict:
    for version in pipeline["versions"]:
        if version["id"] == version_id:
            return version
    raise not_found(f"Pipeline version '{version_id}' not found")


def pipelines_update_version(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, ws_id)
    return _apply_pipeline_update(api, request, pipeline, _version(pipeline, request.params["versionId"]))


def pipelines_delete(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, ws_id)
    api.store.remove("pipelines", pipeline)


def launch_dto(api: Api, launch: dict, extra: dict | None = None) -> dict:
    doc = {k: launch.get(k) for k in model.LAUNCH_FIELDS if k != "computeEnvId"}
    doc.update({"id": launch["id"], "dateCreated": launch.get("dateCreated"), "lastUpdated": launch.get("lastUpdated")})
    ce = api.store.find("computeEnvs", "id", launch.get("computeEnvId"))
    if ce is not None:
        doc["computeEnv"] = ce_full(api, ce)
    doc.update(extra or {})
    return doc


def pipelines_launch(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, _source_ws(api, request, ws_id))
    version_id = request.arg("versionId")
    version = _version(pipeline, version_id) if version_id else _default_version(pipeline)
    launch = api.store.find("launches", "id", version["launchId"])
    return {"launch": launch_dto(api, launch)}


def pipelines_versions(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, ws_id)
    offset, size = request.page()
    published = request.bool_arg("isPublished") if request.arg("isPublished") else None
    search = (request.arg("search") or "").strip()
    key, _, term = search.partition(":") if ":" in search else ("", "", search)
    found = []
    for version in pipeline["versions"]:
        if published is not None and (version.get("name") is not None) != published:
            continue
        value = {"versionName": version.get("name"), "versionId": version["id"],
                 "versionHash": version.get("hash")}.get(key, version.get("name")) or ""
        if term and term.lower() not in value.lower():
            continue
        found.append(version)
    return {"versions": [pipeline_dto(api, pipeline, (), v) for v in paginate(found, offset, size)],
            "totalSize": len(found)}


def pipelines_version_validate(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, ws_id)
    name = request.arg("name") or ""
    if not re.match(r"^[\w.-]{1,100}$", name):
        raise bad_request(f"Invalid version name '{name}'")
    if any(v.get("name") == name for v in pipeline["versions"]):
        raise HttpError(409, f"A version with name '{name}' already exists")


def pipelines_version_manage(api: Api, request: Request):
    ws_id = api.workspace(request)
    pipeline = _pipeline(api, request, ws_id)
    version = _version(pipeline, request.params["versionId"])
    body = request.json_object()
    check_fields(body, "", {"name": "string", "isDefault": "boolean"})
    if body.get("name") is not None:
        if any(v is not version and v.get("name") == body["name"] for v in pipeline["versions"]):
            raise HttpError(409, f"A version with name '{body['name']}' already exists")
        version["name"] = body["name"]
    if body.get("isDefault"):
        for other in pipeline["versions"]:
            other["isDefault"] = other is version


def _associate(api: Api, request: Request, kind: str, ids_key: str, operation: str):
    ws_id = api.workspace(request)
    body = request.json_object()
    check_fields(body, "", {"labelIds": "integers", ids_key: "integers" if kind == "pipelines" else "strings"})
    label_ids = api._label_ids(body.get("labelIds"), ws_id)
    key = "pipelineId" if kind == "pipelines" else "id"
    for item_id in body.get(ids_key) or []:
        item = api._in_ws(kind, key, item_id, ws_id, "Pipeline" if kind == "pipelines" else "Workflow")
        if operation == "apply":
            item["labels"] = list(label_ids)
        elif operation == "add":
            item["labels"] = item.get("labels", []) + [x for x in label_ids if x not in item.get("labels", [])]
        else:
            item["labels"] = [x for x in item.get("labels", []) if x not in label_ids]


def pipelines_labels(api: Api, request: Request):
    _associate(api, request, "pipelines", "pipelineIds", request.params["operation"])


def workflow_labels(api: Api, request: Request):
    _associate(api, request, "workflows", "workflowIds", request.params["operation"])


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


def _pipeline_info(api: Api, run: dict):
    pipeline = api.store.find("pipelines", "pipelineId", run.get("pipelineId"))
    if pipeline is None:
        return None
    version = _default_version(pipeline)
    return {"id": pipeline["pipelineId"], "workspaceId": pipeline["workspaceId"],
            "version": {"id": version["id"], "name": version.get("name"), "hash": version.get("hash"),
                        "isDefault": version.get("isDefault"), "isDraftVersion": version.get("name") is None,
                        "dateCreated": version.get("dateCreated"), "lastUpdated": version.get("lastUpdated")}}


def _run(api: Api, request: Request, ws_id) -> dict:
    return api._in_ws("workflows", "id", request.params["workflowId"], ws_id, "Workflow")


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
            element["pipelineInfo"] = _pipeline_info(api, run)
        workflows.append(element)
    doc = {"workflows": workflows, "hasMore": offset + len(page) < len(rows)}
    if include_total:
        doc["totalSize"] = len(rows)
    return doc


def workflows_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
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
        doc["pipelineInfo"] = _pipeline_info(api, run)
    return doc


def workflows_delete(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
    force = request.bool_arg("force")
    if not force and simulate.snapshot(run, api.store.now()).status in ACTIVE:
        raise bad_request(f"Workflow '{run['id']}' is active: cancel it first or delete it with force=true")
    api.store.remove("workflows", run)


def workflows_delete_many(api: Api, request: Request):
    ws_id = api.workspace(request)
    force = request.bool_arg("force")
    body = request.json_object()
    check_fields(body, "", {"workflowIds": "strings"})
    failed = []
    for run_id in body.get("workflowIds") or []:
        run = api.store.find("workflows", "id", run_id)
        if run is None or run["workspaceId"] != ws_id or \
                (not force and simulate.snapshot(run, api.store.now()).status in ACTIVE):
            failed.append(run_id)
        else:
            api.store.remove("workflows", run)
    return {"failedWorkflowIds": failed}


def workflows_progress(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
    now = api.store.now()
    return {"progress": simulate.progress_document(run, simulate.snapshot(run, now), now)}


def workflows_launch_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
    launch = api.store.find("launches", "id", run["launchId"])
    if launch is None:
        raise not_found(f"Launch of workflow '{run['id']}' not found")
    finished = simulate.snapshot(run, api.store.now()).status not in ACTIVE
    return {"launch": launch_dto(api, launch, {"pipelineId": run.get("pipelineId"),
                                               "sessionId": run["sessionId"],
                                               "resumeDir": run["workDir"] if finished else None,
                                               "resumeCommitId": run["commitId"] if finished else None})}


def launch_get(api: Api, request: Request):
    ws_id = api.workspace(request)
    launch = api._in_ws("launches", "id", request.params["launchId"], ws_id, "Launch")
    return {"launch": launch_dto(api, launch)}


def workflows_tasks(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
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


def _task(api: Api, request: Request, run: dict):
    raw = request.params["taskId"]
    now = api.store.now()
    state = simulate.snapshot(run, now)
    for task in state.tasks:
        if str(task.number) == raw or str(run["_taskBase"] + task.number) == raw:
            return task, now
    raise not_found(f"Task '{raw}' not found in workflow '{run['id']}'")


def workflows_task(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
    task, now = _task(api, request, run)
    return {"task": simulate.task_document(run, task, now)}


def workflows_metrics(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
    return {"metrics": simulate.metrics_document(run, simulate.snapshot(run, api.store.now()))}


def workflows_download(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
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


def workflows_download_task(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
    task, _ = _task(api, request, run)
    text = simulate.task_file(task, request.arg("fileName") or "")
    if text is None:
        raise not_found(f"File '{request.arg('fileName')}' not found for task '{task.number}'")
    return Response(200, text, "text/plain")


def workflows_cancel(api: Api, request: Request):
    ws_id = api.workspace(request)
    run = _run(api, request, ws_id)
    request.bool_arg("force")
    state = simulate.snapshot(run, api.store.now())
    if state.status not in ACTIVE:
        raise bad_request(f"Workflow '{run['id']}' is not active: its status is {state.status}")
    run["_cancelAt"] = api.store.now()


def workflows_launch(api: Api, request: Request):
    ws_id = api.workspace(request)
    source_ws = _source_ws(api, request, ws_id)
    launch_in = _launch_body(api, request.json_object("launch"), ws_id)
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


ROUTES = [
    ("GET", "/service-info", service_info),
    ("GET", "/user-info", user_info),
    ("GET", "/user/{userId}/workspaces", user_workspaces),
    ("GET", "/orgs", orgs_list),
    ("POST", "/orgs", orgs_add),
    ("GET", "/orgs/validate", orgs_validate),
    ("GET", "/orgs/{orgId}", orgs_get),
    ("PUT", "/orgs/{orgId}", orgs_update),
    ("DELETE", "/orgs/{orgId}", orgs_delete),
    ("GET", "/orgs/{orgId}/workspaces", workspaces_list),
    ("POST", "/orgs/{orgId}/workspaces", workspaces_add),
    ("GET", "/orgs/{orgId}/workspaces/validate", workspaces_validate),
    ("GET", "/orgs/{orgId}/workspaces/{workspaceId}", workspaces_get),
    ("PUT", "/orgs/{orgId}/workspaces/{workspaceId}", workspaces_update),
    ("DELETE", "/orgs/{orgId}/workspaces/{workspaceId}", workspaces_delete),
    ("DELETE", "/orgs/{orgId}/workspaces/{workspaceId}/participants", workspaces_leave),
    ("GET", "/labels", labels_list),
    ("POST", "/labels", labels_add),
    ("PUT", "/labels/{labelId}", labels_update),
    ("DELETE", "/labels/{labelId}", labels_delete),
    ("GET", "/credentials", credentials_list),
    ("POST", "/credentials", credentials_add),
    ("GET", "/credentials/validate", credentials_validate_name),
    ("GET", "/credentials/{credentialsId}", credentials_get),
    ("PUT", "/credentials/{credentialsId}", credentials_update),
    ("DELETE", "/credentials/{credentialsId}", credentials_delete),
    ("POST", "/credentials/{credentialsId}/validate", credentials_validate),
    ("GET", "/compute-envs", compute_envs_list),
    ("POST", "/compute-envs", compute_envs_add),
    ("GET", "/compute-envs/validate", compute_envs_validate_name),
    ("GET", "/compute-envs/{computeEnvId}", compute_envs_get),
    ("PUT", "/compute-envs/{computeEnvId}", compute_envs_update),
    ("DELETE", "/compute-envs/{computeEnvId}", compute_envs_delete),
    ("POST", "/compute-envs/{computeEnvId}/primary", compute_envs_primary),
    ("POST", "/compute-envs/{computeEnvId}/validate", compute_envs_validate),
    ("GET", "/pipelines", pipelines_list),
    ("POST", "/pipelines", pipelines_add),
    ("GET", "/pipelines/validate", pipelines_validate_name),
    ("POST", "/pipelines/labels/{operation:apply|add|remove}", pipelines_labels),
    ("GET", "/pipelines/{pipelineId}", pipelines_get),
    ("PUT", "/pipelines/{pipelineId}", pipelines_update),
    ("DELETE", "/pipelines/{pipelineId}", pipelines_delete),
    ("GET", "/pipelines/{pipelineId}/launch", pipelines_launch),
    ("GET", "/pipelines/{pipelineId}/versions", pipelines_versions),
    ("GET", "/pipelines/{pipelineId}/versions/validate", pipelines_version_validate),
    ("POST", "/pipelines/{pipelineId}/versions/{versionId}", pipelines_update_version),
    ("PUT", "/pipelines/{pipelineId}/versions/{versionId}/manage", pipelines_version_manage),
    ("POST", "/workflow/launch", workflows_launch),
    ("GET", "/workflow", workflows_list),
    ("POST", "/workflow/delete", workflows_delete_many),
    ("POST", "/workflow/labels/{operation:apply|add|remove}", workflow_labels),
    ("GET", "/workflow/{workflowId}", workflows_get),
    ("DELETE", "/workflow/{workflowId}", workflows_delete),
    ("GET", "/workflow/{workflowId}/progress", workflows_progress),
    ("GET", "/workflow/{workflowId}/launch", workflows_launch_get),
    ("GET", "/workflow/{workflowId}/tasks", workflows_tasks),
    ("GET", "/workflow/{workflowId}/task/{taskId}", workflows_task),
    ("GET", "/workflow/{workflowId}/metrics", workflows_metrics),
    ("GET", "/workflow/{workflowId}/download", workflows_download),
    ("GET", "/workflow/{workflowId}/download/{taskId}", workflows_download_task),
    ("POST", "/workflow/{workflowId}/cancel", workflows_cancel),
    ("GET", "/launch/{launchId}", launch_get),
]
