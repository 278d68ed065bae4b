"""Build ``data.json.gz``: every ROS resource type's properties and attributes.

Source: the ``ros-cdk-*`` wheels on PyPI.  Each carries a jsii assembly
(``_jsii/*.jsii.tgz``) holding the ``.jsii`` type JSON (property types, required flags,
``attr*`` attributes) and the generated JS (ROS type names, camelCase -> PascalCase
property names, validators with ranges / allowed values / lengths).  Updatability of the
emulated FC types comes from ``specs/fc-spec.md`` (Editable column); other types get None.

Usage::

    pip download --no-deps -d /tmp/cdk ros-cdk-fc ros-cdk-ros ...   # every ros-cdk-* package
    python -m stacks.template.catalogue.build /tmp/cdk [--fc-spec ../shared/specs/fc-spec.md]
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("data.json.gz")
TYPE_NAME = re.compile(r'^(Ros\w+)\.ROS_RESOURCE_TYPE_NAME = "([^"]+)";', re.M)
TO_TEMPLATE = re.compile(r"function ros(\w+)PropsToRosTemplate\(properties[^)]*\) \{(.*?)\n\}", re.S)
MAPPING = re.compile(r"'(\w+)': [^\n]*?\(properties\.(\w+)\)")
VALIDATOR = re.compile(r"function (Ros\w+)PropsValidator\(properties\) \{(.*?)\n\}", re.S)
CLASS = re.compile(r"^class (\w+) ", re.M)
GETATT = re.compile(r"this\.attr\w+ = this\.getAtt\('([^']+)'\)")
RULE = re.compile(r"propertyValidator\('(\w+)', ros\.(validateRange|validateAllowedValues|validateLength|"
                  r"validateAllowedPattern)\)\(\{(.*?)\}\)\);", re.S)


def _primitive(jtype: dict[str, Any]) -> str:
    if "union" in jtype:
        kinds = [_primitive(t) for t in jtype["union"]["types"]]
        kinds = [k for k in kinds if k != "Resolvable"]
        return kinds[0] if len(set(kinds)) == 1 else "Any"
    if "primitive" in jtype:
        return {"string": "String", "number": "Number", "boolean": "Boolean", "json": "Map"}.get(jtype["primitive"], "Any")
    if "collection" in jtype:
        return "List" if jtype["collection"]["kind"] == "array" else "Map"
    fqn = jtype.get("fqn", "")
    return "Resolvable" if fqn.endswith(".IResolvable") else "Map"


def _rules(body: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for prop, kind, args in RULE.findall(body):
        rule = out.setdefault(prop, {})
        if kind in ("validateRange", "validateLength"):
            low = re.search(r"min: (-?[\d.]+)", args)
            high = re.search(r"max: (-?[\d.]+)", args)
            key = "len" if kind == "validateLength" else "range"
            rule[key] = [_num(low.group(1)) if low else None, _num(high.group(1)) if high else None]
        elif kind == "validateAllowedValues":
            values = re.search(r"allowedValues: (\[.*\])", args, re.S)
            if values:
                try:
                    rule["allowed"] = json.loads(values.group(1))
                except ValueError:
                    pass
        else:
            pattern = re.search(r"reg: (/.*/|\"[^\n]*\")", args)
            if pattern and pattern.group(1).startswith('"'):
                rule["pattern"] = json.loads(pattern.group(1))
    return out


def _num(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number


def _assembly(wheel: Path) -> tuple[dict[str, Any], dict[str, str]] | None:
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if n.endswith(".jsii.tgz")]
        if not names:
            return None
        data = zf.read(names[0])
    with tarfile.open(fileobj=io.BytesIO(data)) as tf:
        assembly = json.load(tf.extractfile("package/.jsii"))  # type: ignore[arg-type]
        js = {m.name[len("package/"):]: tf.extractfile(m).read().decode("utf-8")  # type: ignore[union-attr]
              for m in tf.getmembers() if m.name.endswith(".generated.js")}
    return assembly, js


def _types_of(assembly: dict[str, Any], js: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    types = assembly.get("types", {})
    for path, text in js.items():
        sub = ".".join(Path(path).parent.parts[1:])        # lib/datasource/x.js -> datasource
        prefix = assembly["name"] + (f".{sub}" if sub else "")
        mappings = {cls: dict((camel, pascal) for pascal, camel in MAPPING.findall(body))
                    for cls, body in TO_TEMPLATE.findall(text)}
        rules = {cls: _rules(body) for cls, body in VALIDATOR.findall(text)}
        attrs = _class_attributes(text)
        for cls, type_name in TYPE_NAME.findall(text):
            spec = _type_spec(types, prefix, cls, mappings.get(cls[3:], {}), rules.get(f"{cls}", {}))
            if spec is not None:
                spec["a"] = sorted(set(attrs.get(cls, [])) or _attr_members(types, prefix, cls))
                out[type_name] = spec
    return out


def _attr_members(types: dict[str, Any], prefix: str, cls: str) -> set[str]:
    klass = types.get(f"{prefix}.{cls}", {})
    return {p["name"][4:] for p in klass.get("properties", []) if p["name"].startswith("attr") and not p.get("static")}


def _class_attributes(text: str) -> dict[str, list[str]]:
    """{class: [attribute names as passed to getAtt]} from the generated JS."""
    starts = [(m.start(), m.group(1)) for m in CLASS.finditer(text)] + [(len(text), "")]
    return {name: GETATT.findall(text[start:end]) for (start, name), (end, _) in zip(starts, starts[1:])}


def _type_spec(types: dict[str, Any], prefix: str, cls: str, mapping: dict[str, str],
               rules: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    klass = types.get(f"{prefix}.{cls}")
    props = types.get(f"{prefix}.{cls}Props")
    if klass is None:
        return None
    attributes: list[str] = []
    properties: dict[str, list[Any]] = {}
    for prop in (props or {}).get("properties", []):
        camel = prop["name"]
        pascal = mapping.get(camel, camel[:1].upper() + camel[1:])
        rule = rules.get(camel, {})
        low, high = rule.get("range", rule.get("len", [None, None]))
        properties[pascal] = [_primitive(prop["type"]), not prop.get("optional", False), None,
                              rule.get("allowed"), low, high, rule.get("pattern")]
    return {"p": properties, "a": attributes}


# Real ROS types used by official templates but absent from the ros-cdk-* 1.15 wheels: known,
# not emulated, schema unknown (any property and attribute accepted).
SUPPLEMENTARY_TYPES = (
    "ALIYUN::FC::Application", "ALIYUN::MNS::EventNotification", "ALIYUN::ECS::PrepayInstance",
    "ALIYUN::ECS::PrepayInstanceGroupClone", "ALIYUN::ROS::MergePay", "ALIYUN::RandomString",
    "DATASOURCE::AppFlow::Validation",
)


def fc_editable(spec_text: str) -> dict[str, dict[str, bool]]:
    """{type: {property: editable}} from the fc-spec tables (Editable column)."""
    out: dict[str, dict[str, bool]] = {}
    current = None
    column = None
    for line in spec_text.splitlines():
        heading = re.match(r"^###\s+[\d.]+\s+`([A-Z]+::[A-Za-z]+::[A-Za-z]+)`", line)
        if heading:
            current, column = heading.group(1), None
            continue
        if current and line.startswith("| Property"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            column = cells.index("Editable") if "Editable" in cells else None
            continue
        if current and column is not None and line.startswith("| `") and line.count("|") > column + 1:
            cells = [c.strip() for c in line.strip("|").split("|")]
            name = cells[0].strip("`").split("`")[0]
            value = cells[column].replace("*", "").strip().lower()
            out.setdefault(current, {})[name] = value.startswith("yes")
    return out


def build(wheel_dir: Path, fc_spec: Path | None) -> dict[str, Any]:
    types: dict[str, Any] = {}
    for wheel in sorted(wheel_dir.glob("ros_cdk_*.whl")):
        found = _assembly(wheel)
        if found:
            types.update(_types_of(*found))
    for name in SUPPLEMENTARY_TYPES:
        types.setdefault(name, {"p": {}, "a": [], "o": 1})
    if fc_spec and fc_spec.exists():
        for type_name, editable in fc_editable(fc_spec.read_text("utf-8")).items():
            for prop, allowed in editable.items():
                if type_name in types and prop in types[type_name]["p"]:
                    types[type_name]["p"][prop][2] = allowed
    return {"generated": "generated by stacks/template/catalogue/build.py - do not edit",
            "fields": ["type", "required", "update_allowed", "allowed_values", "min", "max", "pattern"],
            "types": dict(sorted(types.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheels", type=Path, help="directory of downloaded ros-cdk-* wheels")
    default_spec = Path(__file__).resolve().parents[4] / "shared" / "specs" / "fc-spec.md"
    parser.add_argument("--fc-spec", type=Path, default=default_spec)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(args.wheels, args.fc_spec)
    payload = json.dumps(data, separators=(",", ":"), sort_keys=False).encode("utf-8")
    args.out.write_bytes(gzip.compress(payload, 9, mtime=0))
    print(f"{len(data['types'])} types -> {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
