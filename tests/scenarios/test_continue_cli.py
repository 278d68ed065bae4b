"""`manage.py stack continue`: ContinueCreateStack from the CLI (template file, -p, --dry-run, --mode)."""
from __future__ import annotations

import json

from stacks.resources import test_provider
from tests.commands import stack_cmd

from .conftest import res, tpl
from .test_continue_create import failed_stack


def test_continue_with_a_repaired_template_file(alice, account, driver, tmp_path):
    stack = failed_stack(alice, account, driver, name="clicont")
    path = tmp_path / "fixed.json"
    path.write_text(tpl({"A": res(), "B": res(["A"], value="repaired"), "C": res(["B"])}))
    code, out, err = stack_cmd("continue", "clicont", str(path), "--user", "alice")
    assert (code, err) == (0, "") and out.startswith(f"StackId: {stack.pk}")
    driver.run()
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert [c[1] for c in test_provider.calls if c[0] == "create"] == ["B", "C"]
    assert json.loads(stack.template_body)["Resources"]["B"]["Properties"] == {"value": "repaired"}


def test_dry_run_prints_the_parameter_lists_and_starts_nothing(alice, account, driver):
    body = tpl({"A": res(value={"Ref": "Name"}), "B": res(["A"], fail="create")},
               parameters={"Name": {"Type": "String"}, "Extra": {"Type": "String", "Default": "x"}})
    stack = failed_stack(alice, account, driver, body=body, name="clidry", parameters={"Name": "n"})
    operations = stack.operations.count()
    code, out, err = stack_cmd("continue", "clidry", "--dry-run", "--json", "--user", "alice")
    assert (code, err) == (0, "")
    lists = json.loads(out)
    assert "Extra" in lists["ParametersAllowedToBeModified"]
    assert "Name" in lists["ParametersNotAllowedToBeModified"]
    stack.refresh_from_db()
    assert stack.status == "CREATE_FAILED" and stack.operations.count() == operations


def test_a_refused_change_is_one_clear_line(alice, account, driver, tmp_path):
    failed_stack(alice, account, driver, name="clibad")
    path = tmp_path / "changed.json"
    path.write_text(tpl({"A": res(value="changed"), "B": res(["A"]), "C": res(["B"])}))
    code, out, err = stack_cmd("continue", "clibad", str(path), "--user", "alice")
    assert code == 1 and out == ""
    assert err.startswith("ContinueCreateStackValidationFailed: ") and "Resource A" in err
    assert len(err.strip().splitlines()) == 1


def test_ignore_mode_marks_the_stack_created(alice, account, driver):
    stack = failed_stack(alice, account, driver, name="cliign")
    code, out, err = stack_cmd("continue", "cliign", "--mode", "Ignore", "--user", "alice", "--wait")
    assert (code, err) == (0, "")
    stack.refresh_from_db()
    assert stack.status == "CREATE_COMPLETE"
    assert out.rstrip().endswith("cliign: CREATE_COMPLETE Stack CREATE completed successfully (failed resources "
                                 "ignored)")
