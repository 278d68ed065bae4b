"""Pool lifecycle: idle reaping, prewarm (provisioned), shutdown, key separation."""
from __future__ import annotations

import time

from fcruntime.executor import InstancePool, get_pool

CODE = "import os\ndef handler(e, c):\n    return os.environ['FC_INSTANCE_ID']\n"


def test_idle_reaping_and_env(make_spec, tmp_path, monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_FC_IDLE_SECONDS", "0.3")
    p = InstancePool(work_dir=str(tmp_path / "w"))
    try:
        assert p.idle_seconds == 0.3
        spec = make_spec({"index.py": CODE})
        r1 = p.invoke(spec, b"", "a")
        assert r1.cold_start
        deadline = time.time() + 5
        while p.stats() and time.time() < deadline:
            time.sleep(0.1)
        assert not p.stats()
        r2 = p.invoke(spec, b"", "b")
        assert r2.cold_start and r2.payload != r1.payload
    finally:
        p.shutdown()


def test_prewarm_provisioned_not_cold(make_spec, tmp_path):
    p = InstancePool(work_dir=str(tmp_path / "w"), idle_seconds=0.2)
    try:
        spec = make_spec({"index.py": CODE + "def init(c):\n    print('init ran')\n"},
                         initializer="index.init")
        assert p.prewarm(spec, 2) == 2
        time.sleep(0.6)  # provisioned instances are not reaped
        r = p.invoke(spec, b"", "pw")
        assert r.ok and not r.cold_start and "init ran" not in r.logs
        assert len(p.stats()[spec.instance_key]) == 2
    finally:
        p.shutdown()


def test_config_change_gets_new_instance(pool, make_spec):
    spec = make_spec({"index.py": CODE})
    a = pool.invoke(spec, b"", "k1")
    from dataclasses import replace
    b = pool.invoke(replace(spec, memory_mb=256), b"", "k2")
    assert a.instance_id != b.instance_id and b.cold_start


def test_shutdown_kills_instances(make_spec, tmp_path):
    import psutil
    p = InstancePool(work_dir=str(tmp_path / "w"))
    spec = make_spec({"index.py": CODE})
    assert p.invoke(spec, b"", "s").ok
    inst = next(iter(p.stats().values()))[0]
    assert inst["invocations"] == 1
    host_pids = [i.bootstrap_pid for items in p.instances.values() for i in items]
    p.shutdown()
    time.sleep(0.2)
    assert not any(psutil.pid_exists(h) and psutil.Process(h).status() != "zombie"
                   for h in host_pids)


def test_get_pool_singleton():
    assert get_pool() is get_pool()
