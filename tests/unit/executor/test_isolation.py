"""Function code must not reach the project, the data dir, the server env or other functions."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fcruntime.executor import InstancePool, isolation_level, isolation_warning

PROJECT = Path(__file__).resolve().parents[3]

PROBE = '''import json, os, socket
def handler(event, context):
    out = {}
    for p in json.loads(event):
        try:
            with open(p, "rb") as f:
                out[p] = "READ:" + f.read(20).decode("latin-1")
        except Exception as e:
            try:
                out[p] = "LISTED:%d" % len(os.listdir(p))
            except Exception as e2:
                out[p] = type(e2).__name__
    try:
        open("/code/new.txt", "w").write("x")
        out["code_writable"] = True
    except Exception:
        out["code_writable"] = False
    with open("/tmp/mine.txt", "w") as f:
        f.write("tmp ok")
    out["tmp"] = open("/tmp/mine.txt").read()
    out["uid"] = os.getuid()
    out["cwd"] = os.getcwd()
    out["environ"] = dict(os.environ)
    return out
'''


def _probe(pool, make_spec, paths, **kw):
    spec = make_spec({"index.py": PROBE}, **kw)
    r = pool.invoke(spec, json.dumps(paths).encode(), "iso")
    assert r.ok, r.error
    return json.loads(r.payload)


def _forbidden(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    (data_dir / "db.sqlite3").write_text("SQLITE-SECRET")
    return data_dir, [str(PROJECT / "docs" / "CONTRACTS.md"), str(PROJECT), str(data_dir / "db.sqlite3"),
                      str(data_dir), "/proc/1/environ", "/root", "/etc/shadow"]


def _assert_isolated(out, paths, level):
    for p in paths:
        assert not str(out[p]).startswith("READ:"), (p, out[p])
        assert out[p] in ("LISTED:0", "FileNotFoundError", "PermissionError",
                          "NotADirectoryError"), (p, out[p])
    assert out["code_writable"] is False
    assert out["tmp"] == "tmp ok"
    assert "super-secret" not in json.dumps(out["environ"])
    if os.geteuid() == 0 and level != "none":
        assert out["uid"] != 0


def test_level_reported():
    assert isolation_level() in ("bwrap", "user", "none")
    if isolation_level() != "bwrap":
        assert "bubblewrap" in isolation_warning()


def test_forbidden_paths_default_level(pool, make_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "super-secret")
    data_dir, paths = _forbidden(tmp_path)
    monkeypatch.setenv("ROSCONSOLE_DATA_DIR", str(data_dir))
    out = _probe(pool, make_spec, paths)
    _assert_isolated(out, paths, isolation_level())
    if isolation_level() == "bwrap":
        assert out["cwd"] == "/code"
        assert all(out[p] in ("FileNotFoundError", "PermissionError", "NotADirectoryError")
                   for p in paths), out


def test_other_functions_code_invisible(pool, make_spec):
    victim = make_spec({"index.py": "SECRET = 'victim-code'\ndef handler(e, c):\n    return 1\n"})
    assert pool.invoke(victim, b"", "v").ok
    code_root = pool.workdir.code_root
    out = _probe(pool, make_spec, [code_root])
    if isolation_level() == "bwrap":
        assert out[code_root] == "FileNotFoundError"


def test_no_network_without_internet_access(pool, make_spec):
    if isolation_level() != "bwrap":
        pytest.skip("network isolation needs bwrap")
    code = ("import socket\ndef handler(e, c):\n"
            "    try:\n        socket.create_connection(('1.1.1.1', 53), timeout=1)\n        return 'net'\n"
            "    except OSError as exc:\n        return 'nonet'\n")
    r = pool.invoke(make_spec({"index.py": code}, internet_access=False), b"", "net1")
    assert r.payload == b"nonet"


@pytest.mark.skipif(os.geteuid() != 0, reason="user-level isolation needs root")
def test_user_level_isolation(make_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_FC_ISOLATION", "user")
    monkeypatch.setenv("SECRET_KEY", "super-secret")
    data_dir, paths = _forbidden(tmp_path)
    monkeypatch.setenv("ROSCONSOLE_DATA_DIR", str(data_dir))
    p = InstancePool(work_dir=str(tmp_path / "work"))
    try:
        assert isolation_level() == "user" and "bubblewrap" in isolation_warning()
        paths = [x for x in paths if x not in ("/code",)]
        out = _probe(p, make_spec, paths)
        _assert_isolated(out, paths, "user")
        assert out["uid"] >= 61000
    finally:
        p.shutdown()


def test_private_tmp_per_instance(pool, make_spec):
    code = ("import os\ndef handler(e, c):\n"
            "    seen = os.listdir('/tmp')\n"
            "    open('/tmp/' + c.request_id, 'w').write('x')\n    return ','.join(sorted(seen))\n")
    a = make_spec({"index.py": code})
    b = make_spec({"index.py": code})
    assert pool.invoke(a, b"", "a1").ok
    r = pool.invoke(b, b"", "b1")
    assert "a1" not in r.payload.decode()
