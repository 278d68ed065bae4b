"""collect_trees: unpacked code/layer trees nobody references or leases are removed, nothing else."""
from __future__ import annotations

import os
import threading
import time

import pytest

from fcruntime.executor import InstancePool
from fcruntime.executor.workdir import (
    TreeLeases,
    WorkDir,
    _exclusive,
    code_key,
    collect_trees,
    layer_keys,
    lock_path,
)
from tests.unit.executor.conftest import make_zip

OLD = time.time() - 7200


def age(path: str, when: float = OLD) -> None:
    os.utime(path, (when, when), follow_symlinks=False)


def age_tree(wd: WorkDir, kind: str, key: str) -> None:
    parent = wd.code_root if kind == "code" else wd.layers_root
    age(os.path.join(parent, ("part-" if kind == "part" else "") + key))
    if os.path.exists(lock_path(wd.root, kind, key)):
        age(lock_path(wd.root, kind, key))


@pytest.fixture
def wd(tmp_path):
    return WorkDir(str(tmp_path / "work"))


@pytest.fixture
def zips(tmp_path):
    def _make(n: int) -> list[str]:
        out = []
        for i in range(n):
            p = tmp_path / f"pkg{i}.zip"
            p.write_bytes(make_zip({f"m{i}.py": f"X = {i}\n"}))
            out.append(str(p))
        return out
    return _make


def test_unreferenced_old_trees_go_referenced_and_recent_ones_stay(wd, zips):
    a, b, c = zips(3)
    dir_a, key_a = wd.code(a, "1")
    dir_b, key_b = wd.code(b, "2")
    dir_c, key_c = wd.code(c, "3")
    age_tree(wd, "code", key_a)
    age_tree(wd, "code", key_b)  # c stays recent: unpacked within the grace period

    out = collect_trees(wd.root, {("code", key_b)}, grace_s=3600)

    assert out.removed == [f"code/{key_a}"] and out.bytes > 0
    assert not os.path.exists(dir_a) and not os.path.exists(lock_path(wd.root, "code", key_a))
    assert os.path.isdir(dir_b) and os.path.isdir(dir_c)
    assert not [n for n in os.listdir(wd.code_root) if n.startswith(".")]  # no trash left behind


def test_a_leased_tree_is_kept_until_given_back(wd, zips):
    (a,) = zips(1)
    leases = TreeLeases()
    path, key = wd.code(a, "1", leases=leases)
    age_tree(wd, "code", key)

    out = collect_trees(wd.root, set(), grace_s=3600)
    assert os.path.isdir(path) and out.removed == [] and out.in_use == 1

    leases.release()
    out = collect_trees(wd.root, set(), grace_s=3600)
    assert os.path.isdir(path), "given back just now: the grace period counts from the release"
    age_tree(wd, "code", key)
    out = collect_trees(wd.root, set(), grace_s=3600)
    assert out.removed == [f"code/{key}"] and not os.path.exists(path)


def test_layer_trees_merged_and_single_are_collected(wd, zips):
    l1, l2, l3 = zips(3)
    leases = TreeLeases()
    used, used_key = wd.layers((l1, l2), leases=leases)
    dropped, dropped_key = wd.layers((l3,))
    merged, parts = layer_keys([l1, l2])
    assert used_key == merged
    for kind, key in [("layers", used_key), ("layers", dropped_key)] + [("part", k) for k in parts] + \
            [("part", layer_keys([l3])[1][0])]:
        age_tree(wd, kind, key)

    out = collect_trees(wd.root, {("part", parts[0])}, grace_s=3600)

    assert sorted(out.removed) == sorted([f"layers/{dropped_key}", f"part/{parts[1]}",
                                          f"part/{layer_keys([l3])[1][0]}"])
    assert os.path.isdir(used) and not os.path.exists(dropped)
    assert os.path.isdir(os.path.join(wd.layers_root, "part-" + parts[0]))
    leases.release()


def test_dry_run_removes_nothing(wd, zips):
    a, b = zips(2)
    dir_a, key_a = wd.code(a)
    leases = TreeLeases()
    dir_b, key_b = wd.code(b, leases=leases)
    age_tree(wd, "code", key_a)
    age_tree(wd, "code", key_b)
    leftover = os.path.join(wd.code_root, ".unpack-dead")
    os.mkdir(leftover)
    age(leftover)

    def listing():
        locks = os.path.join(wd.root, "locks")
        return (sorted(os.listdir(wd.code_root)),
                sorted((n, os.stat(os.path.join(locks, n)).st_mtime) for n in os.listdir(locks) if n != "gc.lock"))

    before = listing()
    out = collect_trees(wd.root, set(), grace_s=3600, dry_run=True)

    assert out.removed == [f"code/{key_a}"] and out.in_use == 1 and out.temp_removed == 1
    assert listing() == before
    leases.release()


