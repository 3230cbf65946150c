"""Transfer building blocks: part sizes, Azure block lists, download targets, object-key path segments, the
atomic writer and the progress bar."""
import io

import pytest

from tw_py.api import transfers
from tw_py.api.paths import Key, api_path
from tw_py.errors import InputError
from tw_py.files import atomic_writer
from tw_py.output.progress import ProgressBar, human_bytes


def test_parts_follow_tws_part_size_and_grow_when_the_server_gives_fewer_urls(monkeypatch):
    monkeypatch.setattr(transfers, "PART_SIZE", 100)
    assert transfers._parts(250, 3) == [(0, 100), (100, 100), (200, 50)]
    assert transfers._parts(250, 5) == [(0, 100), (100, 100), (200, 50)]  # extra URLs stay unused
    assert transfers._parts(250, 2) == [(0, 125), (125, 125)]
    assert transfers._parts(0, 1) == [(0, 0)]  # an empty file is one empty part


def test_azure_block_list_url_keeps_the_signature_as_sent():
    url = "https://acct.blob.core.windows.net/c/f?comp=block&blockid=QQ%3D%3D&sv=2021&sig=a%2Bb%2F"
    assert transfers._block_id(url) == "QQ=="
    assert transfers._block_list_url(url) == "https://acct.blob.core.windows.net/c/f?comp=blocklist&sv=2021&sig=a%2Bb%2F"


@pytest.mark.parametrize("remote, keep, expected", [
    ("d/sub/f.txt", True, "out/d/sub/f.txt"),
    ("d/sub/f.txt", False, "out/f.txt"),
    ("/d//f.txt", True, "out/d/f.txt"),
])
def test_download_targets_stay_in_the_output_dir(remote, keep, expected):
    assert transfers.local_target("out", remote, keep_folders=keep) == expected


@pytest.mark.parametrize("remote", ["d/../../etc/passwd", "..", "/", "", "a/./b"])
def test_download_targets_that_would_leave_are_refused(remote):
    with pytest.raises(InputError):
        transfers.local_target("out", remote, keep_folders=True)


def test_object_keys_are_one_encoded_segment():
    assert api_path("/data-links/{}/browse/{}", "v1", Key("runs/2024 a/%x?")) == "/data-links/v1/browse/runs%2F2024%20a%2F%25x%3F"
    for bad in ("", "/", "a/../b", "./a", "a\nb"):
        with pytest.raises(InputError):
            api_path("/data-links/{}/browse/{}", "v1", Key(bad), what="data link path")


def test_the_atomic_writer_renames_only_a_complete_file(tmp_path):
    target = tmp_path / "f.bin"
    with pytest.raises(KeyboardInterrupt):
        with atomic_writer(str(target)) as handle:
            handle.write(b"half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    with atomic_writer(str(target), private=False) as handle:
        handle.write(b"whole")
    assert target.read_bytes() == b"whole"
    assert list(tmp_path.iterdir()) == [target]


def test_file_slice_reads_only_its_range_in_blocks(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(bytes(range(100)))
    seen = []
    part = transfers.FileSlice(str(path), 10, 25, seen.append)
    assert len(part) == 25
    assert part.read(10) == bytes(range(10, 20))
    assert part.read(-1) == bytes(range(20, 35))
    assert part.read(10) == b""
    assert seen == [10, 25]


def test_progress_bar_draws_in_place_and_ends_the_line():
    stream = io.StringIO()
    now = [0.0]
    bar = ProgressBar(stream, clock=lambda: now[0], interval=0.5)
    bar.start("Uploading f", 2048)
    now[0] = 1.0
    bar.update(1024)
    bar.update(1536)  # too soon to redraw
    now[0] = 2.0
    bar.finish()
    text = stream.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n")
    assert "  50%  1.0 KiB / 2.0 KiB  1.0 KiB/s" in text
    assert "100%" not in text and " 75%  1.5 KiB / 2.0 KiB" in text.split("\r")[-1]
    assert human_bytes(512) == "512 B" and human_bytes(3 * 1024 ** 3) == "3.0 GiB"


def test_signed_urls_lose_their_query_in_logs_and_messages():
    from tw_py.api.client import hide_signatures

    text = ('{"url":"https://b.s3.test/f?X-Amz-Algorithm=A&X-Amz-Signature=abc","next":"https://api.test/x?max=1"} '
            "https://a.blob.test/c/z?comp=block&sv=1&sig=a%2Bb https://g.test/o?uploadType=resumable&upload_id=xyz")
    assert hide_signatures(text) == ('{"url":"https://b.s3.test/f?<signature>","next":"https://api.test/x?max=1"} '
                                     "https://a.blob.test/c/z?<signature> https://g.test/o?<signature>")
