"""Training through the real stack: jobs queued over HTTP, run by the real loupe-trainer process on
the real SQLite file, metrics and a registered model version coming back; cancel, SIGKILL recovery,
and a project without labels."""
import hashlib
import json
import io
import time

import numpy
import pytest
import requests
from PIL import Image

from conftest import Stack, fill_disk, free_disk, log_in_page, wait_for_page, wait_until


def photo(seed, blue):
    """A noisy 32×32 JPEG, mostly blue or mostly red."""
    rng = numpy.random.default_rng(seed)
    pixels = rng.integers(0, 70, (32, 32, 3), dtype=numpy.uint8)
    pixels[:, :, 2 if blue else 0] += 170
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


def colour_project(stack, headers, name, per_class=12):
    """A project whose images are tagged red or blue."""
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": name}).json()
    labels = {colour: requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers,
                                    json={"name": colour}).json()["id"] for colour in ("red", "blue")}
    for n in range(2 * per_class):
        colour = "blue" if n % 2 else "red"
        image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"{n}.jpg"},
                              headers=headers, data=photo(n, colour == "blue")).json()["image"]
        saved = requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers,
                             json={"revision": 0, "shapes": [{"type": "tag", "label_id": labels[colour]}]})
        assert saved.status_code == 200, saved.text
    return project


def start_job(stack, headers, project, config, kind="train"):
    response = requests.post(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers,
                             json={"kind": kind, "config": config})
    assert response.status_code == 201, response.text
    return response.json()


def job(stack, headers, job_id):
    return requests.get(stack.url(f"/api/v1/jobs/{job_id}"), headers=headers).json()


def wait_for_job(stack, headers, job_id, predicate, seconds=180, what="job state"):
    seen = {}

    def check():
        seen.update(job(stack, headers, job_id))
        return predicate(seen)

    wait_until(check, seconds=seconds, what=what)
    return dict(seen)


# Long enough to be caught mid-run: many epochs, and no early stop.
LONG = {"architecture": "cnn", "input_size": 32, "epochs": 400, "patience": 400, "conv_channels": [16, 32]}


@pytest.fixture(scope="module")
def trainer_stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("loupe-train")).start()
    stack.start_trainer()
    stack.add_user("train-data", "data")
    stack.add_user("train-annotator", "annotator")
    yield stack
    stack.stop()


def test_a_job_trains_logs_epochs_and_registers_a_version(trainer_stack):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = colour_project(stack, headers, "Colours")
    # Annotators cannot start jobs, and a typo in the config is named, not ignored
    annotator = {"Authorization": f"Bearer {stack.token('train-annotator')}"}
    denied = requests.post(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=annotator, json={"kind": "train"})
    assert denied.status_code == 403
    typo = requests.post(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers,
                         json={"kind": "train", "config": {"epoch": 3}})
    assert typo.status_code == 422 and typo.json()["error"]["field"] == "config.epoch", typo.text
    # When a job is queued, the trainer runs it to success
    queued = start_job(stack, headers, project, {"architecture": "mlp", "input_size": 16, "epochs": 12, "width": 32})
    assert queued["state"] == "queued" and queued["config"]["learning_rate"] == 0.001
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded", done
    # Then every epoch left a metrics row, and a version was registered with its lineage
    assert 1 <= len(done["metrics"]) <= 12
    assert all(m["samples_per_second"] > 0 and 0 <= m["validation_accuracy"] <= 1 for m in done["metrics"])
    version = done["model_version"]
    assert version["model_name"] == "Colours" and version["version"] == 1 and version["stage"] == "None"
    assert version["job_id"] == queued["id"] and version["project_id"] == project["id"]
    assert version["labels"] == ["red", "blue"]
    assert version["metrics"]["validation_accuracy"] >= 0.75, version["metrics"]
    assert len(version["evaluation"]["confusion"]) == 2
    # And the artifact on disk is exactly what the registry says
    artifacts = list((stack.data / "models").rglob("*.loupe"))
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in artifacts] == [version["artifact_sha256"]]
    assert artifacts[0].stat().st_size == version["artifact_size"]
    # And the worker runs the registered model on a new image: a blue photo is "blue"
    predicted = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/predict"),
                              headers=dict(headers, **{"Content-Type": "image/jpeg"}), data=photo(999, blue=True))
    assert predicted.status_code == 200, predicted.text
    assert predicted.json()["predictions"][0]["label"] == "blue" and predicted.json()["embedding_size"] == 32
    assert abs(sum(p["probability"] for p in predicted.json()["predictions"]) - 1) < 1e-4
    # But not for someone who cannot see the project, and not on something that is not an image
    hidden = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/predict"), headers=annotator, data=photo(1, True))
    assert hidden.status_code == 404
    garbage = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/predict"), headers=headers, data=b"hello")
    assert garbage.status_code == 422 and garbage.json()["error"]["field"] == "file", garbage.text
    # And the project's job list shows it, with the scoring run it queued for the labelling queue
    listed = requests.get(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers).json()["jobs"]
    assert [(j["id"], j["kind"]) for j in listed][-1] == (queued["id"], "train")
    assert [j["kind"] for j in listed[:-1]] == ["score"] and listed[0]["config"]["model_version"] == version["id"]


