"""twpy data-links: tw's requests (checked against the spec), outputs and JSON shapes; the fetch-status wait;
streamed transfers through signed URLs (never with the Seqera token), retried parts, atomic downloads."""
import os

import pytest
from responses import matchers

from tests.helpers import TOKEN, URL, WS_ENTRY, document, failed, misused, query, succeeded, user_and_workspaces

WS = WS_ENTRY["workspaceId"]
CRED = "57Ic6reczFn78H1DTaaXkp"
CREDS = {"credentials": [{"id": CRED, "name": "aws", "provider": "aws"}]}
LINK = {"id": "v1-cloud-c2875f38a7b5", "name": "a-test-bucket", "resourceRef": "s3://a-test-bucket", "type": "bucket",
        "provider": "aws", "region": "us-east-1", "credentials": [{"id": CRED, "name": "aws", "provider": "aws"}],
        "publicAccessible": False, "hidden": False}
OTHER = dict(LINK, id="v1-cloud-0a0b", name="other-bucket", resourceRef="gs://other-bucket", provider="google",
             region="europe-west1")
STORE = "https://bucket.storage.test"  # signed URLs live on *.storage.test (not checked against the Seqera spec)
FAST = {"TWPY_POLL_INTERVAL": "0"}


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    """Retried parts do not pause in tests."""
    from tw_py.api import transfers

    monkeypatch.setattr(transfers, "BACKOFF", 0)


def probe(api, status=200, **extra):
    """tw's fetch-status probe: `GET /data-links?max=1&offset=0` (202 while the server is still fetching)."""
    api.get(f"{URL}/data-links", status=status, json={"dataLinks": [], "totalSize": 0},
            match=[query(workspaceId=WS, max=1, offset=0, **extra)])


def credentials(api):
    api.get(f"{URL}/credentials", json=CREDS, match=[query(workspaceId=WS)])


def search(api, term, found=(LINK,), **extra):
    api.get(f"{URL}/data-links", json={"dataLinks": list(found), "totalSize": len(found)},
            match=[query(workspaceId=WS, search=term, **extra)])


def no_token(call):
    """The Seqera token never goes to an object store."""
    assert "Authorization" not in call.request.headers
    assert TOKEN not in str(call.request.headers) and TOKEN not in call.request.url


# list -------------------------------------------------------------------------------------------------

def test_list_sends_tws_requests_and_prints_tws_table(api, run):
    probe(api)
    api.get(f"{URL}/data-links", json={"dataLinks": [OTHER, LINK], "totalSize": 2},
            match=[query(workspaceId=WS, max=100, offset=0)])
    user_and_workspaces(api)
    result = run("data-links", "list", "-w", WS)
    assert succeeded(result) == (
        "\n  Data links at [Seqera / cli] workspace:\n\n"
        " ID                    | Provider | Name          | Resource ref       | Region\n"
        "-----------------------+----------+---------------+--------------------+--------------\n"
        " v1-cloud-0a0b         | google   | other-bucket  | gs://other-bucket  | europe-west1\n"
        " v1-cloud-c2875f38a7b5 | aws      | a-test-bucket | s3://a-test-bucket | us-east-1\n"
        "\n  Showing from 0 to 99 from a total of 2 entries. \n\n\n")


def test_list_json_and_filters(api, run):
    credentials(api)
    probe(api, credentialsId=CRED)
    api.get(f"{URL}/data-links", json={"dataLinks": [LINK], "totalSize": 1},
            match=[query(workspaceId=WS, credentialsId=CRED, max=10, offset=20, visibility="hidden",
                     search="a-test provider:aws,google,azure region:us-east-1 resourceRef:s3://a-test")])
    user_and_workspaces(api)
    result = run("-o", "json", "data-links", "list", "-w", WS, "-c", "aws", "-n", "a-test", "-p", "AWS,google",
                 "-p", "azure", "-r", "us-east-1", "-u", "s3://a-test", "--visibility", "HIDDEN", "--page", "3",
                 "--max", "10")
    assert document(result) == {"workspaceRef": "[Seqera / cli]", "dataLinks": [LINK], "showFetchingInfo": False}


