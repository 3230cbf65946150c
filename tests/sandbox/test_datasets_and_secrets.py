"""twpy's datasets and secrets commands against the sandbox: real uploads and downloads, byte for byte."""
from __future__ import annotations

from tests.sandbox.test_shows_what_the_platform_shows import twpy


def test_a_dataset_larger_than_one_chunk_comes_back_byte_for_byte(run, sandbox, tmp_path):
    rows = b"".join(b"S%06d,s3://bucket/reads/%06d_R1.fastq.gz,s3://bucket/reads/%06d_R2.fastq.gz\n" % (i, i, i)
                    for i in range(40000))   # about 3 MB: several upload chunks
    source = tmp_path / "samples.csv"
    source.write_bytes(b"sample,fastq_1,fastq_2\n" + rows)
    added = twpy(run, sandbox, "datasets", "add", "-n", "samples", "--header", source, "-w", "demo/showcase")
    assert added.exit_code == 0, added
    target = tmp_path / "back.csv"
    got = twpy(run, sandbox, "datasets", "download", "-n", "samples", "-o", target, "-w", "demo/showcase")
    assert got.exit_code == 0, got
    assert target.read_bytes() == source.read_bytes()
    second = tmp_path / "v2.csv"
    second.write_bytes(b"sample\nS2\n")
    updated = twpy(run, sandbox, "datasets", "update", "-n", "samples", "-f", second, "-w", "demo/showcase")
    assert updated.exit_code == 0, updated
    versions = twpy(run, sandbox, "-o", "json", "datasets", "view", "-n", "samples", "-w", "demo/showcase", "versions")
    assert [v["version"] for v in versions.json()["versions"]] == [2, 1]
    first = twpy(run, sandbox, "datasets", "download", "-n", "samples", "--dataset-version", "1", "-w", "demo/showcase")
    assert first.stdout.encode() == source.read_bytes()


def test_secrets_round_trip_without_ever_showing_the_value(run, sandbox):
    added = twpy(run, sandbox, "secrets", "add", "-n", "NCBI_KEY", "-v", "very-secret-value", "-w", "demo/showcase")
    assert added.exit_code == 0, added
    for args in (("secrets", "list"), ("secrets", "view", "-n", "NCBI_KEY")):
        shown = twpy(run, sandbox, "-o", "json", *args, "-w", "demo/showcase")
        assert shown.exit_code == 0 and "very-secret-value" not in shown.stdout
    assert twpy(run, sandbox, "secrets", "update", "-n", "NCBI_KEY", "-v", "v2", "-w", "demo/showcase").exit_code == 0
    assert twpy(run, sandbox, "secrets", "delete", "-n", "NCBI_KEY", "-w", "demo/showcase").exit_code == 0
    gone = twpy(run, sandbox, "secrets", "view", "-n", "NCBI_KEY", "-w", "demo/showcase")
    assert gone.exit_code == 1 and "Unknown secret" in gone.stderr


def test_data_link_files_and_folders_round_trip_through_signed_urls(run, sandbox, tmp_path):
    where = ("-n", "sandbox-demo-bucket", "-c", "aws-demo", "-w", "demo/showcase")
    listed = twpy(run, sandbox, "-o", "json", "data-links", "list", "-w", "demo/showcase")
    assert [link["name"] for link in listed.json()["dataLinks"]] == ["sandbox-demo-bucket"]
    root = twpy(run, sandbox, "-o", "json", "data-links", "browse", *where)
    assert {(item["type"], item["name"]) for item in root.json()["items"]} >= {("FOLDER", "reads"), ("FILE", "README.txt")}
    payload = bytes(range(256)) * 8192   # 2 MiB of every byte value
    (tmp_path / "up").mkdir()
    (tmp_path / "up" / "blob.bin").write_bytes(payload)
    (tmp_path / "up" / "notes.txt").write_text("hello\n")
    up = twpy(run, sandbox, "data-links", "upload", *where, "-o", "incoming", tmp_path / "up")
    assert up.exit_code == 0, up
    out = tmp_path / "out"
    out.mkdir()
    down = twpy(run, sandbox, "-o", "json", "data-links", "download", *where, "-o", out, "incoming/up", "reads")
    assert down.exit_code == 0, down
    assert (out / "incoming" / "up" / "blob.bin").read_bytes() == payload
    assert (out / "incoming" / "up" / "notes.txt").read_text() == "hello\n"
    assert (out / "reads" / "WT_REP1_1.fastq.gz").read_bytes().startswith(b"@read1")
