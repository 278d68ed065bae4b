"""Isolation of function instances.

Levels (``isolation_level()``):
- ``bwrap``: every instance (or the zygote it forks from) runs under bubblewrap with
  only /usr (+ /lib* links), a minimal /etc, the interpreter prefix and the runtime
  files read-only; code at /code, layers at /opt (both read-only), private tmpfs /tmp,
  new pid/ipc/uts (and net unless internet_access) namespaces, --die-with-parent,
  --new-session and nothing of the project checkout, the data dir or the parent env.
  Inside, the bootstrap drops to a per-instance unprivileged uid before user code.
- ``user``: no bwrap but running as root: per-instance uid + private mount
  namespace hiding the project checkout and data dir, private /tmp.
- ``none``: not root and no bwrap: only rlimits and the scrubbed environment.

``ROSCONSOLE_FC_ISOLATION=user|none`` forces a weaker level (tests, debugging).
"""
from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WARNING = "isolation is reduced: install bubblewrap (apt-get install bubblewrap)"
UID_BASE = 61000
UID_SPAN = 4000
SANDBOX_RUNTIME_DIR = "/var/fc/runtime"
ETC_FILES = ("resolv.conf", "hosts", "nsswitch.conf", "passwd", "group", "localtime",
             "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "ssl", "ca-certificates",
             "mime.types", "host.conf", "gai.conf", "alternatives")


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


@functools.lru_cache(maxsize=1)
def _bwrap_works() -> bool:
    exe = bwrap_path()
    if not exe:
        return False
    try:
        args = [exe] + system_binds() + ["--unshare-pid", "--die-with-parent", "/bin/true"]
        return subprocess.run(args, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def isolation_level() -> str:
    forced = os.environ.get("ROSCONSOLE_FC_ISOLATION", "").strip().lower()
    is_root = os.geteuid() == 0
    if forced == "none":
        return "none"
    if forced == "user":
        return "user" if is_root else "none"
    if _bwrap_works():
        return "bwrap"
    return "user" if is_root else "none"


def isolation_warning() -> str | None:
    return None if isolation_level() == "bwrap" else WARNING


def node_path() -> str | None:
    return shutil.which("node") or (os.path.exists("/usr/bin/node") and "/usr/bin/node") or None


def node_available() -> bool:
    return node_path() is not None


def _world_reachable(path: str) -> bool:
    p = Path(path).resolve()
    for part in [p] + list(p.parents):
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH:
            return False
    return bool(p.stat().st_mode & stat.S_IROTH) or p.is_dir()


def interpreter(level: str) -> str:
    """The Python that runs instances. Under ``user`` isolation it must be usable by
    an unprivileged uid (pyenv under /root is not), so fall back to /usr/bin/python3."""
    exe = os.path.realpath(sys.executable)
    if level == "user" and not _world_reachable(exe):
        for cand in ("/usr/bin/python3", "/usr/local/bin/python3"):
            if os.path.exists(cand) and _world_reachable(cand):
                return cand
    return exe


def system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = f"/{name}"
        if os.path.islink(host):
            args += ["--symlink", os.readlink(host), host]
        elif os.path.isdir(host):
            args += ["--ro-bind", host, host]
    for name in ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    return args


SANDBOX_PYTHON_PREFIX = "/var/fc/python"


def sandbox_python(python: str) -> tuple[str, list[str]]:
    """(interpreter path inside bwrap, binds). An interpreter outside /usr (pyenv under
    /root, ...) is bound at /var/fc/python so an unprivileged uid can reach it."""
    real = os.path.realpath(python)
    if real.startswith("/usr/"):
        return real, []
    prefix = os.path.dirname(os.path.dirname(real))
    inside = SANDBOX_PYTHON_PREFIX + real[len(prefix):]
    return inside, ["--ro-bind", prefix, SANDBOX_PYTHON_PREFIX]


def bwrap_argv(*, python: str, runtime_dir: str, internet: bool,
               binds: list[tuple[str, str]], tmpfs_tmp: bool = True) -> list[str]:
    """bwrap command prefix. ``binds`` are (host, sandbox) read-only binds."""
    args = [bwrap_path() or "bwrap"]
    # bwrap creates missing parents with the caller's umask (often 0700): pre-create them
    for d in ("/etc", "/var", "/var/fc", "/.fc", "/code", "/opt"):
        args += ["--perms", "0755", "--dir", d]
    args += system_binds() + sandbox_python(python)[1]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--ro-bind", runtime_dir, SANDBOX_RUNTIME_DIR,
             "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
             "--hostname", "fc-instance", "--die-with-parent", "--new-session"]
    if not internet:
        args.append("--unshare-net")
    if tmpfs_tmp:
        args += ["--size", str(512 * 1024 * 1024), "--perms", "1777", "--tmpfs", "/tmp"]
    for host, inside in binds:
        args += ["--ro-bind", host, inside]
    return args + ["--chdir", "/"]


def hidden_paths() -> list[str]:
    """Host paths function code must never see (user-level isolation)."""
    data_dir = os.environ.get("ROSCONSOLE_DATA_DIR") or str(PROJECT_ROOT / "var")
    paths = [str(PROJECT_ROOT), os.path.abspath(data_dir)]
    paths += [p for p in os.environ.get("ROSCONSOLE_FC_HIDE_PATHS", "").split(":") if p]
    return [p for p in dict.fromkeys(paths) if os.path.isdir(p)]


def user_mounts(keep: list[str]) -> list:
    """Private /tmp and hidden project/data dirs; ``keep`` (code, layers, runtime) stay
    visible read-only even when they live under a hidden directory."""
    if os.geteuid() != 0:
        return []
    keep = [k for k in keep if k]

    def under(_keep: list[str], d: str) -> list[str]:
        return [x for x in keep if x == d or x.startswith(d.rstrip("/") + "/")]

    ops: list = [["tmpfs", "/tmp", "size=512m,mode=1777", under(keep, "/tmp")]]
    ops += [["tmpfs", p, "size=1m,mode=755", under(keep, p)] for p in hidden_paths()]
    return ops


def zygote_mounts(code_rel: str, layers_rel: str | None) -> list:
    """Mounts a zygote-forked instance makes inside the zygote's bwrap sandbox."""
    ops: list = [["bind", f"/.fc/code/{code_rel}", "/code", True]]
    if layers_rel:
        ops.append(["bind", f"/.fc/layers/{layers_rel}", "/opt", True])
    ops += [["tmpfs", "/tmp", "size=512m,mode=1777"],
            ["tmpfs", "/.fc", "size=1m,mode=755"],
            ["proc"]]
    return ops
