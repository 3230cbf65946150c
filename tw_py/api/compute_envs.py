"""Compute environments: list, look up (tw's two lookups), create, update, delete, validate, primary, export.

Plain values in, plain data out. Request bodies follow the spec's `CreateComputeEnvRequest` /
`UpdateComputeEnvRequest`; the platform `config` object itself is built by the command layer from its
platform table (`tw_py.cli.compute_envs.spec`).
"""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Sequence

from tw_py.api.client import expect_field
from tw_py.api.paths import api_path
from tw_py.api.refs import Ref
from tw_py.api.suggest import close_names, did_you_mean
from tw_py.errors import ApiError, InputError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


#: Every platform (config discriminator) the API knows, in the spec's order.
PLATFORM_IDS = ("aws-batch", "aws-cloud", "seqeracompute-platform", "google-batch", "google-cloud", "azure-batch",
                "azure-cloud", "k8s-platform", "eks-platform", "gke-platform", "uge-platform", "slurm-platform",
                "lsf-platform", "altair-platform", "moab-platform", "local-platform", "google-lifesciences")
#: Config fields the server generates or that only make sense in the workspace that owns them.
GENERATED_CONFIG_FIELDS = ("forgedResources", "deletedResources")
#: What `export --portable` also leaves out of the config (ids of things that live in one workspace/account):
#: container registry credentials ids, and the Google project the server derives from the credentials.
WORKSPACE_CONFIG_FIELDS = ("containerRegIds", "projectId")
#: Label fields that are server-side bookkeeping.
LABEL_KEEP = ("name", "value", "resource")


def not_found(ref: object, workspace: Workspace) -> NotFoundError:
    return NotFoundError(f"Compute environment '{ref}' not found at {workspace.id_or_user} workspace",
                         hint="List them with 'twpy compute-envs list'.")


def list_compute_envs(client: Client, workspace: Workspace, status: str | None = None) -> list[dict]:
    """`GET /compute-envs?workspaceId[&status]`: every compute environment (all states unless filtered)."""
    found = client.get("/compute-envs", params=workspace.params(status=status)) or {}
    return list(found.get("computeEnvs") or [])


def describe(client: Client, workspace: Workspace, ce_id: str, labels: bool = True) -> dict:
    """`GET /compute-envs/{id}` (with `attributes=labels` by default): the ComputeEnvResponseDto."""
    params = workspace.params(attributes="labels" if labels else None)
    try:
        found = client.get(api_path("/compute-envs/{}", ce_id, what="compute environment id"), params=params) or {}
    except ApiError as error:
        if error.status == 404:
            raise not_found(ce_id, workspace) from None
        raise
    ce = found.get("computeEnv")
    if not ce:
        raise not_found(ce_id, workspace)
    return ce


def find_by_name(client: Client, workspace: Workspace, name: str, entries: list[dict] | None = None) -> dict:
    """tw's `computeEnvByName`: the first entry of the unfiltered list with this exact name."""
    entries = entries if entries is not None else list_compute_envs(client, workspace)
    for entry in entries:
        if entry.get("name") == name:
            return entry
    error = not_found(name, workspace)
    error.hint = did_you_mean(name, [e.get("name") for e in entries], "twpy compute-envs list")
    raise error


def find(client: Client, workspace: Workspace, ref: Ref) -> dict:
    """`-i` or `-n` as the compute-envs commands do: by id one GET, by name the list then one GET (with labels)."""
    ce_id = ref.id if ref.id is not None else find_by_name(client, workspace, ref.required_name)["id"]
    return describe(client, workspace, ce_id, labels=True)


