"""Read a function's code package for display: the file tree and one file's text."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass

from fcruntime import blobstore

MAX_VIEW_BYTES = 256 * 1024


@dataclass(frozen=True)
class CodeFile:
    path: str
    size: int
    depth: int
    name: str


def list_files(fn) -> list[CodeFile]:
    try:
        with zipfile.ZipFile(blobstore.path_for(fn.code_blob)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (OSError, zipfile.BadZipFile):
        return []
    return [CodeFile(i.filename, i.file_size, i.filename.count("/"), i.filename.rsplit("/", 1)[-1])
            for i in sorted(infos, key=lambda i: i.filename)]


def read_file(fn, path: str) -> tuple[str, str]:
    """(text, note): the file's text, or '' and why it is not shown."""
    try:
        with zipfile.ZipFile(blobstore.path_for(fn.code_blob)) as archive:
            info = archive.getinfo(path)
            if info.file_size > MAX_VIEW_BYTES:
                return "", f"This file is {info.file_size} bytes; only files up to {MAX_VIEW_BYTES} bytes are shown."
            data = archive.read(info)
    except KeyError:
        return "", "No such file in the code package."
    except (OSError, zipfile.BadZipFile):
        return "", "The code package cannot be read."
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return "", "Binary file."
