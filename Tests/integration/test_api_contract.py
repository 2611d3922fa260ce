"""The API against its own document: Schemathesis generates requests from /api/v1/openapi.json (valid
and invalid bodies, parameters and methods) and sends them through nginx to the worker, trainer and
event process, as an admin and as an annotator, checking statuses, content types and every answer's
shape. Fixed examples per operation and a fixed seed keep CI's run the same each time;
scripts/fuzz-api runs it for longer. Below, the failures it found, each kept as a regression test."""
import jsonschema
import pytest
import requests

import api_contract
import api_world
from conftest import Stack

EXAMPLES, SEED = 10, 20261201


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("loupe-contract")).start()
    stack.start_trainer()
    stack.ids, stack.admin_token, stack.annotator_token = api_world.build(stack)
    yield stack
    stack.stop()


@pytest.mark.parametrize("caller", ["admin", "annotator"])
def test_every_operation_keeps_its_contract_under_generated_input(world, caller, tmp_path):
    # The annotator's token is made now: the admin's run may have revoked tokens it found
    token = world.admin_token if caller == "admin" else world.token("contract-annotator")
    code, output = api_contract.run(world.base, token, world.ids, tmp_path, EXAMPLES, SEED)
    assert code == 0, output[-20000:]
    assert "Tested: 108" in output.replace("\n", " ").replace("  ", " ") or "Tested:" in output, output[-3000:]


# --- Regression tests for what Schemathesis found ---

