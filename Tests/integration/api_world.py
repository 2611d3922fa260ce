"""A small world for the API's contract tests: a tagged project with a trained version in Production, a
snapshot, a box, a webhook, a second user with a token, a rollout proposal, and an annotator who is a
member of the project. Its ids fill the document's path parameters, so generated requests reach real
rows instead of 404s."""
import requests

from test_serving import tagged_project
from test_training import start_job, wait_for_job

CONFIG = {"architecture": "mlp", "input_size": 16, "epochs": 2, "width": 8, "model_name": "Contract", "validation_fraction": 0.25}


def build(stack):
    """Returns the ids by parameter name and the admin's and the annotator's tokens."""
    admin = {"Authorization": f"Bearer {stack.token('admin')}"}
    project = tagged_project(stack, admin, "Contract", per_class=6)
    pid = project["id"]
    label = requests.get(stack.url(f"/api/v1/projects/{pid}/labels"), headers=admin).json()["labels"][0]
    image = requests.get(stack.url(f"/api/v1/projects/{pid}/images"), headers=admin).json()["images"][0]
    trained = []
    for seed in (1, 2):  # v1 for Production, v2 as a rollout's candidate
        queued = start_job(stack, admin, project, dict(CONFIG, seed=seed))
        done = wait_for_job(stack, admin, queued["id"], lambda j: j["state"] not in ("queued", "running"))
        assert done["state"] == "succeeded", done
        trained.append(done)
    done, version = trained[0], trained[0]["model_version"]
    promoted = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/stage"), headers=admin,
                             json={"stage": "Production", "reason": "contract"})
    assert promoted.status_code == 200, promoted.text
    snapshot = requests.post(stack.url(f"/api/v1/projects/{pid}/snapshots"), headers=admin, json={"name": "v1"})
    assert snapshot.status_code == 201, snapshot.text
    webhook = requests.post(stack.url("/api/v1/webhooks"), headers=admin,
                            json={"url": "http://127.0.0.1:9/hook", "events": ["*"], "allow_private": True})
    assert webhook.status_code == 201, webhook.text
    stack.add_user("contract-annotator", "annotator")
    stack.add_user("contract-other", "data")
    users = {u["username"]: u["id"] for u in requests.get(stack.url("/api/v1/users"), headers=admin).json()["users"]}
    joined = requests.post(stack.url(f"/api/v1/projects/{pid}/members"), headers=admin,
                           json={"user_id": users["contract-annotator"], "role": "annotator"})
    assert joined.status_code == 201, joined.text
    annotator_token = stack.token("contract-annotator")
    stack.token("contract-other")
    tokens = requests.get(stack.url("/api/v1/tokens"), headers={"Authorization": f"Bearer {stack.token('contract-other')}"}).json()["tokens"]
    model_id = next(m["id"] for m in requests.get(stack.url("/api/v1/models"), headers=admin).json()["models"] if m["name"] == "Contract")
    request = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/requests"), headers=admin,
                            json={"stage": "Staging", "reason": "contract"})
    assert request.status_code == 201, request.text
    proposal = requests.post(stack.url(f"/api/v1/models/{model_id}/rollouts"), headers=admin,
                             json={"candidate_version": trained[1]["model_version"]["version"], "steps": [50, 100], "dwell_seconds": 3600})
    assert proposal.status_code == 201, proposal.text
    ids = {
        "project": pid, "label": label["id"], "image": image["id"], "job": done["id"], "model": model_id,
        "version": version["id"], "request": request.json()["id"], "webhook": webhook.json()["id"],
        "user": users["contract-other"], "token": tokens[0]["id"], "annotator": users["contract-annotator"],
        "rollout": proposal.json()["id"], "model_name": "Contract",
    }
    return ids, admin["Authorization"].split()[1], annotator_token
