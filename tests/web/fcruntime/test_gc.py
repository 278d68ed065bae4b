"""fcruntime.services.gc and `manage.py fc gc`: old invocation records, spool files, unused blobs
and unpacked trees go; what is queued, running, referenced or in use stays."""
from __future__ import annotations

import json
import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fcruntime import blobstore, services
from fcruntime.executor.workdir import TreeLeases, WorkDir
from fcruntime.models import Invocation, InvocationStatus
from fcruntime.services import gc
from fcruntime.services.runner import build_spec
from fcruntime.services.versions import FunctionConfig
from tests.web.fcruntime.helpers import b64, make_zip

pytestmark = pytest.mark.django_db

OLD = time.time() - 3 * 86400


def age(path, when: float = OLD) -> None:
    os.utime(path, (when, when))


@pytest.fixture(autouse=True)
def dirs(settings, tmp_path, monkeypatch):
    """A data dir and a work dir of the test's own: the collector never sees the suite's."""
    settings.DATA_DIR = tmp_path / "data"
    settings.ROSCONSOLE_FC_INVOCATION_RETENTION_HOURS = 24 * 7
    monkeypatch.setenv("ROSCONSOLE_FC_WORK_DIR", str(tmp_path / "work"))
    return tmp_path


@pytest.fixture
def fn(acme):
    svc = services.create_service(acme, "svc")
    return services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                    code={"SourceCode": "def handler(e, c):\n    return 'v1'\n"})


def invocation(fn, status, *, days_ago: float = 0, finished_days_ago: float | None = None) -> Invocation:
    now = timezone.now()
    finished = None
    if status in (InvocationStatus.SUCCEEDED, InvocationStatus.FAILED, InvocationStatus.TIMED_OUT):
        finished = now - timedelta(days=days_ago if finished_days_ago is None else finished_days_ago)
    return Invocation.objects.create(account=fn.service.account, function=fn, service_name=fn.service.name,
                                     function_name=fn.name, status=status,
                                     created_at=now - timedelta(days=days_ago), finished_at=finished)


def spool_file(inv_or_rid, kind: str, size: int = 100, old: bool = True):
    rid = getattr(inv_or_rid, "request_id", inv_or_rid)
    path = blobstore.spool_dir() / f"{rid}.{kind}"
    path.write_bytes(b"x" * size)
    if old:
        age(path)
    return path


def age_blobs() -> None:
    for p in blobstore.blob_dir().glob("*.zip"):
        age(p)


# --- invocations and spool --------------------------------------------------------------------

def test_spool_files_of_queued_and_running_invocations_are_kept(fn):
    running = invocation(fn, InvocationStatus.RUNNING, days_ago=30)
    queued = invocation(fn, InvocationStatus.QUEUED, days_ago=30)  # e.g. an async retry waiting
    files = [spool_file(running, "event"), spool_file(running, "result"), spool_file(queued, "event")]

    report = gc.collect()

    assert all(p.exists() for p in files)
    assert Invocation.objects.count() == 2 and report.invocations == 0 and report.spool_files == 0


def test_finished_invocations_are_kept_for_the_retention_then_go_with_their_files(fn):
    expired = invocation(fn, InvocationStatus.SUCCEEDED, days_ago=9, finished_days_ago=8)
    no_finish = invocation(fn, InvocationStatus.FAILED, days_ago=10)
    Invocation.objects.filter(pk=no_finish.pk).update(finished_at=None)
    recent = invocation(fn, InvocationStatus.SUCCEEDED, days_ago=1)
    gone = [spool_file(expired, "result", 1000), spool_file(expired, "event", 500)]
    recent_result = spool_file(recent, "result")
    recent_event = spool_file(recent, "event")  # the worker died before removing it

    report = gc.collect()

    assert set(Invocation.objects.values_list("pk", flat=True)) == {recent.pk}
    assert report.invocations == 2
    assert not any(p.exists() for p in gone) and not recent_event.exists()
    assert recent_result.exists(), "a result lives as long as its record"
    assert report.spool_files == 3 and report.spool_bytes == 1600


