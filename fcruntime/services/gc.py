"""Garbage collection of what the FC runtime writes to disk, and of old invocation records.

`collect()` runs every ROSCONSOLE_FC_GC_SECONDS (beat task `fcruntime.collect_garbage`, sent to the
`invocations` queue: the host whose work dir holds the unpacked code) and from
`manage.py fc gc [--dry-run]`. It returns a GcReport (counts and bytes) and logs one line.

What it removes, and what it never does:

- **Invocation records.** The runtime serves them back (the console's invocation list and detail
  pages, `fc logs`, the FunctionInvoker and custom-resource providers polling an async invocation
  by its request id), so a finished record (succeeded, failed, timed out) is kept for
  ROSCONSOLE_FC_INVOCATION_RETENTION_HOURS after it finished (default 168, one week; 0 keeps them
  forever) and then deleted together with its spool files. A queued or running record is never
  deleted, however old (an async retry waits as queued).
- **Spool files** (`<data dir>/spool/<request id>.event` and `.result`):
  a queued or running invocation's files are always kept; a finished invocation's `.result` is
  kept as long as its record (the API and pages read the full result from it); its `.event` is
  removed GRACE_SECONDS after it finished (the worker removes it itself; this catches a worker
  that died in between); a file with no record is removed once GRACE_SECONDS old (the event is
  written just before its record commits, so a young file may belong to a record not yet visible).
- **Code blobs** (`<data dir>/blobs/<key>.zip`, shared by content): removed when no function, no
  version snapshot and no layer version names the key, and it was neither written nor reused for
  GRACE_SECONDS (see blobstore.remove_unused for the race with a concurrent `put()`).
- **Unpacked trees** in the executor's work dir (code, merged layers, single layers): removed when
  no function's LATEST or version snapshot (code + its layers, as the runner would build them)
  maps to the tree, no instance in any worker's pool holds it (machine-wide flock leases, see
  executor.workdir), and it was not used for GRACE_SECONDS. A tree unpacked from a ZIP of another
  data dir that still exists (another deployment sharing the work dir) is left to that one.
- Leftovers of crashed unpacks, blob writes and removals older than GRACE_SECONDS.

A run holds an exclusive flock on `<data dir>/locks/fc-gc.lock` (and collect_trees one on the work
dir's): a second run meanwhile returns at once with `skipped` set.
"""
from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from fcruntime import blobstore
from fcruntime.executor.workdir import code_key, collect_trees, default_work_dir, layer_keys, try_lock
from fcruntime.models import TERMINAL_STATUSES, Function, Invocation, Layer, Version

log = logging.getLogger(__name__)

GRACE_SECONDS = 3600.0
BATCH = 500
SPOOL_RE = re.compile(r"^(?P<rid>[^/]+)\.(?P<kind>event|result)$")


@dataclass
class GcReport:
    dry_run: bool = False
    skipped: str = ""        # why nothing was done (another run holds the lock)
    invocations: int = 0     # records deleted
    spool_files: int = 0
    spool_bytes: int = 0
    blobs: int = 0
    blob_bytes: int = 0
    code_trees: int = 0
    layer_trees: int = 0     # merged /opt trees and single unpacked layers
    tree_bytes: int = 0
    temp_files: int = 0      # leftovers of crashed unpacks, writes and removals
    temp_bytes: int = 0
    kept_in_use: int = 0     # unreferenced trees an instance is running from
    errors: int = 0
    work_dir: str = ""
    trees_skipped: bool = False  # another run (of another data dir) held the work dir

    @property
    def total_bytes(self) -> int:
        return self.spool_bytes + self.blob_bytes + self.tree_bytes + self.temp_bytes

    def as_dict(self) -> dict:
        return dict(asdict(self), total_bytes=self.total_bytes)

    def summary(self) -> str:
        if self.skipped:
            return f"fc gc: skipped: {self.skipped}"
        verb = "would remove" if self.dry_run else "removed"
        return (f"fc gc: {verb} {self.invocations} invocation records, "
                f"{self.spool_files} spool files ({human(self.spool_bytes)}), "
                f"{self.blobs} code blobs ({human(self.blob_bytes)}), "
                f"{self.code_trees} code trees and {self.layer_trees} layer trees ({human(self.tree_bytes)}), "
                f"{self.temp_files} leftovers ({human(self.temp_bytes)}); "
                f"{human(self.total_bytes)} in all; kept {self.kept_in_use} unused trees in use; "
                f"{self.errors} errors"
                + ("; work dir busy, trees not collected" if self.trees_skipped else ""))


