"""Studios (`/studios...`): list, look up by session id or name, create, start, stop, update, delete, templates and
checkpoints, and the request bodies (the spec's DataStudioCreateRequest, DataStudioStartRequest,
DataStudioUpdateRequest and DataStudioConfiguration).

Functions take the client, a resolved Workspace and plain values, and return plain data (DataStudioDto, ...).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from tw_py.api import members
from tw_py.api.client import expect_field
from tw_py.api.paging import Page, PageRequest, fetch_page, iter_items, list_items
from tw_py.api.paths import api_path
from tw_py.api.refs import Ref
from tw_py.api.suggest import did_you_mean
from tw_py.errors import ApiError, InputError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


#: What `studios add` asks for when no --gpu/--cpu/--memory is given (tw's defaults; memory in MB).
CONFIG_DEFAULTS = {"gpu": 0, "cpu": 2, "memory": 8192}
#: The most checkpoints the server lists per page (tw caps --max to it).
CHECKPOINTS_MAX = 50
#: How many templates `studios templates` lists by default (tw's --max default).
TEMPLATES_MAX = 20
#: Words of the server's answer to an update that moves a studio to a compute environment it cannot use.
INCOMPATIBLE_CE = "is not compatible with the Studio's current compute environment"


def _session(session_id: str, tail: str = "") -> str:
    return api_path("/studios/{}" + tail, session_id, what="studio session id")


def not_found(ident: Any, workspace: Workspace, hint: str | None = None) -> NotFoundError:
    """tw's StudioNotFoundException text."""
    return NotFoundError(f"Studio '{ident}' not found at workspace '{workspace.id_or_user}'",
                         hint=hint or f"List them with '{_listing(workspace)}'.")


def _listing(workspace: Workspace) -> str:
    return "twpy studios list" + workspace.option


@contextmanager
def studio_call(ident: Any, workspace: Workspace) -> Iterator[None]:
    """A 404 from a studio's own path means the studio is not there: say so as tw does."""
    try:
        yield
    except ApiError as error:
        if error.status == 404:
            raise not_found(ident, workspace) from None
        raise


# Lookups ----------------------------------------------------------------------------------------
def list_(client: Client, workspace: Workspace, *, search: str | None = None, labels: bool = False,
          page: PageRequest = PageRequest()) -> Page:
    """One page (or with --all every page) of DataStudioDto (`GET /studios?workspaceId&search&max&offset
    [&attributes=labels]`)."""
    params = workspace.params(search=search or None, attributes="labels" if labels else None)
    try:
        return list_items(client, "/studios", "studios", params, page)
    except ApiError as error:
        if error.status == 404:
            raise NotFoundError(f"Workspace '{workspace.id_or_user}' not found",
                                hint="Or Studios are not enabled in it: check with your Platform administrator.") from None
        raise


def find_by_name(client: Client, workspace: Workspace, name: str) -> dict:
    """The studio named exactly `name`, walking the workspace's studios page by page until it is found (tw looks at
    the first page only)."""
    seen: list[str] = []
    for studio in iter_items(client, "/studios", "studios", workspace.params()):
        if studio.get("name") == name:
            return studio
        seen.append(studio.get("name") or "")
    raise not_found(name, workspace, hint=did_you_mean(name, seen, _listing(workspace)))


def describe(client: Client, workspace: Workspace, session_id: str, ident: Any = None) -> dict:
    """`GET /studios/{sessionId}` -> the DataStudioDto."""
    with studio_call(ident or session_id, workspace):
        data = client.get(_session(session_id), workspace.params())
    expect_field(data, "sessionId", what=f"GET /studios/{session_id}", read=True)
    return data


def find(client: Client, workspace: Workspace, ref: Ref) -> dict:
    """The full DataStudioDto of the studio given by session id (`-i`) or name (`-n`)."""
    if ref.id is not None:
        return describe(client, workspace, ref.id)
    return describe(client, workspace, find_by_name(client, workspace, ref.required_name)["sessionId"], ref.name)


def session_id(client: Client, workspace: Workspace, ref: Ref) -> str:
    """The session id of the studio `ref` names (no request for an id)."""
    if ref.id is not None:
        return str(ref.id)
    return find_by_name(client, workspace, ref.required_name)["sessionId"]


@dataclass(frozen=True)
class State:
    """Where a studio session is: its status, the progress step under way (or failed), the status message."""

    status: str | None
    step: str | None = None
    message: str | None = None


def state(client: Client, workspace: Workspace, session_id: str) -> State:
    """`GET /studios/{sessionId}`: the status (`statusInfo.status`) and tw's progress-step text."""
    studio = describe(client, workspace, session_id)
    info = studio.get("statusInfo") or {}
    step = None
    for entry in studio.get("progress") or ():
        if isinstance(entry, dict) and entry.get("status") in ("in-progress", "errored"):
            step = entry.get("message")
            if entry.get("status") == "errored" and info.get("message"):
                step = f"{step} - Error encountered: {info.get('message')}"
            break
    return State(info.get("status"), step, info.get("message") or None)