class AvailableComputeEnvs:
    """tw's `computeEnvByRef` and `primaryComputeEnv` over one cached `GET /compute-envs?status=AVAILABLE`,
    and each compute environment described once: the one lookup of every launching command."""

    def __init__(self, client: Client, workspace: Workspace):
        self.client = client
        self.workspace = workspace
        self._entries: list[dict] | None = None
        self._described: dict[str, dict] = {}

    def entries(self) -> list[dict]:
        if self._entries is None:
            self._entries = list_compute_envs(self.client, self.workspace, status="AVAILABLE")
        return self._entries

    def find(self, ref: str) -> dict | None:
        """The AVAILABLE entry whose id is `ref`, else the (last, as tw) one named `ref`; None when none is."""
        entries = self.entries()
        for entry in entries:
            if entry.get("id") == ref:
                return entry
        named = [entry for entry in entries if entry.get("name") == ref]
        return named[-1] if named else None

    def entry(self, ref: str) -> dict:
        """As `find`, but a missing one is an error naming the close available names."""
        found = self.find(ref)
        if found is None:
            names = [e.get("name") or "" for e in self.entries()]
            error = not_found(ref, self.workspace)
            if close_names(ref, names):
                error.hint = did_you_mean(ref, names, "twpy compute-envs list")
            else:
                error.hint = f"Available compute environments: {', '.join(sorted(names)) or 'none'}."
            raise error
        return found

    def primary_entry(self) -> dict:
        """The AVAILABLE entry marked primary (the last one, as tw)."""
        primary = [entry for entry in self.entries() if entry.get("primary")]
        if not primary:
            raise NotFoundError(f"No available compute environment defined at {self.workspace.ref} workspace",
                                hint="Set one with 'twpy compute-envs primary set -n <name>' (a launch can also "
                                     "name one with -c/--compute-env).")
        return primary[-1]

    def describe(self, ce_id: str) -> dict:
        """`GET /compute-envs/{id}` (the full compute environment, with its config), once per id."""
        if ce_id not in self._described:
            self._described[ce_id] = describe(self.client, self.workspace, ce_id, labels=False)
        return self._described[ce_id]

    def by_ref(self, ref: str) -> dict:
        return self.describe(self.entry(ref)["id"])

    def primary(self) -> dict:
        return self.describe(self.primary_entry()["id"])


def ce_config(ce: dict) -> dict:
    return ce.get("config") or {}


def find_available(client: Client, workspace: Workspace, ref: str) -> dict | None:
    """tw's `computeEnvByRef`: the AVAILABLE list entry with id, else name, `ref`; None when there is none."""
    return AvailableComputeEnvs(client, workspace).find(ref)


def primary(client: Client, workspace: Workspace) -> dict:
    """tw's `primaryComputeEnv`: the AVAILABLE list entry marked primary."""
    return AvailableComputeEnvs(client, workspace).primary_entry()


def container_registry_ids(client: Client, workspace: Workspace, names: Sequence[str]) -> list[str]:
    """Ids of the workspace's `container-reg` credentials with these names (azure-batch --registry-credentials)."""
    from tw_py.api import credentials

    by_name: dict[Any, Any] = {c.get("name"): c.get("id") for c in credentials.list_credentials(client, workspace)
               if c.get("provider") == "container-reg"}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise NotFoundError(f"Credentials '{missing[0]}' not found at {workspace.id_or_user} workspace",
                            hint="--registry-credentials takes names of container registry (container-reg) "
                                 "credentials: " + (", ".join(sorted(map(str, by_name))) or "there are none"))
    return [by_name[n] for n in names]


def create(client: Client, workspace: Workspace, compute_env: dict, label_ids: list | None = None) -> str:
    """`POST /compute-envs` with `{"computeEnv": ..., "labelIds": [...]}`; returns the new id."""
    body: dict[str, Any] = {"computeEnv": compute_env}
    if label_ids:
        body["labelIds"] = list(label_ids)
    created = client.post("/compute-envs", body, params=workspace.params(), idempotent=False) or {}
    return expect_field(created, "computeEnvId", what="the new compute environment")


def validate_name(client: Client, workspace: Workspace, name: str) -> None:
    """`GET /compute-envs/validate?name=`: raise when the server refuses the name."""
    try:
        client.get("/compute-envs/validate", params=workspace.params(name=name))
    except ApiError as error:
        if error.status in (400, 409):
            raise InputError(f"Compute environment name '{name}' is not valid",
                             hint=error.message if error.message else None) from None
        raise


def update(client: Client, workspace: Workspace, ce_id: str, changes: dict) -> None:
    """`PUT /compute-envs/{id}` with an `UpdateComputeEnvRequest` (name, description, ...)."""
    client.put(api_path("/compute-envs/{}", ce_id, what="compute environment id"), changes, params=workspace.params())


def delete(client: Client, workspace: Workspace, ce_id: str) -> None:
    """`DELETE /compute-envs/{id}` (no `force`, as tw)."""
    client.delete(api_path("/compute-envs/{}", ce_id, what="compute environment id"), params=workspace.params())


def set_primary(client: Client, workspace: Workspace, ce_id: str) -> None:
    client.post(api_path("/compute-envs/{}/primary", ce_id, what="compute environment id"), {}, params=workspace.params(), idempotent=True)


def validate(client: Client, workspace: Workspace, ce_id: str, force: bool = False) -> dict:
    """`POST /compute-envs/{id}/validate`: `{"status", "transientError", "message"?}`."""
    return client.post(api_path("/compute-envs/{}/validate", ce_id, what="compute environment id"), {}, params=workspace.params(force=force), idempotent=True) or {}