def test_a_search_records_its_trials_and_registers_the_best(trainer_stack):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = colour_project(stack, headers, "Search colours", per_class=8)
    config = {"architecture": "linear", "input_size": 8,
              "search": {"strategy": "grid", "trials": 2, "learning_rate": [0.01], "batch_size": [4, 8], "width": [8], "epochs": [3]}}
    queued = start_job(stack, headers, project, config, kind="search")
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded", done
    assert [t["parameters"]["batch_size"] for t in done["trials"]] == [4, 8]
    assert {t["outcome"] for t in done["trials"]} == {"done"}
    assert {m["trial"] for m in done["metrics"]} == {0, 1}
    best = min(done["trials"], key=lambda t: t["validation_loss"])
    assert done["model_version"]["parameters"]["batch_size"] == best["parameters"]["batch_size"]
    # Each trial ran as a job of its own, listed with the project's jobs; a client cannot queue one
    jobs = requests.get(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers).json()["jobs"]
    trials = [j for j in jobs if j["kind"] == "trial"]
    assert sorted(j["config"]["trial"] for j in trials) == [0, 1] and all(j["config"]["search_job"] == queued["id"] for j in trials)
    assert all(j["state"] == "succeeded" for j in trials)
    refused = requests.post(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers, json={"kind": "trial", "config": {}})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "kind", refused.text