def test_list_all_walks_every_page(api, run):
    probe(api)
    api.get(f"{URL}/data-links", json={"dataLinks": [LINK], "totalSize": 2}, match=[query(workspaceId=WS, max=100, offset=0)])
    api.get(f"{URL}/data-links", json={"dataLinks": [OTHER], "totalSize": 2}, match=[query(workspaceId=WS, max=100, offset=1)])
    user_and_workspaces(api)
    result = run("-o", "json", "data-links", "list", "-w", WS, "--all")
    assert result.exit_code == 0, result
    assert [d["id"] for d in result.json()["dataLinks"]] == [LINK["id"], OTHER["id"]]


def test_list_while_the_server_is_still_fetching_says_so(api, run):
    probe(api, status=202)
    api.get(f"{URL}/data-links", status=202, json={"dataLinks": [], "totalSize": 0},
            match=[query(workspaceId=WS, max=100, offset=0)])
    user_and_workspaces(api)
    result = run("data-links", "list", "-w", WS)
    assert result.exit_code == 0, result
    assert result.stdout == ("\n  Data links at [Seqera / cli] workspace:\n\n"
                             "Data links are being fetched: result might be incomplete, launch the command again to "
                             "check the status\n    No data links found\n")
    probe(api, status=202)
    api.get(f"{URL}/data-links", status=202, json={"dataLinks": [], "totalSize": 0},
            match=[query(workspaceId=WS, max=100, offset=0)])
    result = run("-o", "json", "data-links", "list", "-w", WS)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.json()["showFetchingInfo"] is True


def test_list_wait_polls_until_the_data_links_are_fetched(api, run):
    probe(api, status=202)
    probe(api, status=202)
    probe(api, status=200)
    api.get(f"{URL}/data-links", json={"dataLinks": [LINK], "totalSize": 1}, match=[query(workspaceId=WS, max=100, offset=0)])
    user_and_workspaces(api)
    result = run("-o", "json", "data-links", "list", "-w", WS, "--wait", env=FAST)
    assert document(result) == {"workspaceRef": "[Seqera / cli]", "dataLinks": [LINK], "showFetchingInfo": False}
    assert [c.request.params.get("max") for c in api.calls[:4]] == ["1", "1", "1", "100"]


def test_list_wait_is_bounded(api, run):
    probe(api, status=202)
    result = run("data-links", "list", "-w", WS, "--wait", "--wait-timeout", "0s", env=FAST)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == ("ERROR: Timed out waiting for the server's fetching of the data links "
                                             "to reach DONE (last status: FETCHING)")


def test_list_refuses_an_unknown_provider_before_any_request(api, run):
    result = run("data-links", "list", "-w", WS, "-p", "aws,dropbox")
    assert "Invalid value for '--providers': expected one of [aws, azure, google]" in misused(result)
    assert "'dropbox'" in result.stderr
    assert len(api.calls) == 0


# add / update / delete --------------------------------------------------------------------------------

def test_add_with_credentials(api, run):
    credentials(api)
    api.post(f"{URL}/data-links", json=dict(LINK, description="some"), match=[query(workspaceId=WS), matchers.json_params_matcher(
        {"name": "a-test-bucket", "description": "some", "resourceRef": "s3://a-test-bucket", "type": "bucket",
         "provider": "aws", "publicAccessible": False, "credentialsId": CRED}, strict_match=True)])
    result = run("data-links", "add", "-w", WS, "-n", "a-test-bucket", "-d", "some", "-u", "s3://a-test-bucket",
                 "-p", "AWS", "-c", CRED)
    assert succeeded(result) == (
        "\n  Data link created:\n\n"
        " ID                    | Provider | Name          | Resource ref       | Region\n"
        "-----------------------+----------+---------------+--------------------+-----------\n"
        " v1-cloud-c2875f38a7b5 | aws      | a-test-bucket | s3://a-test-bucket | us-east-1\n\n")


def test_add_without_credentials_is_public_and_json(api, run):
    public = dict(LINK, publicAccessible=True, credentials=[])
    api.post(f"{URL}/data-links", json=public, match=[matchers.json_params_matcher(
        {"name": "open", "resourceRef": "s3://open", "type": "bucket", "provider": "google",
         "publicAccessible": True}, strict_match=True)])
    result = run("-o", "json", "data-links", "add", "-n", "open", "-u", "s3://open", "-p", "google")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.json() == {"dataLink": public, "message": "Data link created"}
    assert "workspaceId" not in api.calls[0].request.url


