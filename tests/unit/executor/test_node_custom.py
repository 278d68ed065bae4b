"""nodejs* and custom runtimes."""
from __future__ import annotations

import json

import pytest

from fcruntime.executor import node_available

needs_node = pytest.mark.skipif(not node_available(), reason="node not installed")


@needs_node
def test_node_callback_and_async(pool, make_spec):
    code = ("let n = 0;\n"
            "exports.handler = (event, context, callback) => {\n"
            "  n += 1; console.log('got', event.toString());\n"
            "  callback(null, {isBuffer: Buffer.isBuffer(event), n, rid: context.requestId});\n"
            "};\n"
            "exports.asyncHandler = async (event) => 'async:' + event.toString();\n"
            "exports.failing = (event, context, callback) => callback(new Error('nope'));\n"
            "exports.throwing = async () => { throw new TypeError('bad'); };\n")
    spec = make_spec({"index.js": code}, runtime="nodejs20")
    r = pool.invoke(spec, b"hello", "n1")
    assert r.ok, r.error
    assert json.loads(r.payload) == {"isBuffer": True, "n": 1, "rid": "n1"}
    assert "n1 [INFO] got hello" in r.logs and "FC Invoke End RequestId: n1" in r.logs
    assert json.loads(pool.invoke(spec, b"x", "n2").payload)["n"] == 2  # warm
    r = pool.invoke(make_spec({"index.js": code}, runtime="nodejs18", handler="index.asyncHandler"),
                    b"yo", "n3")
    assert r.payload == b"async:yo"
    r = pool.invoke(make_spec({"index.js": code}, runtime="nodejs20", handler="index.failing"),
                    b"", "n4")
    assert r.error_type == "HandledInvocationError" and r.error["errorMessage"] == "nope"
    r = pool.invoke(make_spec({"index.js": code}, runtime="nodejs20", handler="index.throwing"),
                    b"", "n5")
    assert r.error_type == "UnhandledInvocationError" and r.error["errorType"] == "TypeError"


@needs_node
def test_node_http_and_timeout(pool, make_spec):
    code = ("exports.handler = (req, resp, context) => {\n"
            "  let body = '';\n"
            "  req.on('data', (c) => body += c);\n"
            "  req.on('end', () => { resp.setStatusCode(202); resp.setHeader('x-k', 'v');\n"
            "    resp.send(req.method + ' ' + req.path + ' ' + req.queries.a + ' ' + body); });\n"
            "};\n"
            "exports.loop = () => { for (;;) {} };\n")
    spec = make_spec({"index.js": code}, runtime="nodejs20")
    http = {"method": "PUT", "path": "/p", "query": "a=1", "headers": [], "body": b"B",
            "client_ip": "1.2.3.4", "request_uri": "/p?a=1"}
    r = pool.invoke(spec, b"", "nh1", http=http)
    assert r.ok, r.error
    assert (r.http_status, r.payload) == (202, b"PUT /p 1 B") and ["x-k", "v"] in r.http_headers
    spec = make_spec({"index.js": code}, runtime="nodejs20", handler="index.loop", timeout_s=1)
    r = pool.invoke(spec, b"", "nt1")
    assert "Function timed out after 1 seconds" in r.error["errorMessage"]


def test_node_missing_is_clear(pool, make_spec, monkeypatch):
    from fcruntime.executor import sandbox
    monkeypatch.setattr(sandbox, "node_path", lambda: None)
    monkeypatch.setattr(sandbox, "node_available", lambda: False)
    r = pool.invoke(make_spec({"index.js": ""}, runtime="nodejs20"), b"", "nm1")
    assert not r.ok and "'node'" in r.error["errorMessage"]


CUSTOM = '''#!/usr/bin/env python3
import http.server, json, os, sys

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        print("custom got", self.path, self.headers.get("x-fc-request-id"), flush=True)
        if self.path == "/invoke":
            out = json.dumps({"event": body.decode(), "rid": self.headers["x-fc-request-id"],
                              "fn": self.headers.get("x-fc-function-name")}).encode()
            self.send_response(200)
        else:
            out = ("proxied " + self.path + " " + body.decode()).encode()
            self.send_response(200 if self.path != "/fail" else 500)
        self.send_header("Content-Length", str(len(out)))
        self.send_header("X-Mine", "1")
        self.end_headers()
        self.wfile.write(out)
    do_GET = do_POST

port = int(os.environ["FC_CUSTOM_LISTEN_PORT"])
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
'''


def test_custom_runtime_event_and_http(pool, make_spec):
    spec = make_spec({"bootstrap": CUSTOM}, runtime="custom", handler="index.handler",
                     modes={"bootstrap": 0o755})
    r = pool.invoke(spec, b"payload", "cu1")
    assert r.ok, (r.error, r.logs)
    assert json.loads(r.payload) == {"event": "payload", "rid": "cu1", "fn": "fn"}
    assert "custom got /invoke cu1" in r.logs
    http = {"method": "POST", "path": "/x/y", "query": "q=1", "headers": [["X-H", "1"]],
            "body": b"B", "client_ip": "1.1.1.1", "request_uri": "/x/y?q=1"}
    r = pool.invoke(spec, b"", "cu2", http=http)
    assert r.ok and r.http_status == 200 and r.payload == b"proxied /x/y?q=1 B"
    assert any(k.lower() == "x-mine" for k, _ in r.http_headers)


def test_custom_runtime_without_listener_fails_cleanly(pool, make_spec):
    spec = make_spec({"bootstrap": "#!/bin/sh\nexit 1\n"}, runtime="custom",
                     modes={"bootstrap": 0o755}, initialization_timeout_s=1, timeout_s=1)
    r = pool.invoke(spec, b"", "cu3")
    assert not r.ok and "did not listen" in r.error["errorMessage"]


@pytest.mark.parametrize("runtime", ["java8", "go1", "php7.2", "dotnetcore3.1", "custom-container"])
def test_unsupported_runtime(pool, make_spec, runtime):
    from fcruntime.executor import UnsupportedRuntime, check_runtime
    with pytest.raises(UnsupportedRuntime, match=f"Runtime '{runtime}' is not supported"):
        check_runtime(runtime)
    r = pool.invoke(make_spec({"index.py": ""}, runtime=runtime), b"", "u1")
    assert not r.ok and f"Runtime '{runtime}' is not supported" in r.error["errorMessage"]
    assert "python3.9" in r.error["errorMessage"]
