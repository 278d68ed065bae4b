"""FC Python runtime bootstrap (child process; stdlib only).

Protocol (see fc_setup.Channel): the parent sends {"op": "init", ...}; we set the
process up, answer {"op": "ready"}, then serve {"op": "invoke"} messages (each in
its own thread, so InstanceConcurrency > 1 works) answering {"op": "result"}.
On SIGTERM (timeout) we send {"op": "dump"} with the logs so far and exit 143.
"""
from __future__ import annotations

import builtins
import importlib
import io
import logging
import os
import resource
import signal
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fc_context  # noqa: E402
import fc_setup  # noqa: E402

LOG_CAP = 1 << 20
MARK = "\x00FCMARK:"


class Invocation:
    def __init__(self, request_id: str):
        self.request_id = request_id
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False
        self.flushed = threading.Event()

    def write(self, text: str) -> None:
        if self.size >= LOG_CAP:
            self.truncated = True
            return
        self.parts.append(text)
        self.size += len(text)

    def text(self) -> str:
        out = "".join(self.parts)
        if self.truncated:
            out = out[:LOG_CAP] + "\n[log truncated: more than 1 MB in this invocation]\n"
        return out


_local = threading.local()
_active: dict[str, Invocation] = {}


def current() -> Invocation | None:
    inv = getattr(_local, "inv", None)
    if inv is None and _active:
        try:
            inv = next(reversed(_active.values()))
        except (StopIteration, RuntimeError):
            inv = None
    return inv


class _BinaryProxy(io.RawIOBase):
    def writable(self):
        return True

    def write(self, data):
        _STDOUT.write(bytes(data).decode("utf-8", "surrogateescape"))
        return len(data)


class StreamProxy(io.TextIOBase):
    """sys.stdout / sys.stderr: routes text to the calling invocation's log."""

    def __init__(self, fd: int):
        self._fd = fd
        self.buffer = _BinaryProxy()

    encoding = "utf-8"
    errors = "surrogateescape"

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        inv = current()
        if inv is not None:
            inv.write(text)
        return len(text)

    def fileno(self):
        return self._fd

    def isatty(self):
        return False

    def flush(self):
        pass


_STDOUT = StreamProxy(1)


def _fd_reader(rfd: int) -> None:
    """Output written to fds 1/2 directly (os.system, C code) -> current invocation."""
    carry = ""
    while True:
        try:
            chunk = os.read(rfd, 65536)
        except OSError:
            return
        if not chunk:
            return
        text = carry + chunk.decode("utf-8", "surrogateescape")
        carry = ""
        while MARK in text:
            before, _, rest = text.partition(MARK)
            if "\x00" not in rest:
                carry = MARK + rest
                text = before
                break
            rid, _, text_after = rest.partition("\x00")
            _emit(before)
            inv = _active.get(rid)
            if inv is not None:
                inv.flushed.set()
            text = text_after
        _emit(text)


def _emit(text: str) -> None:
    if text:
        inv = current()
        if inv is not None:
            inv.write(text)


class _RequestFilter(logging.Filter):
    def filter(self, record):
        inv = current()
        record.request_id = inv.request_id if inv else ""
        return True


def _setup_logging() -> logging.Logger:
    handler = logging.StreamHandler(sys.stderr)
    fmt = logging.Formatter("%(asctime)s.%(msecs)03dZ %(request_id)s [%(levelname)s] %(message)s",
                            "%Y-%m-%dT%H:%M:%S")
    fmt.converter = time.gmtime
    handler.setFormatter(fmt)
    handler.addFilter(_RequestFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("FC_SERVER_LOG_LEVEL", "INFO").upper()
                  if os.environ.get("FC_SERVER_LOG_LEVEL") else logging.INFO)
    return root


