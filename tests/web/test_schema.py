"""A bounded schemathesis run against the OpenAPI schema: no server errors, responses
conform to the documented schema and status codes."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from corridor.web import Settings, create_app

app = create_app(Settings(workers=1, max_active_jobs=1000))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case):
    # A schema-valid body can still be an invalid scenario or name an unknown link: such
    # requests are refused with 422 on purpose, so "valid data accepted" does not apply.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
