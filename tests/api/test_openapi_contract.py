"""The contract: ``/schema/openapi.json`` documents what the routes really answer; ``/schema`` works offline."""

from __future__ import annotations

import re
from typing import Any

import httpx
import jsonschema_rs
import pytest
from litestar import Litestar

from api.auth.access import PUBLIC
from api.openapi import ROUTE_CONTRACTS, route_operations
from api.swagger_ui import SWAGGER_ASSETS

PROBLEM = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, spec) for path, item in document["paths"].items() for method, spec in item.items()]


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A validator of ``schema`` whose ``#/components/...`` references resolve in ``document``."""
    return jsonschema_rs.validator_for({**schema, "components": document["components"]})


def test_bearer_tokens_are_a_security_scheme(document: dict[str, Any]) -> None:
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "The `access_token` of `POST /api/v1/auth/login`.",
    }


def test_each_operation_says_who_may_call_it_and_documents_401_and_403(app: Litestar, document: dict[str, Any]) -> None:
    operations = route_operations(app.routes)
    for method, path, spec in _operations(document):
        access = operations[(method, path)].access
        assert spec["responses"]["401"]["content"] == {PROBLEM: {"schema": PROBLEM_REF}}, (method, path)
        if access == PUBLIC:
            assert spec["security"] == [{}, {"bearer": []}], (method, path)
            assert "403" not in spec["responses"], (method, path)
        else:
            assert spec["security"] == [{"bearer": []}], (method, path)
            assert spec["responses"]["403"]["content"] == {PROBLEM: {"schema": PROBLEM_REF}}, (method, path)
            assert f"Roles: {', '.join(access or ())}." in spec["description"]


def test_errors_are_problems_and_litestars_400_shape_is_gone(document: dict[str, Any]) -> None:
    for method, path, spec in _operations(document):
        for status, response in spec["responses"].items():
            if status.startswith(("4", "5")) and path != "/health/ready":
                assert response["content"] == {PROBLEM: {"schema": PROBLEM_REF}}, (method, path, status)
        assert "status_code" not in str(spec["responses"]), (method, path)


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("GET", "/api/v1/companies", {"401", "422", "503"}),
        ("POST", "/api/v1/companies", {"400", "401", "403", "409", "413", "415", "422", "503"}),
        ("PATCH", "/api/v1/companies/{company_id}", {"404", "409", "412", "413", "415", "422", "428"}),
        ("POST", "/api/v1/auth/login", {"400", "413", "415", "422", "429", "503"}),
        ("POST", "/api/v1/applications/{application_id}/submit", {"404", "409", "412", "428"}),
        ("GET", "/api/v1/reference/regions", {"401", "422", "503"}),
    ],
)
def test_the_errors_each_route_really_returns_are_documented(
    document: dict[str, Any], method: str, path: str, statuses: set[str]
) -> None:
    assert statuses <= set(document["paths"][path][method.lower()]["responses"])


def test_the_problem_schema_fits_what_the_app_sends(document: dict[str, Any]) -> None:
    problem = document["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail", "code"]
    assert set(problem["properties"]) == {"type", "title", "status", "detail", "code", "errors"}
    field_error = document["components"]["schemas"]["ProblemFieldError"]
    assert field_error["required"] == ["field", "code", "message"]


async def test_a_real_validation_problem_validates_against_the_problem_schema(
    client: httpx.AsyncClient, document: dict[str, Any]
) -> None:
    response = await client.post("/api/v1/auth/login", json={"email": 1})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    validator = _validator(document, PROBLEM_REF)
    validator.validate(response.json())
    assert not validator.is_valid({"status_code": 400, "detail": "Bad Request"})