class FCError(Exception):
    def __init__(self, error_type: str, message: str, trace: list | None = None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace or []


def stack_of(exc: BaseException, strip: int = 1) -> list:
    frames = traceback.extract_tb(exc.__traceback__)[strip:]
    return [[f'File "{f.filename}"', f"line {f.lineno}", f"in {f.name}", f.line or ""]
            for f in frames]


class Runtime:
    def __init__(self, chan: fc_setup.Channel, init: dict):
        self.chan = chan
        self.init = init
        self.runtime = init["runtime"]
        self.py2 = self.runtime == "python2.7"
        self.handlers: dict[str, object] = {}
        self.load_lock = threading.RLock()
        self.logger = _setup_logging()
        self.banner = f"FunctionCompute {self.runtime} runtime inited.\n"

    # -- handler loading ---------------------------------------------------------
    def load(self, name: str):
        fn = self.handlers.get(name)
        if fn is not None:
            return fn
        with self.load_lock:
            if name in self.handlers:
                return self.handlers[name]
            if "." not in name:
                raise FCError("InvalidHandleName", f"Invalid handler '{name}'")
            mod_name, fn_name = name.rsplit(".", 1)
            dotted = mod_name.strip("/").replace("/", ".")
            try:
                module = importlib.import_module(dotted)
            except SyntaxError as exc:
                raise FCError("UserCodeSyntaxError", f"Syntax error in module '{mod_name}'",
                              [[f'File "{exc.filename}"', f"line {exc.lineno}", "",
                                (exc.text or "").strip()]]) from None
            except ImportError as exc:
                raise FCError("ImportModuleError", f"Unable to import module '{mod_name}'",
                              stack_of(exc)) from None
            except Exception as exc:
                raise FCError("UserCodeError", f"Module initialization error: '{exc}'",
                              stack_of(exc)) from None
            fn = getattr(module, fn_name, None)
            if fn is None:
                raise FCError("HandlerNotFound",
                              f"Handler '{fn_name}' is missing on module '{mod_name}'")
            self.handlers[name] = fn
            return fn

    # -- invocation --------------------------------------------------------------------
    def context(self, meta: dict):
        cls = fc_context.FCContext312 if self.runtime == "python3.12" else fc_context.FCContext
        return cls(meta, self.logger)

    def serve(self, head: dict, body: bytes) -> None:
        rid = head["request_id"]
        kind = head.get("kind", "invoke")
        label = "Initialize" if kind == "initialize" else "Invoke"
        inv = Invocation(rid)
        _local.inv = inv
        _active[rid] = inv
        reply: dict = {"op": "result", "request_id": rid, "ok": True}
        payload = b""
        if self.banner:
            inv.write(self.banner)
            self.banner = ""
        inv.write(f"FC {label} Start RequestId: {rid}\n")
        try:
            meta = dict(self.init.get("meta") or {}, **(head.get("meta") or {}))
            meta["request_id"] = rid
            ctx = self.context(meta)
            fn = self.load(head["handler"])
            http = head.get("http")
            if kind == "initialize":
                fn(ctx)
            elif http is not None:
                env = fc_context.wsgi_environ(http, body, ctx, head["handler"], sys.stderr)
                status, headers, payload = fc_context.run_wsgi(fn, env)
                reply["http_status"] = status
                reply["http_headers"] = headers
            else:
                event = body.decode("utf-8", "surrogateescape") if self.py2 else body
                result = fn(event, ctx)
                try:
                    payload = fc_context.serialize_result(result)
                except (TypeError, ValueError) as exc:
                    raise FCError(type(exc).__name__, str(exc)) from None
        except FCError as exc:
            reply.update(ok=False, error={"errorMessage": exc.message,
                                          "errorType": exc.error_type,
                                          "stackTrace": exc.trace})
        except SystemExit as exc:
            self.finish(inv, f"FC {label} End RequestId: {rid}, Error: Unhandled function error\n")
            self.chan.send({"op": "exit", "request_id": rid, "logs": inv.text()})
            code = exc.code if isinstance(exc.code, int) else 1
            os._exit(code)
        except MemoryError:
            # FC has no MemoryError: the instance is OOM-killed. Behave the same.
            self.finish(inv, "")
            self.chan.send({"op": "exit", "request_id": rid, "logs": inv.text(), "oom": True})
            os._exit(137)
        except BaseException as exc:  # noqa: BLE001 - every user error is reported
            reply.update(ok=False, error={"errorMessage": str(exc),
                                          "errorType": type(exc).__name__,
                                          "stackTrace": stack_of(exc)})
        if not reply["ok"]:
            inv.write(traceback_text(reply["error"]))
            payload = fc_context.json.dumps(reply["error"], indent=4, sort_keys=True).encode()
        end = f"FC {label} End RequestId: {rid}"
        self.finish(inv, end + ("\n" if reply["ok"] else ", Error: Unhandled function error\n"))
        reply["logs"] = inv.text()
        reply["maxrss_kb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                 resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        self.chan.send(reply, payload)

    def finish(self, inv: Invocation, end_line: str) -> None:
        try:
            os.write(1, f"{MARK}{inv.request_id}\x00".encode())
            inv.flushed.wait(0.2)
        except OSError:
            pass
        _active.pop(inv.request_id, None)
        if end_line:
            inv.write(end_line)
        _local.inv = None


def traceback_text(err: dict) -> str:
    lines = [f"{err.get('errorType')}: {err.get('errorMessage')}"]
    for frame in err.get("stackTrace") or []:
        lines.append("  " + ", ".join(str(x) for x in frame if x))
    return "\n".join(lines) + "\n"


_PY2_BUILTINS = {"unicode": str, "basestring": str, "long": int, "xrange": range,
                 "raw_input": input, "unichr": chr}


def _py2_compat(init: dict) -> None:
    import functools
    for name, value in _PY2_BUILTINS.items():
        setattr(builtins, name, value)
    builtins.reduce = functools.reduce
    import py2compat  # lives next to this file: 2to3 fallback for py2-only syntax
    py2compat.install([init.get("code_dir") or os.getcwd(), init.get("opt_dir") or "/opt"])


def _set_paths(init: dict) -> None:
    code = init.get("code_dir") or os.getcwd()
    stdlib = [p for p in sys.path if p and "fc_runtime" not in p
              and p != os.path.dirname(os.path.abspath(__file__))]
    ver = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    opt = init.get("opt_dir") or "/opt"
    layers = [os.path.join(opt, "python", "lib", ver, "site-packages"), os.path.join(opt, "python")]
    sys.path[:] = [code] + layers + stdlib


def run(chan: fc_setup.Channel, init: dict) -> None:
    """Serve invocations forever (called after setup_process)."""
    proto_out = os.dup(1)
    chan.wfd = proto_out
    rfd, wfd = os.pipe()
    os.dup2(wfd, 1)
    os.dup2(wfd, 2)
    os.close(wfd)
    threading.Thread(target=_fd_reader, args=(rfd,), daemon=True).start()
    sys.stdout = _STDOUT
    sys.stderr = StreamProxy(2)
    sys.dont_write_bytecode = True
    if init["runtime"] == "python2.7":
        _py2_compat(init)
    _set_paths(init)
    rt = Runtime(chan, init)

    def on_term(signum, frame):
        dump = "Dumping stack trace after function timeout\n"
        for tid, fr in sys._current_frames().items():
            dump += f"Thread {tid}:\n" + "".join(traceback.format_stack(fr))
        logs = {rid: inv.text() + dump for rid, inv in list(_active.items())}
        chan.send({"op": "dump", "logs": logs}, timeout=0.5)
        os._exit(143)

    signal.signal(signal.SIGTERM, on_term)
    chan.send({"op": "ready", "pid": os.getpid()})
    while True:
        msg = chan.read()
        if msg is None:
            os._exit(0)
        head, body = msg
        if head.get("op") == "invoke":
            threading.Thread(target=rt.serve, args=(head, body), daemon=True).start()
        elif head.get("op") == "exit":
            os._exit(0)


def main(rfd: int = 0, wfd: int = 1) -> None:
    chan = fc_setup.Channel(rfd, wfd)
    msg = chan.read()
    if msg is None:
        os._exit(0)
    init = msg[0]
    try:
        fc_setup.setup_process(init)
    except Exception as exc:  # noqa: BLE001
        fc_setup.fatal(chan, f"instance setup failed: {exc!r}")
    family = init.get("family", "python")
    if family == "node":
        os.dup2(rfd, 3)
        os.dup2(wfd, 4)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        argv = [init["node"]] + init.get("node_args", []) + [init["node_bootstrap"]]
        import json
        env = dict(os.environ, __FC_INIT=json.dumps(init))
        try:
            os.execve(argv[0], argv, env)
        except OSError as exc:
            fc_setup.fatal(chan, f"cannot start node ({argv[0]}): {exc}")
    if family == "custom":
        import custom_bootstrap
        custom_bootstrap.run(chan, init)
        os._exit(0)
    try:
        run(chan, init)
    except BaseException:  # noqa: BLE001 - report instead of dying silently
        fc_setup.fatal(chan, "runtime bootstrap failed: " + traceback.format_exc())


if __name__ == "__main__":
    main()
