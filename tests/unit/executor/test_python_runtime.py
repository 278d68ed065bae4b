"""Python runtimes in real child processes: semantics of spec section 3."""
from __future__ import annotations

import base64
import json
import re
import threading

ROLL = ("UEsDBBQAAAAIAFybkk7kWCJARgAAAE0AAAAHAAAAbWFpbi5weePKzC3ILypRKErMS8nP5eLiSklNUyjKz8nRSC1Lz"
        "SvRUUjOzytJrSjRtOJSAIKi1JLSojyoaj0QlZlXomGgo2BoYKDJBQBQSwECFAMUAAAACABcm5JO5FgiQEYAAABNAA"
        "AABwAAAAAAAAAAAAAApIEAAAAAbWFpbi5weVBLBQYAAAAAAQABADUAAABrAAAAAAA=")
LOTTERY = ("UEsDBBQAAAAIADZ+pk6tb78pYgAAAHQAAAAHAAAAbWFpbi5weS2MQQqDQAxF9zlFds6AzAG8SulCxogBJxnib7G"
           "3by2+5YP3SFv3AMdsizciWmTl3QGJT5K3GEaubpATeSL+EYJX2B2UurlWSQ+bm5QDoT1lXj34EqzG/0c5+q5Iwzj"
           "kZ6YvUEsBAhQDFAAAAAgANn6mTq1vvyliAAAAdAAAAAcAAAAAAAAAAAAAAKSBAAAAAG1haW4ucHlQSwUGAAAAAAE"
           "AAQA1AAAAhwAAAAAA")


def test_seed_roll_python27(pool, make_spec):
    spec = make_spec(base64.b64decode(ROLL), runtime="python2.7", handler="main.roll")
    for i in range(5):
        r = pool.invoke(spec, b"", f"roll-{i}")
        assert r.ok, r.error
        assert 0 <= int(r.payload) <= 100


def test_seed_lottery_python27(pool, make_spec):
    spec = make_spec(base64.b64decode(LOTTERY), runtime="python2.7", handler="main.lottery")
    seen = set()
    for i in range(10):
        r = pool.invoke(spec, "张三,李四,王五".encode(), f"lot-{i}")
        assert r.ok, r.error
        seen.add(r.payload.decode("utf-8"))
    assert seen <= {"张三", "李四", "王五"} and seen


def test_python27_event_is_str_and_py2_syntax(pool, make_spec):
    code = ("def handler(event, context):\n"
            "    print 'event type', type(event).__name__\n"
            "    try:\n        1/0\n    except ZeroDivisionError, e:\n        pass\n"
            "    return unicode(event) + u'!' + str(long(2))\n")
    spec = make_spec({"index.py": code}, runtime="python2.7")
    r = pool.invoke(spec, b"hi", "p2-1")
    assert r.ok, r.error
    assert r.payload == b"hi!2"
    assert "event type str" in r.logs


def test_python3_event_is_bytes_and_results(pool, make_spec):
    code = ("import decimal, datetime\n"
            "def handler(event, context):\n"
            "    kind = type(event).__name__\n"
            "    if event == b'dict': return {'b': 1, 'a': [1, 2], 'k': kind}\n"
            "    if event == b'none': return None\n"
            "    if event == b'bytes': return b'\\x00\\xff'\n"
            "    if event == b'dec': return {'d': decimal.Decimal('1.5'), 't': datetime.date(2020, 1, 2)}\n"
            "    if event == b'bad': return object()\n"
            "    return kind\n")
    spec = make_spec({"index.py": code})
    assert pool.invoke(spec, b"x", "r1").payload == b"bytes"
    r = pool.invoke(spec, b"dict", "r2")
    assert r.payload.decode() == json.dumps({"b": 1, "a": [1, 2], "k": "bytes"}, indent=4,
                                             sort_keys=True)
    assert pool.invoke(spec, b"none", "r3").payload == b"null"
    assert pool.invoke(spec, b"bytes", "r4").payload == b"\x00\xff"
    assert json.loads(pool.invoke(spec, b"dec", "r5").payload) == {"d": 1.5, "t": "2020-01-02"}
    r = pool.invoke(spec, b"bad", "r6")
    assert not r.ok and r.error["errorType"] == "TypeError"
    assert "not JSON serializable" in r.error["errorMessage"]


