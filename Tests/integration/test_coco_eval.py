"""Loupe's box AP against pycocotools on the same files: random ground truths and detections that
overlap them at every degree (the hard cases: near misses, duplicates, several classes, images with
no boxes), scored by `loupe coco-eval` and by COCOeval; the two agree within 0.001."""
import json
import subprocess

import numpy
import pytest
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from conftest import BIN


def synthetic(seed, images=40, categories=3):
    rng = numpy.random.default_rng(seed)
    truth = {"images": [{"id": 100 + i, "file_name": f"{i}.jpg", "width": 320, "height": 240} for i in range(images)],
             "categories": [{"id": 7 + 2 * k, "name": f"class{k}"} for k in range(categories)], "annotations": []}
    results = []
    for image in truth["images"]:
        for _ in range(int(rng.integers(0, 6))):
            w, h = rng.uniform(8, 120), rng.uniform(8, 100)
            x, y = rng.uniform(0, 320 - w), rng.uniform(0, 240 - h)
            category = truth["categories"][int(rng.integers(0, categories))]["id"]
            truth["annotations"].append({"id": len(truth["annotations"]) + 1, "image_id": image["id"], "category_id": category,
                                         "bbox": [x, y, w, h], "area": w * h, "iscrowd": 0})
            # Zero to three detections near it: jittered, sometimes the wrong class, sometimes a duplicate
            for _ in range(int(rng.integers(0, 4))):
                jitter = rng.normal(0, rng.choice([0.02, 0.1, 0.3]), 4) * [w, h, w, h]
                wrong = rng.random() < 0.15
                results.append({"image_id": image["id"],
                                "category_id": truth["categories"][int(rng.integers(0, categories))]["id"] if wrong else category,
                                "bbox": [float(x + jitter[0]), float(y + jitter[1]), float(max(1, w + jitter[2])), float(max(1, h + jitter[3]))],
                                "score": float(rng.random())})
        for _ in range(int(rng.integers(0, 3))):  # false alarms
            results.append({"image_id": image["id"], "category_id": truth["categories"][int(rng.integers(0, categories))]["id"],
                            "bbox": [float(v) for v in rng.uniform(0, 150, 4) + [0, 0, 5, 5]], "score": float(rng.random())})
    return truth, results


def pycocotools_scores(truth_path, results_path):
    ground = COCO(str(truth_path))
    evaluation = COCOeval(ground, ground.loadRes(str(results_path)), "bbox")
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
    precision = evaluation.eval["precision"]  # [T, R, K, A, M]
    per_class = {}
    for k, category in enumerate(evaluation.params.catIds):
        values = precision[0, :, k, 0, 2]
        if (values > -1).any():
            per_class[ground.cats[category]["name"]] = float(values[values > -1].mean())
    return {"ap": evaluation.stats[0], "ap50": evaluation.stats[1], "ap75": evaluation.stats[2], "per_class_ap50": per_class}


def loupe_scores(truth_path, results_path):
    done = subprocess.run([str(BIN / "loupe"), "coco-eval", "--ground-truth", str(truth_path), "--results", str(results_path)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def compare(truth_path, results_path):
    ours, theirs = loupe_scores(truth_path, results_path), pycocotools_scores(truth_path, results_path)
    for key in ("ap", "ap50", "ap75"):
        assert abs(ours[key] - theirs[key]) <= 0.001, (key, ours, theirs)
    assert ours["per_class_ap50"].keys() == theirs["per_class_ap50"].keys()
    for name, value in theirs["per_class_ap50"].items():
        assert abs(ours["per_class_ap50"][name] - value) <= 0.001, (name, ours, theirs)
    return ours


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_loupe_and_pycocotools_agree_on_random_detections(tmp_path, seed):
    truth, results = synthetic(seed)
    (tmp_path / "gt.json").write_text(json.dumps(truth))
    (tmp_path / "dt.json").write_text(json.dumps(results))
    ours = compare(tmp_path / "gt.json", tmp_path / "dt.json")
    assert 0.05 < ours["ap"] < 0.95, ours  # neither trivial nor perfect: the cases that can disagree are there


def test_a_results_file_naming_an_unknown_image_is_refused_with_its_path(tmp_path):
    truth, results = synthetic(4, images=3)
    results.append({"image_id": 999, "category_id": 7, "bbox": [0, 0, 5, 5], "score": 0.5})
    (tmp_path / "gt.json").write_text(json.dumps(truth))
    (tmp_path / "dt.json").write_text(json.dumps(results))
    done = subprocess.run([str(BIN / "loupe"), "coco-eval", "--ground-truth", str(tmp_path / "gt.json"), "--results", str(tmp_path / "dt.json")],
                          capture_output=True, text=True)
    assert done.returncode != 0 and f"results[{len(results) - 1}].image_id" in done.stderr and "999" in done.stderr, done.stderr
