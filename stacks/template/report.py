"""Text for the CLI: a summary of a valid template, one line per error of an invalid one."""
from __future__ import annotations

from collections import Counter

from .errors import TemplateError
from .resolved import ResolvedTemplate


def format_error_lines(err: TemplateError) -> list[str]:
    """``CODE: message (path)`` for each error."""
    errors = getattr(err, "errors", None) or [err]
    return [str(e) for e in errors]


def format_summary(resolved: ResolvedTemplate) -> str:
    summary = resolved.summary()
    description = summary["Description"]
    lines = [f"Description: {description if isinstance(description, str) else description}"]
    params = summary["Parameters"]
    lines.append(f"Parameters ({len(params)}):")
    for p in params:
        extra = f" default={p['Default']!r}" if "Default" in p else " (required)"
        hidden = " hidden" if p.get("Hidden") else ""
        echo = " noecho" if p["NoEcho"] == "true" else ""
        lines.append(f"  {p['ParameterKey']}: {p['Type']}{extra}{echo}{hidden}")
    kinds = Counter(r["ResourceType"] for r in summary["Resources"])
    lines.append(f"Resources ({len(summary['Resources'])}):")
    for kind, count in sorted(kinds.items(), key=lambda kv: str(kv[0])):
        lines.append(f"  {kind}: {count}")
    lines.append(f"Outputs ({len(summary['Outputs'])}): " + ", ".join(o["OutputKey"] for o in summary["Outputs"]))
    unsupported = resolved.unsupported_types()
    if unsupported:
        lines.append("Types not emulated locally: " + ", ".join(unsupported))
    for warning in resolved.warnings:
        lines.append(f"Warning: {warning}")
    return "\n".join(lines)
