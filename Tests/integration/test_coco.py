"""Review, snapshots and COCO export/import through the real nginx + worker + SQLite: pycocotools
loads the export, COCOeval scores the ground truth against itself at AP 1.0, and an export imported
into another project exports the same again."""
import contextlib
import io
import json
import subprocess
import zipfile

import numpy
import requests
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from test_images import jpeg

SIZES = [(640, 480, None), (480, 640, None), (400, 300, 6)]  # the last is stored 400×300, displayed 300×400


def make_project(stack, name, headers):
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": name}).json()
    images = [requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"img{n}.jpg"},
                            headers=headers, data=jpeg(w, h, (20 * n, 100, 50), orientation)).json()["image"]
              for n, (w, h, orientation) in enumerate(SIZES)]
    return project, images


def annotate(stack, headers, project, images):
    labels = [requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers, json={"name": name}).json()["id"]
              for name in ("car", "person", "night")]
    rng = numpy.random.default_rng(5)
    for image in images:
        w, h = image["width"], image["height"]
        shapes = []
        for _ in range(4):
            x, y = rng.uniform(0, w * 0.6), rng.uniform(0, h * 0.6)
            shapes.append({"type": "bbox", "label_id": labels[0], "x": x, "y": y, "w": rng.uniform(10, w * 0.3), "h": rng.uniform(10, h * 0.3)})
        for _ in range(2):
            cx, cy, r = rng.uniform(60, w - 60), rng.uniform(60, h - 60), rng.uniform(15, 50)
            angles = numpy.sort(rng.uniform(0, 2 * numpy.pi, 7))
            shapes.append({"type": "polygon", "label_id": labels[1],
                           "points": [[cx + r * numpy.cos(a), cy + r * numpy.sin(a)] for a in angles]})
        shapes.append({"type": "tag", "label_id": labels[2]})
        response = requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers,
                                json={"revision": 0, "shapes": shapes})
        assert response.status_code == 200, response.text
    return labels


def exported_source(stack, user, name):
    """A data-team user, their token, and an annotated project exported as COCO."""
    stack.add_user(user, "data")
    token = stack.token(user)
    headers = {"Authorization": f"Bearer {token}"}
    source, images = make_project(stack, name, headers)
    annotate(stack, headers, source, images)
    return token, headers, images, export(stack, token, source["id"])


def export(stack, token, project_id, query=""):
    """With curl and an API token, as a data team would."""
    out = subprocess.run(["curl", "-fsS", "-D", "-", "-H", f"Authorization: Bearer {token}",
                          stack.url(f"/api/v1/projects/{project_id}/export/coco{query}")], capture_output=True, check=True).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    assert b"attachment; filename=" in head
    return json.loads(body)


def test_review_flow_and_snapshots(stack):
    stack.add_user("flow-data", "data")
    stack.add_user("flow-ann", "annotator")
    stack.add_user("flow-rev", "reviewer")
    data = {"Authorization": f"Bearer {stack.token('flow-data')}"}
    ann = {"Authorization": f"Bearer {stack.token('flow-ann')}"}
    rev = {"Authorization": f"Bearer {stack.token('flow-rev')}"}
    project, images = make_project(stack, "Flow", data)
    for user, role in (("flow-ann", "annotator"), ("flow-rev", "reviewer")):
        requests.post(stack.url(f"/api/v1/projects/{project['id']}/members"), headers=data,
                      json={"username": user, "role": role}).raise_for_status()
    label = requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=data, json={"name": "car"}).json()["id"]
    image = images[0]
    url = stack.url(f"/api/v1/images/{image['id']}")
    box = {"type": "bbox", "label_id": label, "x": 10, "y": 10, "w": 100, "h": 80}
    assert requests.put(url + "/annotations", headers=ann, json={"revision": 0, "shapes": [box]}).status_code == 200
    assert requests.post(url + "/submit", headers=ann, json={"revision": 1}).json()["status"] == "submitted"
    # The review queue lists it
    queue = requests.get(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"status": "submitted"}, headers=rev).json()
    assert [i["id"] for i in queue["images"]] == [image["id"]]
    # Rejected with a comment, it goes back to the annotator, who fixes and resubmits; then accepted
    rejected = requests.post(url + "/review", headers=rev, json={"decision": "reject", "comment": "Box too big"})
    assert rejected.json()["status"] == "rejected"
    assert requests.get(url + "/reviews", headers=ann).json()["reviews"][0]["comment"] == "Box too big"
    smaller = dict(box, w=60)
    assert requests.put(url + "/annotations", headers=ann, json={"revision": 1, "shapes": [smaller]}).json()["revision"] == 2
    assert requests.get(url, headers=ann).json()["status"] == "in_progress"
    requests.post(url + "/submit", headers=ann, json={}).raise_for_status()
    assert requests.post(url + "/review", headers=rev, json={"decision": "accept"}).json()["status"] == "accepted"
    # A snapshot freezes it; later changes by a reviewer do not reach the snapshot's export
    snapshot = requests.post(stack.url(f"/api/v1/projects/{project['id']}/snapshots"), headers=data, json={"name": "v1"}).json()
    assert snapshot["image_count"] == 1 and snapshot["shape_count"] == 1
    assert requests.put(url + "/annotations", headers=rev, json={"revision": 2, "shapes": []}).status_code == 200
    frozen = export(stack, stack.token("flow-data"), project["id"], "?snapshot=v1")
    assert [a["bbox"] for a in frozen["annotations"]] == [[10, 10, 60, 80]]
    assert export(stack, stack.token("flow-data"), project["id"], "?status=accepted")["annotations"] == []


