"""The sandbox's API, one module per resource, each route declared next to its handler (`@route`).

Adding a resource is adding one module here and naming it in RESOURCES: its handlers take `(api, request)` and
return a JSON-ready document (or a Response, or None for 204); what several resources share lives in `common`.
"""
from __future__ import annotations

from tw_py.sandbox.resources import (
    compute_envs,
    credentials,
    datasets,
    labels,
    orgs,
    pipelines,
    runs,
    secrets,
    service,
    workspaces,
)
from tw_py.sandbox.routing import ROUTES

#: Every resource module (importing them registers their routes).
RESOURCES = (service, orgs, workspaces, labels, credentials, compute_envs, pipelines, runs, secrets, datasets)

__all__ = ["RESOURCES", "ROUTES"]