def test_add_needs_name_uri_and_a_known_provider(api, run):
    for args, message in ((["-u", "s3://x", "-p", "aws"], "Missing option '-n'"),
                          (["-n", "x", "-p", "aws"], "Missing option '-u'"),
                          (["-n", "x", "-u", "s3://x", "-p", "dropbox"], "Invalid value for '-p' / '--provider'")):
        result = run("data-links", "add", *args)
        assert result.exit_code == 2, result
        assert message in result.stderr
    assert len(api.calls) == 0


def test_update_sends_tws_body(api, run):
    credentials(api)
    updated = dict(LINK, name="renamed", description="d")
    api.put(f"{URL}/data-links/{LINK['id']}", json=updated, match=[query(workspaceId=WS), matchers.json_params_matcher(
        {"name": "renamed", "description": "d", "credentialsId": CRED}, strict_match=True)])
    result = run("-o", "json", "data-links", "update", "-w", WS, "-i", LINK["id"], "-n", "renamed", "-d", "d", "-c", "aws")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.json() == {"dataLink": updated, "message": "Data link updated"}
    credentials(api)
    api.put(f"{URL}/data-links/{LINK['id']}", json=updated, match=[query(workspaceId=WS)])
    result = run("data-links", "update", "-w", WS, "-i", LINK["id"], "-n", "renamed", "-d", "d", "-c", "aws")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.stdout.startswith("\n  Data link updated:\n\n ID ")


def test_delete_by_id_sends_one_request(api, run):
    api.delete(f"{URL}/data-links/{LINK['id']}", status=204, match=[query(workspaceId=WS)])
    result = run("data-links", "delete", "-w", WS, "-i", LINK["id"])
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.stdout == f"\n  Data link '{LINK['id']}' deleted at '{WS}' workspace.\n"


@pytest.mark.parametrize("flag, value, term", [("-n", "a-test-bucket", "a-test-bucket"),
                                                ("--uri", "s3://a-test-bucket", "resourceRef:s3://a-test-bucket")])
def test_delete_by_name_or_uri_looks_it_up_once_fetched(api, run, flag, value, term):
    probe(api)
    search(api, term, found=(dict(LINK, name="a-test-bucket-2", resourceRef="s3://a-test-bucket-2"), LINK))
    api.delete(f"{URL}/data-links/{LINK['id']}", match=[query(workspaceId=WS)])
    result = run("-o", "json", "data-links", "delete", "-w", WS, flag, value)
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.json() == {"id": LINK["id"], "wspId": WS}


def test_a_name_lookup_waits_for_the_fetching(api, run):
    probe(api, status=202)
    probe(api, status=200)
    search(api, "a-test-bucket")
    api.delete(f"{URL}/data-links/{LINK['id']}", match=[query(workspaceId=WS)])
    result = run("data-links", "delete", "-w", WS, "-n", "a-test-bucket", env=FAST)
    assert (result.exit_code, result.stderr) == (0, ""), result


def test_unknown_and_ambiguous_names_are_tws_messages(api, run):
    probe(api)
    search(api, "nope", found=(LINK,))
    result = run("data-links", "delete", "-w", WS, "-n", "nope")
    assert failed(result) == f"ERROR: DataLink 'nope' not found at workspace '{WS}'"
    probe(api)
    search(api, "a-test-bucket", found=(LINK, dict(LINK, id="v1-twin")))
    result = run("data-links", "delete", "-w", WS, "-n", "a-test-bucket")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"ERROR: Multiple DataLink items found for 'a-test-bucket' found at "
                                             f"workspace '{WS}'. Found DataLink IDs: [{LINK['id']}, v1-twin]")


def test_a_reference_is_exactly_one_of_id_name_uri(api, run):
    result = run("data-links", "delete", "-i", "x", "-n", "y")
    assert result.exit_code == 2
    assert "--id, --name are mutually exclusive" in result.stderr
    result = run("data-links", "delete")
    assert result.exit_code == 2
    assert "(-i=<dataLinkId> | -n=<dataLinkName> | --uri=<dataLinkUri>)" in result.stderr
    result = run("data-links", "delete", "-i", "../user-info")
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: Invalid data link id '../user-info'")
    assert len(api.calls) == 0


# browse -----------------------------------------------------------------------------------------------

