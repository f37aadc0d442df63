"""The schema tells the truth (issue 14): the findings of the schemathesis run, each pinned by a
direct test; the bounded schemathesis run itself is test_api_contract_fuzz.py."""

from __future__ import annotations

import pytest
import yaml

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _ref(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_operation_documents_its_errors(schema):
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in METHODS:
                continue
            codes = {"400", "404", "429"}
            if any(req for req in operation.get("security", schema.get("security", []))):
                codes |= {"401", "403"}
            if method != "get":
                codes.add("409")
            if gap := codes - set(operation["responses"]):
                missing.append(f"{method.upper()} {path}: {sorted(gap)}")
    assert not missing, "\n".join(missing)


def test_error_bodies_are_described(schema):
    errors = schema["components"]["schemas"]["ValidationErrorResponse"]
    assert errors["required"] == ["errors"]
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert detail["properties"]["detail"]["type"] == "string"
    denied = schema["paths"]["/api/v1/employees/"]["get"]["responses"]["403"]
    assert denied["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorDetail")


def test_public_operations_do_not_promise_a_login_error(schema):
    operation = schema["paths"]["/api/v1/public/complaints/"]["post"]
    assert "401" not in operation["responses"] and "429" in operation["responses"]


def test_survey_list_is_documented_as_a_page(schema):
    body = schema["paths"]["/api/v1/surveys/"]["get"]["responses"]["200"]
    page = _ref(schema, body["content"]["application/json"]["schema"]["$ref"])
    assert {"count", "next", "previous", "results"} <= set(page["properties"])


def test_employee_email_may_be_empty(schema):
    email = schema["components"]["schemas"]["EmployeeDetail"]["properties"]["email"]
    assert email["type"] == "string" and "format" not in email


def test_import_refusal_is_one_of_its_two_shapes(schema):
    refused = schema["paths"]["/api/v1/employees/import/"]["post"]["responses"]["400"]
    union = _ref(schema, refused["content"]["application/json"]["schema"]["$ref"])
    shapes = [_ref(schema, s["$ref"]) for s in union["oneOf"]]
    assert any("created_count" in s["properties"] for s in shapes)
    assert any(s["required"] == ["errors"] for s in shapes)


def test_new_endpoints_are_in_the_schema(schema):
    for path, method in [
        ("/api/v1/skp/", "get"),
        ("/api/v1/skp/{id}/expectations/", "put"),
        ("/api/v1/skp/{id}/cascade/", "get"),
        ("/api/v1/skp/{id}/activities/", "post"),
        ("/api/v1/skp/{id}/realisations/", "post"),
        ("/api/v1/behaviour-values/", "get"),
        ("/api/v1/public/services/", "get"),
        ("/api/v1/services/", "get"),
        ("/api/v1/registrations/", "get"),
    ]:
        assert method in schema["paths"][path], (method, path)


@pytest.mark.parametrize(
    "path", ["/api/v1/skp/-1/", "/api/v1/skp/-5/evaluations/", "/api/v1/nope/"]
)
def test_an_unmatched_api_path_is_a_json_404(client, path):
    for response in (client.get(path), client.post(path, {}, content_type="application/json")):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"detail"}


def test_a_missing_slash_still_redirects(client):
    response = client.get("/api/v1/org-units")
    assert response.status_code == 301 and response["Location"].endswith("/api/v1/org-units/")
