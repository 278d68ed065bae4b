from __future__ import annotations

import os
import time

from fcruntime.executor.checksum import crc64, crc64_8bit, crc64_file


def test_check_value():
    assert crc64(b"123456789") == 11051210869376104954
    assert crc64(b"") == 0


def test_matches_reference_and_chains():
    data = os.urandom(100_003)
    assert crc64(data) == crc64_8bit(data)
    assert crc64(data[777:], crc64(data[:777])) == crc64(data)
    for n in range(0, 20):
        assert crc64(data[:n]) == crc64_8bit(data[:n])


def test_file(tmp_path):
    p = tmp_path / "x.bin"
    data = os.urandom(3 * 1024 * 1024 + 5)
    p.write_bytes(data)
    assert crc64_file(str(p), chunk=1 << 20) == crc64(data)


def test_fast_enough_for_multi_mb_zips():
    data = os.urandom(4 * 1024 * 1024)
    t = time.perf_counter()
    crc64(data)
    assert time.perf_counter() - t < 3.0  # ~10 MB/s measured; generous bound
