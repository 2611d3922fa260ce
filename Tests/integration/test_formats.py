"""Dataset formats through the real nginx + worker: each export is read by a tool nobody here wrote
(Datumaro, label-studio-converter, pycocotools) and holds exactly the shapes Loupe holds; files those
tools write import into Loupe with the same shapes; every format survives a round trip into a new
project; bad uploads name their file and change nothing; `loupe export` / `loupe import` work as a
cron job would run them."""
import io
import json
import os
import subprocess
import zipfile

import numpy
import pytest
import requests

from conftest import BIN, ROOT
from test_images import jpeg

FORMATS_PYTHON = os.environ.get("LOUPE_FORMATS_PYTHON", str(ROOT / ".build" / "formats-venv" / "bin" / "python"))
TOOLS = ROOT / "Tests" / "integration" / "format_tools.py"
IMAGES = [("street.jpg", 640, 480), ("tall.jpg", 360, 480), ("night.jpg", 320, 240), ("empty.jpg", 200, 150)]


def tool(*args):
    assert os.path.exists(FORMATS_PYTHON), "the formats venv is missing: scripts/test makes it (ensure_formats_venv)"
    done = subprocess.run([FORMATS_PYTHON, TOOLS, *map(str, args)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def world(stack):
    """A project with boxes, polygons and tags on three photos and nothing on a fourth."""
    stack.add_user("fmt-data", "data")
    headers = {"Authorization": f"Bearer {stack.token('fmt-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Formats"}).json()
    labels = {name: requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers, json={"name": name}).json()["id"]
              for name in ("car", "person", "night")}
    rng = numpy.random.default_rng(24)
    for n, (name, w, h) in enumerate(IMAGES):
        image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": name}, headers=headers,
                              data=jpeg(w, h, (40 * n, 90, 60))).json()["image"]
        if name == "empty.jpg":
            continue
        shapes = [{"type": "bbox", "label_id": labels["car"], "x": float(rng.uniform(0, w * 0.6)), "y": float(rng.uniform(0, h * 0.6)),
                   "w": float(rng.uniform(10, w * 0.3)), "h": float(rng.uniform(10, h * 0.3))} for _ in range(3)]
        cx, cy, r = rng.uniform(60, w - 60), rng.uniform(60, h - 60), rng.uniform(15, 50)
        shapes.append({"type": "polygon", "label_id": labels["person"],
                       "points": [[cx + r * numpy.cos(a), cy + r * numpy.sin(a)] for a in numpy.sort(rng.uniform(0, 2 * numpy.pi, 6))]})
        if name == "night.jpg":
            shapes.append({"type": "tag", "label_id": labels["night"]})
        saved = requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers, json={"revision": 0, "shapes": shapes})
        assert saved.status_code == 200, saved.text
    return stack, headers, project["id"]


def held(stack, headers, project_id):
    """What Loupe holds, by file stem: ["box", label, x, y, w, h], ["polygon", label, x1, y1, …], ["tag", label]."""
    labels = {label["id"]: label["name"] for label in
              requests.get(stack.url(f"/api/v1/projects/{project_id}/labels"), headers=headers).json()["labels"]}
    out = {}
    for image in requests.get(stack.url(f"/api/v1/projects/{project_id}/images"), headers=headers).json()["images"]:
        shapes = []
        for shape in requests.get(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers).json()["shapes"]:
            name = labels[shape["label_id"]]
            if shape["type"] == "bbox":
                shapes.append(["box", name, shape["x"], shape["y"], shape["w"], shape["h"]])
            elif shape["type"] == "polygon":
                shapes.append(["polygon", name, *[v for point in shape["points"] for v in point]])
            else:
                shapes.append(["tag", name])
        out[os.path.splitext(image["file_name"])[0]] = shapes
    return out


def carried(shapes, boxes_only=False, tags=True, polygons=True):
    """What a format can carry of Loupe's shapes: polygons as their bounding boxes (or not at all), tags or none."""
    out = []
    for shape in shapes:
        if shape[0] == "polygon" and not polygons:
            continue
        if shape[0] == "polygon" and boxes_only:
            xs, ys = shape[2::2], shape[3::2]
            shape = ["box", shape[1], min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]
        if shape[0] == "tag" and not tags:
            continue
        out.append(shape)
    return out


