"""Helpers shared by the fcruntime tests (web-level and integration)."""
from __future__ import annotations

import base64
import io
import json
import stat
import zipfile

from tests.conftest import repo_root


def make_zip(files: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content if isinstance(content, bytes) else content.encode())
    return buf.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def lottery_template() -> dict:
    return json.loads((repo_root() / "tests/fixtures/templates/lottery.json").read_text())


def lottery_zip_b64() -> str:
    return lottery_template()["Resources"]["Function"]["Properties"]["Code"]["ZipFile"]
