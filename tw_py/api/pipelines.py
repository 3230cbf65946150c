"""Launchpad pipelines: lookup by id or exact name, listing, versions, create/update/delete, import/export."""
from __future__ import annotations

import random
import re
import time
from typing import TYPE_CHECKING, Callable

from tw_py.api import workspaces
from tw_py.api.client import expect_field
from tw_py.api.launch_request import LaunchOptions, create_launch_request, overlay, pick, without_nones
from tw_py.api.paging import Page, PageRequest, iter_items, list_items
from tw_py.api.paths import api_path
from tw_py.api.refs import Ref
from tw_py.api.suggest import did_you_mean
from tw_py.errors import ApiError, InputError, NotFoundError, TwpyError, api_error_context

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace



def search_term(name: str) -> str:
    """tw's quoted search term: `"name"` with inner quotes escaped, unless already quoted."""
    if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
        return name
    return '"' + name.replace('"', '\\"') + '"'


def _some_names(client: Client, workspace: Workspace) -> list[str | None]:
    """The names of the workspace's first 100 pipelines (for a suggestion; a failure suggests nothing)."""
    try:
        data = client.get("/pipelines", workspace.params(max=100, offset=0)) or {}
    except TwpyError:
        return []
    return [p.get("name") for p in data.get("pipelines") or [] if isinstance(p, dict)]


def find_by_name(client: Client, workspace: Workspace, name: str, attributes: str | None = None) -> dict:
    """The one pipeline named exactly `name` (tw's quoted search with `visibility=all`)."""
    term = search_term(name)
    data = client.get("/pipelines", workspace.params(attributes=attributes, search=term, visibility="all")) or {}
    found = list(data.get("pipelines") or [])
    plain = name[1:-1] if term == name else name   # a name given already quoted is matched without its quotes
    exact = [p for p in found if p.get("name") == plain]
    if not exact:
        raise NotFoundError(f"Unknown pipeline '{plain}' at {workspace.ref} workspace",
                            hint=did_you_mean(plain, _some_names(client, workspace), "twpy pipelines list"))
    if len(exact) > 1:
        ids = ", ".join(str(p.get("pipelineId")) for p in exact)
        raise InputError(f"Multiple pipelines match '{term}' at {workspace.ref} workspace",
                         hint=f"Use -i/--id with one of: {ids}.")
    return exact[0]


def pipeline_id(client: Client, workspace: Workspace, ref: Ref) -> int:
    """The id of a pipeline given as a `Ref` (-i or -n)."""
    if ref.id is not None:
        return int(ref.id)
    return int(find_by_name(client, workspace, ref.required_name)["pipelineId"])


def describe(client: Client, workspace: Workspace, pid: int, attributes: str | None = None) -> dict:
    data = client.get(api_path("/pipelines/{}", pid, what="pipeline id"), workspace.params(attributes=attributes))
    return expect_field(data, "pipeline", what=f"GET /pipelines/{pid}", read=True)


def find(client: Client, workspace: Workspace, ref: Ref, attributes: str | None = None) -> dict:
    """tw's fetchPipeline: the id from -i or the name lookup, then `GET /pipelines/{id}`."""
    try:
        return describe(client, workspace, pipeline_id(client, workspace, ref), attributes)
    except ApiError as error:
        if error.status == 404 and ref.id is not None:
            raise NotFoundError(f"Pipeline '{ref.id}' not found at {workspace.ref} workspace") from error
        raise


def source_workspace_id(workspace: Workspace, pipeline: dict) -> int | None:
    owner = pipeline.get("workspaceId")
    return owner if owner is not None and owner != workspace.id else None


def list_pipelines(client: Client, workspace: Workspace, *, search: str | None = None, visibility: str = "private",
                   labels: bool = False, page: PageRequest = PageRequest()) -> Page:
    """One page (or all with --all) of the workspace's pipelines. API errors are reported, not swallowed."""
    params = workspace.params(attributes="labels" if labels else None, search=search, visibility=visibility)
    try:
        return list_items(client, "/pipelines", "pipelines", params, page)
    except ApiError as error:
        if error.status == 404:
            raise NotFoundError(f"Workspace '{workspace.id}' not found") from error
        raise


