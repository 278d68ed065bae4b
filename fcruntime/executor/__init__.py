"""Local Function Compute executor (no Django): sandboxed, pooled function instances.

    from fcruntime.executor import FunctionSpec, get_pool
    result = get_pool().invoke(spec, event_bytes, request_id)
"""
from __future__ import annotations

from .archive import ArchiveError, check_archive, zip_source
from .checksum import crc64
from .pool import InstancePool, get_pool
from .sandbox import isolation_level, isolation_warning, node_available
from .spec import (
    SUPPORTED_RUNTIMES,
    FunctionSpec,
    InvokeResult,
    UnsupportedRuntime,
    check_runtime,
)

__all__ = [
    "ArchiveError", "FunctionSpec", "InstancePool", "InvokeResult", "SUPPORTED_RUNTIMES",
    "UnsupportedRuntime", "check_archive", "check_runtime", "crc64", "get_pool",
    "isolation_level", "isolation_warning", "node_available", "zip_source",
]
