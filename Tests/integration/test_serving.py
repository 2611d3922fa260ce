"""Serving through the real stack: versions trained by the real trainer, answered through nginx by the
worker children's model caches; a canary's share, an alias moved under load, a candidate trained on
shuffled labels rolled back by its guardrail on its own, a scoped token, the off switch, and a child
killed mid-prediction."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conftest import Stack, statuses_while_killing_workers, wait_until
from test_training import photo, start_job, wait_for_job

# 80 photos with 40 % held out: 32 validation images, enough for a drift reference.
CONFIG = {"architecture": "mlp", "input_size": 16, "epochs": 12, "width": 32, "model_name": "Colours", "validation_fraction": 0.4}


def tagged_project(stack, headers, name, swapped=False, per_class=40):
    """Red and blue photos, tagged by colour — or each with the other colour's tag."""
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": name}).json()
    labels = {colour: requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers,
                                    json={"name": colour}).json()["id"] for colour in ("red", "blue")}
    for n in range(2 * per_class):
        blue = n % 2 == 1
        tag = ("red" if blue else "blue") if swapped else ("blue" if blue else "red")
        image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"{n}.jpg"},
                              headers=headers, data=photo(n, blue)).json()["image"]
        saved = requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers,
                             json={"revision": 0, "shapes": [{"type": "tag", "label_id": labels[tag]}]})
        assert saved.status_code == 200, saved.text
    return project


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    """Model "Colours": v1 and v3 trained on true tags, v2 on swapped ones; v1 in Production."""
    stack = Stack(tmp_path_factory.mktemp("loupe-serve")).start()
    stack.start_trainer()
    stack.add_user("serve-data", "data")
    admin = {"Authorization": f"Bearer {stack.token('admin')}"}
    data = {"Authorization": f"Bearer {stack.token('serve-data')}"}
    true_tags = tagged_project(stack, admin, "True tags")
    swapped = tagged_project(stack, admin, "Swapped tags", swapped=True)
    versions = {}
    for number, (project, seed) in enumerate([(true_tags, 1), (swapped, 1), (true_tags, 2)], start=1):
        queued = start_job(stack, admin, project, dict(CONFIG, seed=seed))
        done = wait_for_job(stack, admin, queued["id"], lambda j: j["state"] not in ("queued", "running"))
        assert done["state"] == "succeeded" and done["model_version"]["version"] == number, done
        versions[number] = done["model_version"]
    moved = requests.post(stack.url(f"/api/v1/models/versions/{versions[1]['id']}/stage"), headers=admin,
                          json={"stage": "Production", "reason": "first"})
    assert moved.status_code == 200, moved.text
    stack.admin_headers, stack.data_headers, stack.versions = admin, data, versions
    stack.model_id = next(m["id"] for m in requests.get(stack.url("/api/v1/models"), headers=admin).json()["models"] if m["name"] == "Colours")
    yield stack
    stack.stop()


def serve(stack, headers, path="Colours", blue=True, seed=7, extra=None, session=None):
    send = (session or requests).post
    return send(stack.url(f"/api/v1/serve/{path}/predict"), headers=dict(headers, **{"Content-Type": "image/jpeg"}, **(extra or {})),
                data=photo(seed, blue))


