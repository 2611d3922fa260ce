"""Detectors through real nginx, the worker and the real trainer: boxes saved through the API, a
detector job started from the training page, a version with AP metrics, and the job page showing
average precision (not accuracy) without a JavaScript error; then the labelling loop: a predict job
from the training page, suggestions accepted and rejected through the API and in the editor (keys, a
drag, undo), the dashboard's and /metrics' counts moving, and the version's predictions exported as
COCO results that pycocotools scores as `loupe coco-eval` does."""
import contextlib
import io
import json
import subprocess

import numpy
import pytest
import requests
from PIL import Image

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from conftest import BIN, Stack, log_in_page, wait_for_page
from test_training import start_job, wait_for_job


def scene(seed, objects=None):
    """A 96×72 photo-like noise image with one or two (or `objects`, if they fit) bright discs or
    crosses, and their boxes."""
    rng = numpy.random.default_rng(seed)
    pixels = rng.integers(90, 130, (72, 96, 3), dtype=numpy.uint8)
    boxes = []
    for _ in range(objects * 4 if objects else int(rng.integers(1, 3))):
        if objects and len(boxes) == objects:
            break
        size, kind = int(rng.integers(14, 24)), int(rng.integers(0, 2))
        x, y = int(rng.integers(0, 96 - size)), int(rng.integers(0, 72 - size))
        if any(x < bx + bw and bx < x + size and y < by + bh and by < y + size for _, bx, by, bw, bh in boxes):
            continue
        yy, xx = numpy.mgrid[0:size, 0:size] + 0.5 - size / 2
        shape = (xx ** 2 + yy ** 2 <= (size / 2) ** 2) if kind == 0 else ((abs(xx) < size / 6) | (abs(yy) < size / 6))
        pixels[y:y + size, x:x + size][shape] = (240, 200, 20) if kind == 0 else (20, 220, 240)
        boxes.append((kind, x, y, size, size))
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=95)
    return out.getvalue(), boxes


def iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    inter = max(0, min(ax + aw, bx + bw) - max(ax, bx)) * max(0, min(ay + ah, by + bh) - max(ay, by))
    return inter / (aw * ah + bw * bh - inter)


@pytest.fixture(scope="module")
def detection_stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("loupe-detect")).start()
    stack.start_trainer()
    stack.add_user("detect-data", "data")
    yield stack
    stack.stop()


def boxed_project(stack, headers, name, images=60):
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": name}).json()
    labels = [requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers, json={"name": n}).json()["id"]
              for n in ("disc", "cross")]
    for n in range(images):
        data, boxes = scene(n)
        image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"{n}.jpg"},
                              headers=headers, data=data).json()["image"]
        shapes = [{"type": "bbox", "label_id": labels[k], "x": x, "y": y, "w": w, "h": h} for k, x, y, w, h in boxes]
        saved = requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers,
                             json={"revision": 0, "shapes": shapes})
        assert saved.status_code == 200, saved.text
    return project


