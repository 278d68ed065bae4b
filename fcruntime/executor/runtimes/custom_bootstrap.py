"""Custom runtime shim (stdlib only; runs inside the sandbox after setup).

Starts the function's ``bootstrap`` executable with FC_CUSTOM_LISTEN_PORT set to
a free local port, waits until it accepts connections, then turns each framed
request into HTTP: events -> ``POST /invoke`` (initializer -> ``POST /initialize``)
with the x-fc-* headers of spec 3.10; HTTP-trigger calls are proxied as is.
Talking HTTP from *inside* the sandbox keeps --unshare-net possible.
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import subprocess
import threading
import time
from urllib.parse import urlencode

_out_lock = threading.Lock()
_buffers: dict[str, list[str]] = {}


def _pump(stream) -> None:
    for raw in iter(lambda: stream.readline(), b""):
        text = raw.decode("utf-8", "replace")
        with _out_lock:
            for buf in _buffers.values():
                buf.append(text)


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _fc_headers(rid: str, meta: dict, kind: str) -> dict:
    creds = meta.get("credentials") or {}
    h = {
        "x-fc-request-id": rid,
        "x-fc-function-name": meta.get("function_name", ""),
        "x-fc-function-handler": meta.get("handler", ""),
        "x-fc-function-memory": str(meta.get("memory", "")),
        "x-fc-function-timeout": str(meta.get("timeout", "")),
        "x-fc-function-initializer": meta.get("initializer", ""),
        "x-fc-initialization-timeout": str(meta.get("initialization_timeout", "")),
        "x-fc-access-key-id": creds.get("AccessKeyId", ""),
        "x-fc-access-key-secret": creds.get("AccessKeySecret", ""),
        "x-fc-security-token": creds.get("SecurityToken", ""),
        "x-fc-service-name": meta.get("service_name", ""),
        "x-fc-service-logproject": meta.get("log_project", ""),
        "x-fc-service-logstore": meta.get("log_store", ""),
        "x-fc-qualifier": meta.get("qualifier", ""),
        "x-fc-version-id": meta.get("version_id", ""),
        "x-fc-region": meta.get("region", ""),
        "x-fc-account-id": meta.get("account_id", ""),
        "x-fc-retry-count": str(meta.get("retry_count", 0)),
        "x-fc-instance-id": meta.get("instance_id", ""),
        "x-fc-function-type": {"invoke": "0", "initialize": "1"}.get(kind, "0"),
    }
    return {k: v for k, v in h.items() if v != ""}


def run(chan, init: dict) -> None:
    code = init.get("code_dir") or os.getcwd()
    exe = os.path.join(code, "bootstrap")
    port = _free_port()
    env = dict(os.environ, FC_CUSTOM_LISTEN_PORT=str(port), FC_SERVER_PORT=str(port))
    if not os.path.exists(exe):
        chan.send({"op": "fatal", "message": "custom runtime: no 'bootstrap' file in the code"})
        return
    try:
        proc = subprocess.Popen([exe], cwd=code, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as exc:
        chan.send({"op": "fatal", "message": f"custom runtime: cannot run bootstrap: {exc}"})
        return
    threading.Thread(target=_pump, args=(proc.stdout,), daemon=True).start()
    deadline = time.monotonic() + float(init.get("start_timeout") or 10)
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                chan.send({"op": "fatal", "message": "custom runtime bootstrap did not listen "
                           f"on FC_CUSTOM_LISTEN_PORT={port} (exit code {proc.poll()})"})
                return
            time.sleep(0.01)
    chan.send({"op": "ready", "pid": os.getpid()})
    meta0 = init.get("meta") or {}
    while True:
        msg = chan.read()
        if msg is None or msg[0].get("op") == "exit":
            proc.kill()
            return
        head, body = msg
        if head.get("op") == "invoke":
            threading.Thread(target=_serve, args=(chan, port, meta0, head, body),
                             daemon=True).start()


def _serve(chan, port: int, meta0: dict, head: dict, body: bytes) -> None:
    rid = head["request_id"]
    kind = head.get("kind", "invoke")
    label = "Initialize" if kind == "initialize" else "Invoke"
    meta = dict(meta0, **(head.get("meta") or {}))
    buf: list[str] = [f"FC {label} Start RequestId: {rid}\n"]
    with _out_lock:
        _buffers[rid] = buf
    reply: dict = {"op": "result", "request_id": rid, "ok": True}
    payload = b""
    http_req = head.get("http")
    try:
        conn = _conn(port)
        headers = _fc_headers(rid, meta, kind)
        if http_req is not None and kind != "initialize":
            for k, v in http_req.get("headers") or []:
                if not k.lower().startswith("x-fc-") and k.lower() not in ("connection", "keep-alive"):
                    headers[k] = v
            headers["x-fc-http-params"] = base64.b64encode(json.dumps({
                "path": http_req.get("path"), "method": http_req.get("method"),
                "requestURI": http_req.get("request_uri"), "clientIP": http_req.get("client_ip"),
            }).encode()).decode()
            target = http_req.get("path") or "/"
            uri = http_req.get("request_uri") or ""
            q = http_req.get("query")
            if "?" in uri:
                target += "?" + uri.split("?", 1)[1]
            elif q:
                target += "?" + (q if isinstance(q, str) else urlencode(q, doseq=True))
            conn.request((http_req.get("method") or "GET").upper(), target, body=body, headers=headers)
        else:
            path = "/initialize" if kind == "initialize" else "/invoke"
            conn.request("POST", path, body=body, headers=headers)
        resp = conn.getresponse()
        payload = resp.read()
        if http_req is not None and kind != "initialize":
            reply["http_status"] = resp.status
            reply["http_headers"] = [[k, v] for k, v in resp.getheaders()]
        elif resp.status >= 300:
            reply.update(ok=False, error={
                "errorMessage": payload.decode("utf-8", "replace") or f"HTTP {resp.status}",
                "errorType": resp.getheader("x-fc-error-type") or "UnhandledInvocationError",
                "stackTrace": []})
            payload = b""
        conn.close()
    except Exception as exc:  # noqa: BLE001
        reply.update(ok=False, error={"errorMessage": f"custom runtime request failed: {exc}",
                                      "errorType": type(exc).__name__, "stackTrace": []})
    time.sleep(0.005)  # let the pump catch output written just before the response
    with _out_lock:
        _buffers.pop(rid, None)
    end = f"FC {label} End RequestId: {rid}"
    buf.append(end + ("\n" if reply["ok"] else ", Error: Unhandled function error\n"))
    reply["logs"] = "".join(buf)[-(1 << 20):]
    if not reply["ok"]:
        payload = json.dumps(reply["error"], indent=4, sort_keys=True).encode()
    chan.send(reply, payload)


def _conn(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port)
