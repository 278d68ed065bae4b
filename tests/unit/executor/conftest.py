"""Fixtures for executor tests: real child processes, no Django, no database."""
from __future__ import annotations

import io
import itertools
import stat
import zipfile

import pytest

from fcruntime.executor import FunctionSpec, InstancePool

_ids = itertools.count()


def make_zip(files: dict[str, str | bytes], modes: dict[str, int] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            mode = (modes or {}).get(name, 0o644)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content if isinstance(content, bytes) else content.encode())
    return buf.getvalue()


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    p = InstancePool(work_dir=str(tmp_path_factory.mktemp("fcwork")), idle_seconds=300)
    yield p
    p.shutdown()


@pytest.fixture
def make_spec(tmp_path):
    def _make(files: dict | bytes, runtime: str = "python3.9", handler: str = "index.handler",
              modes: dict | None = None, **kw) -> FunctionSpec:
        n = next(_ids)
        data = files if isinstance(files, bytes) else make_zip(files, modes)
        path = tmp_path / f"code{n}.zip"
        path.write_bytes(data)
        kw.setdefault("function_name", "fn")
        kw.setdefault("service_name", "svc")
        kw.setdefault("account_id", "1234567890123456")
        kw.setdefault("region", "cn-hangzhou")
        return FunctionSpec(function_id=f"fid-{n}", runtime=runtime, handler=handler,
                            code_zip=str(path), code_checksum=str(n), **kw)
    return _make
