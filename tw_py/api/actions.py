"""Pipeline actions (GitHub webhooks, Tower launch hooks): lookup by id or exact name, list, create, update,
pause/resume and delete, with tw's messages."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.api.client import expect_field
from tw_py.api.launch_request import LaunchOptions, create_launch_request, overlay, without_nones
from tw_py.api.paths import api_path
from tw_py.api.pipelines import launch_config
from tw_py.api.refs import Ref
from tw_py.api.suggest import did_you_mean
from tw_py.errors import ApiError, InputError, NotFoundError

if TYPE_CHECKING:
    from tw_py.api.client import Client
    from tw_py.api.workspaces import Workspace


#: The statuses `update --status` can ask for (tw takes any text; `pause` is read as PAUSED).
STATUS_NAMES = {"active": "ACTIVE", "paused": "PAUSED", "pause": "PAUSED"}


def list_actions(client: Client, workspace: Workspace, *, labels: bool = False) -> list[dict] | None:
    """`GET /actions` (every action of the workspace; the API does not page them). None when the API gives none."""
    data = client.get("/actions", workspace.params(attributes="labels" if labels else None)) or {}
    actions = data.get("actions")
    return None if actions is None else list(actions)


def find_by_name(client: Client, workspace: Workspace, name: str) -> dict:
    """tw's actionByName: the first action named exactly `name`."""
    actions = list_actions(client, workspace)
    if actions is None:
        raise NotFoundError(f"No actions found for workspace '{workspace.ref}'")
    for action in actions:
        if action.get("name") == name:
            return action
    raise NotFoundError(f"No action '{name}' found for workspace '{workspace.ref}'",
                        hint=did_you_mean(name, [a.get("name") for a in actions], "twpy actions list"))


def action_id(client: Client, workspace: Workspace, ref: Ref) -> str:
    """The id of an action given as a `Ref` (-i as given, -n looked up)."""
    if ref.id is not None:
        return str(ref.id)
    return find_by_name(client, workspace, ref.required_name)["id"]


def find(client: Client, workspace: Workspace, ref: Ref, *, labels: bool = True) -> dict:
    """`GET /actions/{id}` (with its labels); a missing id is a not-found error."""
    ident = action_id(client, workspace, ref)
    try:
        data = client.get(api_path("/actions/{}", ident, what="action id"), workspace.params(attributes="labels" if labels else None)) or {}
    except ApiError as error:
        if error.status in (403, 404) and ref.id is not None:
            raise NotFoundError(f"No action '{ref.id}' found for workspace '{workspace.ref}'",
                                hint=error.message) from error
        raise
    action = data.get("action")
    if not action:
        raise NotFoundError(f"No action '{ref.value}' found for workspace '{workspace.ref}'")
    return action


def create(client: Client, workspace: Workspace, request: dict) -> str:
    """`POST /actions` once (never retried); the new action's id."""
    data = client.post("/actions", request, params=workspace.params(), idempotent=False) or {}
    return expect_field(data, "actionId", what="the new action")


def delete(client: Client, workspace: Workspace, ident: str) -> None:
    client.delete(api_path("/actions/{}", ident, what="action id"), workspace.params())


def delete_by_name(client: Client, workspace: Workspace, name: str) -> bool:
    """`--overwrite`: delete the action named `name` if there is one. True when one was deleted."""
    try:
        found = find_by_name(client, workspace, name)
    except NotFoundError:
        return False
    delete(client, workspace, found["id"])
    return True


def validate_name(client: Client, workspace: Workspace, name: str) -> None:
    """`GET /actions/validate`: a taken or malformed name is an input error."""
    try:
        client.get("/actions/validate", workspace.params(name=name))
    except ApiError as error:
        if error.status is not None and 400 <= error.status < 500 and error.status not in (401, 403):
            raise InputError(f"Action name '{name}' is not valid", hint=error.message) from error
        raise


def update(client: Client, workspace: Workspace, ident: str, request: dict) -> None:
    client.put(api_path("/actions/{}", ident, what="action id"), request, params=workspace.params())


def toggle_pause(client: Client, workspace: Workspace, ident: str) -> None:
    """`POST /actions/{id}/pause`: pauses an active action, resumes a paused one."""
    client.post(api_path("/actions/{}/pause", ident, what="action id"), {}, params=workspace.params(), idempotent=False)


def wanted_status(text: str) -> str:
    """`--status` text as an action status (ACTIVE or PAUSED); InputError for anything else."""
    status = STATUS_NAMES.get(text.strip().lower())
    if status is None:
        raise InputError(f"Invalid action status '{text}'", hint="Use 'active' or 'paused'.")
    return status


def add_launch(options: LaunchOptions, *, pipeline: str, ce: dict) -> dict:
    """The `launch` of a CreateActionRequest: tw's fields from the options, workDir/pre/post default to the CE's."""
    return launch_config(options, pipeline=pipeline, ce=ce)


def updated_launch(existing: dict, options: LaunchOptions, *, ce_id: str | None) -> dict:
    """The `launch` of an UpdateActionRequest: the saved launch (LaunchDbDto) with the CLI values over it
    (unlike tw, values not given are kept rather than cleared)."""
    base = create_launch_request(existing)
    launch = {**base, "computeEnvId": ce_id or base.get("computeEnvId"), **overlay(base, options)}
    for dropped in ("sessionId", "resume", "dateCreated"):
        launch.pop(dropped, None)
    return without_nones(launch)
