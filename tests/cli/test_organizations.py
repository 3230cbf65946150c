"""twpy organizations."""
from tests.helpers import ORG_ENTRY, URL, body, console_table, document, failed, misused, succeeded, user_and_workspaces

ORG = ORG_ENTRY["orgId"]
DESCRIBED = {"organization": {"orgId": ORG, "name": "Seqera", "fullName": "Seqera Labs", "description": "d",
                              "website": "https://seqera.io"}}


def test_list(api, run):
    user_and_workspaces(api)
    title, header, rows = console_table(succeeded(run("organizations", "list")))
    assert title == "  Organizations for jordi user:"
    assert rows == [[str(ORG), "Seqera"]]


def test_list_json(api, run):
    user_and_workspaces(api)
    result = run("-o", "json", "organizations", "list")
    assert document(result) == {"userName": "jordi", "organizations": [{"orgId": ORG, "orgName": "Seqera"}]}


def test_view_by_name_json_is_the_organization(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/orgs/{ORG}", json=DESCRIBED)
    result = run("-o", "json", "organizations", "view", "-n", "Seqera")
    assert document(result) == DESCRIBED["organization"]


def test_view_console(api, run):
    api.get(f"{URL}/orgs/{ORG}", json=DESCRIBED)
    result = run("organizations", "view", "-i", ORG)
    assert result.exit_code == 0 and result.stderr == ""
    assert "Details for organization 'Seqera Labs'" in result.stdout
    assert "    Website     | https://seqera.io" in result.stdout


def test_view_unknown_name(api, run):
    user_and_workspaces(api)
    result = run("organizations", "view", "-n", "Nope")
    assert failed(result) == "ERROR: Organization 'Nope' not found"


def test_add(api, run):
    api.post(f"{URL}/orgs", json={"organization": {"orgId": 5, "name": "acme", "fullName": "Acme"}})
    result = run("organizations", "add", "-n", "acme", "-f", "Acme", "-l", "Barcelona")
    assert succeeded(result) == "\n  Organization 'acme' with ID '5' was added\n"
    assert body(api.calls[0]) == {"organization": {"name": "acme", "fullName": "Acme", "location": "Barcelona"}}


def test_add_requires_full_name(run):
    result = run("organizations", "add", "-n", "acme")
    assert "ERROR: Missing required option: '--full-name=<fullName>'" in misused(result)


def test_update_keeps_current_values(api, run):
    api.get(f"{URL}/orgs/{ORG}", json=DESCRIBED)
    api.put(f"{URL}/orgs/{ORG}", status=204)
    result = run("-o", "json", "organizations", "update", "-i", ORG, "--new-name", "seqera2")
    assert document(result) == {"orgId": ORG, "name": "Seqera"}   # as tw: the name before the update
    result = run("organizations", "update", "-i", ORG, "--new-name", "seqera2")
    assert result.stdout == "\n  Organization 'Seqera' was updated\n"
    assert body(api.calls[1]) == {"name": "seqera2", "fullName": "Seqera Labs", "description": "d",
                                  "website": "https://seqera.io"}


def test_delete_failure_is_explained(api, run):
    api.delete(f"{URL}/orgs/{ORG}", status=403, json={"message": "Only owners can delete"})
    result = run("organizations", "delete", "-i", ORG)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"ERROR: Organization {ORG} could not be deleted\n  hint: Only owners can delete\n"


def test_delete(api, run):
    api.delete(f"{URL}/orgs/{ORG}", status=204)
    result = run("-o", "json", "organizations", "delete", "-i", ORG)
    assert document(result) == {"ref": str(ORG)}
    result = run("organizations", "delete", "-i", ORG)
    assert result.stdout == f"\n  Organization '{ORG}' deleted\n"
