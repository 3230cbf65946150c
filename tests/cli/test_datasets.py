"""twpy datasets: tw's requests (checked against the spec), outputs and JSON keys; streamed multipart uploads."""
import pytest
from responses import matchers

from tests.helpers import URL, WS_ENTRY, query, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
WSREF = "Seqera/cli"
DS = {"id": "4D9TP0w2pM0qmwqVHgrgBK", "name": "samples", "description": "Samples", "mediaType": "text/csv",
      "dateCreated": "2024-05-02T10:00:00Z", "lastUpdated": "2024-05-02T10:00:00Z", "hidden": False}
OLD = {"id": "1a2b3c", "name": "old", "mediaType": "text/csv", "dateCreated": "2024-01-01T00:00:00Z", "hidden": True}
V1 = {"datasetId": DS["id"], "version": 1, "hasHeader": True, "mediaType": "text/csv", "fileName": "samples.csv",
      "url": f"{URL}/workspaces/{WS}/datasets/{DS['id']}/v/1/n/samples.csv"}
V2 = dict(V1, version=2, fileName="samples2.csv", url=V1["url"].replace("/v/1/n/samples.csv", "/v/2/n/samples2.csv"))



def by_name(api, name="samples", found=(DS,)):
    api.get(f"{URL}/datasets", json={"datasets": list(found), "totalSize": len(found)},
            match=[query(workspaceId=WS, search=name, visibility="all", max=100, offset=0)])


def test_list_sends_tws_query_and_prints_tws_table(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/datasets", json={"datasets": [DS, OLD], "totalSize": 2},
            match=[query(workspaceId=WS, visibility="all", max=100, offset=0)])
    result = run("datasets", "list", "-w", WSREF, "--show-hidden")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[1] == f"  Datasets at {WSREF} workspace:"
    assert lines[3].split("|")[0].strip() == "ID" and lines[3].split("|")[-1].strip() == "Hidden"
    assert "1a2b3c" in lines[5] and lines[5].rstrip().endswith("yes")  # sorted by id


def test_list_json_keys(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/datasets", json={"datasets": [DS], "totalSize": 1}, match=[query(workspaceId=WS, max=100, offset=0)])
    result = run("-o", "json", "datasets", "list", "-w", WSREF)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"datasetList": [DS], "workspace": WSREF, "showLabels": False, "showHidden": False}


def test_list_needs_a_workspace(api, run):
    result = run("datasets", "list")
    assert result.exit_code != 0
    assert result.stdout == ""
    assert "workspace" in result.stderr.lower()


def test_add_creates_then_uploads_the_file_as_multipart(api, run, tmp_path):
    data = b"sample,fastq_1\n" + b"".join(b"S%d,s3://b/%d.fq\n" % (i, i) for i in range(20000))  # > one chunk
    path = tmp_path / "samples.csv"
    path.write_bytes(data)
    user_and_workspaces(api)
    api.post(f"{URL}/datasets", json={"dataset": DS}, match=[query(workspaceId=WS),
                                                           matchers.json_params_matcher({"name": "samples"})])
    api.post(f"{URL}/datasets/{DS['id']}/upload", json={"version": V1}, match=[query(workspaceId=WS, header=True)])
    result = run("datasets", "add", "-n", "samples", "--header", str(path), "-w", WSREF)
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert result.stdout == f"\n  Dataset 'samples' added at {WSREF} workspace with id '{DS['id']}'\n"
    result = run("-o", "json", "datasets", "add", "-n", "samples", "--header", str(path), "-w", WSREF)
    assert result.json() == {"datasetName": "samples", "workspaceRef": WSREF, "datasetId": DS["id"]}
    upload = api.calls[-1].request
    content_type = upload.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=")[1].encode()
    body = upload.body
    assert int(upload.headers["Content-Length"]) == len(body)
    head, _, rest = body.partition(b"\r\n\r\n")
    assert b'Content-Disposition: form-data; name="file"; filename="samples.csv"' in head
    assert b"Content-Type: text/csv" in head
    assert rest == data + b"\r\n--" + boundary + b"--\r\n"


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "ERROR: File path '{p}' do not exists."),
    (lambda p: p.mkdir(), "ERROR: File path '{p}' must be a file, not a directory."),
    (lambda p: p.write_bytes(b""), "ERROR: File '{p}' is empty: a dataset needs at least one row."),
])
def test_add_refuses_bad_files_before_any_request(api, run, tmp_path, make, message):
    path = tmp_path / "x.csv"
    make(path)
    result = run("datasets", "add", "-n", "x", str(path), "-w", WSREF)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == message.format(p=path)
    assert len(api.calls) == 0


def test_view_and_versions(api, run):
    user_and_workspaces(api)
    by_name(api)
    result = run("-o", "json", "datasets", "view", "-n", "samples", "-w", WSREF)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.json() == {"dataset": DS, "workspace": WSREF}
    by_name(api)
    api.get(f"{URL}/datasets/{DS['id']}/versions", json={"versions": [V1, V2]}, match=[query(workspaceId=WS, mimeType="text/csv")])
    result = run("datasets", "view", "-n", "samples", "-w", WSREF, "versions")
    assert result.exit_code == 0, result
    assert f"Datasets versions for dataset samples at {WSREF} workspace:" in result.stdout
    assert "samples2.csv" in result.stdout
    result = run("-o", "json", "datasets", "view", "-n", "samples", "-w", WSREF, "versions")
    assert result.json() == {"versions": [V1, V2], "dataset": "samples", "workspace": WSREF}


def test_unknown_name_is_tws_message(api, run):
    user_and_workspaces(api)
    by_name(api, "nope", found=())
    result = run("datasets", "view", "-n", "nope", "-w", WSREF)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"ERROR: No dataset 'nope' found for workspace '{WS}'"


