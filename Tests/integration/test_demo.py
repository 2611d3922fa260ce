"""The demo project scripts/up creates on a first run: `loupe demo install` into a running stack's
data directory makes "Digits in photos" with its ten labels, labelled images accepted and the rest
open, boxes exactly where `loupe demo generate` (same seed) says the digits are; a second install
changes nothing."""
import json
import subprocess

import requests

from conftest import BIN, ROOT


def demo_sources():
    out = subprocess.run(["bash", "-c", f"source '{ROOT}/scripts/lib.sh'; demo_sources"], capture_output=True, text=True, check=True)
    return out.stdout.split("\n")[:-1]


def test_the_demo_project_is_ready_to_train_with_exact_boxes(stack, tmp_path):
    sources = demo_sources()
    installed = stack.cli("demo", "install", *sources, "--images", "6", "--labelled", "3")
    assert "Demo project \"Digits in photos\"" in installed and "6 images, 3 labelled" in installed, installed
    stack.add_user("demo-data", "data")
    headers = {"Authorization": f"Bearer {stack.token('demo-data')}"}
    project = next(p for p in requests.get(stack.url("/api/v1/projects"), headers=headers).json()["projects"]
                   if p["name"] == "Digits in photos")
    labels = requests.get(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers).json()["labels"]
    assert [l["name"] for l in labels] == [str(d) for d in range(10)]
    assert [l.get("hotkey") for l in labels] == [None] + [str(d) for d in range(1, 10)]
    images = requests.get(stack.url(f"/api/v1/projects/{project['id']}/images?limit=50"), headers=headers).json()["images"]
    assert sorted(i["status"] for i in images) == ["accepted"] * 3 + ["new"] * 3
    # The labelled images' boxes are the generator's, to the pixel
    subprocess.run([str(BIN / "loupe"), "demo", "generate", *sources, "--images", "3", "--out", str(tmp_path)], check=True,
                   capture_output=True)
    truth = json.loads((tmp_path / "annotations.coco.json").read_text())
    names = {l["id"]: l["name"] for l in labels}
    for image in (i for i in images if i["status"] == "accepted"):
        shapes = requests.get(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers).json()["shapes"]
        drawn = sorted((names[s["label_id"]], s["x"], s["y"], s["w"], s["h"]) for s in shapes)
        scene = next(i for i in truth["images"] if i["file_name"] == image["file_name"])
        expected = sorted((str(a["category_id"] - 1), *a["bbox"]) for a in truth["annotations"] if a["image_id"] == scene["id"])
        assert drawn == expected and drawn, (drawn, expected)
        assert (image["width"], image["height"]) == (320, 240)
    # And installing again changes nothing
    again = stack.cli("demo", "install", *sources, "--images", "6", "--labelled", "3")
    assert "exists already; nothing changed" in again
    assert len(requests.get(stack.url(f"/api/v1/projects/{project['id']}/images?limit=50"), headers=headers).json()["images"]) == 6