def test_exception_error_json_and_stacktrace(pool, make_spec):
    code = "def helper():\n    raise ValueError('boom')\n\ndef handler(event, context):\n    helper()\n"
    spec = make_spec({"index.py": code})
    r = pool.invoke(spec, b"", "err-1")
    assert not r.ok
    assert r.error_type == "UnhandledInvocationError"
    assert r.error["errorMessage"] == "boom" and r.error["errorType"] == "ValueError"
    trace = r.error["stackTrace"]
    assert trace[0][2] == "in handler" and trace[-1][2] == "in helper"
    assert not any("bootstrap" in f[0] for f in trace)  # runtime frame stripped
    assert json.loads(r.payload) == r.error
    assert "FC Invoke End RequestId: err-1, Error: Unhandled function error" in r.logs


def test_handler_loading_errors(pool, make_spec):
    cases = {
        "nodot": ("InvalidHandleName", "Invalid handler 'nodot'", {"index.py": ""}),
        "missing.handler": ("ImportModuleError", "Unable to import module 'missing'",
                            {"index.py": ""}),
        "index.nope": ("HandlerNotFound", "Handler 'nope' is missing on module 'index'",
                       {"index.py": "x = 1\n"}),
        "index.handler": ("UserCodeSyntaxError", "Syntax error in module 'index'",
                          {"index.py": "def handler(:\n"}),
    }
    for handler, (etype, msg, files) in cases.items():
        r = pool.invoke(make_spec(files, handler=handler), b"", "load-" + etype)
        assert r.error["errorType"] == etype, r.error
        assert r.error["errorMessage"] == msg
    r = pool.invoke(make_spec({"index.py": "raise RuntimeError('init')\n"}), b"", "load-ue")
    assert r.error["errorType"] == "UserCodeError"
    assert r.error["errorMessage"] == "Module initialization error: 'init'"


def test_handler_in_subdirectory(pool, make_spec):
    spec = make_spec({"a/b/c.py": "def handler(e, c):\n    return 'deep'\n"},
                     handler="a/b.c.handler")
    r = pool.invoke(spec, b"", "sub-1")
    assert r.ok, r.error
    assert r.payload == b"deep"


def test_logs_format_and_capture(pool, make_spec):
    code = ("import logging, os, sys\n"
            "def handler(event, context):\n"
            "    print('hello stdout')\n"
            "    sys.stderr.write('hello stderr\\n')\n"
            "    logging.getLogger().info('via root')\n"
            "    context.getLogger().warning('via context')\n"
            "    os.system('echo from-subprocess')\n"
            "    return 'ok'\n")
    spec = make_spec({"index.py": code})
    r = pool.invoke(spec, b"", "log-req-1")
    assert r.ok, r.error
    lines = r.logs.splitlines()
    assert "FC Invoke Start RequestId: log-req-1" in lines
    assert lines[-1] == "FC Invoke End RequestId: log-req-1"
    assert "hello stdout" in lines and "hello stderr" in lines and "from-subprocess" in lines
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z log-req-1 \[INFO\] via root", ln)
               for ln in lines), lines
    assert any(ln.endswith("log-req-1 [WARNING] via context") for ln in lines)
    r2 = pool.invoke(spec, b"", "log-req-2")
    assert "log-req-1" not in r2.logs  # per-invocation capture


def test_log_cap(pool, make_spec):
    code = "def handler(e, c):\n    for i in range(3000):\n        print('x' * 1000)\n    return 1\n"
    r = pool.invoke(make_spec({"index.py": code}), b"", "cap-1")
    assert r.ok
    assert len(r.logs) < (1 << 20) + 4096
    assert "log truncated" in r.logs
    assert len(r.log_tail.encode()) <= 4096


def test_warm_reuse_and_cold_start(pool, make_spec):
    code = "counter = 0\ndef handler(e, c):\n    global counter\n    counter += 1\n    return counter\n"
    spec = make_spec({"index.py": code})
    r1 = pool.invoke(spec, b"", "w1")
    r2 = pool.invoke(spec, b"", "w2")
    assert r1.cold_start and not r2.cold_start
    assert (r1.payload, r2.payload) == (b"1", b"2")
    assert r1.instance_id == r2.instance_id
    assert r2.duration_ms > 0 and r2.billed_ms >= 1 and r2.max_memory_mb > 0


def test_timeout_kills_and_pool_recovers(pool, make_spec):
    code = ("import time\n"
            "def handler(e, c):\n"
            "    if e == b'loop':\n        print('started looping')\n        while True: pass\n"
            "    return 'fine'\n")
    spec = make_spec({"index.py": code}, timeout_s=1)
    r = pool.invoke(spec, b"loop", "to-1")
    assert not r.ok and r.error_type == "UnhandledInvocationError"
    assert re.fullmatch(r"Function timed out after 1 seconds \(maxMemoryUsage: \d+\.\d\dMB\)",
                        r.error["errorMessage"]), r.error
    assert 1000 <= r.duration_ms < 3000
    assert "started looping" in r.logs
    r2 = pool.invoke(spec, b"x", "to-2")
    assert r2.ok and r2.payload == b"fine" and r2.cold_start