def test_retention_zero_keeps_records(fn, settings):
    settings.ROSCONSOLE_FC_INVOCATION_RETENTION_HOURS = 0
    old = invocation(fn, InvocationStatus.SUCCEEDED, days_ago=400)
    result = spool_file(old, "result")
    assert gc.collect().invocations == 0
    assert Invocation.objects.filter(pk=old.pk).exists() and result.exists()


def test_spool_files_without_a_record(fn):
    orphan = spool_file("11111111-gone", "result")
    young = spool_file("22222222-not-committed-yet", "event", old=False)
    other = blobstore.spool_dir() / "README"
    other.write_text("not ours")
    age(other)
    report = gc.collect()
    assert not orphan.exists() and young.exists() and other.exists()
    assert report.spool_files == 1


# --- blobs ------------------------------------------------------------------------------------

def test_blobs_nobody_references_go(fn, acme):
    v1_blob = fn.code_blob
    services.publish_version(fn.service)  # version 1 keeps the v1 code
    services.update_function(fn, code={"SourceCode": "def handler(e, c):\n    return 'v2'\n"})
    v2_blob = fn.code_blob
    tmp = services.create_function(fn.service, "tmp", runtime="python3.9", handler="index.handler",
                                   code={"SourceCode": "def handler(e, c):\n    return 'tmp'\n"})
    tmp_blob = tmp.code_blob
    services.delete_function(tmp)
    kept_layer = services.publish_layer(acme, "keep", code={"ZipFile": b64(make_zip({"python/k.py": "K = 1"}))},
                                        compatible_runtime=["python3.9"])
    dropped_layer = services.publish_layer(acme, "drop", code={"ZipFile": b64(make_zip({"python/d.py": "D = 1"}))},
                                           compatible_runtime=["python3.9"])
    dropped_blob = dropped_layer.code_blob
    services.delete_layer_version(dropped_layer)
    age_blobs()

    report = gc.collect()

    left = {p.stem for p in blobstore.blob_dir().glob("*.zip")}
    assert left == {v1_blob, v2_blob, kept_layer.code_blob}
    assert tmp_blob not in left and dropped_blob not in left
    assert report.blobs == 2 and report.blob_bytes > 0


def test_a_new_or_just_reused_blob_is_kept(fn):
    data = make_zip({"index.py": "def handler(e, c):\n    return 'orphan'\n"})
    blob = blobstore.put(data)
    age_blobs()
    mtime = blob.path.stat().st_mtime_ns
    again = blobstore.put(data)  # e.g. a function being created with it, its row not committed yet
    assert again.key == blob.key and blob.path.stat().st_mtime_ns == mtime  # unpacked-tree keys stay
    young = blobstore.put(make_zip({"index.py": "Y = 1"}))

    assert gc.collect().blobs == 0
    assert blob.path.exists() and young.path.exists()
    age(blob.path)
    assert gc.collect().blobs == 1 and not blob.path.exists()


# --- unpacked trees ---------------------------------------------------------------------------

def _unpack(wd: WorkDir, fn, leases=None) -> tuple[str, str | None]:
    """What an instance of `fn` (LATEST) unpacks: the runner's own FunctionSpec."""
    spec = build_spec(fn, FunctionConfig.of(fn), "LATEST")
    code_dir, _ = wd.code(spec.code_zip, spec.code_checksum, leases=leases)
    opt_dir, _ = wd.layers(tuple(spec.layers), leases=leases)
    return code_dir, opt_dir


def _age_work_dir(wd: WorkDir) -> None:
    for parent in (wd.code_root, wd.layers_root, os.path.join(wd.root, "locks")):
        for name in os.listdir(parent):
            age(os.path.join(parent, name))