def human(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    size = n / 1024
    for unit in ("KiB", "MiB"):
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"


def _lock() -> int | None:
    return try_lock(str(Path(settings.DATA_DIR) / "locks" / "fc-gc.lock"))


def collect(*, dry_run: bool = False, retention_hours: int | None = None, grace_s: float = GRACE_SECONDS,
            work_dir: str | None = None) -> GcReport:
    """One garbage collection run (see the module docstring); nothing is removed on a dry run."""
    report = GcReport(dry_run=dry_run, work_dir=os.path.abspath(work_dir or default_work_dir()))
    fd = _lock()
    if fd is None:
        report.skipped = "another garbage collection is running"
        log.info("%s", report.summary())
        return report
    try:
        if retention_hours is None:
            retention_hours = settings.ROSCONSOLE_FC_INVOCATION_RETENTION_HOURS
        spool = blobstore.spool_dir()
        names = set(os.listdir(spool))
        handled = _expire_invocations(report, spool, names, retention_hours, dry_run)
        _sweep_spool(report, spool, names - handled, grace_s, dry_run)
        _sweep_blobs(report, grace_s, dry_run)
        _sweep_trees(report, grace_s, dry_run)
    finally:
        os.close(fd)
    log.info("%s", report.summary())
    return report


# --- invocations and the spool ----------------------------------------------------------------

def _unlink(report: GcReport, path: Path, dry_run: bool) -> None:
    try:
        size = path.lstat().st_size
        if not dry_run:
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        report.errors += 1
        log.warning("cannot remove %s: %s", path, exc)
        return
    report.spool_files += 1
    report.spool_bytes += size


def _expire_invocations(report: GcReport, spool: Path, names: set[str], retention_hours: int,
                        dry_run: bool) -> set[str]:
    """Delete finished records older than the retention, then their spool files. Returns the
    spool file names dealt with."""
    handled: set[str] = set()
    if retention_hours <= 0:
        return handled
    cutoff = timezone.now() - timedelta(hours=retention_hours)
    expired = (Invocation.objects.filter(status__in=TERMINAL_STATUSES)
               .filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)))
    last_pk = 0
    while True:
        batch = list(expired.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "request_id")[:BATCH])
        if not batch:
            break
        last_pk = batch[-1][0]
        if not dry_run:
            Invocation.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
        report.invocations += len(batch)
        for _pk, rid in batch:
            for name in (f"{rid}.event", f"{rid}.result"):
                if name in names:
                    handled.add(name)
                    _unlink(report, spool / name, dry_run)
    return handled


def _sweep_spool(report: GcReport, spool: Path, names: set[str], grace_s: float, dry_run: bool) -> None:
    files = {}
    for name in names:
        m = SPOOL_RE.match(name)
        if m:
            files[name] = (m["rid"], m["kind"])
    rids = sorted({rid for rid, _ in files.values()})
    rows: dict[str, tuple[str, object]] = {}
    for i in range(0, len(rids), BATCH):
        for rid, status, finished in Invocation.objects.filter(request_id__in=rids[i:i + BATCH]).values_list(
                "request_id", "status", "finished_at"):
            rows[rid] = (status, finished)
    now = time.time()
    for name, (rid, kind) in sorted(files.items()):
        path = spool / name
        row = rows.get(rid)
        if row is None:
            try:
                young = now - path.lstat().st_mtime < grace_s
            except FileNotFoundError:
                continue
            if not young:
                _unlink(report, path, dry_run)
            continue
        status, finished = row
        if status not in TERMINAL_STATUSES or kind != "event":
            continue  # queued or running: the worker needs it; a result lives as long as its record
        if finished is None or now - finished.timestamp() >= grace_s:
            _unlink(report, path, dry_run)


# --- code blobs -------------------------------------------------------------------------------

def _snapshots():
    """Every (account, function fields) a version snapshot holds."""
    for version in Version.objects.select_related("service__account").iterator(chunk_size=BATCH):
        for fields in (version.snapshot or {}).values():
            if isinstance(fields, dict):
                yield version.service.account, fields


