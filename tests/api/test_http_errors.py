"""One error body everywhere (RFC 9457 problem details), body size limits enforced while
reading, non-finite JSON numbers refused, and no stack trace ever reaching a client."""

from __future__ import annotations

import pytest

from tests.api.http_fixtures import running_app
from tests.api.http_standins import echo_job

PROBLEM_KEYS = {"type", "title", "status", "detail", "errors"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("errors"), job=echo_job, max_body_bytes=4096) as (client, keys):

        def boom():
            raise RuntimeError("secret database password is hunter2")

        client.app.add_api_route("/v1/boom", boom, methods=["GET"])
        yield client, keys


def assert_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert PROBLEM_KEYS <= set(body)
    assert body["status"] == status
    return body


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999", "-2.5E+400", "9" * 400])
def test_non_finite_numbers_are_refused_anywhere_in_a_body(app, constant):
    client, keys = app
    body = '{"name": "k", "role": "viewer", "nested": {"x": [1, %s]}}' % constant
    r = client.post("/v1/keys", content=body, headers={**keys.headers("admin"), "content-type": "application/json"})
    problem = assert_problem(r, 422)
    assert problem["errors"][0]["message"].startswith(f"JSON number {constant[:20]}")
    assert "must be finite" in problem["errors"][0]["message"]


@pytest.mark.parametrize("name", ["NaN Infinity team", "team 1e999"])
def test_such_words_inside_strings_are_fine(app, name):
    client, keys = app
    r = client.post("/v1/keys", json={"name": name[:120], "role": "viewer", }, headers=keys.headers("admin"))
    assert r.status_code == 201
    assert r.json()["name"] == name[:120]


def test_large_finite_numbers_pass(app):
    client, keys = app
    body = '{"name": "k", "role": "viewer", "x": 1e308}'
    r = client.post("/v1/keys", content=body, headers={**keys.headers("admin"), "content-type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "x"  # unknown field, but not refused as non-finite


def test_a_body_over_the_limit_gets_413_by_its_declared_length(app):
    client, keys = app
    r = client.post("/v1/keys", content=b"x" * 5000, headers={**keys.headers("admin"), "content-type": "application/json"})
    assert "4096 bytes" in assert_problem(r, 413)["detail"]


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(app):
    client, keys = app
    sent = []

    def chunks():
        for _ in range(100):
            sent.append(1)
            yield b"x" * 1000

    r = client.post("/v1/keys", content=chunks(), headers={**keys.headers("admin"), "content-type": "application/json"})
    assert assert_problem(r, 413)["type"].endswith("too-large")


def test_unknown_and_server_owned_fields_are_refused_with_their_path(app):
    client, keys = app
    r = client.post("/v1/keys", json={"name": "k", "role": "viewer", "workspace_id": "x", "revoked_at": None}, headers=keys.headers("admin"))
    paths = {e["path"] for e in assert_problem(r, 422)["errors"]}
    assert paths == {"workspace_id", "revoked_at"}


def test_every_problem_is_listed_with_path_message_and_value(app):
    client, keys = app
    r = client.post("/v1/keys", json={"name": "", "role": "boss"}, headers=keys.headers("admin"))
    errors = {e["path"]: e for e in assert_problem(r, 422)["errors"]}
    assert set(errors) == {"name", "role"}
    assert errors["role"]["value"] == "boss" and "'viewer', 'planner' or 'admin'" in errors["role"]["message"]


def test_malformed_json_is_a_422_problem(app):
    client, keys = app
    r = client.post("/v1/keys", content='{"name": ', headers={**keys.headers("admin"), "content-type": "application/json"})
    assert assert_problem(r, 422)["errors"][0]["message"].startswith("not valid JSON")


@pytest.mark.parametrize(("method", "path", "status"), [("GET", "/v1/nowhere", 404), ("DELETE", "/v1/health", 405)])
def test_routing_errors_are_problems_too(app, method, path, status):
    client, _keys = app
    assert_problem(client.request(method, path), status)


def test_an_unexpected_error_is_a_generic_500_without_details(app, caplog):
    client, keys = app
    r = client.get("/v1/boom")
    body = assert_problem(r, 500)
    assert "hunter2" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
    assert body["detail"] == "the server failed to handle this request; the error was logged"
    assert "hunter2" in caplog.text  # logged on the server side


def test_bad_query_parameters_name_the_parameter(app):
    client, keys = app
    r = client.get("/v1/scenarios?limit=0", headers=keys.headers("viewer"))
    assert assert_problem(r, 422)["errors"][0]["path"] == "query.limit"