def test_memory_limit(pool, make_spec):
    code = "def handler(e, c):\n    x = bytearray(600 * 1024 * 1024)\n    return len(x)\n"
    spec = make_spec({"index.py": code}, memory_mb=128)
    r = pool.invoke(spec, b"", "mem-1")
    assert not r.ok
    assert r.error["errorMessage"].startswith(
        "Process exited unexpectedly before completing request (duration: ")
    assert "maxMemoryUsage:" in r.error["errorMessage"]
    small = make_spec({"index.py": "def handler(e, c):\n    return len(bytearray(64 << 20))\n"},
                      memory_mb=128)
    assert pool.invoke(small, b"", "mem-2").ok


def test_sys_exit_is_process_exit(pool, make_spec):
    spec = make_spec({"index.py": "import sys\ndef handler(e, c):\n    print('bye')\n    sys.exit(3)\n"})
    r = pool.invoke(spec, b"", "exit-1")
    assert not r.ok and "Process exited unexpectedly" in r.error["errorMessage"]
    assert "bye" in r.logs


def test_context_fields(pool, make_spec):
    code = ("import json\n"
            "def handler(e, c):\n"
            "    cr = c.credentials\n"
            "    return {'rid': c.request_id, 'rid2': c.requestId, 'ak': cr.access_key_id,\n"
            "            'ak2': cr.accessKeyId, 'sk': cr.accessKeySecret, 'tok': cr.security_token,\n"
            "            'fn': [c.function.name, c.function.handler, c.function.memory, c.function.timeout],\n"
            "            'svc': [c.service.name, c.service.log_project, c.service.log_store,\n"
            "                    c.service.qualifier, c.service.version_id],\n"
            "            'region': c.region, 'account': c.account_id, 'retry': c.retry_count,\n"
            "            'tracing': c.tracing.span_baggages, 'json': c.to_json()['requestId']}\n")
    creds = {"AccessKeyId": "AK", "AccessKeySecret": "SK", "SecurityToken": "TOK"}
    spec = make_spec({"index.py": code}, credentials=creds, memory_mb=256, timeout_s=7,
                     log_project="lp", log_store="ls", qualifier="prod", version_id="3")
    r = pool.invoke(spec, b"", "ctx-1", retry_count=2)
    assert r.ok, r.error
    d = json.loads(r.payload)
    assert d["rid"] == d["rid2"] == d["json"] == "ctx-1"
    assert (d["ak"], d["ak2"], d["sk"], d["tok"]) == ("AK", "AK", "SK", "TOK")
    assert d["fn"] == ["fn", "index.handler", 256, 7]
    assert d["svc"] == ["svc", "lp", "ls", "prod", "3"]
    assert (d["region"], d["account"], d["retry"]) == ("cn-hangzhou", "1234567890123456", 2)


def test_python312_context_shape(pool, make_spec):
    code = ("def handler(e, c):\n"
            "    return [hasattr(c, 'credentials'), hasattr(c, 'service'), c.function.qualifier,\n"
            "            c.function.version_id, c.log_project]\n")
    spec = make_spec({"index.py": code}, runtime="python3.12", qualifier="q", version_id="2",
                     log_project="lp")
    r = pool.invoke(spec, b"", "c312")
    assert json.loads(r.payload) == [False, False, "q", "2", "lp"]


