"""Property-based fuzzing of the whole OpenAPI document with schemathesis: for requests the
schema allows, the server never answers 5xx, and every answer (status, content type, body)
conforms to the schema. Examples per operation are few so the suite stays quick."""

from __future__ import annotations

import tempfile

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from api.http.app import create_app
from api.storage import keys
from tests.api.http_fixtures import settings_for

_DATA = tempfile.TemporaryDirectory(prefix="cluster-mcda-fuzz-")
app = create_app(settings_for(_DATA.name, workers=2, default_time_limit=30))  # the real pipeline
schema = schemathesis.openapi.from_asgi("/openapi.json", app)  # starts the app (schemathesis keeps it running)
schema.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=15)
# The coverage phase's deterministic boundary cases take minutes on the scenario schema; the
# random phases below keep the suite in its time budget.
schema.config.phases.coverage.enabled = False

with app.state.db.write() as session:
    _, ADMIN_KEY = keys.create_key(session, keys.get_or_create_workspace(session, "fuzz").id, "fuzz", "admin")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_answers_match_the_schema(case):
    case.call_and_validate(headers={"X-API-Key": ADMIN_KEY}, checks=CHECKS)


negative = schemathesis.openapi.from_asgi("/openapi.json", app)
negative.config.generation.update(modes=[GenerationMode.NEGATIVE], max_examples=8)
negative.config.phases.coverage.enabled = False


@negative.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_requests_the_schema_forbids_never_cause_a_server_error(case):
    """Malformed input (wrong types, missing fields, bad values) is the client's problem: a 4xx
    problem body, never a 5xx."""
    case.call_and_validate(headers={"X-API-Key": ADMIN_KEY}, checks=[not_a_server_error, content_type_conformance])
