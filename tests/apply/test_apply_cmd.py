"""twpy apply against a stateful Platform (the sandbox's API, in-process through `responses`): each kind created,
left alone the second time (no write request at all), updated in place sending only the changed field, deleted,
and deleted again (nothing to do); plan, --dry-run, --check, on_exists, --replace, failures half-way."""
from __future__ import annotations

import re

import pytest

SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) replaced, (\d+) deleted, (\d+) unchanged")
SECRET = "ghp_Sup3rS3cretValue"
OTHER_SECRET = "aws/S3cretAccessKeyValue"


@pytest.fixture(autouse=True)
def variables(monkeypatch):
    monkeypatch.setenv("GITHUB_PASSWORD", SECRET)
    monkeypatch.setenv("AWS_SECRET", OTHER_SECRET)


def summary(result) -> tuple:
    found = SUMMARY.findall(result.stdout)
    assert found, result
    return tuple(int(n) for n in found[-1])


def matches(calls, expected):
    """Write requests equal `expected` (method, path pattern) pairs in order."""
    return len(calls) == len(expected) and all(m == em and re.fullmatch(ep, p) for (m, p), (em, ep) in zip(calls, expected))


def lifecycle(platform, run, write_file, text, edited, *, creates, update, body, deletes):
    path = write_file("resources.yml", text)
    created = run("apply", path)
    assert created.exit_code == 0, created
    assert matches(platform.writes(), creates), platform.writes()
    assert summary(created)[0] >= 1

    platform.reset()
    again = run("apply", path)
    assert again.exit_code == 0, again
    assert platform.writes() == []                                   # nothing to change: not one write request
    assert summary(again)[:4] == (0, 0, 0, 0)

    platform.reset()
    path = write_file("resources.yml", edited)
    updated = run("apply", path)
    assert updated.exit_code == 0, updated
    assert matches(platform.writes(), [update]), platform.writes()
    assert platform.bodies(*update)[-1] == body                       # only the changed field is sent
    assert summary(updated)[1] == 1

    platform.reset()
    deleted = run("apply", path, "--delete")
    assert deleted.exit_code == 0, deleted
    assert matches(platform.writes(), deletes), platform.writes()

    platform.reset()
    twice = run("apply", path, "--delete")
    assert twice.exit_code == 0, twice
    assert platform.writes() == []
    assert "already absent" in twice.stdout
    return created, updated


def test_organizations(platform, run, write_file):
    text = "organizations:\n  - name: acme\n    full-name: Acme Inc\n    description: Research\n    on_exists: overwrite\n"
    created, updated = lifecycle(platform, run, write_file, text, text.replace("Research", "Genomics"),
                                 creates=[("POST", "/orgs")], update=("PUT", r"/orgs/\d+"),
                                 body={"description": "Genomics"}, deletes=[("DELETE", r"/orgs/\d+")])
    assert "+ create    organizations  acme" in created.stdout
    assert "~ update    organizations  acme\n        description: 'Research' -> 'Genomics'" in updated.stdout


def test_workspaces(platform, run, write_file):
    text = ("workspaces:\n  - name: lab\n    full-name: The lab\n    organization: demo\n    visibility: PRIVATE\n"
            "    on_exists: overwrite\n")
    lifecycle(platform, run, write_file, text, text.replace("The lab", "Wet lab"),
              creates=[("POST", r"/orgs/\d+/workspaces")], update=("PUT", r"/orgs/\d+/workspaces/\d+"),
              body={"fullName": "Wet lab"}, deletes=[("DELETE", r"/orgs/\d+/workspaces/\d+")])


def test_teams_with_members(platform, run, write_file):
    text = ("teams:\n  - name: bioinfo\n    organization: demo\n    description: Bioinformatics\n"
            "    members: [ada@example.org, grace@example.org]\n    on_exists: overwrite\n")
    lifecycle(platform, run, write_file, text, text.replace("Bioinformatics", "Bio"),
              creates=[("POST", r"/orgs/\d+/teams"), ("POST", r"/orgs/\d+/teams/\d+/members"),
                       ("POST", r"/orgs/\d+/teams/\d+/members")],
              update=("PUT", r"/orgs/\d+/teams/\d+"), body={"description": "Bio"},
              deletes=[("DELETE", r"/orgs/\d+/teams/\d+")])