def describe_launch(client: Client, workspace: Workspace, pid: int, *, source_workspace: int | None = None,
                    version_id: str | None = None) -> dict:
    data = client.get(api_path("/pipelines/{}/launch", pid, what="pipeline id"),
                      workspace.params(sourceWorkspaceId=source_workspace, versionId=version_id)) or {}
    return data.get("launch") or {}


# Versions -------------------------------------------------------------------------------------------

def find_version(client: Client, workspace: Workspace, pid: int, *, name: str | None = None, version_id: str | None = None) -> dict | None:
    """tw's findPipelineVersionByRef: a published version by exact name (error when missing), or by id
    (None when missing: the id is then used as given)."""
    params = workspace.params(search=name, isPublished=True if name is not None else None)
    versions = []
    data = client.get(api_path("/pipelines/{}/versions", pid, what="pipeline id"), dict(params, max=100, offset=0)) or {}
    if data.get("versions") is None:
        raise InputError("No versions available for the pipeline, check if Pipeline versioning feature is enabled "
                         "for the workspace")
    versions.extend(data["versions"])
    total = data.get("totalSize")
    if total is not None and total > len(versions):
        versions.extend(iter_items(client, api_path("/pipelines/{}/versions", pid, what="pipeline id"), "versions", params, start=len(versions)))
    for item in versions:
        version = item.get("version") or {}
        if (name is not None and version.get("name") == name) or (version_id is not None and version.get("id") == version_id):
            return version
    if name is not None:
        raise NotFoundError(f"Pipeline version '{name}' not found",
                            hint="List the versions with 'twpy pipelines versions list'.")
    return None


def version_id_for(client: Client, workspace: Workspace, pid: int, version_id: str | None, version_name: str | None) -> str | None:
    if version_name is not None:
        found = find_version(client, workspace, pid, name=version_name)   # raises when there is none
        return found["id"] if found else None
    return version_id


def list_versions(client: Client, workspace: Workspace, pid: int, *, search: str | None = None,
                  is_published: bool | None = None, page: PageRequest = PageRequest()) -> Page:
    params = workspace.params(search=search, isPublished=is_published)
    return list_items(client, api_path("/pipelines/{}/versions", pid, what="pipeline id"), "versions", params, page)


def manage_version(client: Client, workspace: Workspace, pid: int, version_id: str, *, name: str | None = None,
                   is_default: bool | None = None) -> None:
    with api_error_context(f"Unable to manage pipeline version '{version_id}'"):
        client.put(api_path("/pipelines/{}/versions/{}/manage", pid, version_id, what="pipeline id"),
                   {"name": name, "isDefault": is_default}, params=workspace.params())


def version_name_free(client: Client, workspace: Workspace, pid: int, name: str) -> bool:
    try:
        client.get(api_path("/pipelines/{}/versions/validate", pid, what="pipeline id"), workspace.params(name=name))
        return True
    except ApiError as error:
        if error.status is not None and 400 <= error.status < 500 and error.status not in (401, 403):
            return False
        raise


def next_version_name(current: str) -> str:
    """`rnaseq` -> `rnaseq-1`, `p-3` -> `p-4`."""
    match = re.match(r"^(.*)-(\d+)$", current)
    if match:
        return f"{match.group(1)}-{int(match.group(2)) + 1}"
    return f"{current}-1"


def auto_version_name(client: Client, workspace: Workspace, pid: int, default_name: str, *,
                      sleep: Callable[[float], None] = time.sleep) -> str:
    """A free version name after `default_name` (tw: up to 10 tries, then `<prefix>-<4 random hex>`)."""
    candidate = default_name or "version"
    for _attempt in range(10):
        candidate = next_version_name(candidate)
        if version_name_free(client, workspace, pid, candidate):
            return candidate
        sleep(0.15)
    prefix = re.sub(r"-\d+$", "", default_name or "version")
    return f"{prefix}-{random.getrandbits(16):04x}"


# Create, update, delete -------------------------------------------------------------------------------

def create(client: Client, workspace: Workspace, request: dict) -> dict:
    data = client.post("/pipelines", request, params=workspace.params(), idempotent=False)
    return expect_field(data, "pipeline", what="the new pipeline")


def validate_name(client: Client, workspace: Workspace, name: str) -> None:
    try:
        client.get("/pipelines/validate", workspace.params(orgId=workspace.org_id if not workspace.personal else None,
                                                           name=name))
    except ApiError as error:
        if error.status is not None and 400 <= error.status < 500 and error.status not in (401, 403):
            raise InputError(f"Pipeline name '{name}' is not valid", hint=error.message) from error
        raise