def test_export_loads_in_pycocotools_and_scores_itself_perfectly(stack, tmp_path):
    stack.add_user("coco-data", "data")
    token = stack.token("coco-data")
    headers = {"Authorization": f"Bearer {token}"}
    project, images = make_project(stack, "COCO", headers)
    annotate(stack, headers, project, images)
    coco_json = export(stack, token, project["id"])
    # Images carry their displayed size: the EXIF-rotated one is 300×400
    assert [(i["width"], i["height"]) for i in coco_json["images"]] == [(640, 480), (480, 640), (300, 400)]
    assert [c["id"] for c in coco_json["categories"]] == [1, 2, 3]
    assert all(i["tags"] == [3] for i in coco_json["images"])
    path = tmp_path / "export.json"
    path.write_text(json.dumps(coco_json))
    with contextlib.redirect_stdout(io.StringIO()):
        ground_truth = COCO(str(path))
    assert len(ground_truth.getAnnIds()) == 18
    for annotation in coco_json["annotations"]:
        x, y, w, h = annotation["bbox"]
        xs, ys = annotation["segmentation"][0][0::2], annotation["segmentation"][0][1::2]
        assert (min(xs), min(ys)) == (x, y) and abs(max(xs) - x - w) < 0.011 and abs(max(ys) - y - h) < 0.011
        assert annotation["iscrowd"] == 0 and len(annotation["segmentation"][0]) >= 6
    detections = [dict(a, score=1.0) for a in coco_json["annotations"]]
    for kind in ("bbox", "segm"):
        with contextlib.redirect_stdout(io.StringIO()):
            found = ground_truth.loadRes([dict(d) for d in detections])
            evaluation = COCOeval(ground_truth, found, kind)
            evaluation.evaluate()
            evaluation.accumulate()
            evaluation.summarize()
        assert evaluation.stats[0] == 1.0, (kind, evaluation.stats)


def test_export_import_export_round_trips(stack):
    token, headers, _, first = exported_source(stack, "trip-data", "Trip source")
    target, _ = make_project(stack, "Trip target", headers)
    # A broken file is refused with its JSON path, and nothing is imported
    broken = json.loads(json.dumps(first))
    broken["annotations"][5]["segmentation"] = [[1, 2, 3]]
    refused = requests.post(stack.url(f"/api/v1/projects/{target['id']}/import/coco"), headers=headers, data=json.dumps(broken))
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "annotations[5].segmentation[0]"
    assert requests.get(stack.url(f"/api/v1/projects/{target['id']}/labels"), headers=headers).json()["labels"] == []
    imported = requests.post(stack.url(f"/api/v1/projects/{target['id']}/import/coco"), headers=headers, data=json.dumps(first))
    assert imported.status_code == 200, imported.text
    assert {k: imported.json()[k] for k in ("images", "shapes", "labels_created")} == {"images": 3, "shapes": 21, "labels_created": 3}
    second = export(stack, token, target["id"])

    def comparable(coco):
        ids = {image["id"]: image["file_name"] for image in coco["images"]}
        return {"categories": coco["categories"],
                "images": [dict(i, id=ids[i["id"]]) for i in coco["images"]],
                "annotations": [dict(a, image_id=ids[a["image_id"]]) for a in coco["annotations"]]}
    assert comparable(first) == comparable(second)


def test_a_zip_of_images_and_coco_imports_into_an_empty_project(stack):
    token, headers, images, first = exported_source(stack, "zip-data", "Zip source")
    # Given a zip with the COCO file and the original image files (one EXIF-rotated) in a folder
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("annotations.json", json.dumps(first))
        for image in images:
            archive.writestr(f"images/{image['file_name']}", requests.get(stack.url(image["file_url"]), headers=headers).content)
    target = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Zip target"}).json()
    url = stack.url(f"/api/v1/projects/{target['id']}/import/coco")
    # A zip without the COCO file says so, and adds nothing
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("images/x.txt", "hello")
    refused = requests.post(url, headers=dict(headers, **{"Content-Type": "application/zip"}), data=empty.getvalue())
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_file"
    assert "no .json file" in refused.json()["error"]["message"]
    # When the zip is imported, its images and annotations arrive together
    imported = requests.post(url, headers=dict(headers, **{"Content-Type": "application/zip"}), data=buffer.getvalue())
    assert imported.status_code == 200, imported.text
    assert {k: imported.json()[k] for k in ("images", "shapes", "labels_created")} == {"images": 3, "shapes": 21, "labels_created": 3}
    listed = requests.get(stack.url(f"/api/v1/projects/{target['id']}/images"), headers=headers).json()
    assert sorted((i["file_name"], i["width"], i["height"]) for i in listed["images"]) == \
        sorted((i["file_name"], i["width"], i["height"]) for i in images)
    second = export(stack, token, target["id"])
    strip = lambda coco: [{k: v for k, v in a.items() if k != "image_id"} for a in coco["annotations"]]  # noqa: E731
    assert strip(first) == strip(second) and first["categories"] == second["categories"]
