"""Launching runs: the launch options bundle, tw's launch request semantics, compute env resolution.

Request semantics follow tw 0.38 (`LaunchCmd`, `ModelHelper.createLaunchRequest`, `updateLaunchRequest`):
a Launchpad pipeline starts from its saved launch, a URL from the compute environment; CLI values override
(strings: empty means missing); `sessionId`, `resume`, `pipelineSchemaId`, `dateCreated` are dropped.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from tw_py.api import labels as labels_api
from tw_py.api import pipelines as pipelines_api
from tw_py.api.client import expect_field
from tw_py.api.compute_envs import AvailableComputeEnvs, ce_config
from tw_py.api.labels import Label
from tw_py.api.launch_request import LaunchOptions, create_launch_request, overlay, pick, without_nones
from tw_py.api.paging import iter_pages
from tw_py.api.paths import api_path
from tw_py.errors import NotFoundError, TwpyError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


URL_PREFIXES = ("https://", "http://", "file:/")


def is_url(pipeline: str) -> bool:
    return pipeline.startswith(URL_PREFIXES)


def update_launch_request(base: dict, options: LaunchOptions, *, run_name: str | None = None,
                          launch_container: str | None = None, disable_optimization: bool = False,
                          head_job_cpus: int | None = None, head_job_memory: int | None = None) -> dict:
    """tw's `updateLaunchRequest`: a NEW request holding only the fields tw keeps, CLI values over `base`."""
    request = {
        "id": base.get("id"),
        "computeEnvId": base.get("computeEnvId"),
        "runName": pick(run_name, base.get("runName")),
        "pipeline": base.get("pipeline"),
        **overlay(base, options),
        "towerConfig": base.get("towerConfig"),
        "optimizationId": None if disable_optimization else base.get("optimizationId"),
        "optimizationTargets": None if disable_optimization else base.get("optimizationTargets"),
        "labelIds": base.get("labelIds"),
        "headJobCpus": pick(head_job_cpus, base.get("headJobCpus")),
        "headJobMemoryMb": pick(head_job_memory, base.get("headJobMemoryMb")),
        "launchContainer": launch_container,
    }
    return without_nones(request)


# Launchpad pipelines ----------------------------------------------------------------------------

LAUNCH_SEARCH_PAGE = 50


def find_launchpad_pipeline(client: Client, workspace: Workspace, name: str) -> dict:
    """tw's launch lookup: `search=<name>` (unquoted), `visibility=all`, the exact name wins. Unlike tw, further
    pages are read when the first 50 matches do not hold the exact name."""
    total_seen = None
    for page in iter_pages(client, "/pipelines", "pipelines", workspace.params(search=name, visibility="all"),
                           size=LAUNCH_SEARCH_PAGE):
        total_seen = page.total if page.total is not None else (total_seen or 0) + len(page.items)
        for pipeline in page.items:
            if pipeline.get("name") == name:
                return pipeline
    if not total_seen:
        raise NotFoundError(f"Pipeline '{name}' not found on this workspace.",
                            hint="List the Launchpad with 'twpy pipelines list', or launch a repository URL (https://...).")
    raise NotFoundError(f"Pipeline '{name}' not found",
                        hint="Pipeline names must match exactly; 'twpy pipelines list -f <text>' shows close ones.")


@dataclass
class Prepared:
    """A launch request ready to submit, and where to submit it."""

    request: dict
    source_workspace: int | None = None


