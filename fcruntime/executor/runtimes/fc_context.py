"""FC Python runtime objects: context, result serialization, WSGI environ (stdlib only)."""
from __future__ import annotations

import base64
import datetime
import decimal
import io
import json
import logging
import os


class Credentials:
    def __init__(self, access_key_id="", access_key_secret="", security_token=""):
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token

    @property
    def accessKeyId(self):  # noqa: N802 - FC's camelCase aliases
        return self.access_key_id

    @property
    def accessKeySecret(self):  # noqa: N802
        return self.access_key_secret

    @property
    def securityToken(self):  # noqa: N802
        return self.security_token

    def to_json(self):
        return {"accessKeyId": self.access_key_id, "accessKeySecret": self.access_key_secret,
                "securityToken": self.security_token}


class FunctionMeta:
    def __init__(self, name, handler, memory, timeout, version_id=None, qualifier=None):
        self.name = name
        self.handler = handler
        self.memory = memory
        self.timeout = timeout
        if version_id is not None:
            self.version_id = version_id
            self.qualifier = qualifier

    def to_json(self):
        return dict(self.__dict__)


class ServiceMeta:
    def __init__(self, name, log_project, log_store, qualifier, version_id):
        self.name = name
        self.log_project = log_project
        self.log_store = log_store
        self.qualifier = qualifier
        self.version_id = version_id

    def to_json(self):
        return {"name": self.name, "logProject": self.log_project, "logStore": self.log_store,
                "qualifier": self.qualifier, "versionId": self.version_id}


class Tracing:
    def __init__(self, span_context="", jaeger_endpoint="", span_baggages=""):
        self.span_context = span_context
        self.jaeger_endpoint = jaeger_endpoint
        self.span_baggages = self._decode(span_baggages)

    @staticmethod
    def _decode(raw):
        if isinstance(raw, dict):
            return raw
        if not raw:
            return {}
        try:
            return json.loads(base64.b64decode(raw))
        except Exception:
            return {}

    def to_json(self):
        return {"openTracingSpanContext": self.span_context,
                "jaegerEndpoint": self.jaeger_endpoint,
                "openTracingSpanBaggages": self.span_baggages}


class FCContext:
    """Context for python2.7/3/3.9/3.10 (spec section 3.4)."""

    def __init__(self, meta: dict, logger: logging.Logger):
        creds = meta.get("credentials") or {}
        self.request_id = meta["request_id"]
        self.credentials = Credentials(creds.get("AccessKeyId", ""),
                                       creds.get("AccessKeySecret", ""),
                                       creds.get("SecurityToken", ""))
        self.function = FunctionMeta(meta.get("function_name", ""), meta.get("handler", ""),
                                     meta.get("memory", 128), meta.get("timeout", 3))
        self.service = ServiceMeta(meta.get("service_name", ""), meta.get("log_project", ""),
                                   meta.get("log_store", ""), meta.get("qualifier", "LATEST"),
                                   meta.get("version_id", ""))
        self.region = meta.get("region", "")
        self.account_id = meta.get("account_id", "")
        self.retry_count = meta.get("retry_count", 0)
        self.tracing = Tracing(**(meta.get("tracing") or {}))
        self.logger = logger

    @property
    def requestId(self):  # noqa: N802
        return self.request_id

    def getLogger(self):  # noqa: N802
        return self.logger

    def to_json(self):
        """camelCase dict (usable as a handler result or with json.dumps)."""
        return {"requestId": self.request_id, "credentials": self.credentials.to_json(),
                "function": self.function.to_json(), "service": self.service.to_json(),
                "region": self.region, "accountId": self.account_id,
                "retryCount": self.retry_count, "tracing": self.tracing.to_json()}


class FCContext312:
    """python3.12 context: no credentials/service; function carries version/qualifier."""

    def __init__(self, meta: dict, logger: logging.Logger):
        self.request_id = meta["request_id"]
        self.function = FunctionMeta(meta.get("function_name", ""), meta.get("handler", ""),
                                     meta.get("memory", 128), meta.get("timeout", 3),
                                     meta.get("version_id", ""), meta.get("qualifier", "LATEST"))
        self.region = meta.get("region", "")
        self.account_id = meta.get("account_id", "")
        self.log_project = meta.get("log_project", "")
        self.log_store = meta.get("log_store", "")
        self.logger = logger

    @property
    def requestId(self):  # noqa: N802
        return self.request_id

    def getLogger(self):  # noqa: N802
        return self.logger

    def to_json(self):
        return {"requestId": self.request_id, "function": self.function.to_json(),
                "region": self.region, "accountId": self.account_id,
                "logProject": self.log_project, "logStore": self.log_store}


def _default(obj):
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    if isinstance(obj, (datetime.date, datetime.datetime, datetime.time)):
        return obj.isoformat()
    to_json = getattr(obj, "to_json", None)
    if callable(to_json):
        return to_json()
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def serialize_result(value) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return json.dumps(value, indent=4, sort_keys=True, default=_default).encode("utf-8")


def wsgi_environ(http: dict, body: bytes, context, handler: str, errors) -> dict:
    env = dict(os.environ)
    uri = http.get("request_uri") or ""
    query = http.get("query")
    if "?" in uri:
        qs = uri.split("?", 1)[1]
    elif isinstance(query, str):
        qs = query
    elif query:
        from urllib.parse import urlencode
        qs = urlencode(query, doseq=True)
    else:
        qs = ""
    env.update({
        "REQUEST_METHOD": (http.get("method") or "GET").upper(),
        "SCRIPT_NAME": "",
        "PATH_INFO": http.get("path") or "/",
        "QUERY_STRING": qs,
        "REMOTE_ADDR": http.get("client_ip") or "",
        "CONTENT_TYPE": "application/octet-stream",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "FCRUNTIME",
        "SERVER_PORT": "9000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": errors,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.url_scheme": "http",
        "HTTP_X_FC_FUNCTION_HANDLER": handler,
        "fc.request_uri": uri,
        "fc.context": context,
    })
    joined: dict[str, list[str]] = {}
    for key, value in http.get("headers") or []:
        joined.setdefault(key.lower(), []).append(str(value))
    for key, values in joined.items():
        value = ",".join(values)
        if key == "content-type":
            env["CONTENT_TYPE"] = value
        elif key == "content-length":
            continue
        else:
            env["HTTP_" + key.upper().replace("-", "_")] = value
    return env


def run_wsgi(fn, environ: dict) -> tuple[int, list[list[str]], bytes]:
    state: dict = {}
    chunks: list[bytes] = []

    def start_response(status, headers, exc_info=None):
        if exc_info and state.get("status"):
            raise exc_info[1].with_traceback(exc_info[2])
        state["status"] = status
        state["headers"] = [[str(k), str(v)] for k, v in headers]

        def write(data):
            chunks.append(data.encode("utf-8") if isinstance(data, str) else bytes(data))
        return write

    result = fn(environ, start_response)
    try:
        for chunk in result or ():
            chunks.append(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk))
    finally:
        close = getattr(result, "close", None)
        if callable(close):
            close()
    status = str(state.get("status") or "200 OK")
    try:
        code = int(status.split(" ", 1)[0])
    except ValueError:
        code = 500
    return code, state.get("headers") or [], b"".join(chunks)
