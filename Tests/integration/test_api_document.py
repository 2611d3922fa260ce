"""The API's OpenAPI document as a script writer gets it through nginx: valid OpenAPI 3.1 (checked by
openapi-spec-validator), readable without signing in, and listing the routes the stack serves."""
import requests
from openapi_spec_validator import validate

from conftest import wait_until



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


def test_the_docs_page_lists_searches_and_gives_curl_examples(stack, browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A script writer opens the docs without signing in
    page.goto(stack.url("/api/docs"))
    wait_until(lambda: " of " in page.text_content("#count"), what="the operations listed")
    total = int(page.text_content("#count").split(" of ")[1].split()[0])
    assert total >= 100 and page.locator("section.operation").count() == total
    # "/" goes to the search; two words narrow it to one operation
    page.keyboard.press("/")
    page.keyboard.type("rollouts pause")
    wait_until(lambda: page.locator("section.operation").count() == 1, what="one match")
    only = page.locator("section.operation").first
    assert only.get_attribute("data-operation") == "POST /api/v1/rollouts/{id}/pause"
    curl = only.locator("pre.curl").text_content()
    assert curl == f"curl -X POST -H \"Authorization: Bearer $LOUPE_TOKEN\" -H 'Content-Type: application/json' -d '{{\"reason\":\"looks good\"}}' '{stack.base}/api/v1/rollouts/<id>/pause'"
    assert "X-CSRF-Token" in only.text_content() and "role admin" in only.text_content()
    assert only.locator("p.summary").text_content() == "Pause a rollout (admins), with an optional reason."
    assert only.locator("p.answers").text_content() == "Answers 200: Rollout"
    assert "reasonstringornulloptional" in only.text_content().replace(" ", "")
    assert "422" in only.text_content()
    page.fill("#search", "")
    wait_until(lambda: page.locator("section.operation").count() == total, what="all operations again")
    assert errors == []
