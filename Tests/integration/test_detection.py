"""Detectors through real nginx, the worker and the real trainer: boxes saved through the API, a
detector job started from the training page, a version with AP metrics, and the job page showing
average precision (not accuracy) without a JavaScript error."""
import io

import numpy
import pytest
import requests
from PIL import Image

from conftest import Stack, log_in_page, wait_for_page
from test_training import start_job, wait_for_job


def scene(seed):
    """A 96×72 photo-like noise image with one or two bright discs or crosses, and their boxes."""
    rng = numpy.random.default_rng(seed)
    pixels = rng.integers(90, 130, (72, 96, 3), dtype=numpy.uint8)
    boxes = []
    for _ in range(int(rng.integers(1, 3))):
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

    def iou(a, b):
        ax, ay, aw, ah = a
        bx, by, bw, bh = b
        inter = max(0, min(ax + aw, bx + bw) - max(ax, bx)) * max(0, min(ay + ah, by + bh) - max(ay, by))
        return inter / (aw * ah + bw * bh - inter)
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
    # When a predict job runs the version over the project's open images
    queued = start_job(stack, headers, project, {"model_version": version["id"]}, kind="predict")
    predicted = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] in ("failed", "succeeded"))
    assert predicted["state"] == "succeeded" and "proposed on 100 images" in predicted["message"], predicted
    # Then the images hold suggestions beside their shapes, most of them on a drawn box
    images = requests.get(stack.url(f"/api/v1/projects/{project['id']}/images?limit=100"), headers=headers).json()["images"]
    hits = 0
    for image in images:
        shapes = requests.get(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers).json()["shapes"]
        suggestions = requests.get(stack.url(f"/api/v1/images/{image['id']}/box-suggestions"), headers=headers).json()["suggestions"]
        drawn = [(s["x"], s["y"], s["w"], s["h"]) for s in shapes]
        if any(iou(s["bbox"], d) >= 0.5 for s in suggestions for d in drawn):
            hits += 1
    assert hits >= 70, f"{hits} of {len(images)} images got a suggestion on a drawn box"
    # And the job page describes it without a JavaScript error
    page.goto(stack.url(f"/job.html?id={queued['id']}"))
    wait_for_page(page, "document.getElementById('state').textContent === 'succeeded'")
    assert page.errors == []


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