def test_code_trees_of_old_code_go_and_a_tree_in_use_stays(fn, acme, dirs):
    wd = WorkDir(str(dirs / "work"))
    layer = services.publish_layer(acme, "lib", code={"ZipFile": b64(make_zip({"python/lib.py": "L = 1"}))},
                                   compatible_runtime=["python3.9"])
    services.update_function(fn, layers=[layer.arn])
    old_code, old_opt = _unpack(wd, fn)
    services.update_function(fn, code={"SourceCode": "def handler(e, c):\n    return 'v2'\n"}, layers=[])
    new_code, new_opt = _unpack(wd, fn)
    other = services.create_function(fn.service, "busy", runtime="nodejs16", handler="index.handler",
                                     code={"SourceCode": "exports.handler = (e, c, cb) => cb(null, 1)"})
    leases = TreeLeases()
    busy_code, _ = _unpack(wd, other, leases)  # an instance runs from it
    services.update_function(other, code={"SourceCode": "exports.handler = (e, c, cb) => cb(null, 2)"})
    _age_work_dir(wd)

    report = gc.collect()

    assert not os.path.exists(old_code) and os.path.isdir(new_code)
    assert os.path.isdir(busy_code), "an instance in the pool is using it"
    assert report.kept_in_use == 1 and report.code_trees == 1 and report.tree_bytes > 0
    if new_opt:  # the runtime-libs layer alone (when installed) is still used
        assert os.path.isdir(new_opt)
    assert old_opt and not os.path.exists(old_opt) and report.layer_trees >= 2  # merged + the layer alone
    leases.release()
    _age_work_dir(wd)
    assert gc.collect().code_trees == 1 and not os.path.exists(busy_code)


# --- dry run, lock, command, schedule ---------------------------------------------------------

def test_dry_run_removes_nothing(fn, dirs):
    wd = WorkDir(str(dirs / "work"))
    expired = invocation(fn, InvocationStatus.SUCCEEDED, days_ago=30)
    files = [spool_file(expired, "result"), spool_file("33333333-orphan", "event")]
    code_dir, _ = _unpack(wd, fn)
    services.update_function(fn, code={"SourceCode": "def handler(e, c):\n    return 'v2'\n"})
    age_blobs()
    _age_work_dir(wd)
    blobs = sorted(p.name for p in blobstore.blob_dir().iterdir())
    trees = sorted(os.listdir(wd.code_root)) + sorted(os.listdir(wd.layers_root))

    report = gc.collect(dry_run=True)

    assert report.dry_run and report.invocations == 1 and report.spool_files == 2
    assert report.blobs == 1 and report.code_trees == 1 and report.total_bytes > 0
    assert Invocation.objects.filter(pk=expired.pk).exists() and all(p.exists() for p in files)
    assert sorted(p.name for p in blobstore.blob_dir().iterdir()) == blobs
    assert sorted(os.listdir(wd.code_root)) + sorted(os.listdir(wd.layers_root)) == trees
    assert os.path.isdir(code_dir)


def test_a_second_run_is_turned_away(fn):
    orphan = spool_file("44444444-orphan", "event")
    fd = gc._lock()
    try:
        report = gc.collect()
    finally:
        os.close(fd)
    assert report.skipped and orphan.exists() and "skipped" in report.summary()
    assert gc.collect().spool_files == 1 and not orphan.exists()


def test_fc_gc_command(fn, dirs):
    expired = invocation(fn, InvocationStatus.FAILED, days_ago=30)
    result = spool_file(expired, "result", 2048)

    out = StringIO()
    call_command("fc", "gc", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would remove" in text and str(dirs / "work") in text
    assert "invocation records" in text and "2.0 KiB" in text
    assert result.exists() and Invocation.objects.filter(pk=expired.pk).exists()

    out = StringIO()
    call_command("fc", "gc", stdout=out)
    assert out.getvalue().startswith("Removed") and not result.exists()
    assert not Invocation.objects.filter(pk=expired.pk).exists()

    out = StringIO()
    call_command("fc", "gc", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["invocations"] == 0 and doc["dry_run"] is False and "total_bytes" in doc


def test_the_collector_logs_one_line(fn, caplog):
    with caplog.at_level("INFO", logger="fcruntime.services.gc"):
        gc.collect()
    lines = [r.getMessage() for r in caplog.records if r.name == "fcruntime.services.gc"]
    assert len(lines) == 1 and lines[0].startswith("fc gc: removed")


def test_beat_runs_the_collector_on_an_invocations_worker(settings):
    from rosconsole.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["fcruntime-collect-garbage"]
    assert entry["task"] == "fcruntime.collect_garbage" and entry["options"]["queue"] == "invocations"
    app.loader.import_default_modules()
    assert "fcruntime.collect_garbage" in app.tasks
    assert app.tasks["fcruntime.collect_garbage"].run()["dry_run"] is False