def test_browse_a_path_with_tws_query(api, run):
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": LINK}, match=[query(workspaceId=WS, credentialsId=CRED)])
    objects = [{"type": "FILE", "name": "b.txt", "size": 12, "mimeType": "text/plain"}, {"type": "FOLDER", "name": "sub/"}]
    api.get(f"{URL}/data-links/{LINK['id']}/browse/runs%2F2024%20a", json={"objects": objects, "nextPageToken": "tok2"},
            match=[query(workspaceId=WS, credentialsId=CRED, search="b", nextPageToken="tok1", pageSize=2)])
    result = run("data-links", "browse", "-w", WS, "-i", LINK["id"], "-c", "aws", "-p", "runs/2024 a", "-f", "b",
                 "-t", "tok1", "--page", "2")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.stdout == ("\n  Content of 's3://a-test-bucket' and path 'runs/2024 a':\n\n"
                             " Type   | Name  | Size\n"
                             "--------+-------+------\n"
                             " FILE   | b.txt | 12\n"
                             " FOLDER | sub/  | 0\n"
                             "\n  Next page token to fetch the next page: tok2\n\n\n")


def test_browse_the_root_by_name_json(api, run):
    probe(api)
    search(api, "a-test-bucket")
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": LINK}, match=[query(workspaceId=WS)])
    api.get(f"{URL}/data-links/{LINK['id']}/browse", json={"objects": []}, match=[query(workspaceId=WS)])
    result = run("-o", "json", "data-links", "browse", "-w", WS, "-n", "a-test-bucket")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.json() == {"dataLink": LINK, "items": []}


def test_browse_refuses_dot_dot_paths(api, run):
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": LINK})
    result = run("data-links", "browse", "-w", WS, "-i", LINK["id"], "-c", "aws", "-p", "a/../../secrets")
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: Invalid data link path 'a/../../secrets'")


# download ---------------------------------------------------------------------------------------------

def signed_download(api, path, url, body=b"", **kw):
    api.get(f"{URL}/data-links/{LINK['id']}/generate-download-url", json={"url": url},
            match=[query(workspaceId=WS, credentialsId=CRED, filePath=path, preview=False)])
    if body is not None:
        api.get(url, body=body, **kw)


def by_name_with_credentials(api):
    credentials(api)
    probe(api, credentialsId=CRED)
    search(api, "a-test-bucket", credentialsId=CRED)


def leftovers(directory):
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def test_download_a_file_streams_it_from_the_signed_url_without_the_token(api, run, tmp_path):
    content = os.urandom(3 * 1024 * 1024 + 17)  # several read chunks
    by_name_with_credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": []},
            match=[query(workspaceId=WS, credentialsId=CRED, paths="directory/file.bin")])
    signed_download(api, "directory/file.bin", f"{STORE}/directory/file.bin?X-Amz-Signature=abc", content)
    result = run("data-links", "download", "-w", WS, "-n", "a-test-bucket", "-c", "aws", "-o", tmp_path,
                 "directory/file.bin")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert (tmp_path / "file.bin").read_bytes() == content
    assert leftovers(tmp_path) == ["file.bin"]
    no_token(api.calls[-1])
    assert result.stdout == ("\n  Successfully downloaded files \n\n\n"
                             "     Type | File count | Path\n"
                             "    ------+------------+--------------------\n"
                             "     FILE | 1          | directory/file.bin\n\n")


def test_verbose_logs_never_show_the_signature_or_the_token(api, run, tmp_path):
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": []})
    signed_download(api, "f.txt", f"{STORE}/f.txt?X-Amz-Signature=SIGNATURE-abc", b"x")
    result = run("-v", "data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", tmp_path, "f.txt")
    assert result.exit_code == 0, result
    assert f"> GET {STORE}/f.txt?<signature>" in result.stderr
    assert "SIGNATURE-abc" not in result.stderr + result.stdout


def test_download_a_folder_keeps_its_tree_and_skips_folder_markers(api, run, tmp_path):
    api.get(f"{URL}/credentials", json=CREDS, match=[query(workspaceId=WS)])
    items = [{"path": "directory/a.txt", "size": 1}, {"path": "directory/sub/b.txt", "size": 1},
             {"path": "directory/empty/", "size": 0}]
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": items},
            match=[query(workspaceId=WS, credentialsId=CRED, paths="directory/")])
    signed_download(api, "directory/a.txt", f"{STORE}/a?sig=1", b"A")
    signed_download(api, "directory/sub/b.txt", f"{STORE}/b?sig=2", b"B")
    result = run("-o", "json", "data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", tmp_path,
                 "directory/")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.json() == {"transferDirection": "DOWNLOAD",
                             "paths": [{"type": "FOLDER", "path": "directory/", "fileCount": 2}]}
    assert (tmp_path / "directory/a.txt").read_bytes() == b"A"
    assert (tmp_path / "directory/sub/b.txt").read_bytes() == b"B"
    assert leftovers(tmp_path) == ["directory", "directory/a.txt", "directory/sub", "directory/sub/b.txt"]