def test_team_members_follow_the_file(platform, run, write_file):
    path = write_file("teams.yml", "teams:\n  - name: bioinfo\n    organization: demo\n"
                                   "    members: [ada@example.org, grace@example.org]\n    on_exists: overwrite\n")
    assert run("apply", path).exit_code == 0
    platform.reset()
    path = write_file("teams.yml", "teams:\n  - name: bioinfo\n    organization: demo\n"
                                   "    members: [ada@example.org, alan@example.org]\n    on_exists: overwrite\n")
    result = run("apply", path)
    assert result.exit_code == 0, result
    assert "members: [\"ada@example.org\", \"grace@example.org\"] -> [\"ada@example.org\", \"alan@example.org\"]" \
        in result.stdout
    assert matches(platform.writes(), [("POST", r"/orgs/\d+/teams/\d+/members"),
                                       ("DELETE", r"/orgs/\d+/teams/\d+/members/\d+/delete")])
    assert platform.bodies("POST", r"/orgs/\d+/teams/\d+/members") == [{"userNameOrEmail": "alan@example.org"}]


def test_members(platform, run, write_file):
    text = "members:\n  - user: ada@example.org\n    organization: demo\n    role: member\n    on_exists: overwrite\n"
    lifecycle(platform, run, write_file, text, text.replace("role: member", "role: collaborator"),
              creates=[("PUT", r"/orgs/\d+/members/add")], update=("PUT", r"/orgs/\d+/members/\d+/role"),
              body={"role": "collaborator"}, deletes=[("DELETE", r"/orgs/\d+/members/\d+")])


def test_participants(platform, run, write_file):
    text = ("teams:\n  - name: bioinfo\n    organization: demo\n"
            "participants:\n  - name: bioinfo\n    type: TEAM\n    workspace: demo/showcase\n    role: ADMIN\n"
            "    on_exists: overwrite\n")
    lifecycle(platform, run, write_file, text, text.replace("ADMIN", "maintain"),
              creates=[("POST", r"/orgs/\d+/teams"), ("PUT", r"/orgs/\d+/workspaces/\d+/participants/add"),
                       ("PUT", r"/orgs/\d+/workspaces/\d+/participants/\d+/role")],
              update=("PUT", r"/orgs/\d+/workspaces/\d+/participants/\d+/role"), body={"role": "maintain"},
              deletes=[("DELETE", r"/orgs/\d+/workspaces/\d+/participants/\d+"), ("DELETE", r"/orgs/\d+/teams/\d+")])


def test_labels(platform, run, write_file):
    path = write_file("labels.yml", "labels:\n  - {name: team, value: genomics, workspace: demo/showcase}\n"
                                    "  - {name: simple, workspace: demo/showcase}\n")
    assert run("apply", path).exit_code == 0
    assert platform.bodies("POST", "/labels") == [{"name": "team", "value": "genomics", "resource": True},
                                                  {"name": "simple", "resource": False}]
    platform.reset()
    assert run("apply", path).exit_code == 0 and platform.writes() == []
    assert run("apply", path, "--delete").exit_code == 0
    assert matches(platform.writes(), [("DELETE", r"/labels/\d+"), ("DELETE", r"/labels/\d+")])
    platform.reset()
    assert run("apply", path, "--delete").exit_code == 0 and platform.writes() == []


def test_secrets_are_written_again_only_when_asked(platform, run, write_file):
    path = write_file("secrets.yml", "secrets:\n  - {name: TOKEN, workspace: demo/showcase, value: $GITHUB_PASSWORD,"
                                     " on_exists: overwrite}\n")
    assert run("apply", path).exit_code == 0
    assert platform.bodies("POST", "/pipeline-secrets") == [{"name": "TOKEN", "value": SECRET}]
    platform.reset()
    again = run("apply", path)
    assert again.exit_code == 0 and platform.writes() == []
    assert "secret values are not compared (value); --update-secrets writes them" in again.stdout
    rewrite = run("apply", path, "--update-secrets")
    assert rewrite.exit_code == 0, rewrite
    assert matches(platform.writes(), [("PUT", r"/pipeline-secrets/\d+")])
    assert platform.bodies("PUT", r"/pipeline-secrets/\d+") == [{"value": SECRET}]
    for output in (again.stdout, again.stderr, rewrite.stdout, rewrite.stderr):
        assert SECRET not in output