def test_environment_is_scrubbed(pool, make_spec, monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_SECRET_KEY", "super-secret-value")
    code = "import os\ndef handler(e, c):\n    return dict(os.environ)\n"
    spec = make_spec({"index.py": code}, environment={"MY_VAR": "1"},
                     credentials={"AccessKeyId": "a", "AccessKeySecret": "b", "SecurityToken": "c"})
    env = json.loads(pool.invoke(spec, b"", "env-1").payload)
    assert "super-secret-value" not in json.dumps(env)
    assert env["MY_VAR"] == "1" and env["HOME"] == "/tmp"
    assert env["FC_FUNCTION_NAME"] == "fn" and env["FC_FUNCTION_MEMORY_SIZE"] == "128"
    assert env["ALIBABA_CLOUD_ACCESS_KEY_ID"] == "a"
    allowed = {"FC_FUNC_CODE_PATH", "FC_FUNCTION_MEMORY_SIZE", "FC_FUNCTION_NAME",
               "FC_FUNCTION_HANDLER", "FC_SERVICE_NAME", "FC_REGION", "FC_ACCOUNT_ID",
               "FC_QUALIFIER", "FC_INSTANCE_ID", "FC_RUNTIME_VERSION", "ALIBABA_CLOUD_ACCESS_KEY_ID",
               "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "PYTHONIOENCODING",
               "PATH", "HOME", "LANG", "MY_VAR"}
    assert set(env) <= allowed, set(env) - allowed


def test_initializer_runs_once(pool, make_spec):
    code = ("state = {'init': 0}\n"
            "def init(context):\n    state['init'] += 1\n    print('initializing')\n"
            "def handler(e, c):\n    return state['init']\n")
    spec = make_spec({"index.py": code}, initializer="index.init")
    r1 = pool.invoke(spec, b"", "i1")
    assert r1.ok and r1.payload == b"1"
    assert "FC Initialize Start RequestId: i1" in r1.logs and "initializing" in r1.logs
    assert "FC Initialize End RequestId: i1" in r1.logs
    r2 = pool.invoke(spec, b"", "i2")
    assert r2.payload == b"1" and "Initialize" not in r2.logs


def test_initializer_failure(pool, make_spec):
    code = "def init(c):\n    raise KeyError('x')\ndef handler(e, c):\n    return 1\n"
    r = pool.invoke(make_spec({"index.py": code}, initializer="index.init"), b"", "if-1")
    assert not r.ok and r.error["errorType"] == "KeyError"


def test_instance_concurrency(pool, make_spec):
    code = ("import os, time, threading\n"
            "def handler(e, c):\n    time.sleep(0.5)\n    return os.environ['FC_INSTANCE_ID']\n")
    spec = make_spec({"index.py": code}, instance_concurrency=4)
    results = []

    def call(i):
        results.append(pool.invoke(spec, b"", f"cc-{i}"))

    threads = [threading.Thread(target=call, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.ok for r in results), [r.error for r in results]
    assert len({r.payload for r in results}) == 1  # one instance served all four
    serial = make_spec({"index.py": code})
    results.clear()
    threads = [threading.Thread(target=lambda i=i: results.append(pool.invoke(serial, b"", f"s-{i}")))
               for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.payload for r in results}) == 2  # concurrency 1 -> two instances


def test_http_wsgi_handler(pool, make_spec):
    code = ("def handler(environ, start_response):\n"
            "    body = environ['wsgi.input'].read()\n"
            "    start_response('201 Created', [('Content-Type', 'text/plain'), ('X-A', '1'), ('X-A', '2')])\n"
            "    keys = ['REQUEST_METHOD', 'PATH_INFO', 'QUERY_STRING', 'REMOTE_ADDR', 'CONTENT_TYPE',\n"
            "            'CONTENT_LENGTH', 'HTTP_X_CUSTOM', 'SERVER_NAME', 'fc.request_uri']\n"
            "    return [repr([environ.get(k) for k in keys]).encode(), b'|', body,\n"
            "            environ['fc.context'].request_id.encode()]\n")
    spec = make_spec({"index.py": code})
    http = {"method": "post", "path": "/a/b", "query": "x=1&y=2",
            "headers": [["Content-Type", "application/json"], ["X-Custom", "v1"], ["X-Custom", "v2"]],
            "body": b'{"k": 1}', "client_ip": "10.0.0.9",
            "request_uri": "/2016-08-15/proxy/svc/fn/a/b?x=1&y=2"}
    r = pool.invoke(spec, b"", "http-1", http=http)
    assert r.ok, r.error
    assert r.http_status == 201
    assert ["X-A", "1"] in r.http_headers and ["X-A", "2"] in r.http_headers
    head, body = r.payload.split(b"|", 1)
    assert eval(head) == ["POST", "/a/b", "x=1&y=2", "10.0.0.9", "application/json", "8", "v1,v2",
                          "FCRUNTIME", "/2016-08-15/proxy/svc/fn/a/b?x=1&y=2"]
    assert body == b'{"k": 1}http-1'


def test_result_too_large(pool, make_spec):
    spec = make_spec({"index.py": "def handler(e, c):\n    return b'x' * (33 * 1024 * 1024)\n"},
                     memory_mb=512)
    r = pool.invoke(spec, b"", "big-1")
    assert not r.ok and "32 MB" in r.error["errorMessage"]
