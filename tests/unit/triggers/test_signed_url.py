"""HTTP-trigger signatures: the signed-URL string matches the official Go SDK's test vector."""
from __future__ import annotations

from fcruntime.api import signing


def test_signed_url_vector_from_fc_go_sdk():
    # fc-go-sdk sign_url_request_test.go: GET service/func, akid/akSec, expires 1583339600
    queries = [("x-fc-expires", "1583339600"), ("x-fc-access-key-id", "akid")]
    resource = signing.canonical_resource("/2016-08-15/proxy/service/func/", queries)
    text = signing.string_to_sign("GET", {"date": "1583339600"}, resource)
    assert signing.signature("akSec", text) == "6Rc4KxEAv3+lHpbNQWceIUqWVWq3ewxhadlJBRzZ0XQ="
    with_token = queries + [("x-fc-security-token", "stsToken")]
    text = signing.string_to_sign("GET", {"date": "1583339600"},
                                  signing.canonical_resource("/2016-08-15/proxy/service/func/", with_token))
    assert signing.signature("akSec", text) == "Yi0jCBQ6cTZc+tN8wtYUz9FbYNijx5jDiE3sVNW6XwA="