def test_a_detector_learns_the_project_s_boxes_and_the_job_page_shows_its_average_precision(detection_stack, browser):
    stack = detection_stack
    headers = {"Authorization": f"Bearer {stack.token('detect-data')}"}
    # Given 100 images whose discs and crosses were boxed through the API
    project = boxed_project(stack, headers, "Discs and crosses", images=100)
    # When the data team starts a detector from the training page
    page = log_in_page(browser, stack, "detect-data")
    page.goto(stack.url(f"/jobs.html?project={project['id']}"))
    page.wait_for_selector("#new-job:not([hidden])")
    page.select_option("#architecture", "detector")
    assert not page.is_visible("#source-field") and page.input_value("#input_size") == "320"
    page.fill("#input_size", "96")
    page.fill("#epochs", "25")
    page.click("text=More settings (JSON)")
    page.fill("#extra", '{"conv_channels": [16, 32, 32], "width": 32, "batch_size": 16, "patience": 25, "learning_rate": 0.002}')
    page.click("#start")
    page.wait_for_url("**/job.html?id=*")
    wait_for_page(page, "document.getElementById('state').textContent === 'succeeded'", seconds=300)
    # Then the page speaks of AP, per class, with no confusion matrix and no accuracy curve for training
    summary = page.inner_text("#version-summary")
    assert "AP50" in summary and "accuracy" not in summary, summary
    assert page.locator("#class-ap-rows tr").count() == 2 and not page.is_visible("#confusion")
    assert page.inner_text("#accuracy-caption") == "Validation AP50"
    assert page.errors == []
    # And the API holds the version with its average precision, per class, as a detector
    job_id = int(page.url.split("id=")[1])
    done = wait_for_job(stack, headers, job_id, lambda j: j["state"] == "succeeded")
    version = done["model_version"]
    assert version["metrics"]["ap50"] >= 0.6, version["metrics"]
    assert set(version["evaluation"]["ap50_per_class"]) == {"disc", "cross"}
    assert "detector" in version["description"]
    # And the predict API returns boxes in the image's own pixels, near the ones drawn
    data, boxes = scene(1000)
    predicted = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/predict"), headers=headers, data=data)
    assert predicted.status_code == 200, predicted.text
    detections = predicted.json()["detections"]
    assert predicted.json()["image_width"] == 96 and all(len(d["bbox"]) == 4 and d["label"] in ("disc", "cross") for d in detections)
    best = max((iou(d["bbox"], (x, y, w, h)) for d in detections for _, x, y, w, h in boxes), default=0)
    assert best >= 0.5, (detections, boxes)
    # And "Try it" on the version page draws the boxes over the uploaded image
    page.goto(stack.url(f"/admin/models/versions/{version['id']}"))
    assert "AP50" in page.inner_text("main")
    with open(stack.data / "try.jpg", "wb") as f:
        f.write(data)
    page.set_input_files("input[name=image]", str(stack.data / "try.jpg"))
    page.click("text=Predict")
    page.wait_for_selector("svg.detections rect")
    assert page.locator("svg.detections rect").count() == len(detections)
    assert page.errors == []
    # When four more photos arrive, unlabelled, with three objects each
    fresh = []
    for n in range(4):
        data, boxes = scene(2000 + n, objects=3)
        fresh.append(requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"three{n}.jpg"},
                                   headers=headers, data=data).json()["image"])
    # And the detector ranks the open images by its doubt: label next hands out the best-ranked photo
    # nobody has drawn on yet
    scored = start_job(stack, headers, project, {"model_version": version["id"]}, kind="score")
    scored = wait_for_job(stack, headers, scored["id"], lambda j: j["state"] in ("failed", "succeeded"))
    assert scored["state"] == "succeeded" and "ranked 104 images by detection doubt" in scored["message"], scored
    queue = requests.get(stack.url(f"/api/v1/projects/{project['id']}/queue/images?limit=200"), headers=headers).json()["images"]
    assert len(queue) == 104 and all(0 <= entry["score"] <= 1 for entry in queue)
    assert {entry["predicted_label"] for entry in queue} <= {"disc", "cross", "no object"}
    fresh_ids = {i["id"] for i in fresh}
    handed = requests.get(stack.url(f"/api/v1/projects/{project['id']}/next"), headers=headers).json()["image"]
    assert handed["id"] == next(e["image"]["id"] for e in queue if e["image"]["id"] in fresh_ids), (handed, queue[:5])
    # And the data team asks the version, from the training page, to propose boxes on the open images
    page.goto(stack.url(f"/jobs.html?project={project['id']}"))
    page.wait_for_selector("#predict-form:not([hidden])")
    assert page.input_value("#predict-version") == str(version["id"])
    page.click("#predict-start")
    page.wait_for_url("**/job.html?id=*")
    wait_for_page(page, "document.getElementById('state').textContent === 'succeeded'", seconds=120)
    predict_job = wait_for_job(stack, headers, int(page.url.split("id=")[1]), lambda j: j["state"] == "succeeded")
    assert "proposed on 104 images" in predict_job["message"] and predict_job["config"]["score_threshold"] == 0.3, predict_job
    assert page.errors == []
    # Then the images hold suggestions beside their shapes, most of them on a drawn box
    images = requests.get(stack.url(f"/api/v1/projects/{project['id']}/images?limit=200"), headers=headers).json()["images"]
    hits = 0
    for image in images:
        shapes = requests.get(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers).json()["shapes"]
        suggestions = requests.get(stack.url(f"/api/v1/images/{image['id']}/box-suggestions"), headers=headers).json()["suggestions"]
        drawn = [(s["x"], s["y"], s["w"], s["h"]) for s in shapes]
        if any(iou(s["bbox"], d) >= 0.5 for s in suggestions for d in drawn):
            hits += 1
    assert hits >= 70, f"{hits} of 100 labelled images got a suggestion on a drawn box"
    # And the annotators' loop: through the API, in the editor, counted on the dashboard and in /metrics
    decide_through_the_api(stack, headers, next(i["id"] for i in images if i["id"] not in fresh_ids
                                                 and len(suggestions_of(stack, headers, i["id"])) >= 2))
    work_through_suggestions_in_the_editor(stack, headers, page, project, version, fresh)
    # And the version's predictions, exported as COCO results, score the same in pycocotools and in Loupe
    predictions_score_the_same_in_pycocotools(stack, headers, project, version)


