"""PreviewStack results as rows for the page: masked properties, actions and the dependency graph."""
from __future__ import annotations

import json
from typing import Any

from stacks.graph_layout import layout
from stacks.views.display import mask_properties


def preview_rows(preview: dict[str, Any], secrets: list[str]) -> list[dict[str, Any]]:
    rows = []
    for res in preview.get("Resources") or []:
        props = mask_properties(res.get("Properties") or {}, secrets)
        rows.append({"id": res.get("LogicalResourceId", ""), "type": res.get("ResourceType", ""),
                     "action": res.get("Action", "Add"), "replacement": res.get("Replacement", ""),
                     "required_by": res.get("RequiredBy") or [],
                     "properties": json.dumps(props, indent=2, ensure_ascii=False, default=str)})
    return rows


def preview_graph(rows: list[dict[str, Any]]) -> dict[str, Any]:
    requires: dict[str, list[str]] = {r["id"]: [] for r in rows}
    for row in rows:
        for dependent in row["required_by"]:
            requires.setdefault(dependent, []).append(row["id"])
    placed = layout([r["id"] for r in rows], requires)
    types = {r["id"]: r["type"] for r in rows}
    actions = {r["id"]: r["action"] for r in rows}
    nodes = [{"n": n, "r": {"logical_id": n.id, "type": types.get(n.id, ""), "status": actions.get(n.id, "")},
              "family": {"Add": "ok", "Modify": "busy", "Remove": "fail"}.get(actions.get(n.id, ""), "idle"),
              "short_type": types.get(n.id, "").split("::")[-1]} for n in placed.nodes]
    return {"graph": placed, "nodes": nodes}


def secret_values(state: dict[str, Any], no_echo: list[str]) -> list[str]:
    params = state.get("parameters") or {}
    return [str(params[k]) for k in no_echo if k in params and params[k] not in ("", None)]