# Templates and checkpoints ----------------------------------------------------------------------
def templates(client: Client, workspace: Workspace, max_items: int = TEMPLATES_MAX) -> list[dict]:
    """`GET /studios/templates?workspaceId&max&offset=0` -> the DataStudioTemplate list."""
    return fetch_page(client, "/studios/templates", "templates", workspace.params(), offset=0, size=max_items).items


def check_template(client: Client, workspace: Workspace, template: str) -> None:
    """A `-t` template must be one of the Platform's (every page of them: tw looks at the first 20 only)."""
    known = [str(t["repository"]) for t in iter_items(client, "/studios/templates", "templates", workspace.params())
             if isinstance(t, dict) and t.get("repository")]
    if template not in known:
        shown = "[" + ", ".join(known) + "]"
        raise InputError(f"Studio template provided '{template}', is not one of the Platform's available templates "
                         f"'{shown}'.", hint="Use -ct/--custom-template for any other container image; "
                                             "'twpy studios templates' lists the Platform's.")


def checkpoint_page(page: PageRequest) -> PageRequest:
    """The page asked for, with at most CHECKPOINTS_MAX rows (as tw caps --max)."""
    return replace(page, max=min(page.size, CHECKPOINTS_MAX))


def checkpoints(client: Client, workspace: Workspace, session_id: str, *, search: str | None = None,
                page: PageRequest = PageRequest()) -> Page:
    """`GET /studios/{sessionId}/checkpoints?workspaceId&search&max&offset` (max at most CHECKPOINTS_MAX)."""
    page = checkpoint_page(page)
    with studio_call(session_id, workspace):
        if page.all:
            items = list(iter_items(client, _session(session_id, "/checkpoints"), "checkpoints",
                                    workspace.params(search=search or None), start=page.start, size=CHECKPOINTS_MAX))
            return Page(items, len(items))
        return fetch_page(client, _session(session_id, "/checkpoints"), "checkpoints",
                          workspace.params(search=search or None), offset=page.start, size=page.size)


def latest_checkpoint_id(client: Client, workspace: Workspace, session_id: str) -> int | None:
    """The id of the studio's most recent checkpoint (the server lists them newest first), None when it has none."""
    found = checkpoints(client, workspace, session_id, page=PageRequest(max=1)).items
    return found[0].get("id") if found else None


def checkpoint_id(client: Client, workspace: Workspace, session_id: str, checkpoint: str) -> int:
    """The id of checkpoint `checkpoint` of the studio, checked with `GET /studios/{sessionId}/checkpoints/{id}`."""
    error = InputError(f"Parent checkpoint parameter error, invalid checkpoint id: '{checkpoint}'. Use studios "
                       "checkpoints command to list existing checkpoints",
                       hint=f"List them with 'twpy studios checkpoints -i {session_id}'.")
    text = str(checkpoint).strip()
    if not text.isdigit():
        raise error
    try:
        data = client.get(api_path("/studios/{}/checkpoints/{}", session_id, int(text), what="checkpoint id"),
                          workspace.params())
    except ApiError as failure:
        if failure.status in (400, 404):
            raise error from None
        raise
    return expect_field(data, "id", what=f"GET /studios/{session_id}/checkpoints/{text}", read=True)


# Request bodies ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConfigOverrides:
    """The configuration options of add/add-as-new/start/update (None: keep what the studio has)."""

    gpu: int | None = None
    cpu: int | None = None
    memory: int | None = None
    lifespan: int | None = None
    environment: Mapping[str, str] | None = None

    @property
    def empty(self) -> bool:
        return all(v is None for v in (self.gpu, self.cpu, self.memory, self.lifespan, self.environment))


def configuration(base: dict | None, overrides: ConfigOverrides, *, mount_data: Sequence[str] | None = None,
                  conda: str | None = None, ssh: bool | None = None, defaults: bool = False) -> dict:
    """A DataStudioConfiguration: the studio's own (`base`) with the given values replacing its own.

    `mount_data` (data link ids) replaces the mounts, the deprecated `mountData` list as tw sends it; the studio's
    `mountDataV2` is then left out so that the two never disagree. With `defaults`, a missing gpu/cpu/memory gets
    CONFIG_DEFAULTS (a new studio)."""
    config = dict(base or {})
    for key, value in (("gpu", overrides.gpu), ("cpu", overrides.cpu), ("memory", overrides.memory),
                       ("lifespanHours", overrides.lifespan)):
        if value is not None:
            config[key] = value
    if mount_data is not None:
        config["mountData"] = list(mount_data)
        config.pop("mountDataV2", None)
    if overrides.environment is not None:
        config["environment"] = dict(overrides.environment)
    if conda:
        config["condaEnvironment"] = conda
    if ssh is not None:
        config["sshEnabled"] = ssh
    if defaults:
        for key, value in CONFIG_DEFAULTS.items():
            if config.get(key) is None:
                config[key] = value
    return config


