"""Walk every sandbox route with real requests and validate each response against the OpenAPI spec (openapi-core).

Responses with a status the spec declares (2xx, 400) are validated by openapi-core; the others (401, 404, 409),
which the spec leaves undeclared, must still be the Platform's `{"message": ...}` body.
"""
from __future__ import annotations

import re

import pytest

from tests import contract
from tests.sandbox.test_sandbox import HELLO, wait_for

pytestmark = pytest.mark.skipif(not contract.spec_available(),
                                reason=f"the OpenAPI spec is not at {contract.SPEC_PATH} (set TWPY_OPENAPI_SPEC)")


class Walker:
    """Sends requests, validates every response, remembers which route templates were exercised."""

    def __init__(self, http, sandbox):
        self.http = http
        self.sandbox = sandbox
        self.covered = set()
        self.problems = []

    def __call__(self, method, path, body=None, expect=None, invalid=False, files=None, **params):
        from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

        if files is not None:   # multipart/form-data uploads
            response = self.http.session.request(method, self.http.server.url + path, params=params or None,
                                                 files=files, timeout=10)
        else:
            response = self.http.call(method, path, body if body is not None or method in ("POST", "PUT") else None,
                                      **params)
        if invalid:  # sent on purpose against the spec: keep it out of the fixture's request check
            self.sandbox.received.pop()
        template, operation, _ = contract._operation(method, path)
        self.covered.add((method, template))
        if expect is not None:
            assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        declared = operation is not None and str(response.status_code) in operation.get("responses", {})
        binary = not response.headers.get("Content-Type", "").startswith("application/json")
        if declared and binary:
            assert response.content is not None  # a download: the spec's `format: binary` allows any bytes
        elif declared:
            try:
                contract._openapi().validate_response(RequestsOpenAPIRequest(response.request),
                                                      RequestsOpenAPIResponse(response))
            except Exception as exc:  # noqa: BLE001 - collect every failure
                cause = getattr(exc, "__cause__", None)
                self.problems.append(f"{method} {template} -> {response.status_code}: {exc}"
                                     + (f": {cause}" if cause else ""))
        else:
            assert response.status_code >= 400, f"{method} {path}: undeclared success {response.status_code}"
            body_doc = response.json()
            if set(body_doc) != {"message"} or not isinstance(body_doc["message"], str):
                self.problems.append(f"{method} {template} -> {response.status_code}: error body {body_doc}")
        return response


