"""Forms for the stack wizards: template source, stack options, and the parameter form built from a template."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from django import forms

from stacks.template.loader import MAX_TEMPLATE_BYTES

STACK_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,254}$")
PARAM_PREFIX = "p"
CONFIRM_SUFFIX = "__confirm"
PREVIOUS_SUFFIX = "__previous"


class TemplateSourceForm(forms.Form):
    """Step 1: paste, upload or pick a sample; an upload wins over pasted text."""

    template_body = forms.CharField(required=False, widget=forms.Textarea(attrs={
        "rows": 24, "spellcheck": "false", "aria-label": "Template", "data-editor": "template",
        "class": "template-editor"}))
    template_file = forms.FileField(required=False, label="Upload a template file")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("template_file")
        if upload is not None:
            if upload.size > MAX_TEMPLATE_BYTES:
                raise forms.ValidationError(f"The file is larger than {MAX_TEMPLATE_BYTES} bytes.")
            try:
                data["template_body"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("The file is not UTF-8 text.") from None
        if not (data.get("template_body") or "").strip():
            raise forms.ValidationError("Enter a template, upload a file or pick a sample.")
        return data


ROLLBACK_CHOICES = [("enabled", "Enabled"), ("disabled", "Disabled")]


class StackOptionsForm(forms.Form):
    """Step 2, stack settings: name, rollback, timeout, deletion protection, tags, simulation."""

    stack_name = forms.CharField(label="Stack Name", max_length=255, help_text=(
        "Up to 255 characters: letters, digits, hyphens (-) and underscores (_); must start with a letter."))
    rollback = forms.ChoiceField(label="Rollback on Failure", choices=ROLLBACK_CHOICES, initial="enabled",
                                 widget=forms.RadioSelect)
    timeout_in_minutes = forms.IntegerField(label="Timeout Period (minutes)", min_value=10, max_value=1440,
                                            initial=60)
    deletion_protection = forms.BooleanField(label="Deletion Protection", required=False)
    tags = forms.CharField(label="Tags", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="One Key=Value per line, at most 20.")
    simulate_unsupported = forms.BooleanField(
        label="Simulate resource types that are not emulated", required=False,
        help_text="Resources of types this console does not emulate are marked SIMULATED instead of failing.")

    def __init__(self, *args: Any, updating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if updating:
            for name in ("stack_name", "deletion_protection"):
                del self.fields[name]

    def clean_stack_name(self) -> str:
        name = self.cleaned_data["stack_name"].strip()
        if not STACK_NAME_RE.match(name):
            raise forms.ValidationError("The name must start with a letter and contain only letters, digits, "
                                        "hyphens (-) and underscores (_).")
        return name

    def clean_tags(self) -> list[dict[str, str]]:
        tags = []
        for n, line in enumerate((self.cleaned_data.get("tags") or "").splitlines(), 1):
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if not sep or not key.strip():
                raise forms.ValidationError(f"Line {n}: write Key=Value.")
            tags.append({"Key": key.strip(), "Value": value.strip()})
        if len(tags) > 20:
            raise forms.ValidationError("At most 20 tags.")
        return tags


def tags_text(tags: Iterable[dict[str, str]] | None) -> str:
    return "\n".join(f"{t.get('Key', '')}={t.get('Value', '')}" for t in tags or [])


# --- the parameter form --------------------------------------------------------------------------

def _text(value: Any) -> str:
    """Label/Description may be localized dicts ({"en": .., "zh-cn": ..}) or {"default": ..}."""
    if isinstance(value, dict):
        for key in ("en", "default", "en-us", "zh-cn"):
            if isinstance(value.get(key), str):
                return value[key]
        return next((v for v in value.values() if isinstance(v, str)), "")
    return "" if value is None else str(value)


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _initial_text(schema: dict[str, Any], value: Any) -> Any:
    if value is None:
        return None
    kind = schema.get("Type")
    if kind == "Boolean":
        return _flag(value) if not isinstance(value, bool) else value
    if kind == "Json" and not isinstance(value, str):
        return json.dumps(value, indent=2, ensure_ascii=False)
    if kind == "CommaDelimitedList" and isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class ParameterGroup:
    label: str
    names: list[str] = field(default_factory=list)


class ParameterForm(forms.Form):
    """One field per template parameter (Hidden ones left out), grouped by ParameterGroups.

    Values stay strings, as the API passes them; the template layer coerces and checks them, so
    the form and CreateStack give the same answer. For updates, each field gets a
    "Use previous value" checkbox.
    """

    prefix = PARAM_PREFIX

    def __init__(self, schemas: list[dict[str, Any]], metadata: Any = None, *args: Any,
                 values: dict[str, Any] | None = None, previous: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schemas = {s["ParameterKey"]: s for s in schemas if not s.get("Hidden")}
        self.previous = previous
        values = values or {}
        for name, schema in self.schemas.items():
            value = values.get(name, schema.get("Default"))
            self.fields[name] = _field_for(schema, _initial_text(schema, value))
            if _flag(schema.get("NoEcho")) and _flag(schema.get("Confirm")):
                self.fields[name + CONFIRM_SUFFIX] = forms.CharField(
                    label=f"Confirm {_text(schema.get('Label')) or name}", required=False,
                    widget=forms.PasswordInput(render_value=True))
                self.fields[name + CONFIRM_SUFFIX].initial = self.fields[name].initial
            if previous is not None and name in previous:
                self.fields[name + PREVIOUS_SUFFIX] = forms.BooleanField(
                    label="Use previous value", required=False, initial=name not in values)
        self.groups = _groups(metadata, list(self.schemas))

    def grouped(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """[(group label, [{"field", "confirm", "previous", "schema"}])] for the template."""
        out = []
        for group in self.groups:
            rows = []
            for name in group.names:
                rows.append({
                    "name": name, "field": self[name], "schema": self.schemas[name],
                    "description": _text(self.schemas[name].get("Description")),
                    "confirm": self[name + CONFIRM_SUFFIX] if name + CONFIRM_SUFFIX in self.fields else None,
                    "previous": self[name + PREVIOUS_SUFFIX] if name + PREVIOUS_SUFFIX in self.fields else None,
                })
            out.append((group.label, rows))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, schema in self.schemas.items():
            confirm = name + CONFIRM_SUFFIX
            if confirm in self.fields and data.get(name) != data.get(confirm) and not self._uses_previous(name):
                self.add_error(confirm, "The two values do not match.")
        return data

    def _uses_previous(self, name: str) -> bool:
        return bool(self.cleaned_data.get(name + PREVIOUS_SUFFIX))

    def parameter_values(self) -> dict[str, str]:
        """API-style string values; blank optional fields are left out so defaults apply."""
        values: dict[str, str] = {}
        for name, schema in self.schemas.items():
            if self._uses_previous(name):
                continue
            value = self.cleaned_data.get(name)
            if schema.get("Type") == "Boolean":
                values[name] = "true" if value else "false"
            elif value not in (None, "") or "Default" not in schema:
                values[name] = "" if value is None else str(value)
        return values

    def previous_names(self) -> list[str]:
        return [n for n in self.schemas if self._uses_previous(n)]

    def add_template_error(self, name: str, message: str) -> bool:
        """Attach a validation error to its parameter field; False when the field is not on the form."""
        if name in self.fields:
            self.add_error(name, message)
            return True
        return False


def _field_for(schema: dict[str, Any], initial: Any) -> forms.Field:
    name = schema["ParameterKey"]
    kind = schema.get("Type", "String")
    label = _text(schema.get("Label")) or name
    common: dict[str, Any] = {"label": label, "required": False, "initial": initial}
    allowed = schema.get("AllowedValues")
    if kind == "Boolean":
        return forms.BooleanField(widget=forms.CheckboxInput(attrs={"class": "switch", "role": "switch"}), **common)
    if allowed and isinstance(allowed, list):
        choices = [(str(v), str(v)) for v in allowed]
        if "Default" not in schema:
            choices = [("", "Select…")] + choices
        return forms.ChoiceField(choices=choices, **common)
    if _flag(schema.get("NoEcho")):
        return forms.CharField(widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
                               strip=False, **common)
    if kind == "Json" or _flag(schema.get("TextArea")):
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}), strip=False, **common)
    attrs: dict[str, Any] = {}
    if kind == "Number":
        attrs["inputmode"] = "decimal"
    if kind == "CommaDelimitedList":
        attrs["placeholder"] = "value1,value2,value3"
    if schema.get("Placeholder"):
        attrs["placeholder"] = _text(schema["Placeholder"])
    return forms.CharField(widget=forms.TextInput(attrs=attrs), strip=False, **common)


def _groups(metadata: Any, names: list[str]) -> list[ParameterGroup]:
    interface = metadata.get("ALIYUN::ROS::Interface") if isinstance(metadata, dict) else None
    groups: list[ParameterGroup] = []
    placed: set[str] = set()
    for raw in (interface or {}).get("ParameterGroups") or [] if isinstance(interface, dict) else []:
        if not isinstance(raw, dict):
            continue
        members = [n for n in raw.get("Parameters") or [] if n in names and n not in placed]
        if members:
            groups.append(ParameterGroup(_text(raw.get("Label")), members))
            placed.update(members)
    rest = [n for n in names if n not in placed]
    if rest:
        groups.append(ParameterGroup("Parameters" if not groups else "Other Parameters", rest))
    return groups


class ChangeSetForm(forms.Form):
    """Create a change set for an existing stack: a name, the (edited) template and parameter overrides."""

    change_set_name = forms.CharField(label="Change Set Name", max_length=255)
    description = forms.CharField(label="Description", required=False, max_length=1024)
    template_body = forms.CharField(label="Template", widget=forms.Textarea(attrs={
        "rows": 16, "spellcheck": "false", "data-editor": "template", "class": "template-editor"}))
    parameters = forms.CharField(label="Parameters to change", required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="One Key=Value per line; other parameters keep their previous values.")

    def clean_change_set_name(self) -> str:
        name = self.cleaned_data["change_set_name"].strip()
        if not STACK_NAME_RE.match(name):
            raise forms.ValidationError("The name must start with a letter and contain only letters, digits, "
                                        "hyphens (-) and underscores (_).")
        return name

    def clean_parameters(self) -> dict[str, str]:
        values = {}
        for n, line in enumerate((self.cleaned_data.get("parameters") or "").splitlines(), 1):
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if not sep or not key.strip():
                raise forms.ValidationError(f"Line {n}: write Key=Value.")
            values[key.strip()] = value.strip()
        return values