def update_version(client: Client, workspace: Workspace, pid: int, version_id: str | None, request: dict) -> dict:
    """`POST /pipelines/{id}/versions/{versionId}` (or `PUT /pipelines/{id}` when versioning is off)."""
    if version_id:
        data = client.post(api_path("/pipelines/{}/versions/{}", pid, version_id, what="pipeline id"), request, params=workspace.params(),
                           idempotent=True)
    else:
        data = client.put(api_path("/pipelines/{}", pid, what="pipeline id"), request, params=workspace.params())
    return (data or {}).get("pipeline") or {}


def settle_new_version(client: Client, workspace: Workspace, pipeline: dict, target: str | None, updated: dict, *,
                       allow_draft: bool = False) -> dict:
    """After an update of version `target`: when the Platform made a new draft version, name it after the current
    default and make it the default (or keep the draft with `allow_draft`). Returns `{"newVersionName": ...}`,
    `{"draftVersionId": ...}`, or {} when no version was made."""
    new_version = updated.get("version") or {}
    if not target or not new_version.get("id") or new_version.get("id") == target:
        return {}
    if new_version.get("name"):
        return {"newVersionName": new_version["name"]}
    if allow_draft:
        return {"draftVersionId": new_version["id"]}
    pid = pipeline["pipelineId"]
    default_name = (pipeline.get("version") or {}).get("name") or pipeline.get("name") or "version"
    name = auto_version_name(client, workspace, pid, str(default_name))
    manage_version(client, workspace, pid, new_version["id"], name=name, is_default=True)
    return {"newVersionName": name}


def delete(client: Client, workspace: Workspace, pid: int) -> None:
    client.delete(api_path("/pipelines/{}", pid, what="pipeline id"), workspace.params())


def workspace_visibility(client: Client, workspace: Workspace) -> str:
    """PRIVATE or SHARED (the personal workspace counts as PRIVATE); from the directory entry when it has it."""
    if workspace.personal:
        return "PRIVATE"
    entry = workspace.entry
    if entry.get("visibility"):
        return entry["visibility"]
    org_id, workspace_id = workspace.org_id, workspace.id
    if org_id is None or workspace_id is None:
        return "PRIVATE"
    return workspaces.describe(client, org_id, workspace_id).get("visibility") or "PRIVATE"


# Launch configuration (add / update / export / import) -------------------------------------------------

def launch_config(options: LaunchOptions, *, pipeline: str | None, ce: dict | None,
                  pipeline_schema_id: int | None = None) -> dict:
    """The `launch` of a CreatePipelineRequest from LaunchOptions: workDir/pre/post default to the CE's."""
    config = (ce or {}).get("config") or {}
    defaults = {"workDir": config.get("workDir"), "preRunScript": config.get("preRunScript"),
                "postRunScript": config.get("postRunScript")}
    return without_nones({"computeEnvId": (ce or {}).get("id"), "pipeline": pipeline,
                          **overlay(defaults, options), "pipelineSchemaId": pipeline_schema_id})


def updated_launch(existing: dict, options: LaunchOptions, *, ce_id: str | None, pipeline: str | None,
                   pipeline_schema_id: int | None = None) -> dict:
    """The `launch` of an UpdatePipelineRequest: each field CLI ?: the existing launch's value, except
    `commitId`, which tw takes from the CLI only (so an update without --commit-id clears it)."""
    return without_nones({
        "computeEnvId": ce_id or (existing.get("computeEnv") or {}).get("id"),
        "pipeline": pick(pipeline, existing.get("pipeline")),
        **overlay(existing, options, cli_only=("commitId",)),
        "pipelineSchemaId": pick(pipeline_schema_id, existing.get("pipelineSchemaId")),
    })


def export_request(pipeline: dict, launch: dict, version: dict | None) -> dict:
    """tw's export document: CreatePipelineRequest{description, icon, launch, version{name}?} (no name)."""
    doc = {"description": pipeline.get("description"), "icon": pipeline.get("icon"),
           "launch": create_launch_request(launch)}
    if version and version.get("name"):
        doc["version"] = {"name": version["name"]}
    return {k: v for k, v in doc.items() if v is not None}