def test_an_interrupted_download_leaves_no_file_under_the_final_name(api, run, tmp_path):
    (tmp_path / "file.bin").write_bytes(b"old")  # an earlier download is left as it was
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": []})
    signed_download(api, "file.bin", f"{STORE}/file.bin?sig=1", None)
    for _ in range(2):  # the first attempt and one retry both stop after 5 of 10 bytes
        api.get(f"{STORE}/file.bin?sig=1", body=b"01234", headers={"Content-Length": "10"},
                auto_calculate_content_length=False)
    result = run("data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", tmp_path, "file.bin",
                 env={"TWPY_RETRIES": "1"})
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == ("ERROR: The connection to bucket.storage.test was lost during GET "
                                             "https://bucket.storage.test/file.bin (ProtocolError)")
    assert (tmp_path / "file.bin").read_bytes() == b"old"
    assert leftovers(tmp_path) == ["file.bin"]  # no temporary file left behind either


def test_ctrl_c_during_a_download_leaves_no_partial_file(api, run, tmp_path, monkeypatch):
    from tw_py.api.client import SignedUrls

    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": []})
    signed_download(api, "file.bin", f"{STORE}/file.bin?sig=1", b"0123456789")

    def interrupted(self, response, size):
        yield b"01234"
        raise KeyboardInterrupt

    monkeypatch.setattr(SignedUrls, "chunks", interrupted)
    result = run("data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", tmp_path, "file.bin")
    assert result.exit_code == 130
    assert leftovers(tmp_path) == []


def test_a_dropped_download_resumes_with_a_range_request(api, run, tmp_path):
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": []})
    signed_download(api, "file.bin", f"{STORE}/file.bin?sig=1", b"01234", headers={"Content-Length": "10"},
                    auto_calculate_content_length=False)
    api.get(f"{STORE}/file.bin?sig=1", status=206, body=b"56789", headers={"Content-Range": "bytes 5-9/10"},
            match=[matchers.header_matcher({"Range": "bytes=5-"})])
    result = run("-o", "json", "data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", tmp_path,
                 "file.bin")
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert (tmp_path / "file.bin").read_bytes() == b"0123456789"


def test_a_server_path_leaving_the_output_dir_is_refused(api, run, tmp_path):
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": [{"path": "d/ok.txt", "size": 1},
                                                                          {"path": "d/../../evil", "size": 1}]})
    out = tmp_path / "out"
    result = run("data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", out, "d/")
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: Refusing to download 'd/../../evil'")
    assert leftovers(tmp_path) == []  # checked before anything was written


def test_a_plain_http_signed_url_is_refused_without_insecure(api, run, tmp_path):
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": []})
    signed_download(api, "f", "http://bucket.storage.test/f?sig=1", None)
    result = run("data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", tmp_path, "f")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("ERROR: The server handed out a transfer URL that twpy will not use: "
                                             "http://bucket.storage.test/f")


def test_download_needs_credentials_and_paths(api, run):
    assert "Missing option '-c'" in run("data-links", "download", "-i", "x", "f").stderr
    assert "Missing argument 'PATHS...'" in run("data-links", "download", "-i", "x", "-c", "aws").stderr
    assert len(api.calls) == 0


def test_progress_is_drawn_on_a_terminal_stderr_only(api, run, tmp_path, monkeypatch):
    from tw_py.output.render import IO

    monkeypatch.setattr(IO, "stderr_tty", property(lambda self: True))
    for output in ((), ("-o", "json")):
        credentials(api)
        api.get(f"{URL}/data-links/{LINK['id']}/browse-tree", json={"items": []})
        signed_download(api, "file.bin", f"{STORE}/file.bin?sig=1", b"x" * 2048, auto_calculate_content_length=True)
        result = run(*output, "data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", tmp_path,
                     "file.bin")
        assert result.exit_code == 0, result
        if output:
            assert result.stderr == ""
            assert result.json()["paths"][0]["fileCount"] == 1
        else:
            assert "\r  Downloading file.bin [" in result.stderr and "100%" in result.stderr
            assert "Downloading" not in result.stdout


# upload -----------------------------------------------------------------------------------------------

