"""twpy apply for studios: requests mocked one by one (and checked against the spec) for seqerakit's example entry,
created, unchanged with no write, updated in place sending the new configuration only, deleted; and the whole
lifecycle against the sandbox."""
from __future__ import annotations

from responses import matchers

from tests.helpers import URL, WS_ENTRY, query, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
SID = "3e8370e7"
RSTUDIO = "public.cr.seqera.io/platform/data-studio-rstudio:4.4.1-u1-0.7"
CE = {"id": "vYOK4vn7spw7bHHWBDXZ2", "name": "aws", "platform": "aws-batch", "status": "AVAILABLE"}
LINK = {"id": "v1-cloud-c287", "name": "showcase", "resourceRef": "s3://seqeralabs-showcase", "provider": "aws"}
ENTRY = f"""studios:
  - name: 'rstudio_environment'
    description: 'An RStudio environment'
    workspace: 'Seqera/cli'
    template: '{RSTUDIO}'
    compute-env: 'aws'
    cpu: 2
    memory: 4096
    auto-start: False
    mount-data-uris: 's3://seqeralabs-showcase'
    lifespan: 1
    on_exists: overwrite
"""
STUDIO = {"sessionId": SID, "workspaceId": WS, "name": "rstudio_environment", "description": "An RStudio environment",
          "computeEnv": {"id": CE["id"], "name": "aws", "platform": "aws-batch"},
          "template": {"repository": RSTUDIO, "tool": "rstudio"},
          "configuration": {"gpu": 0, "cpu": 2, "memory": 4096, "lifespanHours": 1, "mountData": [LINK["id"]]},
          "mountedDataLinks": [LINK], "isPrivate": False, "statusInfo": {"status": "stopped"}}


def existing(api, studio=STUDIO):
    api.get(f"{URL}/studios", json={"studios": [studio], "totalSize": 1}, match=[query(workspaceId=WS, max=100, offset=0)])
    api.get(f"{URL}/studios/{SID}", json=studio, match=[query(workspaceId=WS)])


def links(api):
    api.get(f"{URL}/data-links", json={"dataLinks": [], "totalSize": 0}, match=[query(workspaceId=WS, max=1, offset=0)])
    api.get(f"{URL}/data-links", json={"dataLinks": [LINK], "totalSize": 1},
            match=[query(workspaceId=WS, search="resourceRef:s3://seqeralabs-showcase")])


def test_create_as_seqerakit_describes_it(api, run, write_file):
    user_and_workspaces(api)
    api.get(f"{URL}/studios", json={"studios": [], "totalSize": 0}, match=[query(workspaceId=WS, max=100, offset=0)])
    api.get(f"{URL}/studios/templates", json={"templates": [{"repository": RSTUDIO}], "totalSize": 1},
            match=[query(workspaceId=WS, max=100, offset=0)])
    api.get(f"{URL}/compute-envs", json={"computeEnvs": [CE]}, match=[query(workspaceId=WS, status="AVAILABLE")])
    links(api)
    api.post(f"{URL}/studios", json={"studio": STUDIO}, match=[
        query(workspaceId=WS, autoStart=False),
        matchers.json_params_matcher({"name": "rstudio_environment", "description": "An RStudio environment",
                                      "dataStudioToolUrl": RSTUDIO, "computeEnvId": CE["id"],
                                      "configuration": {"gpu": 0, "cpu": 2, "memory": 4096, "lifespanHours": 1,
                                                        "mountData": [LINK["id"]]}}, strict_match=True)])
    result = run("apply", write_file("s.yml", ENTRY))
    assert result.exit_code == 0, result
    assert "1 created, 0 updated, 0 replaced, 0 deleted, 0 unchanged" in result.stdout


def test_unchanged_sends_no_write(api, run, write_file):
    user_and_workspaces(api)
    existing(api)
    result = run("apply", write_file("s.yml", ENTRY))
    assert result.exit_code == 0, result
    assert "0 created, 0 updated, 0 replaced, 0 deleted, 1 unchanged" in result.stdout
    assert [c.request.method for c in api.calls] == ["GET"] * len(api.calls)


def test_update_sends_the_configuration_only(api, run, write_file):
    user_and_workspaces(api)
    existing(api)
    api.put(f"{URL}/studios/{SID}", json=STUDIO, match=[query(workspaceId=WS), matchers.json_params_matcher(
        {"configuration": {"gpu": 0, "cpu": 4, "memory": 4096, "lifespanHours": 1, "mountData": [LINK["id"]]}},
        strict_match=True)])
    result = run("apply", write_file("s.yml", ENTRY.replace("cpu: 2", "cpu: 4")))
    assert result.exit_code == 0, result
    assert "~ update    studios  rstudio_environment at Seqera/cli\n        cpu: 2 -> 4" in result.stdout


def test_a_template_change_needs_a_replacement_and_delete(api, run, write_file):
    user_and_workspaces(api)
    existing(api)
    refused = run("apply", write_file("s.yml", ENTRY.replace("on_exists: overwrite", "on_exists: fail")
                                      .replace("4.4.1-u1-0.7", "4.5.0")))
    assert refused.exit_code == 1 and "template" in refused.stderr
    existing(api)
    api.delete(f"{URL}/studios/{SID}", status=204, match=[query(workspaceId=WS)])
    deleted = run("apply", write_file("s.yml", ENTRY), "--delete")
    assert deleted.exit_code == 0, deleted
    assert "0 created, 0 updated, 0 replaced, 1 deleted, 0 unchanged" in deleted.stdout


def test_studio_lifecycle_against_the_sandbox(platform, run, write_file):
    from tests.apply.test_apply_cmd import lifecycle

    text = ("studios:\n  - name: notebook\n    description: Analysis\n    workspace: demo/showcase\n"
            "    template: 'public.cr.seqera.io/platform/data-studio-rstudio:4.4.1-u2-0.8'\n    compute-env: aws-demo\n"
            "    cpu: 2\n    memory: 4096\n    on_exists: overwrite\n")
    lifecycle(platform, run, write_file, text, text.replace("description: Analysis", "description: Stats"),
              creates=[("POST", "/studios")], update=("PUT", r"/studios/\w+"), body={"description": "Stats"},
              deletes=[("DELETE", r"/studios/\w+")])
