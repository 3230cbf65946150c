"""Launching runs: the launch options bundle, tw's launch request semantics, compute env resolution.

Request semantics follow tw 0.38 (`LaunchCmd`, `ModelHelper.createLaunchRequest`, `updateLaunchRequest`):
a Launchpad pipeline starts from its saved launch, a URL from the compute environment; CLI values override
(strings: empty means missing); `sessionId`, `resume`, `pipelineSchemaId`, `dateCreated` are dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from tw_py.api import params as params_api
from tw_py.api.client import expect_field
from tw_py.api.params import ParamsFile
from tw_py.api.paths import api_path
from tw_py.errors import NotFoundError, TwpyError

URL_PREFIXES = ("https://", "http://", "file:/")

#: Fields `createLaunchRequest` copies from a saved launch (LaunchDbDto) into a WorkflowLaunchRequest.
SAVED_FIELDS = ("id", "computeEnvId", "pipeline", "workDir", "revision", "commitId", "sessionId", "configProfiles",
                "userSecrets", "workspaceSecrets", "configText", "towerConfig", "paramsText", "preRunScript",
                "postRunScript", "mainScript", "entryName", "schemaName", "pipelineSchemaId", "resume", "pullLatest",
                "stubRun", "optimizationId", "optimizationTargets", "headJobCpus", "headJobMemoryMb", "dateCreated")


@dataclass
class LaunchOptions:
    """tw's LaunchOptions bundle with the files already read (plain values, no click)."""

    compute_env: str | None = None
    work_dir: str | None = None
    profiles: list[str] | None = None
    params_files: Sequence[ParamsFile] = ()
    params: Sequence[tuple[list[str], Any]] = ()   # twpy --param, parsed: (dotted path, typed value)
    revision: str | None = None
    commit_id: str | None = None
    config_text: str | None = None
    pre_run: str | None = None
    post_run: str | None = None
    pull_latest: bool | None = None
    stub_run: bool | None = None
    main_script: str | None = None
    entry_name: str | None = None
    schema_name: str | None = None
    user_secrets: list[str] | None = None
    workspace_secrets: list[str] | None = None
    extra: dict = field(default_factory=dict)

    def params_text(self, base_text: str | None = None) -> str | None:
        """The paramsText these options ask for (None: keep the base). See tw_py.api.params.combine."""
        return params_api.combine(self.params_files, self.params, base_text=base_text)


def pick(cli, base):
    """tw's `coalesce`: the CLI value unless it is None or an empty string."""
    if cli is None or (isinstance(cli, str) and cli == ""):
        return base
    return cli


def is_url(pipeline: str) -> bool:
    return pipeline.startswith(URL_PREFIXES)


def create_launch_request(launch: dict) -> dict:
    """tw's `createLaunchRequest`: a WorkflowLaunchRequest from a saved launch (LaunchDbDto)."""
    request = {key: launch.get(key) for key in SAVED_FIELDS}
    request["computeEnvId"] = (launch.get("computeEnv") or {}).get("id") or launch.get("computeEnvId")
    return {k: v for k, v in request.items() if v is not None}


def update_launch_request(base: dict, options: LaunchOptions, *, run_name: str | None = None,
                          launch_container: str | None = None, disable_optimization: bool = False,
                          head_job_cpus: int | None = None, head_job_memory: int | None = None) -> dict:
    """tw's `updateLaunchRequest`: a NEW request holding only the fields tw keeps, CLI values over `base`."""
    o = options
    request = {
        "id": base.get("id"),
        "computeEnvId": base.get("computeEnvId"),
        "runName": pick(run_name, base.get("runName")),
        "pipeline": base.get("pipeline"),
        "workDir": pick(o.work_dir, base.get("workDir")),
        "revision": pick(o.revision, base.get("revision")),
        "commitId": pick(o.commit_id, base.get("commitId")),
        "configProfiles": pick(o.profiles, base.get("configProfiles")),
        "userSecrets": pick(o.user_secrets, base.get("userSecrets")),
        "workspaceSecrets": pick(o.workspace_secrets, base.get("workspaceSecrets")),
        "configText": pick(o.config_text, base.get("configText")),
        "towerConfig": base.get("towerConfig"),
        "paramsText": pick(o.params_text(base.get("paramsText")), base.get("paramsText")),
        "preRunScript": pick(o.pre_run, base.get("preRunScript")),
        "postRunScript": pick(o.post_run, base.get("postRunScript")),
        "mainScript": pick(o.main_script, base.get("mainScript")),
        "entryName": pick(o.entry_name, base.get("entryName")),
        "schemaName": pick(o.schema_name, base.get("schemaName")),
        "pullLatest": pick(o.pull_latest, base.get("pullLatest")),
        "stubRun": pick(o.stub_run, base.get("stubRun")),
        "optimizationId": None if disable_optimization else base.get("optimizationId"),
        "optimizationTargets": None if disable_optimization else base.get("optimizationTargets"),
        "labelIds": base.get("labelIds"),
        "headJobCpus": pick(head_job_cpus, base.get("headJobCpus")),
        "headJobMemoryMb": pick(head_job_memory, base.get("headJobMemoryMb")),
        "launchContainer": launch_container,
    }
    return {k: v for k, v in request.items() if v is not None}


