"""The sandbox's API, one module per resource, each route declared next to its handler (`@route`).

Adding a resource is adding one module here and naming it in RESOURCES: its handlers take `(api, request)` and
return a JSON-ready document (or a Response, or None for 204); what several resources share lives in `common`.
"""
from __future__ import annotations

from tw_py.sandbox.resources import (
    actions,
    compute_envs,
    credentials,
    data_links,
    datasets,
    labels,
    members,
    orgs,
    participants,
    pipeline_schemas,
    pipelines,
    runs,
    secrets,
    service,
    studios,
    teams,
    workspaces,
)
from tw_py.sandbox.routing import ROUTES

#: Every resource module (importing them registers their routes).
RESOURCES = (service, orgs, workspaces, members, teams, participants, labels, credentials, secrets, compute_envs,
             pipelines, pipeline_schemas, actions, runs, datasets, data_links, studios)

__all__ = ["RESOURCES", "ROUTES"]