def rollout(stack, body):
    response = requests.post(stack.url(f"/api/v1/models/{stack.model_id}/rollouts"), headers=stack.admin_headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_production_answers_and_a_canary_takes_its_share(serving):
    stack = serving
    # The Production version answers and names itself; a blue photo is blue
    answer = serve(stack, stack.data_headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == 1 and answer.json()["arm"] == "stable" and answer.headers["X-Loupe-Model-Version"] == "1"
    assert answer.json()["predictions"][0]["label"] == "blue"
    # Given a canary of v3 at 20 % (a long dwell, so it stays there)
    started = rollout(stack, {"candidate_version": 3, "steps": [20, 100], "dwell_seconds": 3600})
    # When 500 requests come through nginx from four clients
    with ThreadPoolExecutor(4) as pool:
        versions = list(pool.map(lambda n: serve(stack, stack.data_headers, seed=n, blue=n % 2 == 0).json()["version"], range(500)))
    # Then about a fifth were answered by the candidate (100 expected; ±4 standard deviations is 64…136)
    assert 64 <= versions.count(3) <= 136 and versions.count(1) == 500 - versions.count(3), versions.count(3)
    # And the deployment says so, with its readings so far
    deployment = requests.get(stack.url(f"/api/v1/models/{stack.model_id}/deployment"), headers=stack.data_headers).json()
    assert deployment["rollout"]["id"] == started["id"] and deployment["rollout"]["share"] == 20
    assert {r["name"] for r in deployment["rollout"]["readings"]} >= {"error_rate", "p99_ms", "disagreement"}
    back = requests.post(stack.url(f"/api/v1/rollouts/{started['id']}/rollback"), headers=stack.admin_headers, json={"reason": "measured"})
    assert back.json()["state"] == "rolled_back", back.text


def test_an_alias_move_is_served_by_every_child_within_a_second(serving):
    stack = serving
    admin = stack.admin_headers
    alias_url = stack.url(f"/api/v1/models/{stack.model_id}/aliases/champion")
    assert requests.put(alias_url, headers=admin, json={"version": 1}).status_code == 200
    # Given both children warm with v1 under the alias (concurrent clients reach both)
    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(lambda n: serve(stack, stack.data_headers, "Colours@champion", seed=n).json()["version"], range(40))) == {1}
    # When the alias moves to v3
    assert requests.put(alias_url, headers=admin, json={"version": 3}).status_code == 200
    moved_at = time.monotonic()
    # Then every answer from every child within the next second is v3's
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: (serve(stack, stack.data_headers, "Colours@champion", seed=n).json()["version"],
                                           time.monotonic() - moved_at), range(40)))
    assert {version for version, _ in answers} == {3} and min(at for _, at in answers) < 1.0, answers


def test_a_candidate_trained_on_shuffled_labels_rolls_itself_back(serving):
    stack = serving
    # Given v2 (trained on swapped tags) rolled out at 50 % with a disagreement guardrail
    started = rollout(stack, {"candidate_version": 2, "steps": [50, 100], "dwell_seconds": 600,
                              "guardrails": {"max_disagreement": 0.3, "min_requests": 20}})
    # When traffic comes (red and blue photos alike)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: serve(stack, stack.data_headers, seed=100 + n, blue=n % 2 == 0), range(120)))
    # Then within a few seconds the supervisor rolls it back, naming the guardrail
    url = stack.url(f"/api/v1/rollouts/{started['id']}")
    wait_until(lambda: requests.get(url, headers=stack.data_headers).json()["state"] == "rolled_back", seconds=10, what="rollback")
    done = requests.get(url, headers=stack.data_headers).json()
    assert "disagreement with stable" in done["end_reason"], done
    assert done["events"][-1]["kind"] == "rolled_back" and done["events"][-1]["username"] == "rollout supervisor"
    # And the registry's history and the audit log have it; v1 answers everything again
    model = requests.get(stack.url(f"/api/v1/models/{stack.model_id}"), headers=stack.data_headers).json()
    assert "canary" not in model["aliases"]
    audit = requests.get(stack.url("/api/v1/audit"), headers=stack.admin_headers).json()["events"]
    assert any(e["action"] == "model.rollout.rolled_back" and e["actor"] == "rollout supervisor" for e in audit)
    assert {serve(stack, stack.data_headers, seed=n).json()["version"] for n in range(20)} == {1}


def test_a_scoped_token_serves_and_the_switch_turns_the_model_off(serving):
    stack = serving
    created = requests.post(stack.url("/api/v1/tokens"), headers=stack.data_headers, json={"name": "shop", "serve_model": "Colours"})
    assert created.status_code == 201, created.text
    app = {"Authorization": f"Bearer {created.json()['secret']}"}
    assert serve(stack, app).status_code == 200
    assert requests.get(stack.url("/api/v1/me"), headers=app).json()["error"]["code"] == "token_scope"
    switch = stack.url(f"/api/v1/models/{stack.model_id}/deployment")
    assert requests.put(switch, headers=stack.admin_headers, json={"enabled": False, "reason": "audit"}).status_code == 200
    off = serve(stack, app)
    assert off.status_code == 409 and off.json()["error"]["code"] == "model_disabled" and "audit" in off.json()["error"]["message"]
    assert requests.put(switch, headers=stack.admin_headers, json={"enabled": True, "reason": "done"}).status_code == 200
    assert serve(stack, app).status_code == 200


def test_a_child_killed_mid_prediction_costs_no_answer(serving):
    stack = serving
    statuses = statuses_while_killing_workers(
        stack, lambda session, n: serve(stack, stack.data_headers, seed=n, session=session).status_code, kills=4)
    # nginx passed each interrupted prediction on to the other child: every client got its answer
    assert len(statuses) > 50 and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}


