"""The model registry through the real nginx + worker + trainer: admin forms with CSRF, archive-existing,
concurrent promotions, a tampered artifact, and artifact downloads with their sha256."""
import hashlib
import re
import threading

import pytest
import requests

from conftest import Stack
from test_training import colour_project, start_job, wait_for_job


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    """A stack whose trainer registered three versions of one model."""
    stack = Stack(tmp_path_factory.mktemp("loupe-registry")).start()
    stack.start_trainer()
    stack.add_user("reg-data", "data")
    stack.add_user("reg-admin", "admin")
    headers = {"Authorization": f"Bearer {stack.token('reg-data')}"}
    project = colour_project(stack, headers, "Registry colours", per_class=6)
    versions = []
    for _ in range(3):
        queued = start_job(stack, headers, project, {"architecture": "linear", "input_size": 8, "epochs": 2})
        done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
        assert done["state"] == "succeeded", done
        versions.append(done["model_version"])
    stack.versions = versions
    yield stack
    stack.stop()


def stages(stack, headers):
    """version number → stage, for the one model."""
    model_id = requests.get(stack.url("/api/v1/models"), headers=headers).json()["models"][0]["id"]
    model = requests.get(stack.url(f"/api/v1/models/{model_id}"), headers=headers).json()
    return {v["version"]: v["stage"] for v in model["versions"]}


def test_admin_forms_need_the_csrf_token_and_the_admin_role(registry):
    stack = registry
    version = stack.versions[0]
    admin = stack.login("reg-admin")
    page = admin.get(stack.url(f"/admin/models/versions/{version['id']}"))
    assert page.status_code == 200 and "Move to another stage" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    url = stack.url(f"/admin/models/versions/{version['id']}/stage")
    form = {"stage": "Staging", "reason": "first look"}
    # Missing and wrong tokens are refused, and nothing moves
    assert admin.post(url, data=form, allow_redirects=False).status_code == 403
    assert admin.post(url, data=dict(form, csrf_token="forged"), allow_redirects=False).status_code == 403
    # A data-team session with its own valid token is refused too
    data = stack.login("reg-data")
    assert data.post(url, data=dict(form, csrf_token=data.csrf), allow_redirects=False).status_code == 403
    api = {"Authorization": f"Bearer {stack.token('reg-admin')}"}
    assert requests.get(stack.url(f"/api/v1/models/versions/{version['id']}"), headers=api).json()["stage"] == "None"
    # The admin's form with the token moves it and redirects to the page, which shows the history
    moved = admin.post(url, data=dict(form, csrf_token=token), allow_redirects=False)
    assert moved.status_code == 303 and moved.headers["Location"].startswith(f"/admin/models/versions/{version['id']}?done=")
    assert "None → Staging" in admin.get(stack.url(moved.headers["Location"])).text


