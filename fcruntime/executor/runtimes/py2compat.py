"""python2.7 mode: load py2-only source (print statements, `except X, e`, ...).

FC's python2.7 runtime runs real Python 2; we run the host Python 3 with 2.7
semantics (event is ``str``). Most small handlers are valid in both; for the
rest we compile the source as-is and, only on SyntaxError, retry after a
lib2to3 pass with a small set of syntax fixers (stdlib, no dependencies).
"""
from __future__ import annotations

import importlib.machinery
import sys

_FIXERS = ["print", "except", "raise", "ne", "numliterals", "repr", "exec",
           "tuple_params", "has_key", "apply", "unicode", "long", "xrange", "basestring"]


def _py2_to_3(source: str, name: str) -> str:
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from lib2to3.refactor import RefactoringTool
    tool = RefactoringTool([f"lib2to3.fixes.fix_{f}" for f in _FIXERS])
    if not source.endswith("\n"):
        source += "\n"
    return str(tool.refactor_string(source, name))


class Py2SourceLoader(importlib.machinery.SourceFileLoader):
    def source_to_code(self, data, path, *, _optimize=-1):  # type: ignore[override]
        try:
            return compile(data, path, "exec", dont_inherit=True, optimize=_optimize)
        except SyntaxError as first:
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
            try:
                fixed = _py2_to_3(text, path)
            except Exception:
                raise first from None
            return compile(fixed, path, "exec", dont_inherit=True, optimize=_optimize)

    def get_code(self, fullname):
        # never use cached bytecode: the code dir is read-only anyway
        source = self.get_data(self.get_filename(fullname))
        return self.source_to_code(source, self.get_filename(fullname))


def install(prefixes: list[str]) -> None:
    """Use the py2 loader for directories under ``prefixes`` (code dir, layers)."""
    m = importlib.machinery
    finder_hook = m.FileFinder.path_hook(
        (m.ExtensionFileLoader, m.EXTENSION_SUFFIXES),
        (Py2SourceLoader, m.SOURCE_SUFFIXES),
    )

    def hook(path: str):
        if not any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes):
            raise ImportError("not a function code path")
        return finder_hook(path)

    sys.path_hooks.insert(0, hook)
    sys.path_importer_cache.clear()