CREDENTIALS = ("credentials:\n  - type: github\n    name: gh\n    workspace: demo/showcase\n    username: octocat\n"
               "    password: $GITHUB_PASSWORD\n    on_exists: overwrite\n")


def test_credentials(platform, run, write_file):
    lifecycle(platform, run, write_file, CREDENTIALS, CREDENTIALS.replace("octocat", "hubot"),
              creates=[("POST", "/credentials")], update=("PUT", r"/credentials/\w+"),
              body={"credentials": {"name": "gh", "provider": "github", "id": platform_id(platform, "gh"),
                                    "keys": {"discriminator": "github", "username": "hubot", "password": SECRET}}},
              deletes=[("DELETE", r"/credentials/\w+")])


def platform_id(platform, name):
    """The id the sandbox will give... found lazily: compared after the update has happened."""
    class Later:
        def __eq__(self, other):
            return any(c["id"] == other for c in platform.items("credentials") if c["name"] == name)
    return Later()


def test_replace_only_where_allowed(platform, run, write_file):
    path = write_file("creds.yml", CREDENTIALS)
    assert run("apply", path).exit_code == 0
    platform.reset()
    other = write_file("other.yml", "credentials:\n  - type: aws\n    name: gh\n    workspace: demo/showcase\n"
                                    "    access-key: AKIAEXAMPLE\n    secret-key: $AWS_SECRET\n")
    refused = run("apply", other)
    assert refused.exit_code == 1
    assert "! conflict  credentials  gh at demo/showcase\n        type: 'github' -> 'aws'" in refused.stdout
    assert "credentials[1] 'gh' exists and differs (type, access-key) and its on_exists is 'fail': nothing was " \
           "changed" in refused.stderr
    assert platform.writes() == []
    replaced = run("apply", other, "--replace")
    assert replaced.exit_code == 0, replaced
    assert "-/+ replace   credentials  gh at demo/showcase" in replaced.stdout
    assert matches(platform.writes(), [("DELETE", r"/credentials/\w+"), ("POST", "/credentials")])
    assert summary(replaced) == (0, 0, 1, 0, 0)


def test_on_exists_ignore_and_the_global_override(platform, run, write_file):
    text = "organizations:\n  - name: acme\n    full-name: Acme Inc\n    on_exists: ignore\n"
    assert run("apply", write_file("a.yml", text)).exit_code == 0
    platform.reset()
    edited = write_file("a.yml", text.replace("Acme Inc", "Acme Corp"))
    left = run("apply", edited)
    assert left.exit_code == 0 and platform.writes() == []
    assert "exists and differs: left as it is (on_exists: ignore)" in left.stdout
    forced = run("apply", edited, "--on-exists", "overwrite")
    assert forced.exit_code == 0, forced
    assert platform.bodies("PUT", r"/orgs/\d+") == [{"fullName": "Acme Corp"}]


@pytest.mark.parametrize("flag", ["--dry-run", "--dryrun"])
def test_dry_run_sends_no_write(platform, run, write_file, flag):
    path = write_file("a.yml", "organizations:\n  - {name: acme, full-name: Acme}\n"
                               "workspaces:\n  - {name: lab, full-name: Lab, organization: acme}\n"
                               "labels:\n  - {name: a, workspace: acme/lab}\n" + CREDENTIALS.replace("demo/showcase", "acme/lab"))
    result = run("apply", path, flag)
    assert result.exit_code == 0, result
    assert platform.writes() == []
    assert "Plan (nothing is sent):" in result.stdout
    assert "+ create    labels         a at acme/lab" in result.stdout    # its workspace is created first
    assert result.stdout.rstrip().endswith("4 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged")
    assert SECRET not in result.stdout + result.stderr