def remote_config(repository: str | None, revision: str | None = None) -> dict | None:
    """A StudioRemoteConfiguration (`--repository`, `--revision`), None without a repository."""
    if not repository:
        return None
    return {"repository": repository, "revision": revision or None}


def create_body(*, name: str, compute_env_id: str, configuration: dict, description: str | None = None,
                template: str | None = None, label_ids: list | None = None, is_private: bool | None = None,
                allowed_user_ids: list | None = None, spot: bool | None = None, remote: dict | None = None,
                initial_checkpoint_id: int | None = None) -> dict:
    """A DataStudioCreateRequest (None values are left out when sent)."""
    return {"name": name, "description": description or None, "dataStudioToolUrl": template,
            "computeEnvId": compute_env_id, "configuration": configuration, "labelIds": label_ids,
            "isPrivate": is_private, "allowedUserIds": allowed_user_ids, "spot": spot, "remoteConfig": remote,
            "initialCheckpointId": initial_checkpoint_id}


def allowed_user_ids(client: Client, workspace: Workspace, user: str | None) -> list[int] | None:
    """`--allow-user`: a numeric user id as is; a user name or email looked up among the workspace organization's
    members, then its collaborators. None when no user was given (the allow list is left alone)."""
    if user is None:
        return None
    text = user.strip()
    if text.isdigit():
        return [int(text)]
    if workspace.personal:
        raise InputError(f"Cannot look up user '{user}' in the personal workspace",
                         hint="Give the user's numeric id, or use a studio of an organization workspace.")
    org_id = workspace.org_id
    if org_id is None:
        raise NotFoundError(f"Workspace '{workspace.id}' has no organization to look user '{user}' up in")
    found = (members.search_member(client, org_id, text)
             or members.search_member(client, org_id, text, collaborators=True))
    if not found or found.get("userId") is None:
        raise NotFoundError(f"Member '{user}' not found in organization '{org_id}'",
                            hint=f"List them with 'twpy members list -o {workspace.org_name}'.")
    return [found["userId"]]


# Changes ----------------------------------------------------------------------------------------
def create(client: Client, workspace: Workspace, body: dict, auto_start: bool) -> dict:
    """`POST /studios?workspaceId&autoStart` once -> the new DataStudioDto."""
    data = client.post("/studios", body, params=workspace.params(autoStart=auto_start), idempotent=False)
    expect_field(data, "studio", "sessionId", what="the new studio")
    return data["studio"]


def start(client: Client, workspace: Workspace, session_id: str, body: dict, ident: Any = None) -> dict:
    """`PUT /studios/{sessionId}/start` once -> DataStudioStartResponse (`jobSubmitted`, `statusInfo`)."""
    with studio_call(ident or session_id, workspace):
        data = client.put(_session(session_id, "/start"), body, params=workspace.params(), idempotent=False)
    return data or {}


def stop(client: Client, workspace: Workspace, session_id: str, ident: Any = None) -> dict:
    """`PUT /studios/{sessionId}/stop` -> DataStudioStopResponse."""
    with studio_call(ident or session_id, workspace):
        data = client.put(_session(session_id, "/stop"), params=workspace.params())
    return data or {}


def update(client: Client, workspace: Workspace, session_id: str, body: dict, ident: Any = None) -> dict:
    """`PUT /studios/{sessionId}` with a DataStudioUpdateRequest -> the updated DataStudioDto. A compute environment
    the studio cannot move to is an error naming those it can (`GET /studios/{sessionId}/compatible-ce`)."""
    try:
        with studio_call(ident or session_id, workspace):
            data = client.put(_session(session_id), body, params=workspace.params())
    except ApiError as error:
        said = f"{error.message} {error.body}"
        if body.get("computeEnvId") and error.status == 400 and INCOMPATIBLE_CE in said:
            raise _incompatible(client, workspace, session_id, ident, body["computeEnvId"]) from None
        raise
    return data or {}


def _incompatible(client: Client, workspace: Workspace, session_id: str, ident: Any, ce_id: str) -> InputError:
    try:
        data = client.get(_session(session_id, "/compatible-ce"), workspace.params()) or {}
        found = [f"{ce.get('name')} ({ce.get('id')})" for ce in data.get("computeEnvs") or [] if isinstance(ce, dict)]
        hint = ("Compatible compute environments: " + ", ".join(found)) if found else \
            "No compatible compute environments are available in this workspace."
    except ApiError:
        hint = "The list of compatible compute environments could not be retrieved."
    return InputError(f"Compute environment '{ce_id}' is not compatible with studio '{ident or session_id}'",
                      hint=hint)


def delete(client: Client, workspace: Workspace, session_id: str, ident: Any = None) -> None:
    with studio_call(ident or session_id, workspace):
        client.delete(_session(session_id), workspace.params())