def test_a_batch_job_over_the_project_and_over_an_archive_writes_results_files(serving):
    import csv
    import io
    import json
    import zipfile
    stack = serving
    admin = stack.admin_headers
    project = next(p for p in requests.get(stack.url("/api/v1/projects"), headers=admin).json()["projects"] if p["name"] == "True tags")
    # Given a batch job over the project's images with the deployed model (v1, in Production)
    queued = start_job(stack, admin, project, {"model": "Colours"}, kind="batch")
    done = wait_for_job(stack, admin, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded", done
    assert "80 images predicted by Colours v1" in done["message"] and "images/s" in done["message"], done["message"]
    # Then its CSV and COCO results download through nginx, one answer per image, right on the photos' colours
    formats = {r["format"]: r for r in done["results"]}
    table = requests.get(stack.url(formats["csv"]["url"]), headers=admin)
    assert table.status_code == 200 and table.headers["Content-Disposition"] == f'attachment; filename="batch-{queued["id"]}.csv"'
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert len(rows) == 80 and {r["version"] for r in rows} == {"1"}
    assert sum(r["label"] == ("blue" if int(r["file_name"].split(".")[0]) % 2 else "red") for r in rows) >= 76
    results = json.loads(requests.get(stack.url(formats["coco"]["url"]), headers=admin).text)
    labels = {l["name"]: l["id"] for l in requests.get(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=admin).json()["labels"]}
    assert len(results) == 80 and {r["category_id"] for r in results} <= set(labels.values())
    assert len(table.content) == formats["csv"]["size"]
    # And an uploaded archive, one file of which is no image, is answered image by image
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/blue.jpg", photo(501, True))
        z.writestr("a/red.jpg", photo(502, False))
        z.writestr("a/broken.png", b"not a png")
        z.writestr("notes.txt", b"ignored")
    uploaded = requests.post(stack.url(f"/api/v1/projects/{project['id']}/batch-predictions"), headers=admin,
                             data={"model": "Colours@champion"}, files={"file": ("photos.zip", archive.getvalue(), "application/zip")})
    assert uploaded.status_code == 201, uploaded.text
    finished = wait_for_job(stack, admin, uploaded.json()["id"], lambda j: j["state"] not in ("queued", "running"))
    assert finished["state"] == "succeeded" and "1 could not be read" in finished["message"], finished
    csv_url = next(r["url"] for r in finished["results"] if r["format"] == "csv")
    rows = list(csv.DictReader(io.StringIO(requests.get(stack.url(csv_url), headers=admin).text)))
    by_name = {r["file_name"]: r for r in rows}
    assert by_name["a/blue.jpg"]["label"] == "blue" and by_name["a/red.jpg"]["label"] == "red" and by_name["a/blue.jpg"]["version"] == "3"
    assert by_name["a/broken.png"]["error"] and not by_name["a/broken.png"]["label"]
    # Bad input is refused before anything is queued
    not_zip = requests.post(stack.url(f"/api/v1/projects/{project['id']}/batch-predictions"), headers=admin,
                            data={"model": "Colours"}, files={"file": ("photos.tar", b"x", "application/x-tar")})
    assert not_zip.status_code == 422 and not_zip.json()["error"]["code"] == "not_zip"
    no_model = requests.post(stack.url(f"/api/v1/projects/{project['id']}/batch-predictions"), headers=admin,
                             files={"file": ("photos.zip", archive.getvalue(), "application/zip")})
    assert no_model.status_code == 422 and no_model.json()["error"]["field"] == "config.model_version", no_model.text
    worded = requests.post(stack.url(f"/api/v1/projects/{project['id']}/batch-predictions"), headers=admin,
                           data={"model_version": "latest"}, files={"file": ("photos.zip", archive.getvalue(), "application/zip")})
    assert worded.status_code == 422 and "must be a whole number" in worded.json()["error"]["message"], worded.text
    sneaky = requests.post(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=admin,
                           json={"kind": "batch", "config": {"model": "Colours", "source": "archive", "archive": "../loupe.sqlite"}})
    assert sneaky.status_code == 422 and sneaky.json()["error"]["field"] == "config.archive"


def test_webhooks_reach_a_local_receiver_signed_and_are_retried_after_a_500(serving):
    import base64
    import hashlib
    import hmac
    import json
    from http.server import BaseHTTPRequestHandler, HTTPServer
    stack = serving
    received, seen = [], set()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            delivery = self.headers["X-Loupe-Delivery"]
            first = delivery not in seen
            seen.add(delivery)
            received.append((dict(self.headers), body.decode(), 500 if first else 204))
            self.send_response(500 if first else 204)  # every delivery fails once, then succeeds
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        # A loopback receiver is refused unless the admin allows private targets
        refused = requests.post(stack.url("/api/v1/webhooks"), headers=stack.admin_headers, json={"url": url})
        assert refused.status_code == 422 and "loopback" in refused.json()["error"]["message"]
        created = requests.post(stack.url("/api/v1/webhooks"), headers=stack.admin_headers,
                                json={"url": url, "events": ["model_version_alias.created", "rollout.started"], "allow_private": True})
        assert created.status_code == 201, created.text
        secret = created.json()["secret"]
        # When an alias moves
        assert requests.put(stack.url(f"/api/v1/models/{stack.model_id}/aliases/webhooked"), headers=stack.admin_headers,
                            json={"version": 1}).status_code == 200
        # Then it arrives, is refused once with a 500, and arrives again after the backoff, signed both times
        wait_until(lambda: [status for _, _, status in received] == [500, 204], seconds=15, what="delivery and its retry")
        for headers, body, _ in received:
            signed = f"{headers['X-MLflow-Delivery-Id']}.{headers['X-MLflow-Timestamp']}.{body}".encode()
            expected = "v1," + base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()
            assert headers["X-MLflow-Signature"] == expected == headers["X-Loupe-Signature"]
            assert headers["X-Loupe-Event"] == "model_version_alias.created"
        event = json.loads(received[0][1])
        assert event["entity"] == "model_version_alias" and event["action"] == "created"
        assert event["data"] == {"name": "Colours", "alias": "webhooked", "version": "1"}
        # And the delivery log says so
        deliveries = requests.get(stack.url(f"/api/v1/webhooks/{created.json()['id']}/deliveries"), headers=stack.admin_headers).json()["deliveries"]
        assert deliveries[0]["state"] == "delivered" and deliveries[0]["attempts"] == 2 and deliveries[0]["last_status"] == 204
    finally:
        server.shutdown()


def dark_photo(seed):
    """A photo like the training ones, at a sixth of the light."""
    import io
    import numpy
    from PIL import Image
    pixels = numpy.asarray(Image.open(io.BytesIO(photo(seed, seed % 2 == 0)))) // 6
    out = io.BytesIO()
    Image.fromarray(pixels.astype(numpy.uint8)).save(out, "JPEG", quality=90)
    return out.getvalue()


def test_night_photos_drift_from_the_training_data_and_say_so(serving):
    stack = serving
    # Given v2 served through an alias on photos far darker than its validation images
    assert requests.put(stack.url(f"/api/v1/models/{stack.model_id}/aliases/night"), headers=stack.admin_headers,
                        json={"version": 2}).status_code == 200
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda n: requests.post(stack.url("/api/v1/serve/Colours@night/predict"),
                                                          headers=dict(stack.data_headers, **{"Content-Type": "image/jpeg"}),
                                                          data=dark_photo(n)).status_code, range(150)))
    assert set(statuses) == {200}
    # When drift is checked (served profiles are written within a second)
    def report():
        versions = requests.get(stack.url(f"/api/v1/models/{stack.model_id}/drift?refresh=1"), headers=stack.data_headers).json()["versions"]
        return next((v for v in versions if v["version"] == 2), None)
    seen = {}
    wait_until(lambda: seen.update(report() or {}) or (seen.get("verdict") == "drift" and seen["served_observations"] >= 150),
               seconds=30, what="a drift verdict on every served photo")
    found = dict(seen)
    brightness = next(f for f in found["features"] if f["name"] == "brightness")
    assert brightness["psi"] > 0.25 and brightness["ks_p_value"] < 0.01, found
    assert found["reference_observations"] >= 30
    # Then /metrics has the verdict and the scores, for Prometheus's alert rules
    metrics = requests.get(stack.url("/metrics")).text
    assert 'loupe_drift_verdict{model="Colours",version="2"} 3' in metrics
    assert 'loupe_drift_psi{model="Colours",version="2",feature="brightness"}' in metrics