def assert_same(expected, actual, tolerance=0.02):
    """Image by image, the same shapes (in any order), every coordinate within `tolerance` pixels."""
    assert sorted(expected) == sorted(actual), f"images differ: {sorted(expected)} vs {sorted(actual)}"
    for stem in expected:
        want = sorted(expected[stem], key=lambda s: (s[0], s[1], [round(v) for v in s[2:]]))
        got = sorted(actual[stem], key=lambda s: (s[0], s[1], [round(v) for v in s[2:]]))
        assert [s[:2] for s in want] == [s[:2] for s in got], f"{stem}: {want} vs {got}"
        for a, b in zip(want, got):
            assert numpy.allclose(a[2:], b[2:], atol=tolerance), f"{stem}: {a} vs {b}"


def export(stack, headers, project_id, fmt, query=""):
    response = requests.get(stack.url(f"/api/v1/projects/{project_id}/export/{fmt}?{query}"), headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="Formats-live.{fmt}.zip"'
    return response.content


CASES = {  # format, query, what the format carries, how the tool reads it, what that tool sees of it
    "yolo-detect": ("yolo", "task=detect", dict(boxes_only=True, tags=False), "yolo", {}),
    # Datumaro reads YOLO boxes only; Roboflow's supervision reads the polygons, as masks and their boxes
    "yolo-segment": ("yolo", "task=segment", dict(tags=False), "yolo-segment", dict(boxes_only=True)),
    "voc": ("voc", "", dict(boxes_only=True), "voc", {}),
    "cvat": ("cvat", "", {}, "cvat", {}),
    # label-studio-converter's COCO has no tags; Loupe reads its own `choices` back
    "label-studio": ("label-studio", "", {}, "label-studio", dict(tags=False)),
}


@pytest.mark.parametrize("case", CASES)
def test_each_export_reads_in_an_independent_tool(world, tmp_path, case):
    stack, headers, project_id = world
    fmt, query, carries, reader, seen = CASES[case]
    # Given the project exported through nginx, images included
    zipfile.ZipFile(io.BytesIO(export(stack, headers, project_id, fmt, query))).extractall(tmp_path)
    # When a tool nobody here wrote reads it
    read = tool("read", reader, tmp_path)
    # Then it finds every image and the shapes Loupe holds, as far as the format carries them
    expected = {stem: carried(carried(shapes, **carries), **seen) for stem, shapes in held(stack, headers, project_id).items()}
    assert_same(expected, read["images"])
    assert {"car", "person", "night"} <= set(read["labels"])


def test_the_coco_export_reads_in_pycocotools(world, tmp_path):
    stack, headers, project_id = world
    coco = requests.get(stack.url(f"/api/v1/projects/{project_id}/export/coco"), headers=headers)
    (tmp_path / "coco.json").write_bytes(coco.content)
    read = tool("read", "coco-file", tmp_path / "coco.json")
    assert_same({stem: carried(shapes, tags=False) for stem, shapes in held(stack, headers, project_id).items()}, read["images"])


@pytest.mark.parametrize("target", ["yolo_ultralytics", "yolo", "voc", "coco_instances", "cvat"])
def test_files_datumaro_writes_import_with_the_same_shapes(world, tmp_path, target):
    stack, headers, project_id = world
    # Given Loupe's CVAT export converted by Datumaro into another format, images included
    zipfile.ZipFile(io.BytesIO(export(stack, headers, project_id, "cvat"))).extractall(tmp_path / "cvat")
    tool("convert", "cvat", tmp_path / "cvat", target, tmp_path / "out")
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        for path in (tmp_path / "out").rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(tmp_path / "out").as_posix())
    # When the zip Datumaro wrote is imported into a new project
    fresh = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": f"From Datumaro {target}"}).json()["id"]
    fmt = {"yolo_ultralytics": "yolo", "yolo": "yolo", "voc": "voc", "coco_instances": "coco", "cvat": "cvat"}[target]
    imported = requests.post(stack.url(f"/api/v1/projects/{fresh}/import/{fmt}"), headers=headers, data=upload.getvalue())
    assert imported.status_code == 200, imported.text
    assert imported.json()["images_created"] == 4
    # Then it holds the same shapes as the source, as far as the format carried them
    # Datumaro's YOLO and VOC writers leave polygons out (VOC would need masks); its COCO has no tags
    carries = {"yolo_ultralytics": dict(polygons=False, tags=False), "yolo": dict(polygons=False, tags=False),
               "voc": dict(polygons=False), "coco_instances": dict(tags=False), "cvat": {}}[target]
    # Datumaro's YOLO writers keep 6 decimals of the image's size: a few thousandths of a pixel
    expected = {stem: carried(shapes, **carries) for stem, shapes in held(stack, headers, project_id).items()}
    assert_same(expected, held(stack, headers, fresh), tolerance=0.02)


