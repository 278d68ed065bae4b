from __future__ import annotations

import io
import os
import stat
import struct
import zipfile

import pytest

from fcruntime.executor.archive import ArchiveError, check_archive, unpack, zip_source

from .conftest import make_zip


def _zip_with(name: str, content: bytes = b"x", mode: int = 0o644, symlink: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = ((stat.S_IFLNK if symlink else stat.S_IFREG) | mode) << 16
        zf.writestr(info, content)
    return buf.getvalue()


def test_good_zip_passes_and_unpacks_read_only(tmp_path):
    data = make_zip({"index.py": "x = 1\n", "pkg/mod.py": "y = 2\n", "bootstrap": "#!/bin/sh\n"},
                    {"bootstrap": 0o755})
    check_archive(data)
    z = tmp_path / "c.zip"
    z.write_bytes(data)
    dest = unpack(str(z), str(tmp_path / "out"))
    assert open(os.path.join(dest, "pkg", "mod.py")).read() == "y = 2\n"
    assert os.stat(os.path.join(dest, "index.py")).st_mode & 0o777 == 0o444
    assert os.stat(os.path.join(dest, "bootstrap")).st_mode & 0o777 == 0o555
    assert os.stat(dest).st_mode & 0o222 == 0


@pytest.mark.parametrize("name", ["../evil.py", "a/../../evil.py", "/etc/passwd", "..\\evil.py",
                                  "C:/x.py"])
def test_bad_paths_refused(name):
    with pytest.raises(ArchiveError) as ei:
        check_archive(_zip_with(name))
    assert ei.value.code == "InvalidArgument"


def test_symlink_outside_refused():
    with pytest.raises(ArchiveError, match="outside"):
        check_archive(_zip_with("link", b"/etc/passwd", 0o777, symlink=True))
    with pytest.raises(ArchiveError, match="outside"):
        check_archive(_zip_with("a/link", b"../../x", 0o777, symlink=True))
    check_archive(_zip_with("a/link", b"../x", 0o777, symlink=True))  # stays inside


def test_not_a_zip():
    with pytest.raises(ArchiveError, match="not a valid zip"):
        check_archive(b"hello")


def test_zip_bomb_ratio_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(ArchiveError, match="zip bomb"):
        check_archive(buf.getvalue())


def test_declared_size_lie_refused():
    data = bytearray(make_zip({"a.txt": "A" * 5000}))
    # patch the central directory's uncompressed size down to 10 bytes
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 10)
    lh = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, lh + 22, 10)
    with pytest.raises(ArchiveError):
        check_archive(bytes(data))


def test_too_many_entries(monkeypatch):
    from fcruntime.executor import archive
    monkeypatch.setattr(archive, "MAX_ENTRIES", 5)
    with pytest.raises(ArchiveError, match="too many entries"):
        check_archive(make_zip({f"f{i}": "x" for i in range(6)}))


def test_total_size_limit(monkeypatch):
    from fcruntime.executor import archive
    monkeypatch.setattr(archive, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ArchiveError, match="500 MB"):
        check_archive(make_zip({"a": "x" * 600, "b": "y" * 600}))


def test_zip_source():
    zf = zipfile.ZipFile(io.BytesIO(zip_source("python3.9", "def handler(e, c): return 1\n")))
    assert zf.namelist() == ["index.py"]
    zf = zipfile.ZipFile(io.BytesIO(zip_source("nodejs20", "exports.handler=()=>1")))
    assert zf.namelist() == ["index.js"]
