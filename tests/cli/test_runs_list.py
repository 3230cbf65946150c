"""twpy runs list: requests, console and JSON output, pagination, --all streaming and bounded memory."""
import sys

from responses import matchers

from tests.helpers import URL, WS_ENTRY, answered, document, misused, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]


def run_entry(i, status="SUCCEEDED", labels=None):
    entry = {"workflow": {"id": f"run{i:011d}", "status": status, "projectName": "nf-core/rnaseq",
                          "runName": f"name_{i}", "userName": "jordi", "submit": "2021-09-22T05:45:44Z"},
             "starred": False}
    if labels is not None:
        entry["labels"] = labels
    return entry


def workflow_page(mock, items, total, offset=0, max_=100, extra=None, callback=None):
    query = {"max": str(max_), "offset": str(offset), "includeTotalSize": "true", **(extra or {})}
    answered(mock, f"{URL}/workflow", {"workflows": items, "totalSize": total}, query,
             None if callback is None else lambda: callback(offset))


def test_list_console_matches_tw(api, run):
    items = [{"workflow": {"id": "5mDfiUtqyptDib", "runName": "spontaneous_easley", "submit": "2021-09-22T05:45:44Z"},
              "starred": False},
             {"workflow": {"id": "6mDfiUtqyptDib", "runName": "spontaneous_easley", "submit": "2021-09-22T05:45:44Z"},
              "starred": False}]
    workflow_page(api, items, 2)
    result = run("runs", "list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert [line.rstrip() for line in result.stdout.split("\n")] == [line.rstrip() for line in (
        "\n  Pipeline runs at user workspace:\n\n"
        "     ID             | Status | Project Name | Run Name           | Username | Submit Date                   \n"
        "    ----------------+--------+--------------+--------------------+----------+-------------------------------\n"
        "     5mDfiUtqyptDib | NA     |              | spontaneous_easley |          | Wed, 22 Sep 2021 05:45:44 GMT \n"
        "     6mDfiUtqyptDib | NA     |              | spontaneous_easley |          | Wed, 22 Sep 2021 05:45:44 GMT \n"
        "\n").split("\n")]


def test_list_server_order_labels_filter_and_workspace(api, run):
    user_and_workspaces(api)
    items = [run_entry(2, labels=[{"name": "b"}, {"name": "k", "value": "v"}]), run_entry(1, "FAILED", labels=[])]
    workflow_page(api, items, 2, extra={"workspaceId": str(WS), "attributes": "labels", "search": "status:FAILED"})
    result = run("runs", "list", "-w", "Seqera/cli", "-f", "status:FAILED", "-l")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == "  Pipeline runs at [Seqera / cli] workspace:"
    assert [c.strip() for c in lines[3].split("|")] == ["ID", "Status", "Project Name", "Run Name", "Username",
                                                       "Submit Date", "Labels"]
    assert lines[5].split("|")[0].strip() == "run00000000002"  # server order, not sorted
    assert lines[5].split("|")[-1].strip() == "b,k=v"
    assert lines[6].split("|")[1].strip() == "FAILED"


def test_list_json_shape(api, run):
    items = [run_entry(1)]
    workflow_page(api, items, 1)
    result = run("-o", "json", "runs", "list")
    assert result.exit_code == 0 and result.stderr == ""
    doc = result.json()
    assert list(doc) == ["workspaceRef", "workflows", "showLabels"]
    assert doc == {"workspaceRef": "user", "workflows": items, "showLabels": False}


def test_list_empty(api, run):
    workflow_page(api, [], 0)
    result = run("runs", "list")
    assert succeeded(result) == "\n  Pipeline runs at user workspace:\n\n    No pipeline runs found\n"


def test_list_page_footer(api, run):
    workflow_page(api, [run_entry(3)], 7, offset=2, max_=2)
    result = run("runs", "list", "--page", "2", "--max", "2")
    assert result.exit_code == 0 and result.stderr == ""
    assert "\n  Page 2, showing from 2 to 3 from a total of 7 entries. \n" in result.stdout