@pytest.fixture
def small_parts(monkeypatch):
    from tw_py.api import transfers

    monkeypatch.setattr(transfers, "PART_SIZE", 1000)
    return 1000


def upload_urls(api, key, size, answer, directory=None, content_type="application/octet-stream"):
    tail = f"/{directory}" if directory else ""
    api.post(f"{URL}/data-links/{LINK['id']}/upload{tail}", json=answer, match=[
        query(workspaceId=WS, credentialsId=CRED),
        matchers.json_params_matcher({"fileName": key, "contentLength": size, "contentType": content_type})])


def finish(api, key, upload_id, tags, with_error=False, directory=None):
    tail = f"/{directory}" if directory else ""
    api.post(f"{URL}/data-links/{LINK['id']}/upload/finish{tail}", json={}, match=[
        query(workspaceId=WS, credentialsId=CRED), matchers.json_params_matcher(
            {"fileName": key, "uploadId": upload_id, "withError": with_error, "tags": tags})])


def test_upload_to_s3_streams_each_part_byte_for_byte(api, run, tmp_path, small_parts):
    data = os.urandom(2500)  # three parts of 1000, 1000 and 500 bytes
    source = tmp_path / "reads.bin"
    source.write_bytes(data)
    by_name_with_credentials(api)
    urls = [f"{STORE}/reads.bin?partNumber={n}&uploadId=u1&X-Amz-Signature=s{n}" for n in (1, 2, 3)]
    upload_urls(api, "reads.bin", 2500, {"uploadId": "u1", "uploadUrls": urls})
    for n, url in enumerate(urls, start=1):
        api.put(url, headers={"ETag": f'"etag-{n}"'})
    finish(api, "reads.bin", "u1", [{"eTag": f'"etag-{n}"', "partNumber": n} for n in (1, 2, 3)])
    result = run("-o", "json", "data-links", "upload", "-w", WS, "-n", "a-test-bucket", "-c", "aws", source)
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.json() == {"transferDirection": "UPLOAD",
                             "paths": [{"type": "FILE", "path": str(source), "fileCount": 1}]}
    puts = [c for c in api.calls if c.request.method == "PUT"]
    assert [len(c.request.body) for c in puts] == [1000, 1000, 500]
    assert [int(c.request.headers["Content-Length"]) for c in puts] == [1000, 1000, 500]
    assert b"".join(c.request.body for c in puts) == data
    for call in puts:
        no_token(call)


def test_a_failed_part_is_retried_then_the_upload_completes(api, run, tmp_path, small_parts):
    source = tmp_path / "a.txt"
    source.write_bytes(b"hello")
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": LINK})
    upload_urls(api, "a.txt", 5, {"uploadId": "u1", "uploadUrls": [f"{STORE}/a.txt?sig=1"]}, content_type="text/plain")
    api.put(f"{STORE}/a.txt?sig=1", status=503)
    api.put(f"{STORE}/a.txt?sig=1", headers={"ETag": "e1"})
    finish(api, "a.txt", "u1", [{"eTag": "e1", "partNumber": 1}])
    result = run("data-links", "upload", "-w", WS, "-i", LINK["id"], "-c", "aws", source)
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.stdout.startswith("\n  Successfully uploaded files \n\n\n")
    assert [c.request.body for c in api.calls if c.request.method == "PUT"] == [b"hello", b"hello"]


def test_a_failed_upload_is_aborted_through_finish(api, run, tmp_path, small_parts):
    source = tmp_path / "a.txt"
    source.write_bytes(b"x" * 1500)
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": LINK})
    urls = [f"{STORE}/a.txt?part=1", f"{STORE}/a.txt?part=2"]
    upload_urls(api, "a.txt", 1500, {"uploadId": "u9", "uploadUrls": urls}, content_type="text/plain")
    api.put(urls[0], headers={"ETag": "e1"})
    api.put(urls[1], status=403, body="<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>")
    finish(api, "a.txt", "u9", [{"eTag": "e1", "partNumber": 1}], with_error=True)
    result = run("data-links", "upload", "-w", WS, "-i", LINK["id"], "-c", "aws", source)
    assert failed(result) == ("ERROR: bucket.storage.test answered HTTP 403 to part 2 of 'a.txt': "
                              "AccessDenied - Request has expired")