def test_the_model_page_shows_serving_and_its_forms_work(serving, browser):
    from conftest import log_in_page
    stack = serving
    page = log_in_page(browser, stack, "admin", stack.admin_password)
    for n in range(10):
        serve(stack, stack.data_headers, seed=n)
    page.goto(stack.url(f"/admin/models/{stack.model_id}"))
    # The deployment: on, its endpoint, answered by the Production version; usage and drift drawn from the API
    assert page.text_content("#serving-state") == "On"
    assert "POST /api/v1/serve/Colours/predict" in page.text_content("#serving")
    page.wait_for_selector("#live-split span[data-version='1']")
    page.wait_for_selector("#usage-table tbody tr")
    assert any(text.startswith("v1stable") for text in page.locator("#usage-table tbody tr").all_text_contents())
    wait_until(lambda: " ms " in (page.get_attribute("#latency-chart", "aria-label") or ""), what="the latency histogram")
    assert "blue" in page.get_attribute("#answers-chart", "aria-label")
    wait_until(lambda: "Loading" not in page.text_content("#drift-summary"), what="the drift panel")
    page.click("#drift-refresh")
    wait_until(lambda: "v2 drift" in page.text_content("#drift-summary"), what="v2's drift in the panel")
    assert page.locator("#drift-table tbody tr").count() >= 8
    # When the admin starts a canary of v3 at 50 % from the form
    page.select_option("select[name=candidate_version]", "3")
    page.fill("input[name=steps]", "50, 100")
    page.fill("input[name=dwell_seconds]", "3600")
    page.fill("#rollout-form input[name=reason]", "retrained on more photos")
    page.click("#rollout-form button")
    page.wait_for_selector("#rollout[data-state=running]")
    assert page.text_content("#rollout-share") == "50 %"
    rollout = requests.get(stack.url(f"/api/v1/models/{stack.model_id}/deployment"), headers=stack.data_headers).json()["rollout"]
    assert rollout["candidate_version"] == 3 and rollout["state"] == "running" and rollout["reason"] == "retrained on more photos"
    # Then traffic splits, and the live bar shows both versions within a refresh
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: serve(stack, stack.data_headers, seed=n), range(60)))
    page.wait_for_selector("#live-split span[data-version='3']", timeout=15_000)
    # Pause and resume keep it; rolling back ends it, with the reason under past rollouts
    page.click("form[data-action=pause] button")
    page.wait_for_selector("#rollout[data-state=paused]")
    page.click("form[data-action=resume] button")
    page.wait_for_selector("#rollout[data-state=running]")
    page.click("form[data-action=rollback] button")
    page.wait_for_selector("#past-rollouts")
    assert "rolled back by admin" in page.locator("#past-rollouts tbody tr").first.text_content()
    assert "canary" not in requests.get(stack.url(f"/api/v1/models/{stack.model_id}"), headers=stack.data_headers).json()["aliases"]
    # A refused form comes back with its message and what was typed
    page.fill("input[name=steps]", "50, 20")
    page.click("#rollout-form button")
    assert "steps[1]" in page.text_content("p.error") and page.input_value("input[name=steps]") == "50, 20"
    # The switch turns the endpoint off and on, with the reason shown to callers
    page.fill("form[data-testid=switch] input[name=reason]", "relabelling")
    page.click("form[data-testid=switch] button")
    page.wait_for_selector("#serving-state:text('Off')")
    assert serve(stack, stack.data_headers).json()["error"]["code"] == "model_disabled"
    page.fill("form[data-testid=switch] input[name=reason]", "done")
    page.click("form[data-testid=switch] button")
    page.wait_for_selector("#serving-state:text('On')")
    assert serve(stack, stack.data_headers).status_code == 200
    # Batch predictions from the page: the job's page follows it to its results files
    page.select_option("select[name=project_id]", label="True tags")
    page.select_option("select[name=status]", "")
    page.click("form[action$='/batch'] button")
    page.wait_for_url("**/job.html?id=*")
    page.wait_for_selector("#result-links a", timeout=60_000)
    assert page.locator("#result-links a").all_text_contents() == ["COCO results JSON", "CSV, one row per answer"]
    assert "80 images predicted by Colours v1" in page.text_content("#doing")
    assert page.errors == []


def test_metrics_show_each_process_s_cpu_and_memory(serving):
    stack = serving
    text = requests.get(stack.url("/metrics")).text
    for child in stack.children():
        assert f'loupe_process_resident_memory_bytes{{process="worker",pid="{child}"}}' in text
    assert 'loupe_process_cpu_seconds{process="trainer"' in text and 'loupe_process_cpu_seconds{process="worker-master"' in text
    assert 'loupe_serve_predictions_total{model="Colours",version="1",arm="stable",outcome="ok"}' in text
