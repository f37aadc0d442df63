"""The API keeps its contract (issue 14): schemathesis generates requests for every operation of
the OpenAPI schema and sends them to a live test server, signed in with the BKPSDM admin's
token. Every response must be no server error and match the schema: documented status code,
content type, headers and body.

Bounded: one live server and one set of personas for the whole run (a test per operation would
rebuild the database 70 times), a few derandomised examples per operation;
ABDI_SCHEMATHESIS_EXAMPLES raises the number locally. Valid requests that are refused (a random
id is a 404) and invalid requests that are accepted are other checks, not run here.
See docs/decisions/0020-api-contract-and-regulation-tests.md."""

from __future__ import annotations

import json
import os

import pytest
import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("ABDI_SCHEMATHESIS_EXAMPLES", "4"))

pytestmark = [
    # committed data for the live server; serialized_rollback restores the reference tables
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _schema():
    # The schema exactly as /api/schema/ serves it.
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(JSONRenderer().render(generated)))


def _run(operation, base_url: str, session: requests.Session) -> str | None:
    """Hypothesis over one operation; the first failure's text, or None."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(base_url=base_url, session=session, checks=CHECKS, timeout=60)

    try:
        check()
    except (Exception, BaseExceptionGroup) as exc:  # collect it, go on with the next one
        return f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}"
    return None


def test_every_operation_keeps_the_contract(live_server, personas):
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.create(user=personas.admin).key}"
    operations = [result.ok() for result in _schema().get_all_operations()]
    assert len(operations) > 60
    failures = [f for op in operations if (f := _run(op, live_server.url, session))]
    assert not failures, f"{len(failures)} of {len(operations)} operations:\n\n" + "\n\n".join(
        failures
    )