def test_archive_existing_and_concurrent_promotions_leave_one_production_version(registry):
    stack = registry
    api = {"Authorization": f"Bearer {stack.token('reg-admin')}"}

    def promote(version_id, session):
        return session.post(stack.url(f"/api/v1/models/versions/{version_id}/stage"), headers=api,
                            json={"stage": "Production", "reason": "race", "archive_existing": True})

    # Two connections promote two versions at once, again and again
    errors = []

    def worker(version_id):
        with requests.Session() as session:
            for _ in range(8):
                for stage in ("Production", "Staging"):
                    response = session.post(stack.url(f"/api/v1/models/versions/{version_id}/stage"), headers=api,
                                            json={"stage": stage, "reason": "race", "archive_existing": stage == "Production"})
                    if response.status_code != 200:
                        errors.append(response.text)
            promote(version_id, session)

    threads = [threading.Thread(target=worker, args=(v["id"],)) for v in stack.versions[1:3]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    current = stages(stack, api)
    assert errors == []
    assert list(current.values()).count("Production") == 1, current
    # Each move landed in the history
    history = requests.get(stack.url(f"/api/v1/models/versions/{stack.versions[1]['id']}/history"), headers=api).json()
    assert len(history["transitions"]) >= 2


def test_a_tampered_artifact_cannot_enter_production_and_downloads_carry_their_sha256(registry):
    stack = registry
    api = {"Authorization": f"Bearer {stack.token('reg-admin')}"}
    version = stack.versions[0]
    # The download is the registered bytes, with the sha256 in a header
    download = requests.get(stack.url(f"/api/v1/models/versions/{version['id']}/artifact"), headers=api)
    assert download.status_code == 200, download.text
    assert download.headers["X-Artifact-SHA256"] == version["artifact_sha256"]
    assert hashlib.sha256(download.content).hexdigest() == version["artifact_sha256"]
    assert "attachment" in download.headers["Content-Disposition"]
    # When the file is changed on disk, promotion to Production is refused with the reason
    path = next(p for p in (stack.data / "models").rglob("*.loupe") if hashlib.sha256(p.read_bytes()).hexdigest() == version["artifact_sha256"])
    path.write_bytes(path.read_bytes() + b"tampered")
    refused = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/stage"), headers=api,
                            json={"stage": "Production", "reason": "ship"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "artifact_mismatch", refused.text
    assert requests.get(stack.url(f"/api/v1/models/versions/{version['id']}"), headers=api).json()["stage"] != "Production"


def test_try_a_version_on_its_page(registry):
    stack = registry
    version = stack.versions[1]
    data = stack.login("reg-data")
    page = data.get(stack.url(f"/admin/models/versions/{version['id']}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    from test_training import photo
    tried = data.post(stack.url(f"/admin/models/versions/{version['id']}/try"),
                      data={"csrf_token": token}, files={"image": ("blue.jpg", photo(4242, blue=True), "image/jpeg")})
    assert tried.status_code == 200, tried.text
    rows = re.findall(r"<tr><td>(red|blue)</td><td>([0-9.]+)%</td></tr>", tried.text)
    assert [label for label, _ in rows] in (["blue", "red"], ["red", "blue"])
    assert abs(sum(float(p) for _, p in rows) - 100) < 0.2
    # Without the token nothing runs
    assert data.post(stack.url(f"/admin/models/versions/{version['id']}/try"),
                     files={"image": ("blue.jpg", photo(1, blue=True), "image/jpeg")}).status_code == 403


def test_a_model_file_uploaded_from_outside_is_stored_whole(registry):
    stack = registry
    api = {"Authorization": f"Bearer {stack.token('reg-data')}"}
    weights = bytes(range(256)) * 3_000  # 768 KB (the test stack caps bodies at 1 MB), streamed to the worker
    response = requests.post(stack.url("/api/v1/models/versions"), headers=api,
                             data={"name": "Imported detector", "model_type": "detector", "source_reference": "hf://lab/det"},
                             files={"file": ("det.onnx", weights, "application/octet-stream")})
    assert response.status_code == 201, response.text
    version = response.json()
    assert (version["version"], version["framework"], version["source"]) == (1, "onnx", "uploaded")
    assert version["artifact_sha256"] == hashlib.sha256(weights).hexdigest() and version["artifact_size"] == len(weights)
    download = requests.get(stack.url(f"/api/v1/models/versions/{version['id']}/artifact"), headers=api)
    assert download.content == weights
    refused = requests.post(stack.url("/api/v1/models/versions"), headers=api, data={"name": "x"},
                            files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "file"


def test_the_mlflow_client_registers_moves_stages_and_uses_aliases(registry, monkeypatch):
    from mlflow.exceptions import MlflowException
    from mlflow.tracking import MlflowClient
    stack = registry
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")  # a 5xx would fail at once instead of retrying
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", stack.token("reg-admin"))
    client = MlflowClient(tracking_uri=stack.base, registry_uri=stack.base)
    # Register a model and a version the way MLflow users do
    client.create_registered_model("mlflow-made", tags={"team": "vision"}, description="from mlflow")
    created = client.create_model_version("mlflow-made", source="s3://bucket/model", tags={"stage-ready": "yes"})
    assert (created.version, created.status, created.current_stage) == ("1", "READY", "None")
    # Move stages, with Loupe's rules and history
    moved = client.transition_model_version_stage("mlflow-made", "1", "Production", archive_existing_versions=True)
    assert moved.current_stage == "Production"
    assert [v.version for v in client.get_latest_versions("mlflow-made", stages=["Production"])] == ["1"]
    # Aliases
    client.set_registered_model_alias("mlflow-made", "champion", "1")
    assert client.get_model_version_by_alias("mlflow-made", "champion").version == "1"
    model = client.get_registered_model("mlflow-made")
    assert model.tags == {"team": "vision"} and model.aliases == {"champion": "1"} and model.description == "from mlflow"
    client.delete_registered_model_alias("mlflow-made", "champion")
    # Search, with the clause the client adds to every filter
    assert [m.name for m in client.search_registered_models(filter_string="name LIKE 'mlflow-%'")] == ["mlflow-made"]
    assert "Registry colours" in [m.name for m in client.search_registered_models()]
    assert [v.version for v in client.search_model_versions("name = 'mlflow-made'")] == ["1"]
    # Tags on versions
    client.set_model_version_tag("mlflow-made", "1", "validated", "true")
    assert client.get_model_version("mlflow-made", "1").tags == {"stage-ready": "yes", "validated": "true"}
    # Client mistakes are 4xx with MLflow's error codes, never a 5xx the client would retry
    with pytest.raises(MlflowException) as missing:
        client.get_registered_model("no-such-model")
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    with pytest.raises(MlflowException) as duplicate:
        client.create_registered_model("mlflow-made")
    assert duplicate.value.error_code == "RESOURCE_ALREADY_EXISTS"
    with pytest.raises(MlflowException) as same_stage:
        client.transition_model_version_stage("mlflow-made", "1", "Production")
    assert same_stage.value.error_code == "INVALID_PARAMETER_VALUE"
    # And the data team cannot move stages through MLflow either
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", stack.token("reg-data"))
    with pytest.raises(MlflowException) as denied:
        MlflowClient(tracking_uri=stack.base, registry_uri=stack.base).transition_model_version_stage("mlflow-made", "1", "Staging")
    assert denied.value.error_code == "PERMISSION_DENIED"