def test_label_studio_tasks_from_its_converter_import_onto_the_projects_images(world, tmp_path):
    stack, headers, project_id = world
    # Given label-studio-converter's tasks made from Loupe's COCO export (its image URLs are /data/upload/<name>)
    (tmp_path / "coco.json").write_bytes(requests.get(stack.url(f"/api/v1/projects/{project_id}/export/coco"), headers=headers).content)
    tool("ls-from-coco", tmp_path / "coco.json", tmp_path / "tasks.json")
    # When they are imported into a project holding the same photos, without a zip
    fresh = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "From Label Studio"}).json()["id"]
    for n, (name, w, h) in enumerate(IMAGES):
        requests.post(stack.url(f"/api/v1/projects/{fresh}/images"), params={"file_name": name}, headers=headers,
                      data=jpeg(w, h, (40 * n, 90, 60))).raise_for_status()
    dry = requests.post(stack.url(f"/api/v1/projects/{fresh}/import/label-studio?dry_run=1"), headers=headers, data=(tmp_path / "tasks.json").read_bytes())
    assert dry.status_code == 200, dry.text
    assert {f["action"] for f in dry.json()["files"]} == {"match"} and held(stack, headers, fresh)["street"] == []
    imported = requests.post(stack.url(f"/api/v1/projects/{fresh}/import/label-studio"), headers=headers, data=(tmp_path / "tasks.json").read_bytes())
    assert imported.status_code == 200, imported.text
    # Then each photo has its shapes as the converter wrote them: each COCO annotation as a rectangle (its
    # bbox) and a polygon (its segmentation, which for a box is its 4 corners: a box again in Loupe); no tags
    expected = {stem: carried(shapes, boxes_only=True, tags=False) + carried(shapes, tags=False)
                for stem, shapes in held(stack, headers, project_id).items()}
    assert_same(expected, held(stack, headers, fresh), tolerance=0.05)


@pytest.mark.parametrize("case", CASES)
def test_a_round_trip_through_each_format_keeps_its_shapes(world, case):
    stack, headers, project_id = world
    fmt, query, carries, _, _ = CASES[case]
    fresh = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": f"Round trip {case}"}).json()["id"]
    imported = requests.post(stack.url(f"/api/v1/projects/{fresh}/import/{fmt}"), headers=headers,
                             data=export(stack, headers, project_id, fmt, query))
    assert imported.status_code == 200, imported.text
    expected = {stem: carried(shapes, **carries) for stem, shapes in held(stack, headers, project_id).items()}
    assert_same(expected, held(stack, headers, fresh), tolerance=0.011)