def answers_as_documented(world, method, pattern, response):
    """Validates an answer against the document's schema for its operation and status."""
    document = requests.get(world.url("/api/v1/openapi.json")).json()
    schema = document["paths"][pattern][method.lower()]["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**schema, "components": document["components"]}).validate(response.json())


def test_a_version_registered_from_elsewhere_has_no_artifact_and_still_keeps_the_shape(world):
    """Found by scripts/fuzz-api: a version made through MLflow from a source has no artifact_sha256."""
    headers = {"Authorization": f"Bearer {world.admin_token}"}
    mlflow = world.url("/api/2.0/mlflow")
    assert requests.post(f"{mlflow}/registered-models/create", headers=headers, json={"name": "Elsewhere"}).status_code == 200
    made = requests.post(f"{mlflow}/model-versions/create", headers=headers, json={"name": "Elsewhere", "source": "s3://bucket/model"})
    assert made.status_code == 200, made.text
    model_id = next(m["id"] for m in requests.get(world.url("/api/v1/models"), headers=headers).json()["models"] if m["name"] == "Elsewhere")
    answer = requests.get(world.url(f"/api/v1/models/{model_id}"), headers=headers)
    assert answer.status_code == 200 and "artifact_sha256" not in answer.json()["versions"][0]
    answers_as_documented(world, "GET", "/api/v1/models/{id}", answer)


def test_methods_nobody_serves_answer_405_with_allow(world):
    headers = {"Authorization": f"Bearer {world.admin_token}"}
    # nginx refuses TRACE itself; its 405 is the API's JSON error and names the methods
    trace = requests.request("TRACE", world.url("/api/v1/projects"), headers=headers)
    assert trace.status_code == 405 and "GET" in trace.headers["Allow"] and trace.json()["error"]["code"] == "method_not_allowed"
    # A method the worker does not know (QUERY) gets the path's own methods
    query = requests.request("QUERY", world.url("/api/v1/projects"), headers=headers)
    assert query.status_code == 405 and query.headers["Allow"] == "GET, POST", query.headers
    # The event process answers only GET on a stream, and says so
    stream = requests.request("QUERY", world.url(f"/api/v1/jobs/{world.ids['job']}/stream"), headers=headers)
    assert stream.status_code == 405 and stream.headers["Allow"] == "GET"


def test_a_literal_path_is_not_taken_for_an_id(world):
    """GET /api/v1/models/versions answered 404 "No such id" (read as model "versions"): it is POST-only."""
    answer = requests.get(world.url("/api/v1/models/versions"), headers={"Authorization": f"Bearer {world.admin_token}"})
    assert answer.status_code == 405 and answer.headers["Allow"] == "POST"


@pytest.mark.parametrize("path, field", [
    ("/api/v1/audit?limit=null", "limit"), ("/api/v1/projects?archived=yes", "archived"),
    ("/api/v1/projects/{project}/images?limit=1000", "limit"), ("/api/v1/projects/{project}/queue/images?offset=-1", "offset"),
    ("/api/v1/projects/{project}/next?skip=-5", "skip"), ("/api/v1/tokens?all=true", "all"), ("/api/v1/projects?archived=", "archived"),
    ("/api/v1/projects/{project}/images?status=", "status"),
])
def test_a_query_value_of_the_wrong_kind_is_refused_by_name(world, path, field):
    """These were silently replaced by defaults (a typo paged through the wrong data)."""
    answer = requests.get(world.url(path.format(**world.ids)), headers={"Authorization": f"Bearer {world.admin_token}"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == field, answer.text


def test_a_snapshot_export_with_a_status_filter_is_refused_as_a_rule_not_as_unreadable(world):
    """It answered 400 (the request could not be read); it breaks a rule: 422 naming status."""
    answer = requests.get(world.url(f"/api/v1/projects/{world.ids['project']}/export/coco"), params={"snapshot": "v1", "status": "accepted"},
                          headers={"Authorization": f"Bearer {world.admin_token}"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "status"


def test_an_unknown_user_id_is_not_replaced_by_the_username(world):
    world.add_user("contract-late", "annotator")
    headers = {"Authorization": f"Bearer {world.admin_token}"}
    url = world.url(f"/api/v1/projects/{world.ids['project']}/members")
    answer = requests.post(url, headers=headers, json={"user_id": 0, "username": "contract-late", "role": "annotator"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "user_id"
    members = requests.get(url, headers=headers).json()["members"]
    assert "contract-late" not in [m["username"] for m in members]


def test_mlflow_parameters_of_the_wrong_kind_are_refused_and_huge_numbers_do_not_stop_a_child(world):
    headers = {"Authorization": f"Bearer {world.admin_token}"}
    mlflow = world.url("/api/2.0/mlflow")
    # A whole number too big for Int used to stop the worker child (Int(1e300) traps): it is text now
    huge = requests.post(f"{mlflow}/registered-models/create", headers=headers, json={"name": 1e300})
    assert huge.status_code == 200 and huge.json()["registered_model"]["name"] == "1e+300"
    # (its own model: the generated runs above may have renamed or deleted the seeded one)
    assert requests.post(f"{mlflow}/registered-models/create", headers=headers, json={"name": "WrongKinds"}).status_code == 200
    assert requests.get(f"{mlflow}/model-versions/get", headers=headers, params={"name": "WrongKinds", "version": "1e300"}).status_code == 400
    # Values of the wrong kind were taken as absent; MLflow's server refuses them, and so does Loupe
    for path, body, field in [("registered-models/update", {"name": "WrongKinds", "description": {}}, "description"),
                              ("registered-models/get-latest-versions", {"name": "WrongKinds", "stages": {}}, "stages"),
                              ("registered-models/set-tag", {"name": "WrongKinds", "key": "k", "value": []}, "value"),
                              ("registered-models/create", {"name": "Tagged", "tags": [{"key": 1}]}, "tags")]:
        answer = requests.request("PATCH" if path.endswith("update") else "POST", f"{mlflow}/{path}", headers=headers, json=body)
        assert answer.status_code == 400 and answer.json()["error_code"] == "INVALID_PARAMETER_VALUE" and field in answer.json()["message"], answer.text
    paged = requests.get(f"{mlflow}/registered-models/search", headers=headers, params={"page_token": "abc"})
    assert paged.status_code == 400, paged.text