def test_every_route_answers_as_the_spec_says(sandbox, http):
    from tw_py.sandbox.resources import ROUTES

    call = Walker(http, sandbox)
    call("GET", "/service-info", expect=200)
    user = call("GET", "/user-info", expect=200).json()["user"]
    entries = call("GET", f"/user/{user['id']}/workspaces", expect=200).json()["orgsAndWorkspaces"]
    ws = next(e["workspaceId"] for e in entries if e.get("workspaceName") == "showcase")
    org = next(e["orgId"] for e in entries if e.get("workspaceName") == "showcase")

    # organizations and workspaces
    call("GET", "/orgs", expect=200)
    call("GET", "/orgs/validate", name="acme", expect=204)
    new_org = call("POST", "/orgs", {"organization": {"name": "acme", "fullName": "Acme Inc"}},
                   expect=200).json()["organization"]["orgId"]
    call("GET", "/orgs/validate", name="acme", expect=409)
    call("GET", f"/orgs/{new_org}", expect=200)
    call("PUT", f"/orgs/{new_org}", {"fullName": "Acme Corp", "description": "Renamed"}, expect=204)
    call("GET", f"/orgs/{org}/workspaces", expect=200)
    call("GET", f"/orgs/{new_org}/workspaces/validate", name="lab", expect=204)
    new_ws = call("POST", f"/orgs/{new_org}/workspaces",
                  {"workspace": {"name": "lab", "fullName": "Lab", "visibility": "SHARED"}}, expect=200).json()
    new_ws = new_ws["workspace"]["id"]
    call("GET", f"/orgs/{new_org}/workspaces/{new_ws}", expect=200)
    call("PUT", f"/orgs/{new_org}/workspaces/{new_ws}", {"fullName": "The lab", "visibility": "PRIVATE"}, expect=200)
    call("POST", f"/orgs/{new_org}/workspaces", {"workspace": {"name": "-bad-", "fullName": "x", "visibility": "PRIVATE"}},
         expect=400, invalid=True)

    # labels
    call("GET", "/labels", workspaceId=ws, max=10, offset=0, search="wa", type="all", expect=200)
    label = call("POST", "/labels", {"name": "walk", "resource": False}, workspaceId=ws, expect=200).json()["id"]
    resource = call("POST", "/labels", {"name": "team", "value": "a", "resource": True}, workspaceId=ws, expect=200)
    call("PUT", f"/labels/{resource.json()['id']}", {"value": "b"}, workspaceId=ws, expect=200)
    call("POST", "/labels", {"name": "walk"}, workspaceId=ws, expect=409)

    # credentials
    call("GET", "/credentials", workspaceId=ws, platformId="aws-batch", expect=200)
    call("GET", "/credentials/validate", workspaceId=ws, name="walk-aws", expect=204)
    creds = call("POST", "/credentials", {"credentials": {"name": "walk-aws", "provider": "aws",
                                                          "keys": {"discriminator": "aws", "accessKey": "AK",
                                                                   "secretKey": "SECRET"}}},
                 workspaceId=ws, useExternalId="false", expect=200).json()["credentialsId"]
    described = call("GET", f"/credentials/{creds}", workspaceId=ws, expect=200).json()["credentials"]
    assert "secretKey" not in described["keys"]
    call("PUT", f"/credentials/{creds}", {"credentials": {"name": "walk-aws", "provider": "aws", "id": creds,
                                                          "keys": {"discriminator": "aws", "accessKey": "AK2"}}},
         workspaceId=ws, expect=204)
    call("POST", f"/credentials/{creds}/validate", workspaceId=ws, force="false", expect=200)

    # compute environments
    call("GET", "/compute-envs", workspaceId=ws, status="AVAILABLE", attributes="labels", expect=200)
    call("GET", "/compute-envs/validate", workspaceId=ws, name="walk-ce", expect=204)
    ce = call("POST", "/compute-envs", {"computeEnv": {"name": "walk-ce", "platform": "aws-batch", "credentialsId": creds,
                                                       "config": {"discriminator": "aws-batch", "region": "eu-west-1",
                                                                  "workDir": "s3://walk/work",
                                                                  "forge": {"type": "SPOT", "minCpus": 0, "maxCpus": 4}}},
                                        "labelIds": [resource.json()["id"]]},
              workspaceId=ws, expect=200).json()["computeEnvId"]
    call("GET", f"/compute-envs/{ce}", workspaceId=ws, attributes="labels", expect=200)
    wait_for(lambda: http.get(f"/compute-envs/{ce}", workspaceId=ws).json()["computeEnv"]["status"] == "AVAILABLE")
    call("PUT", f"/compute-envs/{ce}", {"name": "walk-ce", "description": "walked"}, workspaceId=ws, expect=204)
    call("POST", f"/compute-envs/{ce}/validate", workspaceId=ws, force="true", expect=200)
    call("POST", f"/compute-envs/{ce}/primary", workspaceId=ws, expect=204)

    # pipelines
    call("GET", "/pipelines", workspaceId=ws, max=100, offset=0, search="hello", visibility="all",
         attributes="labels,computeEnv,optimized", expect=200)
    call("GET", "/pipelines/validate", workspaceId=ws, orgId=org, name="walk", expect=204)
    pipeline = call("POST", "/pipelines", {"name": "walk", "description": "d", "version": {"name": "walk-1"},
                                           "launch": {"computeEnvId": ce, "pipeline": HELLO, "workDir": "s3://walk/work",
                                                      "paramsText": "x: 1\n", "pullLatest": False}},
                    workspaceId=ws, expect=200).json()["pipeline"]
    pid = pipeline["pipelineId"]
    call("GET", f"/pipelines/{pid}", workspaceId=ws, attributes="labels", expect=200)
    launch = call("GET", f"/pipelines/{pid}/launch", workspaceId=ws, expect=200).json()["launch"]
    versions = call("GET", f"/pipelines/{pid}/versions", workspaceId=ws, max=10, offset=0, isPublished="true",
                    expect=200).json()["versions"]
    version_id = versions[0]["version"]["id"]
    call("GET", f"/pipelines/{pid}/versions/validate", workspaceId=ws, name="walk-2", expect=204)
    call("POST", f"/pipelines/{pid}/versions/{version_id}", {"name": "walk", "description": "d2",
                                                              "launch": {"pipeline": HELLO, "revision": "master"}},
         workspaceId=ws, expect=200)
    call("PUT", f"/pipelines/{pid}", {"description": "d3"}, workspaceId=ws, expect=200)
    call("PUT", f"/pipelines/{pid}/versions/{version_id}/manage", {"name": "walk-v1", "isDefault": True},
         workspaceId=ws, expect=204)
    for operation in ("apply", "add", "remove"):
        call("POST", f"/pipelines/labels/{operation}", {"pipelineIds": [pid], "labelIds": [label]}, workspaceId=ws,
             expect=204)

    # runs
    run = call("POST", "/workflow/launch", {"launch": {"id": launch["id"], "computeEnvId": ce, "pipeline": HELLO,
                                                       "workDir": "s3://walk/work", "runName": "walk-run",
                                                       "labelIds": [label]}},
               workspaceId=ws, expect=200).json()["workflowId"]
    call("GET", f"/workflow/{run}", workspaceId=ws, attributes="labels,optimized,messages,pipelineInfo", expect=200)
    wait_for(lambda: http.get(f"/workflow/{run}", workspaceId=ws).json()["workflow"]["status"] == "SUCCEEDED")
    call("GET", "/workflow", workspaceId=ws, max=10, offset=0, search="status:SUCCEEDED walk",
         includeTotalSize="true", attributes="labels,pipelineInfo,optimized", expect=200)
    call("GET", f"/workflow/{run}", workspaceId=ws, expect=200)
    call("GET", f"/workflow/{run}/progress", workspaceId=ws, expect=200)
    launch_id = call("GET", f"/workflow/{run}/launch", workspaceId=ws, expect=200).json()["launch"]["id"]
    call("GET", f"/launch/{launch_id}", workspaceId=ws, expect=200)
    tasks = call("GET", f"/workflow/{run}/tasks", workspaceId=ws, max=2, offset=0, search="say", expect=200).json()
    task_id = tasks["tasks"][0]["task"]["taskId"]
    call("GET", f"/workflow/{run}/task/{task_id}", workspaceId=ws, expect=200)
    call("GET", f"/workflow/{run}/metrics", workspaceId=ws, expect=200)
    call("GET", f"/workflow/{run}/download", workspaceId=ws, fileName=f"nf-{run}.log", expect=200)
    call("GET", f"/workflow/{run}/download", workspaceId=ws, fileName=f"nf-{run}.txt", expect=200)
    call("GET", f"/workflow/{run}/download/{task_id}", workspaceId=ws, fileName=".command.out", expect=200)
    for operation in ("apply", "add", "remove"):
        call("POST", f"/workflow/labels/{operation}", {"workflowIds": [run], "labelIds": [label]}, workspaceId=ws,
             expect=204)
    sandbox.store.speed = 0.5
    slow = call("POST", "/workflow/launch", {"launch": {"computeEnvId": ce, "pipeline": HELLO}}, workspaceId=ws,
                expect=200).json()["workflowId"]
    call("POST", f"/workflow/{slow}/cancel", workspaceId=ws, expect=204)
    call("POST", f"/workflow/{slow}/cancel", workspaceId=ws, expect=400)
    call("POST", "/workflow/delete", {"workflowIds": [slow, "unknown"]}, workspaceId=ws, force="false", expect=200)
    call("DELETE", f"/workflow/{run}", workspaceId=ws, force="false", expect=204)
    call("GET", f"/workflow/{run}", workspaceId=ws, expect=404)

    # organization members, teams, workspace participants
    call("GET", f"/orgs/{new_org}/members", max=10, offset=0, search="ad", expect=200)
    member = call("PUT", f"/orgs/{new_org}/members/add", {"user": "ada@example.org"}, expect=200).json()["member"]
    call("PUT", f"/orgs/{new_org}/members/add", {"user": "ada@example.org"}, expect=409)
    call("PUT", f"/orgs/{new_org}/members/{member['memberId']}/role", {"role": "collaborator"}, expect=204)
    call("GET", f"/orgs/{new_org}/collaborators", max=10, offset=0, search="ada", expect=200)
    call("PUT", f"/orgs/{new_org}/members/{member['memberId']}/role", {"role": "member"}, expect=204)
    call("GET", f"/orgs/{new_org}/teams/validate", name="walkers", expect=204)
    team = call("POST", f"/orgs/{new_org}/teams", {"team": {"name": "walkers", "description": "Walk"}},
                expect=200).json()["team"]["teamId"]
    call("GET", f"/orgs/{new_org}/teams", max=10, offset=0, search="walk", expect=200)
    call("GET", f"/orgs/{new_org}/teams/{team}", expect=200)
    call("PUT", f"/orgs/{new_org}/teams/{team}", {"description": "Walked"}, expect=204)
    call("POST", f"/orgs/{new_org}/teams/{team}/members", {"userNameOrEmail": "ada@example.org"}, expect=200)
    call("GET", f"/orgs/{new_org}/teams/{team}/members", max=10, offset=0, search="ada", expect=200)
    call("DELETE", f"/orgs/{new_org}/teams/{team}/members/{member['memberId']}/delete", expect=204)
    participants = f"/orgs/{new_org}/workspaces/{new_ws}/participants"
    by_team = call("PUT", f"{participants}/add", {"teamId": team}, expect=200).json()["participant"]
    by_member = call("PUT", f"{participants}/add", {"memberId": member["memberId"]}, expect=200).json()["participant"]
    call("PUT", f"{participants}/add", {"userNameOrEmail": "grace@example.org"}, expect=200)
    call("PUT", f"{participants}/add", {"teamId": team}, expect=409)
    call("GET", participants, max=10, offset=0, search="walk", expect=200)
    call("PUT", f"{participants}/{by_team['participantId']}/role", {"role": "admin"}, expect=204)
    call("DELETE", f"{participants}/{by_member['participantId']}", expect=204)
    call("DELETE", f"/orgs/{new_org}/teams/{team}", expect=204)
    call("DELETE", f"/orgs/{new_org}/members/{member['memberId']}", expect=204)

    # actions
    call("GET", "/actions/validate", workspaceId=ws, name="walk-action", expect=204)
    action = call("POST", "/actions", {"name": "walk-action", "source": "tower",
                                       "launch": {"computeEnvId": ce, "pipeline": HELLO, "workDir": "s3://walk/work"}},
                  workspaceId=ws, expect=200).json()["actionId"]
    call("GET", "/actions", workspaceId=ws, attributes="labels", expect=200)
    call("GET", f"/actions/{action}", workspaceId=ws, attributes="labels", expect=200)
    call("PUT", f"/actions/{action}", {"name": "walk-action", "launch": {"pipeline": HELLO, "revision": "master"}},
         workspaceId=ws, expect=204)
    call("POST", f"/actions/{action}/pause", {}, workspaceId=ws, expect=204)
    for operation in ("apply", "add", "remove"):
        call("POST", f"/actions/labels/{operation}", {"actionIds": [action], "labelIds": [label]}, workspaceId=ws,
             expect=204)
    call("DELETE", f"/actions/{action}", workspaceId=ws, expect=204)

    # deletions and error bodies
    call("DELETE", f"/pipelines/{pid}", workspaceId=ws, expect=204)
    call("DELETE", f"/compute-envs/{ce}", workspaceId=ws, expect=204)
    call("DELETE", f"/credentials/{creds}", workspaceId=ws, checked="false", expect=204)
    call("DELETE", f"/labels/{label}", workspaceId=ws, expect=204)
    call("DELETE", f"/orgs/{new_org}/workspaces/{new_ws}/participants", expect=204)
    call("DELETE", f"/orgs/{new_org}/workspaces/{new_ws}", expect=403)
    call("DELETE", f"/orgs/{new_org}", expect=204)
    call("GET", "/pipelines", max=1000, expect=400)
    call("GET", "/labels", max=101, expect=400)
    call("GET", f"/compute-envs/{ce}x", workspaceId=ws, expect=404)

    # secrets
    call("GET", "/pipeline-secrets/validate", workspaceId=ws, name="NCBI_KEY", expect=204)
    secret = call("POST", "/pipeline-secrets", {"name": "NCBI_KEY", "value": "v1"}, workspaceId=ws,
                  expect=200).json()["secretId"]
    call("GET", "/pipeline-secrets/validate", workspaceId=ws, name="NCBI_KEY", expect=409)
    listed = call("GET", "/pipeline-secrets", workspaceId=ws, expect=200).json()["pipelineSecrets"]
    assert all("value" not in s and "_value" not in s for s in listed)
    call("GET", f"/pipeline-secrets/{secret}", workspaceId=ws, expect=200)
    call("PUT", f"/pipeline-secrets/{secret}", {"value": "v2"}, workspaceId=ws, expect=204)
    call("DELETE", f"/pipeline-secrets/{secret}", workspaceId=ws, expect=204)

    # datasets: a real upload, its versions, the file back byte for byte
    dataset = call("POST", "/datasets", {"name": "samples", "description": "d"}, workspaceId=ws,
                   expect=200).json()["dataset"]["id"]
    data = b"sample,fastq\nS1,a.fq\n"
    version = call("POST", f"/datasets/{dataset}/upload", workspaceId=ws, header="true", expect=200,
                   files={"file": ("samples.csv", data, "text/csv")}).json()["version"]
    call("GET", "/datasets", workspaceId=ws, visibility="all", attributes="labels", expect=200)
    call("GET", f"/datasets/{dataset}/metadata", workspaceId=ws, expect=200)
    call("GET", f"/datasets/{dataset}/versions", workspaceId=ws, mimeType="text/csv", expect=200)
    got = call("GET", f"/datasets/{dataset}/v/1/n/samples.csv", workspaceId=ws, expect=200)
    assert got.content == data and version["fileSize"] == len(data)
    call("PUT", f"/datasets/{dataset}", {"name": "samples2", "description": "d"}, workspaceId=ws, expect=204)
    call("POST", "/datasets/hide", {"datasetIds": [dataset]}, workspaceId=ws, expect=204)
    call("POST", "/datasets/show", {"datasetIds": [dataset]}, workspaceId=ws, expect=204)
    dataset_label = call("POST", "/labels", {"name": "omics"}, workspaceId=ws, expect=200).json()["id"]
    for verb in ("apply", "add", "remove"):
        call("POST", f"/datasets/labels/{verb}", {"labelIds": [dataset_label], "datasetIds": [dataset]},
             workspaceId=ws, expect=204)
    call("DELETE", f"/datasets/{dataset}", workspaceId=ws, expect=204)

    call("POST", "/pipeline-schemas", {"content": '{"$schema": "https://json-schema.org/draft-07/schema"}'},
         workspaceId=ws, expect=200)
    call("POST", "/pipeline-schemas", {"content": "not json"}, workspaceId=ws, expect=400)

    # studios: created, started and stopped on the clock, checkpoints, settings
    ce_id = call("GET", "/compute-envs", workspaceId=ws, status="AVAILABLE", expect=200).json()["computeEnvs"][0]["id"]
    template = call("GET", "/studios/templates", workspaceId=ws, max=20, expect=200).json()["templates"][0]["repository"]
    call("GET", "/studios/validate", workspaceId=ws, name="notebook", expect=204)
    studio = call("POST", "/studios", {"name": "notebook", "computeEnvId": ce_id, "dataStudioToolUrl": template,
                                       "configuration": {"cpu": 2, "memory": 8192, "gpu": 0}},
                  workspaceId=ws, autoStart="false", expect=200).json()["studio"]["sessionId"]
    call("GET", "/studios/validate", workspaceId=ws, name="notebook", expect=409)
    call("GET", "/studios", workspaceId=ws, attributes="labels", max=10, expect=200)
    call("GET", f"/studios/{studio}", workspaceId=ws, expect=200)
    call("PUT", f"/studios/{studio}", {"description": "Notebook"}, workspaceId=ws, expect=200)
    started = call("PUT", f"/studios/{studio}/start", {}, workspaceId=ws, expect=200).json()
    assert started["jobSubmitted"] and started["statusInfo"]["status"] in ("starting", "running")
    call("DELETE", f"/studios/{studio}", workspaceId=ws, expect=409)
    call("PUT", f"/studios/{studio}/stop", workspaceId=ws, expect=200)
    call("GET", f"/studios/{studio}/checkpoints", workspaceId=ws, max=50, expect=200)
    call("GET", f"/orgs/{org}/workspaces/{ws}/settings/studios", expect=200)
    call("PUT", f"/orgs/{org}/workspaces/{ws}/settings/studios", {"lifespanHours": 4, "privateStudioByDefault": True},
         expect=204)

    # data links: a bucket, browsed, a file uploaded through signed URLs and downloaded back
    aws = next(c["id"] for c in call("GET", "/credentials", workspaceId=ws, expect=200).json()["credentials"]
               if c["provider"] == "aws")
    call("GET", "/data-links", workspaceId=ws, visibility="all", expect=200)
    link = call("POST", "/data-links", {"name": "results", "type": "bucket", "provider": "aws",
                                         "resourceRef": "s3://results-bucket", "credentialsId": aws},
                workspaceId=ws, expect=200).json()["id"]
    call("GET", f"/data-links/{link}", workspaceId=ws, credentialsId=aws, expect=200)
    call("PUT", f"/data-links/{link}", {"name": "results2", "description": "d"}, workspaceId=ws, expect=200)
    answer = call("POST", f"/data-links/{link}/upload", {"fileName": "a.txt", "contentLength": 3,
                                                          "contentType": "text/plain"}, workspaceId=ws, expect=200).json()
    part = http.session.put(answer["uploadUrls"][0], data=b"abc", headers={"Authorization": ""}, timeout=10)
    call("POST", f"/data-links/{link}/upload/finish", {"fileName": "a.txt", "uploadId": answer["uploadId"],
                                                        "withError": False,
                                                        "tags": [{"partNumber": 1, "eTag": part.headers["ETag"]}]},
         workspaceId=ws, expect=200)
    nested = call("POST", f"/data-links/{link}/upload/dir", {"fileName": "b.txt", "contentLength": 1},
                  workspaceId=ws, expect=200).json()
    call("POST", f"/data-links/{link}/upload/finish/dir", {"fileName": "b.txt", "uploadId": nested["uploadId"],
                                                            "withError": True, "tags": []}, workspaceId=ws, expect=200)
    call("GET", f"/data-links/{link}/browse", workspaceId=ws, pageSize=10, expect=200)
    call("GET", f"/data-links/{link}/browse-tree", workspaceId=ws, paths="", expect=200)
    url = call("GET", f"/data-links/{link}/generate-download-url", workspaceId=ws, filePath="a.txt",
               preview="false", expect=200).json()["url"]
    assert http.session.get(url, headers={"Authorization": ""}, timeout=10).content == b"abc"
    tampered = url.replace("a.txt", "b.txt")
    assert http.session.get(tampered, headers={"Authorization": ""}, timeout=10).status_code == 403
    call("GET", f"/data-links/{link}/browse/nowhere", workspaceId=ws, expect=404)
    call("DELETE", f"/data-links/{link}", workspaceId=ws, expect=204)

    left_ws = call("POST", f"/orgs/{org}/workspaces", {"workspace": {"name": "gone", "fullName": "Gone",
                                                                     "visibility": "PRIVATE"}}, expect=200).json()
    call("DELETE", f"/orgs/{org}/workspaces/{left_ws['workspace']['id']}", expect=204)

    assert not call.problems, "responses that do not follow the spec:\n" + "\n".join(call.problems)
    routes = {(method, re.sub(r"\{(\w+):[^}]+\}", "{\\1}", template)) for method, template, _ in ROUTES}
    spec_templates = {(m, t) for m, t in call.covered}
    missing = sorted(r for r in routes if not any(_same(r, c) for c in spec_templates))
    assert not missing, f"routes not exercised by the walk: {missing}"


def _same(route, covered) -> bool:
    """True when a sandbox route and a spec template walked name the same operation."""
    (method, template), (covered_method, covered_template) = route, covered
    if method != covered_method or covered_template is None:
        return False

    def pattern(text):
        return "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(text)) + "$"

    return bool(re.match(pattern(template), covered_template) or re.match(pattern(covered_template), template))