def test_upload_a_folder_under_an_output_dir(api, run, tmp_path, small_parts):
    folder = tmp_path / "outdir"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(b"A")
    (folder / "sub" / "b.txt").write_bytes(b"BB")
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": LINK})
    for key, size in (("outdir/a.txt", 1), ("outdir/sub/b.txt", 2)):
        upload_urls(api, key, size, {"uploadId": key, "uploadUrls": [f"{STORE}/{key}?sig=1"]},
                    directory="runs%2F2024", content_type="text/plain")
        api.put(f"{STORE}/{key}?sig=1", headers={"ETag": "e"})
        finish(api, key, key, [{"eTag": "e", "partNumber": 1}], directory="runs%2F2024")
    result = run("data-links", "upload", "-w", WS, "-i", LINK["id"], "-c", "aws", "-o", "runs/2024", folder)
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert f" FOLDER | 2          | {folder}\n" in result.stdout


def test_upload_to_google_uses_a_resumable_session(api, run, tmp_path, small_parts):
    data = os.urandom(2500)
    source = tmp_path / "g.bin"
    source.write_bytes(data)
    google = dict(LINK, provider="google")
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": google})
    session = f"{STORE}/upload/storage/v1/b/b/o?uploadType=resumable&upload_id=xyz"
    upload_urls(api, "g.bin", 2500, {"uploadUrls": [session]})
    api.put(session, status=308, headers={"Range": "bytes=0-999"},
            match=[matchers.header_matcher({"Content-Range": "bytes 0-999/2500"})])
    api.put(session, status=308, headers={"Range": "bytes=0-1999"},
            match=[matchers.header_matcher({"Content-Range": "bytes 1000-1999/2500"})])
    api.put(session, status=200, match=[matchers.header_matcher({"Content-Range": "bytes 2000-2499/2500"})])
    result = run("-o", "json", "data-links", "upload", "-w", WS, "-i", LINK["id"], "-c", "aws", source)
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert b"".join(c.request.body for c in api.calls if c.request.method == "PUT") == data


def test_upload_to_azure_puts_blocks_then_the_block_list(api, run, tmp_path, small_parts):
    source = tmp_path / "z.bin"
    source.write_bytes(b"z" * 1200)
    azure = dict(LINK, provider="azure")
    credentials(api)
    api.get(f"{URL}/data-links/{LINK['id']}", json={"dataLink": azure})
    urls = [f"{STORE}/c/z.bin?comp=block&blockid=YmxvY2sx%3D&sv=1&sig=a%2Bb",
            f"{STORE}/c/z.bin?comp=block&blockid=YmxvY2sy%3D&sv=1&sig=a%2Bb"]
    upload_urls(api, "z.bin", 1200, {"uploadUrls": urls})
    for url in urls:
        api.put(url, status=201)
    api.put(f"{STORE}/c/z.bin?comp=blocklist&sv=1&sig=a%2Bb", status=201)
    result = run("-o", "json", "data-links", "upload", "-w", WS, "-i", LINK["id"], "-c", "aws", source)
    assert (result.exit_code, result.stderr) == (0, ""), result
    puts = [c.request for c in api.calls if c.request.method == "PUT"]
    assert [len(p.body) for p in puts[:2]] == [1000, 200]
    assert puts[2].url.endswith("?comp=blocklist&sv=1&sig=a%2Bb")
    assert puts[2].body == (b'<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>YmxvY2sx=</Latest>'
                            b'<Latest>YmxvY2sy=</Latest></BlockList>')