def test_a_tree_from_another_deployments_zip_is_left_to_it(wd, zips):
    a, b = zips(2)
    dir_a, key_a = wd.code(a)
    dir_b, key_b = wd.code(b)
    age_tree(wd, "code", key_a)
    age_tree(wd, "code", key_b)
    out = collect_trees(wd.root, set(), grace_s=3600, foreign=lambda src: src == os.path.abspath(a))
    assert out.removed == [f"code/{key_b}"] and os.path.isdir(dir_a)


def test_a_tree_without_a_lock_file_goes_in_one_run(wd, zips):
    """Trees unpacked before trees had lock files."""
    (a,) = zips(1)
    path, key = wd.code(a)
    os.unlink(lock_path(wd.root, "code", key))
    age_tree(wd, "code", key)
    out = collect_trees(wd.root, set(), grace_s=3600)
    assert out.removed == [f"code/{key}"] and not os.path.exists(path)
    assert not os.path.exists(lock_path(wd.root, "code", key))


def test_leftovers_of_crashes_go_once_old(wd):
    young = os.path.join(wd.code_root, ".unpack-young")
    old = os.path.join(wd.layers_root, ".merge-old")
    trash = os.path.join(wd.code_root, ".gc-abc-1234")
    for d in (young, old, trash):
        os.mkdir(d)
        with open(os.path.join(d, "f"), "w") as f:
            f.write("x" * 10)
        os.chmod(d, 0o555)
    age(old)
    out = collect_trees(wd.root, set(), grace_s=3600)
    assert out.temp_removed == 2 and out.temp_bytes >= 20
    assert os.path.isdir(young) and not os.path.exists(old) and not os.path.exists(trash)


def test_a_second_collector_is_turned_away(wd, zips):
    (a,) = zips(1)
    _dir, key = wd.code(a)
    age_tree(wd, "code", key)
    free, fd = _exclusive(os.path.join(wd.root, "locks", "gc.lock"), create=True)
    assert free
    try:
        out = collect_trees(wd.root, set(), grace_s=3600)
        assert out.skipped and out.removed == []
    finally:
        os.close(fd)
    assert collect_trees(wd.root, set(), grace_s=3600).removed == [f"code/{key}"]


def test_an_unpack_waiting_on_a_removal_unpacks_again(wd, zips):
    """The collector holds a tree's lock while removing it; a starter waiting for the same tree
    then finds it gone and unpacks it afresh instead of running from a half-removed one."""
    (a,) = zips(1)
    path, key = wd.code(a)
    free, fd = _exclusive(lock_path(wd.root, "code", key), create=True)
    assert free
    got = {}
    t = threading.Thread(target=lambda: got.update(dir=wd.code(a, leases=TreeLeases())[0]))
    t.start()
    time.sleep(0.2)
    assert t.is_alive(), "the starter waits for the collector"
    os.rename(path, os.path.join(wd.code_root, ".gc-x"))  # what _sweep_tree does under the lock
    os.unlink(lock_path(wd.root, "code", key))
    os.close(fd)
    t.join(5)
    assert got["dir"] == path and os.path.isfile(os.path.join(path, "m0.py"))
    assert os.path.exists(lock_path(wd.root, "code", key))


def test_a_warm_instance_keeps_its_tree(tmp_path, make_spec):
    pool = InstancePool(work_dir=str(tmp_path / "w"), idle_seconds=300)
    try:
        spec = make_spec({"index.py": "def handler(e, c):\n    return 'ok'\n"})
        assert pool.invoke(spec, b"", "r1").ok
        key = code_key(spec.code_zip, spec.code_checksum)
        tree = os.path.join(pool.workdir.code_root, key)
        age_tree(pool.workdir, "code", key)

        out = collect_trees(pool.workdir.root, set(), grace_s=0)
        assert out.in_use >= 1 and os.path.isdir(tree)
        assert pool.invoke(spec, b"", "r2").payload == b"ok"

        pool.shutdown()  # instances killed: their leases are given back
        out = collect_trees(pool.workdir.root, set(), grace_s=0)
        assert f"code/{key}" in out.removed and not os.path.exists(tree)
    finally:
        pool.shutdown()