def test_bad_uploads_name_their_file_and_change_nothing(world):
    stack, headers, _ = world
    fresh = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Refuses"}).json()["id"]

    def upload(fmt, entries, query=""):
        body = io.BytesIO()
        with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(name, data)
        return requests.post(stack.url(f"/api/v1/projects/{fresh}/import/{fmt}?{query}"), headers=headers, data=body.getvalue())

    # A path that climbs out of the archive
    climbing = upload("yolo", [("data.yaml", "names: [car]\n"), ("../../labels/x.txt", "0 0.5 0.5 0.2 0.2\n")])
    assert climbing.status_code == 422 and climbing.json()["error"]["code"] == "invalid_zip"
    assert "../../labels/x.txt" in climbing.json()["error"]["message"]
    # A zip bomb: 300 MB of zeros in a few hundred kilobytes
    bomb = upload("yolo", [("data.yaml", "names: [car]\n"), ("images/x.jpg", b"\0" * (300 << 20))])
    assert bomb.status_code == 422 and bomb.json()["error"]["message"] == "'images/x.jpg' unpacks to more than 268435456 bytes."
    # A zip whose directory claims 12 GB: refused from the directory, before anything is unpacked
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w") as archive:
        for n in range(3):
            archive.writestr(f"labels/{n}.txt", "0 0.5 0.5 0.1 0.1\n")
    lying = bytearray(body.getvalue())
    at = lying.find(b"PK\x01\x02")
    while at >= 0:
        lying[at + 24:at + 28] = (0xF0000000).to_bytes(4, "little")  # the uncompressed size
        at = lying.find(b"PK\x01\x02", at + 4)
    claimed = requests.post(stack.url(f"/api/v1/projects/{fresh}/import/yolo"), headers=headers, data=bytes(lying))
    assert claimed.status_code == 422 and claimed.json()["error"]["message"] == "The archive unpacks to more than 8192 MB in all."
    # Malformed YAML names, a class out of range, malformed JSON: each with its file and line
    assert upload("yolo", [("data.yaml", "names: [car\n"), ("labels/x.txt", "")]).json()["error"]["field"] == "data.yaml:1"
    out_of_range = upload("yolo", [("data.yaml", "names: [car]\n"), ("labels/x.txt", "0 0.5 0.5 0.2 0.2\n1 0.5 0.5 0.2 0.2\n")])
    assert out_of_range.json()["error"]["field"] == "labels/x.txt:2"
    assert upload("label-studio", [("tasks.json", "[{\"data\": ")]).json()["error"]["message"] == "$: The file is not valid JSON."
    # The same image twice in one upload
    photo = jpeg(64, 48, (1, 2, 3))
    twice = upload("voc", [("Annotations/a.xml", "<annotation><filename>a.jpg</filename></annotation>"),
                           ("Annotations/b.xml", "<annotation><filename>b.jpg</filename></annotation>"),
                           ("JPEGImages/a.jpg", photo), ("JPEGImages/b.jpg", photo)])
    assert twice.status_code == 422 and "same image" in twice.json()["error"]["message"]
    # An unknown label, refused when the project should not grow labels; the dry run names it
    cvat = "<annotations><image name='a.jpg' width='64' height='48'><tag label='truck'/></image></annotations>"
    dry = upload("cvat", [("annotations.xml", cvat), ("images/a.jpg", photo)], "dry_run=1")
    assert dry.json()["new_labels"] == ["truck"] and dry.json()["files"][0]["action"] == "create"
    assert upload("cvat", [("annotations.xml", cvat), ("images/a.jpg", photo)], "create_labels=0").json()["error"]["field"] == "labels"
    # Nothing of any of it arrived
    assert requests.get(stack.url(f"/api/v1/projects/{fresh}/images"), headers=headers).json()["images"] == []
    assert requests.get(stack.url(f"/api/v1/projects/{fresh}/labels"), headers=headers).json()["labels"] == []


def test_the_command_line_exports_and_imports_as_a_cron_job_would(world, tmp_path):
    stack, headers, project_id = world

    def loupe_export(*args):
        return subprocess.run([BIN / "loupe", "export", *args, "--project", str(project_id), "--data-dir", stack.data],
                              env=stack.env, capture_output=True, check=True).stdout

    # Given VOC exports written by `loupe export`, without and with the images
    names = zipfile.ZipFile(io.BytesIO(loupe_export("voc", "--images", "none"))).namelist()
    assert "labelmap.txt" in names and not any(name.startswith("JPEGImages/") for name in names)
    (tmp_path / "voc.zip").write_bytes(loupe_export("voc"))
    # When `loupe import` reads it into a new project, first as a dry run
    fresh = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "From cron"}).json()["id"]
    dry = json.loads(stack.cli("import", "voc", "--project", str(fresh), str(tmp_path / "voc.zip"), "--dry-run"))
    assert dry["dry_run"] and dry["images_created"] == 4 and {f["action"] for f in dry["files"]} == {"create"}
    assert held(stack, headers, fresh) == {}
    report = json.loads(stack.cli("import", "voc", "--project", str(fresh), str(tmp_path / "voc.zip")))
    # Then the project holds what VOC carries, as the dry run said
    assert report["shapes"] == dry["shapes"] and report["images_created"] == 4
    expected = {stem: carried(shapes, boxes_only=True) for stem, shapes in held(stack, headers, project_id).items()}
    assert_same(expected, held(stack, headers, fresh), tolerance=0.011)
    # And a bad file is a clear message and a non-zero exit
    (tmp_path / "bad.xml").write_text("<annotations><image name='x.jpg'></annotations>")
    failed = subprocess.run([BIN / "loupe", "import", "cvat", "--project", str(fresh), tmp_path / "bad.xml", "--data-dir", stack.data],
                            env=stack.env, capture_output=True, text=True)
    assert failed.returncode != 0 and "annotations.xml:1" in failed.stderr
