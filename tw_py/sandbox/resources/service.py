"""Service and user routes: /service-info, /user-info, /user/{userId}/workspaces."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tw_py.sandbox.http import HttpError, Request
from tw_py.sandbox.resources.common import SERVER_API_VERSION, SERVER_VERSION
from tw_py.sandbox.routing import route

if TYPE_CHECKING:
    from tw_py.sandbox.api import Api


# Service and user ----------------------------------------------------------------------------------
@route("GET", "/service-info")
def service_info(api: Api, request: Request):
    return {"serviceInfo": {"version": SERVER_VERSION, "apiVersion": SERVER_API_VERSION, "commitId": "sandbox",
                            "authTypes": ["token"], "loginPath": "/login", "heartbeatInterval": 60,
                            "userWorkspaceEnabled": True, "allowInstanceCredentials": False,
                            "allowLocalRepos": False, "allowNextflowCliLogs": True, "seqeraCloud": False,
                            "waveEnabled": True, "groundswellEnabled": False, "llmEnabled": False,
                            "seqeraComputeEnabled": False, "contentMaxFileSize": 10485760,
                            "landingUrl": "", "termsOfUseUrl": "", "contactEmail": "demo@sandbox.localhost"}}


@route("GET", "/user-info")
def user_info(api: Api, request: Request):
    return {"user": api.user, "needConsent": False}


@route("GET", "/user/{userId}/workspaces")
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
