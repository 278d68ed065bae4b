"""The lottery scenario of the seed article: load, validate and resolve."""
from __future__ import annotations

from stacks.template import StackContext, load, validate


def test_lottery_loads_validates_and_resolves(lottery_text, make_state):
    template = load(lottery_text)
    resolved = validate(template, {"Persons": "小明, 王五"}, StackContext(stack_name="lottery", account_id="1" * 16))
    assert resolved.graph.create_order() == ["Service", "Function", "FunctionInvoker"]
    assert resolved.graph.delete_order() == ["FunctionInvoker", "Function", "Service"]
    assert resolved.resources["FunctionInvoker"].depends_on == {"Function"}
    assert all(r.emulated for r in resolved.resources.values())
    state = make_state({("FunctionInvoker", "Result"): "王五"})
    props = resolved.resolve_properties("FunctionInvoker", state)
    assert props == {"ServiceName": "test-fc-service", "FunctionName": "test-fc-function", "Async": False,
                     "Event": "小明,王五", "ExecuteVersion": 0}
    assert resolved.resolve_properties("Function", state)["Timeout"] == 2
    assert resolved.resolve_outputs(state) == [{"OutputKey": "Result", "Description": "", "OutputValue": "恭喜王五中奖"}]
    assert resolved.parameters == {"Persons": ["小明", "王五"], "ServiceName": "test-fc-service",
                                   "FunctionName": "test-fc-function", "ExecuteVersion": 0}


def test_lottery_update_parameter(lottery_text):
    resolved = validate(load(lottery_text), {"Persons": "a", "ExecuteVersion": "1"})
    assert resolved.parameters["ExecuteVersion"] == 1


def test_lottery_requires_persons(lottery_text):
    import pytest

    from stacks.template import TemplateError
    with pytest.raises(TemplateError) as info:
        validate(load(lottery_text), {})
    assert info.value.code == "UserParameterMissing"
    assert str(info.value) == "UserParameterMissing: The Parameter Persons was not provided. (Parameters.Persons)"


def test_lottery_output_unavailable(lottery_text, make_state):
    resolved = validate(load(lottery_text), {"Persons": "a"})
    out = resolved.resolve_outputs(make_state(missing={"FunctionInvoker"}))
    assert out[0]["OutputValue"] is None and "FunctionInvoker" in out[0]["Error"]
