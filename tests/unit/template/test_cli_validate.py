"""stacks.cli.validate.run: summary / JSON body / error lines and exit codes."""
from __future__ import annotations

import io
import json

from stacks.cli.validate import run


def _run(tmp_path, text: str, as_json: bool = False) -> tuple[int, str, str]:
    path = tmp_path / "t.yml"
    path.write_text(text, "utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run(str(path), as_json, out, err)
    return code, out.getvalue(), err.getvalue()


def test_valid_template_summary(tmp_path, lottery_text):
    code, out, err = _run(tmp_path, lottery_text)
    assert code == 0 and err == ""
    assert "ALIYUN::FC::Function: 1" in out and "Persons: CommaDelimitedList (required)" in out


def test_valid_template_json(tmp_path, lottery_text):
    code, out, _ = _run(tmp_path, lottery_text, as_json=True)
    body = json.loads(out)
    assert code == 0
    assert set(body) == {"Description", "Parameters", "Outputs", "Resources", "ResourceTypes"}
    assert body["ResourceTypes"]["Resources"] == ["ALIYUN::FC::Function", "ALIYUN::FC::FunctionInvoker",
                                                  "ALIYUN::FC::Service"]
    assert body["Resources"][0] == {"LogicalResourceIdPattern": "Service", "ResourcePath": "Service",
                                    "ResourceType": "ALIYUN::FC::Service"}


def test_invalid_template_lines(tmp_path):
    text = "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  A: {Type: ALIYUN::ROS::WaitConditionHandle}\n" \
           "Outputs:\n  X: {Value: !Ref Nope}\n  Y: {Value: !GetAtt A.Nope}\n"
    code, out, err = _run(tmp_path, text)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        'InvalidTemplateReference: The specified reference "Nope" (in Outputs.X) is incorrect. (Outputs.X.Value)',
        "InvalidTemplateAttribute: The Referenced Attribute (A Nope) is incorrect. (Outputs.Y.Value)",
    ]


def test_unreadable_file(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert run(str(tmp_path / "missing.yml"), False, out, err) == 1
    assert err.getvalue().startswith("InvalidTemplate:")


def test_yaml_syntax_error_has_line(tmp_path):
    code, _, err = _run(tmp_path, "ROSTemplateFormatVersion: '2015-09-01'\nResources: [\n")
    assert code == 1 and "line 3" in err
