"""`manage.py fc oss ...` (hooked into the fc command): the local object store from the shell.

    fc oss put BUCKET KEY FILE [--content-type T] [--meta K=V]...   ('-' reads stdin); fires OSS triggers
    fc oss ls BUCKET [--prefix P]
    fc oss get BUCKET KEY [FILE]                                     (stdout when FILE is omitted)
    fc oss rm BUCKET KEY                                             fires OSS triggers
"""
from __future__ import annotations

import sys

from django.core.management.base import CommandError

from fcruntime import services
from fcruntime.services import oss
from rosconsole.accounts.models import Role


def add_arguments(sub, common) -> None:
    parser = sub.add_parser("oss", help="put, list, get and remove objects of the local OSS")
    ops = parser.add_subparsers(dest="oss_action", required=True)
    put = common(ops.add_parser("put", help="upload FILE as BUCKET/KEY ('-' for stdin)"))
    put.add_argument("bucket")
    put.add_argument("key")
    put.add_argument("file")
    put.add_argument("--content-type", default=None)
    put.add_argument("--meta", action="append", default=[], help="user metadata KEY=VALUE (repeatable)")
    ls = common(ops.add_parser("ls", help="list the objects of BUCKET"))
    ls.add_argument("bucket")
    ls.add_argument("--prefix", default="")
    get = common(ops.add_parser("get", help="download BUCKET/KEY to FILE (stdout when omitted)"))
    get.add_argument("bucket")
    get.add_argument("key")
    get.add_argument("file", nargs="?", default=None)
    rm = common(ops.add_parser("rm", help="delete BUCKET/KEY"))
    rm.add_argument("bucket")
    rm.add_argument("key")


def run(command, opts) -> None:
    action = opts["oss_action"]
    role = Role.VIEWER if action in ("ls", "get") else Role.OPERATOR
    account = command._membership(opts, role).account  # noqa: SLF001 - the fc command's own helper
    bucket = services.get_bucket(account, opts["bucket"])
    out = command.stdout
    if action == "put":
        path = opts["file"]
        data = sys.stdin.buffer.read() if path == "-" else _read(path)
        meta = {}
        for item in opts["meta"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--meta takes KEY=VALUE, got {item!r}")
            meta[key] = value
        obj = oss.put_object(bucket, opts["key"], data, content_type=opts["content_type"], user_meta=meta)
        out.write(f"{bucket.name}/{obj.key}\t{obj.size} bytes\tETag {obj.etag}")
    elif action == "ls":
        rows = oss.list_objects(bucket, prefix=opts["prefix"])
        if not rows:
            out.write(f"No objects in {bucket.name}" + (f" under {opts['prefix']!r}" if opts["prefix"] else ""))
        for obj in rows:
            out.write(f"{obj.last_modified:%Y-%m-%dT%H:%M:%SZ}\t{obj.size}\t{obj.etag}\t{obj.key}")
    elif action == "get":
        _obj, data = oss.get_object(bucket, opts["key"])
        if opts["file"]:
            with open(opts["file"], "wb") as f:
                f.write(data)
            out.write(f"{len(data)} bytes written to {opts['file']}")
        else:
            command.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    elif action == "rm":
        existed = oss.delete_object(bucket, opts["key"])
        out.write(f"deleted {bucket.name}/{opts['key']}" if existed else f"{bucket.name}/{opts['key']} did not exist")


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
