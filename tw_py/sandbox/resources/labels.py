"""Label routes: /labels."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tw_py.sandbox import model
from tw_py.sandbox.http import HttpError, Request, bad_request, given_fields, paginate
from tw_py.sandbox.resources.common import label_dto, workspace_item
from tw_py.sandbox.routing import route

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


# Labels ---------------------------------------------------------------------------------------------
@route("GET", "/labels")
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


def _check_label(body: dict) -> None:
    """The Platform's label rules: names (and values) of letters, digits, '-' and '_', as its other names."""
    if body.get("name") is not None and not (isinstance(body["name"], str) and LABEL_NAME.match(body["name"])):
        raise bad_request(f"Invalid label name '{body['name']}': up to 39 letters, digits, '-' or '_', starting and "
                          "ending with a letter or digit")
    if body.get("value") is not None and not LABEL_VALUE.match(body["value"]):
        raise bad_request(f"Invalid label value '{body['value']}': use letters, digits, '-', '_', '.' or ':'")


LABEL_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|[-_](?=[A-Za-z0-9])){0,38}$")
LABEL_VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,38}$")
LABEL_SPEC = {"name": ("string", 39), "value": ("string", 39), "resource": "boolean", "isDefault": "boolean"}


@route("POST", "/labels")
def labels_add(api: Api, request: Request):
    ws_id = api.workspace(request)
    body = request.checked_body(LABEL_SPEC, "name")
    _check_label(body)
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


_label = workspace_item("labels", "id", "labelId", "Label", numbered=True)


@route("PUT", "/labels/{labelId}")
def labels_update(api: Api, request: Request):
    label = _label(api, request)
    body = request.checked_body(LABEL_SPEC)
    _check_label(body)
    if body.get("value") is not None and not label["resource"]:
        raise bad_request("Only resource labels can have a value")
    label.update(given_fields(body, ("name", "value", "isDefault")))
    return {k: label.get(k) for k in ("id", "name", "value", "isDefault")}


@route("DELETE", "/labels/{labelId}")
def labels_delete(api: Api, request: Request):
    label = _label(api, request)
    api.store.remove("labels", label)
    for kind in ("pipelines", "workflows", "computeEnvs", "datasets", "actions"):
        for item in api.store.items(kind):
            if label["id"] in item.get("labels", []):
                item["labels"] = [x for x in item["labels"] if x != label["id"]]