def prepare_launchpad(client: Client, workspace: Workspace, name: str, options: LaunchOptions, *, version_id: str | None = None,
                      version_name: str | None = None, labels: Sequence[Label] | None = None,
                      compute_envs: AvailableComputeEnvs | None = None, **overrides: Any) -> Prepared:
    """Steps B1-B10 of tw's launch of a Launchpad pipeline, up to (not including) the POST."""
    ces = compute_envs or AvailableComputeEnvs(client, workspace)
    pipeline = find_launchpad_pipeline(client, workspace, name)
    source = pipelines_api.source_workspace_id(workspace, pipeline)
    version_id = pipelines_api.version_id_for(client, workspace, pipeline["pipelineId"], version_id, version_name)
    launch = pipelines_api.describe_launch(client, workspace, pipeline["pipelineId"], source_workspace=source,
                                           version_id=version_id)
    base = create_launch_request(launch)
    if options.compute_env:
        ce = ces.by_ref(options.compute_env)
        config = ce_config(ce)
        base["computeEnvId"] = ce.get("id")
        base["workDir"] = config.get("workDir")
        base["preRunScript"] = pick(base.get("preRunScript"), config.get("preRunScript"))
        base["postRunScript"] = pick(base.get("postRunScript"), config.get("postRunScript"))
        base["configText"] = pick(base.get("configText"), config.get("nextflowConfig"))
    if not base.get("computeEnvId"):
        entry = ces.primary_entry()
        base["computeEnvId"] = entry["id"]
        if not base.get("workDir") and entry.get("workDir"):
            base["workDir"] = entry["workDir"]   # the listing already carries it: no describe needed
    if not base.get("workDir") and not options.work_dir:
        base["workDir"] = ce_config(ces.describe(base["computeEnvId"])).get("workDir")
    base["labelIds"] = labels_api.find_label_ids(client, workspace, labels) or None
    return Prepared(update_launch_request(base, options, **overrides), source)


def prepare_url(client: Client, workspace: Workspace, url: str, options: LaunchOptions, *, labels: Sequence[Label] | None = None,
                compute_envs: AvailableComputeEnvs | None = None, **overrides: Any) -> Prepared:
    """Steps A1-A5 of tw's launch of a repository URL, up to (not including) the POST."""
    ces = compute_envs or AvailableComputeEnvs(client, workspace)
    ce = ces.by_ref(options.compute_env) if options.compute_env else ces.primary()
    config = ce_config(ce)
    base = {"pipeline": url, "computeEnvId": ce.get("id"), "workDir": config.get("workDir"),
            "preRunScript": config.get("preRunScript"), "postRunScript": config.get("postRunScript"),
            "labelIds": labels_api.find_label_ids(client, workspace, labels) or None}
    return Prepared(update_launch_request(base, options, **overrides))


def submit(client: Client, workspace: Workspace, prepared: Prepared) -> str:
    """Submit a prepared launch once; the new workflow id."""
    return submit_request(client, workspace, prepared.request, source_workspace=prepared.source_workspace)


#: What to say of any failure after a launch request was sent: the run may exist, and twpy did not resend it.
MAY_EXIST_HINT = ("The launch was not retried and the run may have been created: check 'twpy runs list{ws}' "
                  "before launching again.")


def submit_request(client: Client, workspace: Workspace, request: dict, *, source_workspace: int | None = None) -> str:
    """`POST /workflow/launch` once, never resent (a resend could start the run twice); the new workflow id.

    Every failure after the request may have reached the server (a 5xx, a 429, a reset, a read timeout, a cut
    answer) says that the run may have been created."""
    ws_option = "" if workspace.personal else f" -w {workspace.org_name}/{workspace.name}"
    try:
        data = client.post("/workflow/launch", {"launch": request},
                           params=workspace.params(sourceWorkspaceId=source_workspace), idempotent=False)
    except TwpyError as error:
        status = getattr(error, "status", None)
        if getattr(error, "request_sent", True) and (status is None or status == 429 or status >= 500):
            error.hint = MAY_EXIST_HINT.format(ws=ws_option)
        raise
    return expect_field(data, "workflowId", what="the launch")


def workflow_status(client: Client, workspace: Workspace, workflow_id: str) -> str | None:
    data = client.get(api_path("/workflow/{}", workflow_id), workspace.params()) or {}
    return (data.get("workflow") or {}).get("status")