def test_if_match_idempotency_key_etag_and_retry_after_are_documented(document: dict[str, Any]) -> None:
    paths = document["paths"]
    change = paths["/api/v1/companies/{company_id}"]["patch"]
    if_match = next(p for p in change["parameters"] if p["name"] == "If-Match")
    assert if_match["in"] == "header"
    assert if_match["required"] is True
    assert set(change["responses"]["200"]["headers"]) == {"ETag"}
    assert set(change["responses"]["412"]["headers"]) == {"ETag"}
    register = paths["/api/v1/companies"]["post"]
    key = next(p for p in register["parameters"] if p["name"] == "Idempotency-Key")
    assert key["schema"] == {"type": "string", "minLength": 1, "maxLength": 255}
    assert set(register["responses"]["201"]["headers"]) == {"ETag", "Location", "Idempotent-Replayed"}
    assert paths["/api/v1/auth/login"]["post"]["responses"]["429"]["headers"]["Retry-After"]["schema"] == {
        "type": "integer"
    }
    for _, _, spec in _operations(document):
        assert "Retry-After" in spec["responses"]["503"]["headers"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/metrics/summary",
        "/api/v1/metrics/timeseries",
        "/api/v1/metrics/dictionary",
        "/api/v1/metrics/stock-flow",
        "/api/v1/statistics/releases/{release_id}",
    ],
)
def test_tables_are_documented_as_json_and_csv(document: dict[str, Any], path: str) -> None:
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    assert content["text/csv"] == {"schema": {"type": "string"}}
    assert content["application/json"]["schema"].get("type") != "string"
    assert "#/components/schemas/" in str(content["application/json"]["schema"])


def test_the_document_download_is_declared_as_the_file_it_serves(document: dict[str, Any]) -> None:
    path = "/api/v1/applications/{application_id}/evidence/{evidence_id}/document"
    content = document["paths"][path]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/pdf", "image/png", "image/jpeg"}
    assert content["application/pdf"] == {"schema": {"type": "string", "format": "binary"}}


def test_the_sdmx_structure_is_declared_as_xml(document: dict[str, Any]) -> None:
    content = document["paths"]["/api/v1/statistics/structure"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/vnd.sdmx.structure+xml; version=2.1"}


def test_an_integer_criterion_value_is_valid(document: dict[str, Any]) -> None:
    value = document["components"]["schemas"]["CriterionView"]["properties"]["value"]
    assert "oneOf" not in value
    assert {"type": "integer"} in value["anyOf"]
    validator = _validator(document, value)
    for fits in (4, 0.8, True, None):
        assert validator.is_valid(fits), fits
    assert not validator.is_valid("4")
    assert "oneOf" not in str(document)


def test_every_operation_is_described_from_its_docstring(document: dict[str, Any]) -> None:
    undescribed = [f"{method} {path}" for method, path, spec in _operations(document) if not spec.get("description")]
    assert undescribed == []
    assert document["paths"]["/api/v1/events"]["get"]["description"].startswith("Public events in sequence order")


def test_every_route_contract_names_a_documented_operation(document: dict[str, Any]) -> None:
    documented = {(method, path) for method, path, _ in _operations(document)}
    assert set(ROUTE_CONTRACTS) - documented == set()


async def test_swagger_ui_loads_nothing_from_another_origin(client: httpx.AsyncClient) -> None:
    page = await client.get("/schema")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert sorted(sources) == sorted(f"/schema/swagger-ui/{name}" for name in SWAGGER_ASSETS)
    assert "cdn" not in page.text.lower()
    assert '"securitySchemes"' in page.text


@pytest.mark.parametrize(("name", "media_type"), sorted(SWAGGER_ASSETS.items()))
async def test_swagger_ui_files_are_served_by_the_app(client: httpx.AsyncClient, name: str, media_type: str) -> None:
    response = await client.get(f"/schema/swagger-ui/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["x-content-type-options"] == "nosniff"
    assert len(response.content) > 500


async def test_an_unknown_swagger_ui_file_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.get("/schema/swagger-ui/..%2F..%2Fsettings.py")
    assert response.status_code == 404
