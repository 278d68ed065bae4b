"""Deletion protection: the Overview toggle (plain form and htmx), roles, accounts, and the Delete refusal."""
from __future__ import annotations

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "stack-overview"}


def test_overview_offers_the_toggle_to_operators_only(alice_client, bob_client, make_stack):
    stack = make_stack("p")
    body = alice_client.get(f"/stacks/{stack.pk}/").content.decode()
    assert 'id="deletion-protection"' in body and 'name="deletion_protection" value="on"' in body
    assert ">Enable</button>" in body and "When enabled, the stack cannot be deleted." in body
    viewer = bob_client.get(f"/stacks/{stack.pk}/").content.decode()
    assert 'id="deletion-protection"' in viewer and 'name="deletion_protection"' not in viewer


def test_plain_form_enables_and_disables(alice_client, make_stack):
    stack = make_stack("p")
    response = alice_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "on"})
    assert response.status_code == 302 and response["Location"] == f"/stacks/{stack.pk}/"
    stack.refresh_from_db()
    assert stack.deletion_protection is True
    body = alice_client.get(response["Location"]).content.decode()
    assert "Deletion protection enabled for stack p." in body
    assert 'name="deletion_protection" value="off"' in body and ">Disable</button>" in body
    assert "Deletion protection on" in body  # the status strip says so next to Delete
    alice_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "off"})
    stack.refresh_from_db()
    assert stack.deletion_protection is False


def test_htmx_swaps_the_overview_and_the_status_strip(alice_client, make_stack):
    stack = make_stack("p")
    response = alice_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "on"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<div id="stack-overview"') and ">Disable</button>" in body
    assert 'id="stack-status" class="stack-status" hx-swap-oob="true"' in body and "Deletion protection on" in body
    stack.refresh_from_db()
    assert stack.deletion_protection is True
    # a plain GET of the partial has no out-of-band strip
    partial = alice_client.get(f"/stacks/{stack.pk}/", **HTMX).content.decode()
    assert "hx-swap-oob" not in partial


def test_the_value_is_explicit_so_a_double_submit_does_not_flip_it(alice_client, make_stack):
    stack = make_stack("p")
    for _ in range(2):
        alice_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "on"})
    stack.refresh_from_db()
    assert stack.deletion_protection is True
    assert alice_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "maybe"}).status_code == 400


def test_viewer_gets_403_and_other_account_404(bob_client, charlie_client, make_stack):
    stack = make_stack("p")
    assert bob_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "on"}).status_code == 403
    assert bob_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "on"}, **HTMX).status_code == 403
    assert charlie_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "on"}).status_code == 404
    stack.refresh_from_db()
    assert stack.deletion_protection is False


def test_toggle_and_delete_refusal_agree(alice_client, make_stack):
    stack = make_stack("p")
    alice_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "on"})
    dialog = alice_client.get(f"/stacks/{stack.pk}/delete/").content.decode()
    assert "Deletion protection is enabled" in dialog and "disabled>Delete" in dialog
    assert 'name="next" value="delete"' in dialog
    refused = alice_client.post(f"/stacks/{stack.pk}/delete/", {"method": "release"})
    assert refused.status_code == 400 and "DeletionProtection" in refused.content.decode()
    # the dialog's own "Disable deletion protection" form comes back to the dialog, now enabled
    response = alice_client.post(f"/stacks/{stack.pk}/", {"deletion_protection": "off", "next": "delete"})
    assert response.status_code == 302 and response["Location"] == f"/stacks/{stack.pk}/delete/"
    dialog = alice_client.get(response["Location"]).content.decode()
    assert "Deletion protection is enabled" not in dialog and "disabled>Delete" not in dialog
    assert alice_client.post(f"/stacks/{stack.pk}/delete/", {"method": "release"}).status_code == 302


def test_nested_stack_follows_its_root(alice_client, make_stack):
    root = make_stack("root", deletion_protection=True)
    child = make_stack("root-child", parent=root, parent_logical_id="Child")
    body = alice_client.get(f"/stacks/{child.pk}/").content.decode()
    assert "Nested stacks follow root stack" in body and f'href="/stacks/{root.pk}/"' in body
    assert 'name="deletion_protection"' not in body  # only the root's setting can change
    dialog = alice_client.get(f"/stacks/{child.pk}/delete/").content.decode()
    assert "follows root stack <strong>root</strong>" in dialog and "disabled>Delete" in dialog
    refused = alice_client.post(f"/stacks/{child.pk}/delete/", {"method": "release"})
    assert refused.status_code == 400 and "DeletionProtection" in refused.content.decode()
    # the service refuses a nested stack; the console reports it instead of failing
    response = alice_client.post(f"/stacks/{child.pk}/", {"deletion_protection": "on"}, **HTMX)
    assert response.status_code == 200 and "InvalidOperation.SetDeletionProtection" in response.content.decode()
    response = alice_client.post(f"/stacks/{child.pk}/", {"deletion_protection": "on"}, follow=True)
    assert "InvalidOperation.SetDeletionProtection" in response.content.decode()