def test_a_job_cancelled_mid_run_ends_cancelled(trainer_stack):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = colour_project(stack, headers, "Cancel me", per_class=8)
    queued = start_job(stack, headers, project, LONG)
    wait_for_job(stack, headers, queued["id"], lambda j: j["state"] == "running" and len(j["metrics"]) >= 1, what="first epoch")
    cancelled = requests.post(stack.url(f"/api/v1/jobs/{queued['id']}/cancel"), headers=headers)
    assert cancelled.status_code == 200 and cancelled.json()["cancel_requested"], cancelled.text
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] != "running", seconds=30)
    assert done["state"] == "cancelled" and done["message"].startswith("cancelled while"), done
    assert done.get("model_version") is None and done.get("model_version_id") is None
    # Cancelling again is refused with the reason
    again = requests.post(stack.url(f"/api/v1/jobs/{queued['id']}/cancel"), headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "job_finished" and "cancelled" in again.json()["error"]["message"]


def test_a_project_without_labels_fails_with_a_clear_message(trainer_stack):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Unlabelled"}).json()
    queued = start_job(stack, headers, project, {})
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "failed" and "no image has exactly one tag" in done["message"], done
    # The trainer process is still there for the next job
    assert stack.trainer.poll() is None


def test_a_killed_trainer_s_job_is_retried_once_then_failed(fresh_stack):
    stack = fresh_stack().start()
    stack.add_user("kill-data", "data")
    headers = {"Authorization": f"Bearer {stack.token('kill-data')}"}
    project = colour_project(stack, headers, "Killed", per_class=8)
    stack.start_trainer()
    queued = start_job(stack, headers, project, LONG)
    running = lambda attempt: lambda j: j["state"] == "running" and j["attempts"] == attempt and len(j["metrics"]) >= 1
    wait_for_job(stack, headers, queued["id"], running(1), what="first attempt running")
    # When the trainer is killed mid-job and a new one starts on the same machine, the job is recovered
    # at once: the new trainer sees that the lease's process has exited (the lease is 30 s, the wait
    # below shorter)
    stack.kill_trainer()
    stack.start_trainer()
    retried = wait_for_job(stack, headers, queued["id"], running(2), seconds=20, what="second attempt running")
    assert retried["metrics"][0]["epoch"] == 1  # the retry starts over with a clean metrics table
    # When the second attempt dies too, the job fails with the reason
    stack.kill_trainer()
    stack.start_trainer()
    failed = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] == "failed", seconds=20)
    assert "trainer exited 2 times" in failed["message"], failed
    # And the new trainer goes on to run the next job
    quick = start_job(stack, headers, project, {"architecture": "linear", "input_size": 8, "epochs": 2})
    done = wait_for_job(stack, headers, quick["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded", done


def test_a_job_waits_out_a_full_disk_and_then_succeeds(small_disk_stack):
    stack = small_disk_stack.start()
    stack.add_user("disk-train", "data")
    headers = {"Authorization": f"Bearer {stack.token('disk-train')}"}
    project = colour_project(stack, headers, "Full disk", per_class=6)
    stack.start_trainer()
    queued = start_job(stack, headers, project, {"architecture": "cnn", "input_size": 32, "epochs": 500, "patience": 500,
                                                  "conv_channels": [8, 16]})
    wait_for_job(stack, headers, queued["id"], lambda j: j["state"] == "running" and len(j["metrics"]) >= 2, what="epochs")
    # When the disk fills up mid-job for a few seconds (heartbeats and epochs cannot be written)
    fill_disk(stack.data)
    time.sleep(3)
    paused = job(stack, headers, queued["id"])
    free_disk(stack.data)
    # Then the job was still running meanwhile, and once space is back it goes on to succeed, first time
    assert paused["state"] == "running", paused
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded" and done["attempts"] == 1, done
    assert [m["epoch"] for m in done["metrics"]] == list(range(1, 501))
    assert "disk space is back after" in stack.trainer_log.read_text()


def test_the_training_pages_start_a_job_and_show_its_epochs_and_model(trainer_stack, browser):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = colour_project(stack, headers, "Browser colours", per_class=6)
    page = log_in_page(browser, stack, "train-data")
    # Given the project's training page, reached from the project page
    page.goto(stack.url(f"/project.html?id={project['id']}"))
    page.click("#training-link")
    page.wait_for_selector("#new-job:not([hidden])")
    # When bad JSON is typed into "More settings", the page says so and starts nothing
    page.select_option("#architecture", "linear")
    page.fill("#input_size", "8")
    page.fill("#epochs", "4")
    page.click("text=More settings (JSON)")
    page.fill("#extra", "{learning_rate: 1}")
    page.click("#start")
    page.wait_for_selector("#message:not([hidden])")
    assert "not valid JSON" in page.inner_text("#message")
    # When the form is sent with good settings, the job page follows it to the end
    page.fill("#extra", '{"batch_size": 4}')
    page.click("#start")
    page.wait_for_url("**/job.html?id=*")
    wait_for_page(page, "document.getElementById('state').textContent === 'succeeded'", seconds=120)
    # Then it shows the curves and the epochs, the registered model's per-class scores and its confusion matrix
    assert page.locator("#metrics tr").count() >= 1 and "validation" in page.get_attribute("#loss-chart", "aria-label")
    assert page.is_visible("#version") and "Browser colours version 1" in page.inner_text("#version-summary")
    assert page.locator("#classes tr").count() == 2 and page.locator("#confusion tr").count() == 3
    assert '"batch_size": 4' in page.inner_text("#config")
    assert not page.is_visible("#cancel")
    # And the jobs list shows it as registered
    page.click("#jobs-link")
    page.wait_for_selector("#jobs tr")
    trained = page.locator("#jobs tr", has_text="train:").inner_text()
    assert "succeeded" in trained and "registered" in trained
    assert page.errors == []


def test_a_tiny_validation_set_is_called_out_and_long_runs_show_their_last_epochs(trainer_stack, browser):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    # Given a job trained on six images (one of them for validation) for 30 epochs
    project = colour_project(stack, headers, "Tiny validation", per_class=3)
    queued = start_job(stack, headers, project, {"architecture": "linear", "input_size": 8, "epochs": 30, "patience": 30})
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded", done
    # Then its message and its version say the validation figure means little
    assert "too few to trust" in done["message"], done["message"]
    assert "Measured on only 1 validation sample" in done["model_version"]["validation_warning"]
    # When its page is opened
    page = log_in_page(browser, stack, "train-data")
    page.goto(stack.url(f"/job.html?id={queued['id']}"))
    page.wait_for_selector("#version-warning:not([hidden])")
    # Then the warning stands under the model's summary, and the table shows the last 10 of the 30 epochs
    assert "Measured on only 1 validation sample" in page.inner_text("#version-warning")
    assert page.locator("#metrics tr").count() == 10 and "last 10 of 30" in page.inner_text("#epochs-shown")
    page.click("#all-epochs")
    assert page.locator("#metrics tr").count() == 30
    page.click("#all-epochs")
    assert page.locator("#metrics tr").count() == 10
    # And the accuracy chart's legend sits under the axis, outside the plot (it used to cover the line at 100 %)
    swatch = page.evaluate("""() => {
        const canvas = document.getElementById('accuracy-chart');
        const r = window.devicePixelRatio || 1;
        return [...canvas.getContext('2d').getImageData(50 * r, (canvas.clientHeight - 12) * r, 1, 1).data].slice(0, 3);
    }""")
    assert swatch == [0x21, 0x56, 0xc8], swatch
    assert page.errors == []


def test_the_queue_follows_the_scores_and_never_gives_one_image_to_two_annotators(trainer_stack, browser):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = colour_project(stack, headers, "Queue colours", per_class=6)
    # Six more photos nobody has labelled yet
    for n in range(100, 106):
        requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"{n}.jpg"},
                      headers=headers, data=photo(n, n % 2 == 1))
    for name in ("queue-ann", "queue-bob"):
        stack.add_user(name, "annotator")
        requests.post(stack.url(f"/api/v1/projects/{project['id']}/members"), headers=headers, json={"username": name, "role": "annotator"})
    # When a model is trained, the trainer scores the open images on its own
    trained = start_job(stack, headers, project, {"architecture": "linear", "input_size": 8, "epochs": 3})
    wait_for_job(stack, headers, trained["id"], lambda j: j["state"] == "succeeded")
    jobs = requests.get(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers).json()["jobs"]
    scoring = next(j for j in jobs if j["kind"] == "score")
    done = wait_for_job(stack, headers, scoring["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded" and done["message"].startswith("scored 18 images"), done
    queue = requests.get(stack.url(f"/api/v1/projects/{project['id']}/queue"), headers=headers).json()
    assert queue["scored"] == 18 and queue["strategy"] == "margin" and sum(queue["histogram"]) == 18
    # Then two annotators asking at once get different images, the top two of the queue that nobody has
    # labelled yet (tagged images are ranked too, but never handed out as "label next")
    ann = {"Authorization": f"Bearer {stack.token('queue-ann')}"}
    bob = {"Authorization": f"Bearer {stack.token('queue-bob')}"}
    ranked = requests.get(stack.url(f"/api/v1/projects/{project['id']}/queue/images?limit=50"), headers=ann).json()["images"]
    unlabelled = [entry["rank"] for entry in ranked if entry["image"]["status"] == "new"]
    first = requests.get(stack.url(f"/api/v1/projects/{project['id']}/next"), headers=ann).json()["image"]
    second = requests.get(stack.url(f"/api/v1/projects/{project['id']}/next"), headers=bob).json()["image"]
    assert first["id"] != second["id"] and first["status"] == second["status"] == "new"
    ranks = [requests.get(stack.url(f"/api/v1/images/{i['id']}/suggestion"), headers=ann).json()["suggestion"]["rank"] for i in (first, second)]
    assert ranks == unlabelled[:2]
    # And Bob cannot take over Ann's image while she holds it
    assert requests.post(stack.url(f"/api/v1/images/{first['id']}/hold"), headers=bob).status_code == 409
    assert requests.post(stack.url(f"/api/v1/images/{first['id']}/hold"), headers=ann).status_code == 200
    # In the editor, Ann opens the best-ranked image nobody has tagged yet and sees the model's guess
    queued = requests.get(stack.url(f"/api/v1/projects/{project['id']}/queue/images?limit=50"), headers=ann).json()["images"]
    assert [entry["rank"] for entry in queued] == sorted(entry["rank"] for entry in queued)
    target = next(entry["image"] for entry in queued if entry["image"]["status"] == "new" and entry["image"]["id"] != second["id"])
    suggestion = requests.get(stack.url(f"/api/v1/images/{target['id']}/suggestion"), headers=ann).json()["suggestion"]
    assert suggestion["label"] in ("red", "blue") and 0 < suggestion["confidence"] <= 1 and suggestion["label_id"]
    page = log_in_page(browser, stack, "queue-ann")
    page.goto(stack.url(f"/editor.html?image={target['id']}&queue=1"))
    page.wait_for_selector("#suggestion:not([hidden])")
    assert f"“{suggestion['label']}”" in page.inner_text("#suggestion")
    page.locator("#canvas").focus()
    page.keyboard.press("y")
    wait_for_page(page, "document.getElementById('save-state').dataset.state === 'saved' && "
                           "document.getElementById('suggestion').dataset.accepted === 'true'")
    wait_for_page(page, "document.getElementById('save-state').textContent === 'Saved'")
    saved = requests.get(stack.url(f"/api/v1/images/{target['id']}/annotations"), headers=ann).json()
    tags = [s for s in saved["shapes"] if s["type"] == "tag"]
    assert tags == [{"type": "tag", "label_id": suggestion["label_id"], "suggested_by_version_id": suggestion["model_version_id"]}], saved
    # The COCO export says so too, and the next training run counts it
    coco = requests.get(stack.url(f"/api/v1/projects/{project['id']}/export/coco"), headers=headers).json()
    exported = next(i for i in coco["images"] if i["id"] == target["id"])
    assert [t["model_version_id"] for t in exported["suggested_tags"]] == [suggestion["model_version_id"]]
    assert all("suggested_tags" not in i for i in coco["images"] if i["id"] != target["id"])
    # And N moves on to the next image the queue holds for her, not Bob's
    page.keyboard.press("n")
    page.wait_for_url(lambda url: "queue=1" in url and f"image={target['id']}&" not in url)
    assert f"image={second['id']}&" not in page.url
    assert page.errors == []
    # The data team sees the queue on the project page, changes its strategy and rescores it
    page = log_in_page(browser, stack, "train-data")
    page.goto(stack.url(f"/project.html?id={project['id']}"))
    page.wait_for_selector("#queue-grid li")
    assert "18 open images scored" in page.inner_text("#queue-summary") and page.locator("#queue-histogram span").count() == 10
    # The histogram has axes: the largest bar's count, and the score range it spans
    assert page.is_visible("#queue-histogram-figure") and int(page.inner_text("#histogram-y-max")) >= 2
    assert float(page.inner_text("#histogram-x-min")) <= float(page.inner_text("#histogram-x-max"))
    assert page.locator("#queue-grid li .name").first.inner_text().startswith("#1 · ")
    page.select_option("#queue-strategy", "entropy")
    page.click("#queue-form button:has-text('Save')")
    page.wait_for_selector("#queue-message:has-text('Saved.')")
    assert requests.get(stack.url(f"/api/v1/projects/{project['id']}/queue"), headers=headers).json()["strategy"] == "entropy"
    page.click("#score-now")
    page.wait_for_selector("#queue-message a")
    rescoring = int(page.get_attribute("#queue-message a", "href").split("=")[1])
    rescored = wait_for_job(stack, headers, rescoring, lambda j: j["state"] not in ("queued", "running"))
    assert rescored["state"] == "succeeded" and "(entropy, diverse)" in rescored["message"], rescored
    assert page.errors == []
    # The project's dashboard renders its figures, with the agreement formulas, and no script errors
    page.goto(stack.url(f"/dashboard.html?project={project['id']}"))
    page.wait_for_selector("#formulas dt")
    assert page.inner_text("#title") == "Dashboard · Queue colours"
    assert page.locator("#labels tr").count() == 2 and page.locator("#work tr").count() >= 1
    assert "No image has been labelled by two or more people yet." in page.inner_text("#agreement")
    assert page.errors == []


def read_events(response, until):
    """Parses a text/event-stream response into (id, event, data) tuples until `until(events)` holds."""
    events, block = [], {}
    for line in response.iter_lines(decode_unicode=True):
        if line == "":
            if "event" in block:
                events.append((block.get("id"), block["event"], block.get("data")))
                if until(events):
                    return events
            block = {}
        elif not line.startswith(":"):
            key, _, value = line.partition(": ")
            block[key] = value
    return events


def test_training_curves_stream_live_through_nginx_and_resume_without_gaps(trainer_stack):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = colour_project(stack, headers, "Streamed", per_class=6)
    queued = start_job(stack, headers, project, {"architecture": "cnn", "input_size": 16, "epochs": 60, "patience": 60,
                                                  "conv_channels": [8]})
    url = stack.url(f"/api/v1/jobs/{queued['id']}/stream")
    # While the trainer runs the job, epochs arrive one by one through nginx
    with requests.get(url, headers=headers, stream=True, timeout=60) as first:
        assert first.headers["Content-Type"] == "text/event-stream"
        events = read_events(first, lambda e: sum(1 for _, kind, _ in e if kind == "epoch") >= 3)
    epochs = [int(i) for i, kind, _ in events if kind == "epoch"]
    assert epochs == [1, 2, 3]
    # A reconnect with Last-Event-ID resumes after the last epoch seen, through to the end
    with requests.get(url, headers=dict(headers, **{"Last-Event-ID": str(epochs[-1])}), stream=True, timeout=120) as second:
        rest = read_events(second, lambda e: e[-1][1] == "end")
    epochs += [int(i) for i, kind, _ in rest if kind == "epoch"]
    states = [json.loads(data)["state"] for _, kind, data in events + rest if kind == "job"]
    assert states[-1] == "succeeded" and set(states) <= {"queued", "running", "succeeded"}
    done = job(stack, headers, queued["id"])
    assert rest[-1][1] == "end" and done["state"] == "succeeded"
    assert epochs == list(range(1, len(done["metrics"]) + 1)), epochs  # no gaps, no duplicates
    assert json.loads([data for i, kind, data in rest if kind == "epoch"][-1])["epoch"] == done["metrics"][-1]["epoch"]


# Last in the file: the images it adds would move the id-based validation split of the tests above.
def test_a_tpe_search_over_networks_from_the_training_page_plots_its_trials(trainer_stack, browser):
    stack = trainer_stack
    headers = {"Authorization": f"Bearer {stack.token('train-data')}"}
    project = colour_project(stack, headers, "Network search", per_class=6)
    page = log_in_page(browser, stack, "train-data")
    page.goto(stack.url(f"/jobs.html?project={project['id']}"))
    page.wait_for_selector("#new-job:not([hidden])")
    # When the data team asks for a TPE search of five trials that also varies the backbone and input size
    page.select_option("#kind", "search")
    assert page.is_visible("#search-fields") and page.input_value("#strategy") == "tpe"
    page.fill("#trials", "5")
    page.select_option("#architecture", "cnn")
    page.fill("#input_size", "16")
    page.click("text=More settings (JSON)")
    page.fill("#extra", '{"search": {"conv_channels": [[8], [8, 16]], "input_size": [16, 24], "learning_rate": [0.003, 0.03],'
                        ' "batch_size": [8], "width": [16], "epochs": [4]}}')
    page.click("#start")
    page.wait_for_url("**/job.html?id=*")
    wait_for_page(page, "document.getElementById('state').textContent === 'succeeded'", seconds=240)
    # Then the job page lists five trials and draws them against each other, one line per finished trial
    assert page.locator("#trials tr").count() == 5
    assert page.is_visible("#trials-plot")
    lines = page.locator("#trials-plot polyline").count()
    job_id = int(page.url.split("id=")[1])
    done = job(stack, headers, job_id)
    assert lines == sum(t["outcome"] != "failed" for t in done["trials"]) >= 2, done["trials"]
    axes = page.locator("#trials-plot text.axis-name").all_text_contents()
    assert "validation loss" in axes and "conv channels" in axes and "input size" in axes, axes
    assert done["config"]["search"]["strategy"] == "tpe" and done["config"]["search"]["parallel"] == 2
    # And the registered version was trained with the best trial's network
    best = min((t for t in done["trials"] if t["outcome"] == "done"), key=lambda t: t["validation_loss"])
    parameters = done["model_version"]["parameters"]
    assert parameters["conv_channels"] == best["parameters"]["conv_channels"] and parameters["input_size"] == best["parameters"]["input_size"]
    assert page.errors == []