def status(client: Client, workspace: Workspace, ce_id: str, gone: bool = False) -> tuple[str | None, str | None]:
    """The current `(status, message)` of a compute environment, for --wait.

    With `gone=True` (waiting for a deletion) a 404 or 403 means the compute environment no longer exists:
    `("DELETED", None)`.
    """
    try:
        found = client.get(api_path("/compute-envs/{}", ce_id, what="compute environment id"), params=workspace.params()) or {}
    except ApiError as error:
        if gone and error.status in (403, 404):
            return "DELETED", None
        raise
    ce = found.get("computeEnv") or {}
    if gone and (not ce or ce.get("deleted")):
        return "DELETED", None
    return ce.get("status"), ce.get("message")


# Config cleaning, export and import --------------------------------------------------------------
def clean_config(config: dict | None) -> dict:
    """The config without what the server generated (tw's `clean`: forged resources, forge queues, volumes)."""
    config = copy.deepcopy(config or {})
    for key in GENERATED_CONFIG_FIELDS:
        config.pop(key, None)
    if config.get("discriminator") == "aws-batch":
        config.pop("volumes", None)
        if config.get("forge") is not None:
            config.pop("computeQueue", None)
            config.pop("headQueue", None)
    return config


def export_document(ce: dict, portable: bool = False) -> dict:
    """What `compute-envs export` writes: the cleaned config plus `labels` (when the CE has labels).

    `portable` (twpy) also drops workspace-specific ids (label ids, container-registry credentials ids,
    read-only and null fields), so the file imports cleanly into another workspace.
    """
    config = clean_config(ce.get("config"))
    if portable:
        forge = config.get("forge")
        if isinstance(forge, dict):
            for key in WORKSPACE_CONFIG_FIELDS:
                forge.pop(key, None)
        for key in WORKSPACE_CONFIG_FIELDS:
            config.pop(key, None)
        config.pop("deleteJobsOnCompletion", None)  # read-only in the API: the server derives it
    labels = ce.get("labels")
    if labels is not None:
        if portable:
            labels = [{k: label.get(k) for k in LABEL_KEEP if label.get(k) is not None} for label in labels]
        config["labels"] = labels
    return config


def parse_import(document: Any) -> tuple[dict, list | None]:
    """Split an exported document into `(config, labels)`; the config must name its platform."""
    if not isinstance(document, dict):
        raise InputError("The compute environment file must hold a JSON object")
    config = dict(document)
    labels = config.pop("labels", None)
    platform = config.get("discriminator")
    if not platform:
        raise InputError("The compute environment file has no 'discriminator': it does not say which platform it is for")
    if platform not in PLATFORM_IDS:
        raise InputError(f"Unknown platform '{platform}' in the compute environment file",
                         hint="Its 'discriminator' must be one of: " + ", ".join(PLATFORM_IDS) + ".")
    for key in GENERATED_CONFIG_FIELDS + ("deleteJobsOnCompletion",):
        config.pop(key, None)
    return config, labels


def import_label_specs(labels: list | None) -> list[str]:
    """Labels of an exported file as `name=value` strings (compute envs use resource labels)."""
    specs = []
    for label in labels or []:
        if not isinstance(label, dict) or not label.get("name"):
            continue
        value = label.get("value")
        specs.append(f"{label['name']}={value}" if value not in (None, "") else str(label["name"]))
    return specs


def environment(entries: Sequence[str] | None) -> list[dict] | None:
    """`-e NAME=VALUE` entries to `ConfigEnvVariable`s: plain/`head:` head only, `compute:` compute only,
    `both:` both. A repeated key keeps its first position and its last value, as tw's map does."""
    variables: dict[str, str] = {}
    for entry in entries or ():
        if "=" not in entry:
            raise InputError(f"Invalid environment variable '{entry}': expected NAME=VALUE")
        key, value = entry.split("=", 1)
        variables[key] = value
    if not variables:
        return None
    result = []
    for key, value in variables.items():
        head, compute, name = True, False, key
        if key.startswith("compute:"):
            name, head, compute = key[8:], False, True
        elif key.startswith("head:"):
            name = key[5:]
        elif key.startswith("both:"):
            name, compute = key[5:], True
        if not name:
            raise InputError(f"Invalid environment variable '{entry_text(key, value)}': the name is empty")
        result.append({"name": name, "value": value, "head": head, "compute": compute})
    return result


def entry_text(key: str, value: str) -> str:
    return f"{key}={value}"
