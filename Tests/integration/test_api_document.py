"""The API's OpenAPI document as a script writer gets it through nginx: valid OpenAPI 3.1 (checked by
openapi-spec-validator), readable without signing in, and listing the routes the stack serves."""
import requests
from openapi_spec_validator import validate



def test_the_document_is_valid_openapi_and_describes_the_running_api(stack):
    response = requests.get(stack.url("/api/v1/openapi.json"))
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    document = response.json()
    validate(document)  # raises on anything OpenAPI 3.1 does not allow
    assert document["info"]["title"] == "Loupe API"
    # Its routes answer as it says: an open one without credentials, a protected one with 401
    assert requests.get(stack.url("/api/v1/health")).status_code == 200 and document["paths"]["/api/v1/health"]["get"]["security"] == []
    me = document["paths"]["/api/v1/me"]["get"]
    assert {"bearer": []} in me["security"] and requests.get(stack.url("/api/v1/me")).status_code == 401
    assert "/api/v1/serve/{model}/predict" in document["paths"] and "/api/2.0/mlflow/registered-models/create" in document["paths"]
