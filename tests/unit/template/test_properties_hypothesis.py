"""Property-based: random nested JSON/YAML never raises anything but TemplateError."""
from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stacks.template import StackContext, TemplateError, load, validate
from stacks.template.functions import REGISTRY

KEYS = st.sampled_from(sorted(REGISTRY) + ["Ref", "Type", "Properties", "Resources", "Value", "Condition",
                                            "DependsOn", "Count", "a", "b", "ALIYUN::Index", "Fn::Sub"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["", "a", "A", "B", "x,y", "${A}", "${A.B}", "${!x}", "1:2", "-1", "First",
                                     ".a", "ALIYUN::NoValue", "ALIYUN::Region", "C", "P"]),
                    st.text(max_size=8))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=3)), max_leaves=25)

TYPES = st.sampled_from(["ALIYUN::ROS::WaitConditionHandle", "ALIYUN::FC::Service", "Custom::X", "Bad::Type"])
RESOURCE = st.fixed_dictionaries({"Type": TYPES}, optional={"Properties": st.dictionaries(KEYS, VALUES, max_size=3),
                                                            "DependsOn": VALUES, "Condition": VALUES,
                                                            "Count": VALUES})
TEMPLATE = st.fixed_dictionaries(
    {"ROSTemplateFormatVersion": st.sampled_from(["2015-09-01", "x"])},
    optional={"Parameters": st.dictionaries(st.sampled_from(["P", "Q"]), st.fixed_dictionaries(
                  {"Type": st.sampled_from(["String", "Number", "Json", "Boolean", "CommaDelimitedList", "X"])},
                  optional={"Default": SCALARS, "AllowedValues": st.lists(SCALARS, max_size=3)})),
              "Conditions": st.dictionaries(st.sampled_from(["C", "D"]), VALUES, max_size=2),
              "Resources": st.dictionaries(st.sampled_from(["A", "B", "R"]), RESOURCE, max_size=3),
              "Outputs": st.dictionaries(st.sampled_from(["O"]), st.fixed_dictionaries({"Value": VALUES})),
              "Mappings": VALUES, "Locals": VALUES, "Rules": VALUES, "Metadata": VALUES})


class State:
    def ref(self, logical_id):
        return logical_id

    def get_att(self, logical_id, name):
        return [logical_id, name]


def _exercise(text: str) -> None:
    try:
        resolved = validate(load(text), {}, StackContext(), mode="validate")
        for name in resolved.resources:
            resolved.resolve_properties(name, State())
        resolved.resolve_outputs(State())
        resolved.summary()
    except TemplateError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEMPLATE)
def test_random_json_templates(body):
    _exercise(json.dumps(body))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEMPLATE)
def test_random_yaml_templates(body):
    _exercise(yaml.safe_dump(body))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text(text):
    _exercise(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes(data):
    _exercise(data)  # type: ignore[arg-type]