def test_check_exit_codes(platform, run, write_file):
    text = "organizations:\n  - name: acme\n    full-name: Acme Inc\n    on_exists: overwrite\n"
    path = write_file("a.yml", text)
    pending = run("apply", path, "--check")
    assert pending.exit_code == 4 and pending.stderr == ""
    assert run("apply", path).exit_code == 0
    platform.reset()
    clean = run("-o", "json", "apply", path, "--check")
    assert clean.exit_code == 0 and clean.stderr == ""
    assert clean.json()["pending"] == 0
    drifted = run("-o", "json", "apply", write_file("a.yml", text.replace("Inc", "Corp")), "--check")
    assert drifted.exit_code == 4 and drifted.stderr == ""
    assert drifted.json()["changes"][0]["fields"] == [{"field": "full-name", "old": "Acme Inc", "new": "Acme Corp"}]
    conflict = run("apply", write_file("a.yml", text.replace("Inc", "Corp").replace("overwrite", "fail")), "--check")
    assert conflict.exit_code == 1 and "on_exists is 'fail'" in conflict.stderr
    assert platform.writes() == []


def test_json_document(platform, run, write_file):
    path = write_file("a.yml", "organizations:\n  - {name: acme, full-name: Acme}\n"
                               "workspaces:\n  - {name: lab, full-name: Lab, organization: acme}\n")
    result = run("-o", "json", "apply", path)
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert doc["summary"] == {"created": 2, "updated": 0, "replaced": 0, "deleted": 0, "unchanged": 0, "launched": 0}
    assert [(c["kind"], c["name"], c["action"], c["result"]) for c in doc["changes"]] == [
        ("organizations", "acme", "create", "applied"), ("workspaces", "lab", "create", "applied")]
    assert doc["changes"][1]["organization"] == "acme" and doc["changes"][0]["orgId"]


def test_a_failure_half_way_stops_and_a_second_apply_continues(platform, run, write_file):
    failing = ("labels:\n  - {name: a, workspace: demo/showcase}\n"
               "participants:\n  - {name: ghosts, type: TEAM, workspace: demo/showcase, role: view}\n"
               "secrets:\n  - {name: LATER, workspace: demo/showcase, value: x}\n")
    result = run("apply", write_file("a.yml", failing))
    assert result.exit_code == 1
    assert "Could not create participants ghosts at demo/showcase: Team 'ghosts' not found" in result.stderr
    assert "+ create    labels        a at demo/showcase  [applied]" in result.stdout
    assert "+ create    participants  ghosts at demo/showcase  [failed]" in result.stdout
    assert "+ create    secrets       LATER at demo/showcase  [not attempted]" in result.stdout
    assert matches(platform.writes(), [("POST", "/labels")])
    platform.reset()
    fixed = run("apply", write_file("a.yml", "teams:\n  - {name: ghosts, organization: demo}\n" + failing))
    assert fixed.exit_code == 0, fixed
    assert summary(fixed) == (3, 0, 0, 0, 1)
    assert [m for m, _ in platform.writes()].count("POST") == 2     # the team and the secret; the label exists


def test_secrets_never_shown_even_verbose(platform, run, write_file):
    path = write_file("a.yml", CREDENTIALS + "secrets:\n  - {name: MY_SECRET, workspace: demo/showcase, value: $AWS_SECRET}\n")
    for args in (("-v", "apply", path), ("-o", "json", "apply", path, "--dry-run"), ("apply", path, "--check")):
        result = run(*args)
        assert result.exit_code in (0, 4), result
        for secret in (SECRET, OTHER_SECRET):
            assert secret not in result.stdout and secret not in result.stderr


def test_a_server_echoing_a_secret_in_an_error_does_not_show_it(api, run, write_file):
    from tests.helpers import URL, WS_ENTRY, query, user_and_workspaces

    user_and_workspaces(api)
    path = write_file("c.yml", CREDENTIALS.replace("demo/showcase", "Seqera/cli"))
    for args in (("apply", path), ("-o", "json", "apply", path), ("-v", "apply", path)):
        api.get(f"{URL}/credentials", json={"credentials": []}, match=[query(workspaceId=WS_ENTRY["workspaceId"])])
        api.post(f"{URL}/credentials", status=400, json={"message": f"Invalid password '{SECRET}' for github"})
        result = run(*args)
        assert result.exit_code == 1, result
        assert "Invalid password '***' for github" in result.stderr
        assert SECRET not in result.stdout + result.stderr