def suggestions_of(stack, headers, image_id):
    return requests.get(stack.url(f"/api/v1/images/{image_id}/box-suggestions"), headers=headers).json()["suggestions"]


def counts(stack, headers, project_id, version_id):
    rows = requests.get(stack.url(f"/api/v1/projects/{project_id}/dashboard"), headers=headers).json()["suggestions"]
    row = next(r for r in rows if r["model_version_id"] == version_id)
    return row["accepted_unchanged"], row["accepted_edited"], row["rejected"]


def decide_through_the_api(stack, headers, image_id):
    """Accept the best suggestion as it is and reject the next, with one save; a suggestion of another
    image is refused by name."""
    current = requests.get(stack.url(f"/api/v1/images/{image_id}/annotations"), headers=headers).json()
    suggestions = suggestions_of(stack, headers, image_id)
    assert len(suggestions) >= 2, suggestions
    best, other = suggestions[0], suggestions[1]
    project_id = requests.get(stack.url(f"/api/v1/images/{image_id}"), headers=headers).json()["project_id"]
    before = counts(stack, headers, project_id, best["model_version_id"])
    x, y, w, h = best["bbox"]
    shapes = current["shapes"] + [{"type": "bbox", "label_id": best["label_id"], "x": x, "y": y, "w": w, "h": h, "suggestion_id": best["id"]}]
    refused = requests.put(stack.url(f"/api/v1/images/{image_id}/annotations"), headers=headers,
                           json={"revision": current["revision"], "shapes": shapes, "rejected_suggestions": [987654]})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "rejected_suggestions", refused.text
    saved = requests.put(stack.url(f"/api/v1/images/{image_id}/annotations"), headers=headers,
                         json={"revision": current["revision"], "shapes": shapes, "rejected_suggestions": [other["id"]]})
    assert saved.status_code == 200, saved.text
    kept = saved.json()["shapes"][-1]
    assert kept["suggestion_id"] == best["id"] and kept["edited"] is False and kept["suggested_by_version_id"] == best["model_version_id"]
    assert {s["id"] for s in suggestions_of(stack, headers, image_id)}.isdisjoint({best["id"], other["id"]})
    assert counts(stack, headers, project_id, best["model_version_id"]) == (before[0] + 1, before[1], before[2] + 1)


def work_through_suggestions_in_the_editor(stack, headers, page, project, version, fresh):
    """On an unlabelled photo: Tab + Enter accepts one, X rejects the next (undone and rejected again),
    dragging the third's corner resizes it (accepted as edited); the API and the dashboard say so,
    with no JavaScript error."""
    image = max(fresh, key=lambda i: len(suggestions_of(stack, headers, i["id"])))
    suggestions = suggestions_of(stack, headers, image["id"])
    assert len(suggestions) >= 3, f"the detector proposed {len(suggestions)} boxes on a photo with three objects"
    page.goto(stack.url(f"/dashboard.html?project={project['id']}"))
    page.wait_for_selector("#suggestions tr")
    before = page.inner_text("#suggestions")
    page.goto(stack.url(f"/editor.html?image={image['id']}"))
    page.wait_for_selector("#suggestion-list li")
    assert page.locator("#suggestion-list li").count() == len(suggestions)
    page.focus("#canvas")
    page.keyboard.press("Tab")
    assert page.locator("#suggestion-list li.current").count() == 1
    page.keyboard.press("Enter")
    assert page.locator("#suggestion-list li").count() == len(suggestions) - 1
    page.keyboard.press("x")
    assert page.locator("#suggestion-list li").count() == len(suggestions) - 2
    page.keyboard.press("Control+z")
    assert page.locator("#suggestion-list li").count() == len(suggestions) - 1
    assert f"· {round(suggestions[1]['score'] * 100)}%" in page.locator("#suggestion-list li.current").inner_text()
    page.keyboard.press("x")
    assert page.locator("#suggestion-list li").count() == len(suggestions) - 2
    # Drag the focused suggestion's bottom-right corner 4 px inwards (which accepts it, edited)
    third = suggestions[2]
    page.keyboard.press("Escape")  # nothing selected: the corner belongs to the suggestion alone
    view = page.evaluate("""() => { const r = document.getElementById('canvas').getBoundingClientRect();
        return { left: r.left, top: r.top, width: r.width, height: r.height }; }""")
    scale = min((view["width"] - 32) / image["width"], (view["height"] - 32) / image["height"])
    left = view["left"] + (view["width"] - image["width"] * scale) / 2
    top = view["top"] + (view["height"] - image["height"] * scale) / 2
    x, y, w, h = third["bbox"]
    corner = left + (x + w) * scale, top + (y + h) * scale
    page.mouse.move(*corner)
    page.mouse.down()
    page.mouse.move(corner[0] - 2 * scale, corner[1] - 2 * scale, steps=3)
    page.mouse.move(corner[0] - 4 * scale, corner[1] - 4 * scale, steps=3)
    page.mouse.up()
    wait_for_page(page, "document.getElementById('save-state').dataset.state === 'saved' && document.getElementById('save-state').textContent === 'Saved'")
    # Then the API holds the two accepted boxes, one as suggested and one edited, and the rejection
    shapes = requests.get(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers).json()["shapes"]
    kept = {s["suggestion_id"]: s for s in shapes if s.get("suggestion_id")}
    assert set(kept) == {suggestions[0]["id"], third["id"]}, shapes
    assert kept[suggestions[0]["id"]]["edited"] is False and kept[third["id"]]["edited"] is True
    resized = kept[third["id"]]
    assert abs(resized["x"] - x) < 0.6 and abs(resized["w"] - (w - 4)) < 0.6 and abs(resized["h"] - (h - 4)) < 0.6, (resized, third)
    assert {s["id"] for s in suggestions_of(stack, headers, image["id"])} == {s["id"] for s in suggestions[3:]}
    assert page.errors == []
    # And the dashboard's counts moved: one more as suggested, one more edited, one more rejected
    page.goto(stack.url(f"/dashboard.html?project={project['id']}"))
    page.wait_for_selector("#suggestions tr")
    after = page.inner_text("#suggestions")
    assert after != before
    unchanged, edited, rejected = counts(stack, headers, project["id"], version["id"])
    assert (unchanged, edited, rejected) == (2, 1, 2), after
    assert f"v{version['version']}\t2\t1\t2" in after, after
    assert page.errors == []
    # And /metrics counts the same
    metrics = requests.get(stack.url("/metrics")).text
    for outcome, value in (("accepted_unchanged", 2), ("accepted_edited", 1), ("rejected", 2)):
        line = f'loupe_detector_suggestions{{model="{version["model_name"]}",version="{version["version"]}",outcome="{outcome}"}} {value}.0'
        assert line in metrics, line