def test_update_header_without_a_file_is_refused(api, run):
    result = run("datasets", "update", "-n", "samples", "--header", "-w", WSREF)
    assert result.exit_code == 1
    assert result.stderr == "ERROR: Please provide a new file version to upload or remove the --header option\n"


def test_update_keeps_unset_fields(api, run):
    user_and_workspaces(api)
    by_name(api)
    api.put(f"{URL}/datasets/{DS['id']}", match=[query(workspaceId=WS),
                                                matchers.json_params_matcher({"name": "samples2", "description": "Samples"})])
    result = run("-o", "json", "datasets", "update", "-n", "samples", "--new-name", "samples2", "-w", WSREF)
    assert result.exit_code == 0, result
    assert result.json() == {"datasetName": "samples", "workspaceRef": WSREF, "datasetId": DS["id"]}
    result = run("datasets", "update", "-n", "samples", "--new-name", "samples2", "-w", WSREF)
    assert result.stdout == f"\n  Dataset 'samples' updated at {WSREF} workspace with id '{DS['id']}'\n"


def test_delete_by_name(api, run):
    user_and_workspaces(api)
    by_name(api)
    api.delete(f"{URL}/datasets/{DS['id']}", match=[query(workspaceId=WS)])
    result = run("datasets", "delete", "-n", "samples", "-w", WSREF)
    assert result.exit_code == 0, result
    assert result.stdout == f"\n  Dataset 'samples' deleted at {WSREF} workspace\n"
    result = run("-o", "json", "datasets", "delete", "-n", "samples", "-w", WSREF)
    assert result.json() == {"datasetRef": "samples", "workspaceRef": WSREF}


def versions(api):
    by_name(api)
    api.get(f"{URL}/datasets/{DS['id']}/versions", json={"versions": [V1, V2]}, match=[query(workspaceId=WS, mimeType="text/csv")])


def test_download_latest_to_stdout_and_json(api, run):
    user_and_workspaces(api)
    versions(api)
    api.get(f"{URL}/datasets/{DS['id']}/v/2/n/samples2.csv", body=b"a,b\n1,2\n", match=[query(workspaceId=WS)])
    result = run("datasets", "download", "-n", "samples", "-w", WSREF)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "a,b\n1,2\n"
    versions(api)
    api.get(f"{URL}/datasets/{DS['id']}/v/1/n/samples.csv", body=b"x\n", match=[query(workspaceId=WS)])
    result = run("-o", "json", "datasets", "download", "-n", "samples", "--dataset-version", "1", "-w", WSREF)
    assert result.json() == {"samples.csv": "x\n"}


def test_download_to_a_file_is_atomic(api, run, tmp_path):
    user_and_workspaces(api)
    versions(api)
    api.get(f"{URL}/datasets/{DS['id']}/v/2/n/samples2.csv", status=500, json={"message": "boom"})
    target = tmp_path / "out.csv"
    result = run("datasets", "download", "-n", "samples", "-o", str(target), "-w", WSREF)
    assert result.exit_code == 1
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("config", "cache")] == []


def test_unknown_version(api, run):
    user_and_workspaces(api)
    versions(api)
    result = run("datasets", "url", "-n", "samples", "--dataset-version", "9", "-w", WSREF)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"ERROR: No versions were found that matches version 9 for dataset {DS['id']}"


def test_url(api, run):
    user_and_workspaces(api)
    versions(api)
    result = run("datasets", "url", "-n", "samples", "-w", WSREF)
    assert result.exit_code == 0, result
    assert result.stdout == f"\n  Dataset URL\n\n  -----------\n\n  {V2['url']}\n"
    result = run("-o", "json", "datasets", "url", "-n", "samples", "-w", WSREF)
    assert result.json() == {"datasetUrl": V2["url"], "dataset": "samples", "workspace": WSREF}


def test_hide_by_id_and_name(api, run):
    user_and_workspaces(api)
    by_name(api)
    api.post(f"{URL}/datasets/hide", match=[query(workspaceId=WS),
                                           matchers.json_params_matcher({"datasetIds": ["1a2b3c", DS["id"]]})])
    result = run("-o", "json", "datasets", "hide", "-i", "1a2b3c", "-n", "samples", "-w", WSREF)
    assert result.exit_code == 0, result
    assert result.json() == {"datasetIds": ["1a2b3c", DS["id"]], "workspace": WSREF, "hidden": True}
    api.post(f"{URL}/datasets/show", match=[query(workspaceId=WS),
                                           matchers.json_params_matcher({"datasetIds": ["1a2b3c", DS["id"]]})])
    result = run("-o", "json", "datasets", "show", "-i", "1a2b3c", "-n", "samples", "-w", WSREF)
    assert result.json() == {"datasetIds": ["1a2b3c", DS["id"]], "workspace": WSREF, "hidden": False}


def test_labels(api, run):
    user_and_workspaces(api)
    api.get(f"{URL}/labels", json={"labels": [{"id": 5, "name": "rna", "resource": False}], "totalSize": 1})
    api.post(f"{URL}/datasets/labels/apply", match=[matchers.json_params_matcher({"labelIds": [5], "datasetIds": ["1a2b3c"]})])
    result = run("datasets", "labels", "-i", "1a2b3c", "-w", WSREF, "rna")
    assert result.exit_code == 0, result
    assert result.stdout == f"\n 'set' labels on 'dataset' with id '1a2b3c' at {WS} workspace\n"
    result = run("-o", "json", "datasets", "labels", "-i", "1a2b3c", "-w", WSREF, "rna")
    assert result.json() == {"operation": "set", "type": "dataset", "id": "1a2b3c", "workspaceID": WS}
