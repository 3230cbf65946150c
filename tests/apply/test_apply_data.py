"""twpy apply for datasets and data links, against the stateful in-process sandbox."""
from __future__ import annotations

from tests.apply.test_apply_cmd import lifecycle, matches

WS = "demo/showcase"


def test_datasets(platform, run, write_file):
    sheet = write_file("samples.csv", "sample,fastq_1\nA,a.fq.gz\n")
    text = (f"datasets:\n  - name: samples\n    description: Samples\n    header: true\n    workspace: {WS}\n"
            f"    file-path: {sheet}\n    on_exists: overwrite\n")
    lifecycle(platform, run, write_file, text, text.replace("description: Samples", "description: All samples"),
              creates=[("POST", "/datasets"), ("POST", r"/datasets/\w+/upload")], update=("PUT", r"/datasets/\w+"),
              body={"name": "samples", "description": "All samples"}, deletes=[("DELETE", r"/datasets/\w+")])


def test_a_changed_dataset_file_is_a_new_version(platform, run, write_file):
    sheet = write_file("samples.csv", "sample,fastq_1\nA,a.fq.gz\n")
    path = write_file("d.yml", f"datasets:\n  - {{name: samples, header: true, workspace: {WS}, file-path: {sheet},"
                               " on_exists: overwrite}\n")
    assert run("apply", path).exit_code == 0
    platform.reset()
    write_file("samples.csv", "sample,fastq_1\nA,a.fq.gz\nB,b.fq.gz\n")
    result = run("apply", path)
    assert result.exit_code == 0, result
    assert "        file: 'samples.csv, sha256 " in result.stdout
    assert matches(platform.writes(), [("POST", r"/datasets/\w+/upload")])
    platform.reset()
    assert run("apply", path).exit_code == 0 and platform.writes() == []


def test_an_empty_dataset_file_is_refused_before_any_request(platform, run, write_file):
    sheet = write_file("empty.csv", "")
    result = run("apply", write_file("d.yml", f"datasets:\n  - {{name: s, workspace: {WS}, file-path: {sheet}}}\n"))
    assert result.exit_code == 1 and "is empty" in result.stderr
    assert platform.calls() == []


def test_data_links(platform, run, write_file):
    text = (f"data-links:\n  - name: results\n    workspace: {WS}\n    description: Results\n    provider: aws\n"
            "    credentials: aws-demo\n    uri: s3://bucket/results/\n    on_exists: overwrite\n")
    lifecycle(platform, run, write_file, text, text.replace("description: Results", "description: All results"),
              creates=[("POST", "/data-links")], update=("PUT", r"/data-links/[\w-]+"),
              body={"name": "results", "description": "All results"}, deletes=[("DELETE", r"/data-links/[\w-]+")])


def test_a_data_link_uri_cannot_change_in_place(platform, run, write_file):
    text = f"data-links:\n  - {{name: public, workspace: {WS}, provider: aws, uri: 's3://1000genomes'}}\n"
    assert run("apply", write_file("l.yml", text)).exit_code == 0
    created = platform.bodies("POST", "/data-links")[0]
    assert created["publicAccessible"] is True and created["resourceRef"] == "s3://1000genomes"
    platform.reset()
    moved = write_file("l.yml", text.replace("1000genomes", "1000genomes-2"))
    refused = run("apply", moved)
    assert refused.exit_code == 1 and platform.writes() == []
    replaced = run("apply", moved, "--replace")
    assert replaced.exit_code == 0, replaced
    assert matches(platform.writes(), [("DELETE", r"/data-links/[\w-]+"), ("POST", "/data-links")])


def test_a_dataset_param_becomes_its_url_as_in_seqerakit(platform, run, write_file):
    sheet = write_file("samples.csv", "sample,fastq_1\nA,a.fq.gz\n")
    path = write_file("p.yml", f"""datasets:
  - {{name: samples, header: true, workspace: {WS}, file-path: {sheet}}}
pipelines:
  - name: rnaseq-samples
    url: https://github.com/nf-core/rnaseq
    workspace: {WS}
    params: {{dataset: samples, outdir: 's3://bucket/out'}}
launch:
  - name: with-samples
    workspace: {WS}
    pipeline: rnaseq-samples
    params: {{dataset: samples}}
""")
    planned = run("apply", path, "--dry-run")
    assert planned.exit_code == 0, planned
    result = run("apply", path)
    assert result.exit_code == 0, result
    params = platform.bodies("POST", "/pipelines")[0]["launch"]["paramsText"]
    assert '"input": "' in params and '"dataset"' not in params and "samples" in params
    assert '"input": "' in platform.bodies("POST", "/workflow/launch")[0]["launch"]["paramsText"]
    platform.reset()
    again = run("apply", path)
    assert again.exit_code == 0, again
    assert matches(platform.writes(), [("POST", "/workflow/launch")])      # the pipeline is unchanged
