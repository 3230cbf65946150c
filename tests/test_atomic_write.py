"""tw_py.atomic_write.replacing: the target changes only when the whole block has run; the temporary goes away."""
from __future__ import annotations

import os
import tempfile

import pytest

from tw_py.atomic_write import replacing


def _temporary(directory) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=".t-", suffix=".tmp", dir=directory)


def test_replaces_the_target_when_the_block_ends(tmp_path):
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")
    fd, tmp = _temporary(tmp_path)
    with replacing(fd, tmp, target) as handle:
        handle.write("new ✓")
        assert target.read_text(encoding="utf-8") == "old"   # not before the block ends
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert sorted(os.listdir(tmp_path)) == ["state.json"]


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_an_error_leaves_the_target_and_removes_the_temporary(tmp_path, error):
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")
    fd, tmp = _temporary(tmp_path)
    with pytest.raises(type(error)):
        with replacing(fd, tmp, target) as handle:
            handle.write("half")
            raise error
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["state.json"]


def test_a_failed_rename_removes_the_temporary(tmp_path):
    target = tmp_path / "a-directory"
    (target / "inside").mkdir(parents=True)   # os.replace cannot put a file over a non-empty directory
    fd, tmp = _temporary(tmp_path)
    with pytest.raises(OSError):
        with replacing(fd, tmp, target) as handle:
            handle.write("text")
    assert sorted(os.listdir(tmp_path)) == ["a-directory"]
