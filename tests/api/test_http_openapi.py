"""The OpenAPI document: /docs serves, every request and response model carries an example,
every error answer is documented as problem details, and request models forbid unknown fields."""

from __future__ import annotations

import pytest

from tests.api.http_fixtures import running_app
from tests.api.http_standins import echo_job


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("openapi"), job=echo_job) as (client, _keys):
        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger-ui" in docs.text
        yield client.get("/openapi.json").json()


def _models(spec, where):
    """Names of the component schemas used directly by requests or responses."""
    names = set()
    for ops in spec["paths"].values():
        for op in ops.values():
            contents = [op.get("requestBody", {}).get("content", {})] if where == "request" else [
                r.get("content", {}) for r in op["responses"].values()
            ]
            for content in contents:
                for media in content.values():
                    schema = media.get("schema", {})
                    for ref in [schema.get("$ref")] + [s.get("$ref") for s in schema.get("items", {}) and [schema["items"]]]:
                        if ref:
                            names.add(ref.rsplit("/", 1)[-1])
    return names


@pytest.mark.parametrize("where", ["request", "response"])
def test_every_model_has_an_example(spec, where):
    models = _models(spec, where)
    assert models
    missing = [m for m in models if not spec["components"]["schemas"][m].get("examples")]
    assert missing == []


def test_request_models_forbid_unknown_fields(spec):
    for name in _models(spec, "request"):
        assert spec["components"]["schemas"][name].get("additionalProperties") is False, name


def test_every_error_answer_is_problem_details(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status, response in op["responses"].items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
                    assert response["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Problem")


def test_the_api_key_is_a_security_scheme(spec):
    assert spec["components"]["securitySchemes"]["APIKeyHeader"] == {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": spec["components"]["securitySchemes"]["APIKeyHeader"]["description"],
    }