# Compute environments -----------------------------------------------------------------------------

class ComputeEnvs:
    """tw's `computeEnvByRef` / `primaryComputeEnv` over one cached `GET /compute-envs?status=AVAILABLE`."""

    def __init__(self, client, workspace):
        self.client = client
        self.workspace = workspace
        self._available: list[dict] | None = None
        self._described: dict[str, dict] = {}

    def available(self) -> list[dict]:
        if self._available is None:
            data = self.client.get("/compute-envs", self.workspace.params(status="AVAILABLE")) or {}
            self._available = list(data.get("computeEnvs") or [])
        return self._available

    def entry(self, ref: str) -> dict:
        """The AVAILABLE compute env whose id is `ref`, else whose name is (the last one, as tw)."""
        entries = self.available()
        for entry in entries:
            if entry.get("id") == ref:
                return entry
        named = [e for e in entries if e.get("name") == ref]
        if not named:
            names = ", ".join(sorted(e.get("name") or "" for e in entries)) or "none"
            raise NotFoundError(f"Compute environment '{ref}' not found at {self.workspace.id_or_user} workspace",
                                hint=f"Available compute environments: {names}.")
        return named[-1]

    def primary_entry(self) -> dict:
        primary = [e for e in self.available() if e.get("primary")]
        if not primary:
            raise NotFoundError(f"No available compute environment defined at {self.workspace.ref} workspace",
                                hint="Choose one with -c/--compute-env, or set a primary one with 'twpy compute-envs primary set'.")
        return primary[-1]

    def describe(self, ce_id: str) -> dict:
        """`GET /compute-envs/{id}` (the full compute env, with its config), once per id."""
        if ce_id not in self._described:
            data = self.client.get(api_path("/compute-envs/{}", ce_id), self.workspace.params()) or {}
            self._described[ce_id] = data.get("computeEnv") or {}
        return self._described[ce_id]

    def by_ref(self, ref: str) -> dict:
        return self.describe(self.entry(ref)["id"])

    def primary(self) -> dict:
        return self.describe(self.primary_entry()["id"])


def ce_config(ce: dict) -> dict:
    return ce.get("config") or {}


# Launchpad pipelines ----------------------------------------------------------------------------

LAUNCH_SEARCH_PAGE = 50


def find_launchpad_pipeline(client, workspace, name: str) -> dict:
    """tw's launch lookup: `search=<name>` (unquoted), `visibility=all`, the exact name wins. Unlike tw, further
    pages are read when the first 50 matches do not hold the exact name."""
    from tw_py.api.paging import iter_pages

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


def prepare_launchpad(client, workspace, name: str, options: LaunchOptions, *, version_id=None, version_name=None,
                      labels=None, compute_envs: ComputeEnvs | None = None, **overrides) -> Prepared:
    """Steps B1-B10 of tw's launch of a Launchpad pipeline, up to (not including) the POST."""
    from tw_py.api import labels as labels_api
    from tw_py.api import pipelines as pipelines_api

    ces = compute_envs or ComputeEnvs(client, workspace)
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


def prepare_url(client, workspace, url: str, options: LaunchOptions, *, labels=None,
                compute_envs: ComputeEnvs | None = None, **overrides) -> Prepared:
    """Steps A1-A5 of tw's launch of a repository URL, up to (not including) the POST."""
    from tw_py.api import labels as labels_api

    ces = compute_envs or ComputeEnvs(client, workspace)
    ce = ces.by_ref(options.compute_env) if options.compute_env else ces.primary()
    config = ce_config(ce)
    base = {"pipeline": url, "computeEnvId": ce.get("id"), "workDir": config.get("workDir"),
            "preRunScript": config.get("preRunScript"), "postRunScript": config.get("postRunScript"),
            "labelIds": labels_api.find_label_ids(client, workspace, labels) or None}
    return Prepared(update_launch_request(base, options, **overrides))


def submit(client, workspace, prepared: Prepared) -> str:
    """Submit a prepared launch once; the new workflow id."""
    return submit_request(client, workspace, prepared.request, source_workspace=prepared.source_workspace)


#: What to say of any failure after a launch request was sent: the run may exist, and twpy did not resend it.
MAY_EXIST_HINT = ("The launch was not retried and the run may have been created: check 'twpy runs list{ws}' "
                  "before launching again.")


def submit_request(client, workspace, request: dict, *, source_workspace=None) -> str:
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


def workflow_status(client, workspace, workflow_id: str) -> str | None:
    data = client.get(api_path("/workflow/{}", workflow_id), workspace.params()) or {}
    return (data.get("workflow") or {}).get("status")