def test_upload_checks_the_files_before_any_request(api, run, tmp_path, monkeypatch):
    from tw_py.api import transfers

    result = run("data-links", "upload", "-i", LINK["id"], "-c", "aws", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"ERROR: File not found: {tmp_path / 'missing.txt'}"
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.txt").write_text("x")
    monkeypatch.setattr(transfers, "MAX_FILES", 3)
    result = run("data-links", "upload", "-i", LINK["id"], "-c", "aws", folder)
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: Cannot upload more than 3 files at once. Found at least 4 files")
    assert len(api.calls) == 0


# real sockets: the whole path through requests and urllib3 -------------------------------------------

class Store:
    """A loopback server playing both Seqera's data-link endpoints and an S3-like store behind signed URLs."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        store = self
        self.objects: dict = {}
        self.seen: list = []
        self.cut_once = False  # drop the first download half-way

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, payload=b"", headers=()):
                import json

                body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                path = self.path.split("?")[0]
                store.seen.append(("GET", path, self.headers.get("Authorization"), self.headers.get("Range")))
                if path == f"/data-links/{LINK['id']}":
                    return self.reply(200, {"dataLink": LINK})
                if path == "/credentials":
                    return self.reply(200, CREDS)
                if path.endswith("/browse-tree"):
                    return self.reply(200, {"items": []})
                if path.endswith("/generate-download-url"):
                    return self.reply(200, {"url": f"{store.url}/store/big.bin?sig=secret"})
                if path == "/store/big.bin":
                    data = store.objects["big.bin"]
                    start = int(self.headers["Range"].split("=")[1].rstrip("-")) if self.headers.get("Range") else 0
                    status = 206 if start else 200
                    extra = [("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")] if start else []
                    if store.cut_once:
                        store.cut_once = False
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data[:len(data) // 2])
                        self.close_connection = True
                        return None
                    return self.reply(status, data[start:], extra)
                return self.reply(404, {"message": "no"})

            def do_POST(self):  # noqa: N802
                import json

                path = self.path.split("?")[0]
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                store.seen.append(("POST", path, self.headers.get("Authorization"), body))
                if path.endswith("/upload"):
                    parts = -(-body["contentLength"] // 1000)
                    return self.reply(200, {"uploadId": "u1", "uploadUrls": [
                        f"{store.url}/store/{body['fileName']}?part={n}&sig=secret" for n in range(1, parts + 1)]})
                if path.endswith("/upload/finish"):
                    return self.reply(200, {})
                return self.reply(404, {"message": "no"})

            def do_PUT(self):  # noqa: N802
                assert "chunked" not in (self.headers.get("Transfer-Encoding") or "")
                data = self.rfile.read(int(self.headers["Content-Length"]))
                store.seen.append(("PUT", self.path.split("?")[0], self.headers.get("Authorization"), len(data)))
                store.objects[self.path] = data
                return self.reply(200, b"", [("ETag", f'"{len(data)}"')])

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def store():
    server = Store()
    yield server
    server.close()


def test_real_sockets_upload_streams_parts_and_never_sends_the_token(run, tmp_path, store, small_parts, monkeypatch):
    from tw_py.api import transfers

    reads = []
    original = transfers.FileSlice.read

    def spy(self, size=-1):
        reads.append(size)
        return original(self, size)

    monkeypatch.setattr(transfers.FileSlice, "read", spy)
    data = os.urandom(2999)
    source = tmp_path / "reads.bin"
    source.write_bytes(data)
    env = {"TOWER_API_ENDPOINT": store.url}
    result = run("--insecure", "-o", "json", "data-links", "upload", "-w", WS, "-i", LINK["id"], "-c", "aws", source,
                 env=env)
    assert (result.exit_code, result.stderr) == (0, ""), result
    puts = [s for s in store.seen if s[0] == "PUT"]
    assert [s[3] for s in puts] == [1000, 1000, 999]
    assert all(s[2] is None for s in puts)  # no Authorization to the store
    assert b"".join(store.objects[f"/store/reads.bin?part={n}&sig=secret"] for n in (1, 2, 3)) == data
    assert reads and all(0 < size <= 64 * 1024 for size in reads)  # read block by block as sent, never whole
    finished = [s for s in store.seen if s[1].endswith("/upload/finish")]
    assert finished[0][3]["tags"] == [{"eTag": '"1000"', "partNumber": 1}, {"eTag": '"1000"', "partNumber": 2},
                                      {"eTag": '"999"', "partNumber": 3}]
    assert finished[0][2] == f"Bearer {TOKEN}"  # the Seqera API gets the token


def test_real_sockets_download_and_range_resume(run, tmp_path, store, monkeypatch):
    from tw_py.api import transfers

    data = os.urandom(5 * 1024 * 1024 + 3)
    store.objects["big.bin"] = data
    store.cut_once = True
    monkeypatch.setattr(transfers, "READ_SIZE", 64 * 1024)
    result = run("--insecure", "-o", "json", "data-links", "download", "-w", WS, "-i", LINK["id"], "-c", "aws",
                 "-o", tmp_path, "big.bin", env={"TOWER_API_ENDPOINT": store.url})
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert (tmp_path / "big.bin").read_bytes() == data
    assert leftovers(tmp_path) == ["big.bin"]
    gets = [s for s in store.seen if s[1] == "/store/big.bin"]
    half = len(data) // 2
    assert gets == [("GET", "/store/big.bin", None, None), ("GET", "/store/big.bin", None, f"bytes={half}-")]