def _blob_refs() -> set[str]:
    # Functions before versions: a version can only copy a key a function held when we read it.
    refs = set(Function.objects.values_list("code_blob", flat=True))
    refs.update(str(fields.get("code_blob") or "") for _account, fields in _snapshots())
    refs.update(Layer.objects.values_list("code_blob", flat=True))
    refs.discard("")
    return refs


def _sweep_blobs(report: GcReport, grace_s: float, dry_run: bool) -> None:
    refs = _blob_refs()
    directory = blobstore.blob_dir()
    now = time.time()
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        name = entry.name
        try:
            if name.startswith("."):  # .blob-* (a write that died), .gc-* (a removal that died)
                st = entry.stat(follow_symlinks=False)
                if name.startswith(".gc-") or now - st.st_mtime >= grace_s:
                    if not dry_run:
                        os.unlink(entry.path)
                    report.temp_files += 1
                    report.temp_bytes += st.st_size
                continue
            if not name.endswith(".zip") or name[:-4] in refs:
                continue
            size = blobstore.remove_unused(name[:-4], grace_s, dry_run)
        except OSError as exc:
            report.errors += 1
            log.warning("cannot remove blob %s: %s", entry.path, exc)
            continue
        if size is not None:
            report.blobs += 1
            report.blob_bytes += size


# --- unpacked trees ---------------------------------------------------------------------------

def _tree_refs() -> set[tuple[str, str]]:
    """The (kind, key) of every tree the runner would use for a function's LATEST or a version."""
    from fcruntime.services import runtime_libs
    from fcruntime.services.layers import find_layer_by_arn

    keep: set[tuple[str, str]] = set()
    layer_paths: dict[tuple[int, str], str | None] = {}
    libs: dict[str, tuple[str, ...]] = {}

    def layer_path(account, arn: str) -> str | None:
        k = (account.pk, arn)
        if k not in layer_paths:
            layer = find_layer_by_arn(account, arn)
            layer_paths[k] = str(blobstore.path_for(layer.code_blob)) if layer is not None else None
        return layer_paths[k]

    def add(account, runtime: str, blob: str, checksum: str, arns) -> None:
        try:
            keep.add(("code", code_key(str(blobstore.path_for(blob)), checksum)))
        except OSError:
            pass  # its blob is gone: no instance can start from it
        if runtime not in libs:
            libs[runtime] = runtime_libs.layers_for(runtime, build=False)
        zips = libs[runtime] + tuple(p for p in (layer_path(account, str(a)) for a in arns or []) if p)
        if not zips:
            return
        try:
            merged, parts = layer_keys(zips)
        except OSError:
            parts = []
            for z in zips:
                try:
                    parts.extend(layer_keys([z])[1])
                except OSError:
                    pass
        else:
            keep.add(("layers", merged))
        keep.update(("part", p) for p in parts)

    for fn in Function.objects.select_related("service__account").iterator(chunk_size=BATCH):
        add(fn.service.account, fn.runtime, fn.code_blob, fn.code_checksum, fn.layers)
    for account, fields in _snapshots():
        add(account, str(fields.get("runtime") or ""), str(fields.get("code_blob") or ""),
            str(fields.get("code_checksum") or ""), fields.get("layers") or [])
    return keep


def _foreign_check():
    """A tree's ZIP that still exists outside this data dir belongs to another deployment."""
    ours = str(Path(settings.DATA_DIR).resolve()) + os.sep

    def foreign(source: str) -> bool:
        if source.startswith(ours) or os.path.basename(source).startswith("fc-runtime-libs-"):
            return False
        return os.path.exists(source)

    return foreign


def _sweep_trees(report: GcReport, grace_s: float, dry_run: bool) -> None:
    sweep = collect_trees(report.work_dir, _tree_refs(), grace_s=grace_s, dry_run=dry_run,
                          foreign=_foreign_check())
    if sweep.skipped:
        report.trees_skipped = True
        return
    report.code_trees += sum(1 for r in sweep.removed if r.startswith("code/"))
    report.layer_trees += sum(1 for r in sweep.removed if not r.startswith("code/"))
    report.tree_bytes += sweep.bytes
    report.temp_files += sweep.temp_removed
    report.temp_bytes += sweep.temp_bytes
    report.kept_in_use += sweep.in_use
    report.errors += sweep.errors