def predictions_score_the_same_in_pycocotools(stack, headers, project, version):
    truth = requests.get(stack.url(f"/api/v1/projects/{project['id']}/export/coco"), headers=headers)
    results = requests.get(stack.url(f"/api/v1/projects/{project['id']}/export/coco-results"), headers=headers,
                           params={"model_version": version["id"]})
    assert results.status_code == 200 and "attachment" in results.headers["Content-Disposition"], results.text
    entries = results.json()
    assert entries and set(entries[0]) == {"image_id", "category_id", "bbox", "score"}
    paths = stack.data / "truth.coco.json", stack.data / "results.json"
    paths[0].write_bytes(truth.content)
    paths[1].write_bytes(results.content)
    with contextlib.redirect_stdout(io.StringIO()):
        ground = COCO(str(paths[0]))
        evaluation = COCOeval(ground, ground.loadRes(str(paths[1])), "bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    ours = json.loads(subprocess.run([str(BIN / "loupe"), "coco-eval", "--ground-truth", str(paths[0]), "--results", str(paths[1])],
                                     capture_output=True, text=True, check=True).stdout)
    assert abs(ours["ap"] - evaluation.stats[0]) <= 0.001 and abs(ours["ap50"] - evaluation.stats[1]) <= 0.001, (ours, evaluation.stats)
    assert evaluation.stats[1] >= 0.5, evaluation.stats  # the predictions are worth scoring
    missing = requests.get(stack.url(f"/api/v1/projects/{project['id']}/export/coco-results"), headers=headers)
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "model_version", missing.text


def test_a_detector_job_on_a_project_without_boxes_fails_at_once_with_the_reason(detection_stack):
    stack = detection_stack
    headers = {"Authorization": f"Bearer {stack.token('detect-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "No boxes"}).json()
    queued = start_job(stack, headers, project, {"architecture": "detector"})
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] in ("failed", "succeeded"))
    assert done["state"] == "failed" and "no image has a box" in done["message"], done
    # And a settings mistake is refused when the job is asked for, naming the field
    refused = requests.post(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers,
                            json={"kind": "train", "config": {"architecture": "detector", "input_size": 1000}})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "config.input_size", refused.text
    # And a predict job naming no version, or one that does not exist, is refused naming the field
    for config in ({}, {"model_version": 999}):
        refused = requests.post(stack.url(f"/api/v1/projects/{project['id']}/jobs"), headers=headers,
                                json={"kind": "predict", "config": config})
        assert refused.status_code == 422 and refused.json()["error"]["field"] == "config.model_version", refused.text
