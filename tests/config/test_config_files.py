"""config.ini and tokens.ini: locked changes (nothing lost to parallel writers), clear errors, modes, links."""
import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tw_py.config import inifile, paths, tokens
from tw_py.config.profiles import ProfileStore
from tw_py.errors import ConfigError


def _twpy(*args, env):
    return subprocess.run([sys.executable, "-m", "tw_py", *args], env=env, capture_output=True, text=True, timeout=60)


def test_parallel_config_writers_lose_nothing(tmp_path):
    env = dict(os.environ, TWPY_CONFIG_DIR=str(tmp_path / "cfg"))
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda n: _twpy("config", "set", "workspace", f"org/ws{n}", "--profile", f"p{n}",
                                                env=env), range(20)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results if r.returncode]
    store = ProfileStore(tmp_path / "cfg" / "config.ini")
    assert sorted(store.profiles(), key=lambda p: int(p[1:])) == [f"p{n}" for n in range(20)]
    assert all(store.get(f"p{n}", "workspace") == f"org/ws{n}" for n in range(20))


def test_parallel_token_writers_lose_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("TWPY_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    code = ("import sys; from tw_py.config import tokens; "
            "tokens._call_keyring = lambda *a: (_ for _ in ()).throw(tokens.KeyringUnavailable('none')); "
            "tokens.save(sys.argv[1], 'tok-' + sys.argv[1])")
    procs = [subprocess.Popen([sys.executable, "-c", code, f"p{n}"], env=dict(os.environ)) for n in range(20)]
    assert all(p.wait(60) == 0 for p in procs)
    assert all(tokens.file_token(f"p{n}") == f"tok-p{n}" for n in range(20))


def test_a_corrupt_token_file_is_a_clear_error_that_does_not_quote_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TWPY_CONFIG_DIR", str(tmp_path))
    paths.token_file().write_text("tok-VERY-SECRET-VALUE\n[default]\ntoken = x\n")
    with pytest.raises(ConfigError) as caught:
        tokens.file_token("default")
    assert "VERY-SECRET" not in caught.value.message + (caught.value.hint or "")
    assert caught.value.message == f"The token file {paths.token_file()} is not a valid INI file (line 1)"


def test_login_repairs_a_corrupt_token_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TWPY_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(tokens, "_call_keyring", lambda *a: (_ for _ in ()).throw(tokens.KeyringUnavailable("no")))
    paths.token_file().write_text("garbage without a section\n")
    assert tokens.save("default", "tok-new") == ("file", "no")
    assert tokens.file_token("default") == "tok-new"
    assert (tmp_path / "tokens.ini.corrupt").read_text() == "garbage without a section\n"


def test_files_are_0600_and_directories_0700(tmp_path):
    target = tmp_path / "new" / "config.ini"
    ProfileStore(target).set("default", "url", "https://x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_a_linked_config_file_stays_a_link(tmp_path):
    real = tmp_path / "dotfiles" / "twpy.ini"
    real.parent.mkdir()
    real.write_text("[default]\nurl = https://a\n")
    link = tmp_path / "cfg" / "config.ini"
    link.parent.mkdir()
    link.symlink_to(real)
    ProfileStore(link).set("default", "workspace", "o/w")
    assert link.is_symlink()
    assert "workspace = o/w" in real.read_text()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_config_file_is_an_error_not_ignored(tmp_path):
    path = tmp_path / "config.ini"
    path.write_text("[default]\nurl = https://private\n")
    path.chmod(0)
    with pytest.raises(ConfigError) as caught:
        ProfileStore(path).get("default", "url")
    assert "Cannot read the config file" in caught.value.message


def test_an_unreadable_config_file_is_an_error_even_for_root(tmp_path):
    path = tmp_path / "config.ini"
    path.mkdir()  # a directory cannot be read as a file, whoever you are
    with pytest.raises(ConfigError) as caught:
        ProfileStore(path).get("default", "url")
    assert caught.value.message.startswith(f"Cannot read the config file {path}")


def test_non_utf8_config_file(tmp_path):
    path = tmp_path / "config.ini"
    path.write_bytes(b"[default]\nurl = \xff\xfe\n")
    with pytest.raises(ConfigError) as caught:
        ProfileStore(path).get("default", "url")
    assert caught.value.message == f"The config file {path} is not UTF-8 text"


def test_unwritable_config_dir_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError) as caught:
        ProfileStore(blocker / "sub" / "config.ini").set("default", "url", "https://x")
    assert "Cannot create the directory" in caught.value.message


@pytest.mark.parametrize("raw, expected", [("tok\r\n", "tok"), ("  tok  ", "tok")])
def test_token_white_space_is_stripped(raw, expected):
    assert tokens.clean(raw, "x") == expected


@pytest.mark.parametrize("raw", ["to\nk", "tök", "tok\x00", "t\u20acok"])
def test_tokens_with_impossible_characters_are_refused(raw):
    with pytest.raises(ConfigError) as caught:
        tokens.clean(raw, "TOWER_ACCESS_TOKEN")
    assert raw not in caught.value.message
    assert "TOWER_ACCESS_TOKEN" in caught.value.message


def test_inifile_update_reads_inside_the_lock(tmp_path):
    path = tmp_path / "x.ini"
    inifile.update(path, "x", lambda p: p.add_section("a"))
    path.write_text("[a]\n[b]\n")  # another process changed it meanwhile
    inifile.update(path, "x", lambda p: p.add_section("c"))
    assert inifile.read(path, "x").sections() == ["a", "b", "c"]