def test_list_offset_footer(api, run):
    workflow_page(api, [run_entry(3)], 7, offset=3, max_=100)
    result = run("runs", "list", "--offset", "3")
    assert result.exit_code == 0 and result.stderr == ""
    assert "\n  Showing from 3 to 102 from a total of 7 entries. \n" in result.stdout


def test_list_page_and_offset_conflict(run):
    result = run("runs", "list", "--page", "1", "--offset", "1")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "ERROR: Please use either --page or --offset as pagination parameter" in result.stderr


def _stdout_so_far() -> str:
    sys.stdout.flush()
    return sys.stdout.buffer.getvalue().decode()


def test_list_all_streams_pages_of_uneven_size(api, run):
    """7 runs with --max 3: pages of 3, 3, 1; rows of page 1 are printed before page 3 is requested."""
    seen = {}
    every = [run_entry(i) for i in range(7)]

    def before(offset):
        seen[offset] = _stdout_so_far()

    for offset in (0, 3, 6):
        workflow_page(api, every[offset:offset + 3], 7, offset=offset, max_=3, callback=before)
    result = run("runs", "list", "--all", "--max", "3")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "run00000000000" in seen[6] and "run00000000005" in seen[6]
    assert "run00000000006" not in seen[6]
    lines = result.stdout.splitlines()
    rows = [l for l in lines if l.startswith("     run")]
    assert [r.split("|")[0].strip() for r in rows] == [e["workflow"]["id"] for e in every]
    assert len({len(r) for r in rows}) == 1  # consistent columns across pages
    assert lines[3].split("|")[0].strip() == "ID" and lines.count(lines[3]) == 1  # one header
    assert "Showing" not in result.stdout


def test_list_all_json_streams_one_document(api, run):
    seen = {}
    every = [run_entry(i) for i in range(5)]

    def before(offset):
        seen[offset] = _stdout_so_far()

    workflow_page(api, every[:2], 5, offset=0, max_=2, callback=before)
    workflow_page(api, every[2:4], 5, offset=2, max_=2, callback=before)
    workflow_page(api, every[4:], 5, offset=4, max_=2, callback=before)
    result = run("-o", "json", "runs", "list", "--all", "--max", "2")
    assert document(result) == {"workspaceRef": "user", "workflows": every, "showLabels": False}
    assert "run00000000001" not in seen[4]  # held until complete: a later failure must not leave half a document


def test_list_all_json_failing_half_way_leaves_no_half_document(api, run):
    every = [run_entry(i) for i in range(4)]
    workflow_page(api, every[:2], 4, offset=0, max_=2)
    api.get(f"{URL}/workflow", status=400, json={"message": "boom"},
            match=[matchers.query_param_matcher({"max": "2", "offset": "2", "includeTotalSize": "true"})])
    result = run("-o", "json", "runs", "list", "--all", "--max", "2")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "ERROR: boom\n"


def test_list_all_json_empty_is_jackson_style(api, run):
    workflow_page(api, [], 0)
    result = run("-o", "json", "runs", "list", "--all")
    assert succeeded(result) == '{\n  "workspaceRef" : "user",\n  "workflows" : [ ],\n  "showLabels" : false\n}\n'


def test_list_all_stops_on_total_without_extra_request(api, run):
    every = [run_entry(i) for i in range(4)]
    workflow_page(api, every[:2], 4, offset=0, max_=2)
    workflow_page(api, every[2:], 4, offset=2, max_=2)
    result = run("-o", "json", "runs", "list", "--all", "--max", "2")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.json()["workflows"]) == 4
    assert len(api.calls) == 2


def test_list_all_rejects_page(run):
    result = run("runs", "list", "--all", "--page", "2")
    assert "--all walks every page" in misused(result)
