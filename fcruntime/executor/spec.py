"""Public data types of the executor (CONTRACTS.md section 3)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping

PYTHON_RUNTIMES = ("python2.7", "python3", "python3.9", "python3.10", "python3.12")
NODE_RUNTIMES = (
    "nodejs4.4", "nodejs6", "nodejs8", "nodejs10", "nodejs12", "nodejs14",
    "nodejs16", "nodejs18", "nodejs20",
)
CUSTOM_RUNTIMES = ("custom", "custom.debian10")
SUPPORTED_RUNTIMES: tuple[str, ...] = PYTHON_RUNTIMES + NODE_RUNTIMES + CUSTOM_RUNTIMES


class UnsupportedRuntime(ValueError):
    """Raised for a runtime this local FC cannot run (java8, go1, custom-container...)."""

    code = "InvalidArgument"

    def __init__(self, runtime: str):
        self.runtime = runtime
        self.message = (
            f"Runtime '{runtime}' is not supported by this local Function Compute; "
            f"supported: {', '.join(SUPPORTED_RUNTIMES)}"
        )
        super().__init__(self.message)


def check_runtime(runtime: str) -> str:
    if runtime not in SUPPORTED_RUNTIMES:
        raise UnsupportedRuntime(runtime)
    return runtime


def runtime_family(runtime: str) -> str:
    check_runtime(runtime)
    if runtime in PYTHON_RUNTIMES:
        return "python"
    if runtime in NODE_RUNTIMES:
        return "node"
    return "custom"


@dataclass(frozen=True)
class FunctionSpec:
    function_id: str
    runtime: str
    handler: str
    code_zip: str
    code_checksum: str = ""
    memory_mb: int = 128
    timeout_s: float = 3
    initializer: str | None = None
    initialization_timeout_s: float = 3
    environment: Mapping[str, str] = field(default_factory=dict)
    instance_concurrency: int = 1
    ca_port: int = 9000
    layers: tuple[str, ...] = ()
    internet_access: bool = True
    function_name: str = ""
    service_name: str = ""
    qualifier: str = "LATEST"
    version_id: str = ""
    region: str = "cn-hangzhou"
    account_id: str = ""
    log_project: str = ""
    log_store: str = ""
    credentials: Mapping[str, str] | None = None

    def __hash__(self) -> int:  # environment/credentials are dicts
        return hash(self.instance_key)

    def config_hash(self) -> str:
        doc = {
            "runtime": self.runtime, "handler": self.handler, "code_zip": self.code_zip,
            "memory_mb": self.memory_mb, "timeout_s": self.timeout_s,
            "initializer": self.initializer,
            "initialization_timeout_s": self.initialization_timeout_s,
            "environment": dict(self.environment or {}),
            "instance_concurrency": self.instance_concurrency, "ca_port": self.ca_port,
            "layers": list(self.layers), "internet_access": self.internet_access,
            "function_name": self.function_name, "service_name": self.service_name,
            "qualifier": self.qualifier, "version_id": self.version_id,
            "region": self.region, "account_id": self.account_id,
            "log_project": self.log_project, "log_store": self.log_store,
            "credentials": dict(self.credentials or {}),
        }
        raw = json.dumps(doc, sort_keys=True, default=str).encode()
        return hashlib.sha256(raw).hexdigest()[:24]

    @property
    def instance_key(self) -> str:
        return f"{self.function_id}:{self.code_checksum}:{self.config_hash()}"


@dataclass
class InvokeResult:
    request_id: str
    ok: bool
    payload: bytes = b""
    error_type: str | None = None
    error: dict[str, Any] | None = None
    logs: str = ""
    duration_ms: float = 0.0
    billed_ms: int = 0
    max_memory_mb: float = 0.0
    cold_start: bool = False
    instance_id: str = ""
    http_status: int | None = None
    http_headers: list[list[str]] | None = None

    @property
    def log_tail(self) -> str:
        """Last 4 KB of this invocation's log (what X-Fc-Log-Result carries)."""
        raw = self.logs.encode("utf-8", "replace")[-4096:]
        return raw.decode("utf-8", "ignore")
