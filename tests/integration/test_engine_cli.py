"""`manage.py stack ...` against a real worker: --wait prints events and sets the exit code."""
from __future__ import annotations

import json

import pytest

from stacks.resources import test_provider
from tests.commands import stack_cmd

pytestmark = [pytest.mark.integration]
T = test_provider.TYPE


@pytest.fixture(autouse=True)
def test_types(monkeypatch):
    monkeypatch.setenv("ROSCONSOLE_TEST_RESOURCE_TYPES", "1")
    test_provider.register()


def test_cli_create_show_update_delete_with_wait(celery_worker, make_user, tmp_path):
    make_user("root", "acme", "admin")
    path = tmp_path / "t.yaml"
    path.write_text(f"""ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  V: {{Type: String, Default: one}}
  Secret: {{Type: String, NoEcho: true, Default: hush}}
Resources:
  A: {{Type: {T}, Properties: {{value: !Ref V}}}}
Outputs:
  Out: {{Value: !GetAtt A.Value, Description: the value}}
""")
    code, out, err = stack_cmd("create", "cli", str(path), "-p", "V=two", "--wait", "--user", "root")
    assert code == 0, err + out
    assert "CREATE_COMPLETE" in out and "A " in out
    code, out, _ = stack_cmd("show", "cli", "--json", "--user", "root")
    body = json.loads(out)
    assert body["Status"] == "CREATE_COMPLETE"
    assert body["Outputs"] == [{"OutputKey": "Out", "OutputValue": "two", "Description": "the value"}]
    assert {"ParameterKey": "Secret", "ParameterValue": "****"} in body["Parameters"]
    code, out, err = stack_cmd("update", "cli", "-p", "V=three", "--wait", "--user", "root")
    assert code == 0, err + out
    code, out, err = stack_cmd("update", "cli", "--wait", "--user", "root")
    assert code == 1 and "NotSupported" in err
    code, out, _ = stack_cmd("events", "cli", "--user", "root")
    assert "UPDATE_COMPLETE" in out
    code, out, _ = stack_cmd("list", "--user", "root")
    assert "cli" in out and "UPDATE_COMPLETE" in out
    code, out, err = stack_cmd("delete", "cli", "--wait", "--user", "root")
    assert code == 0, err + out


def test_cli_wait_exits_nonzero_on_failure(celery_worker, make_user, tmp_path):
    make_user("root", "acme", "admin")
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"ROSTemplateFormatVersion": "2015-09-01",
                                "Resources": {"A": {"Type": T, "Properties": {"fail": "create"}}}}))
    code, out, err = stack_cmd("create", "bad", str(path), "--wait", "--user", "root")
    assert code == 2
    assert "CREATE_ROLLBACK_COMPLETE" in out
    code, _, err = stack_cmd("show", "nope", "--user", "root")
    assert code == 1 and "StackNotFound" in err
