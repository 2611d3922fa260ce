"""Reads and writes datasets with tools nobody at Loupe wrote, for test_formats.py. Runs in the formats
venv (Datumaro, label-studio-converter, pycocotools, supervision); prints JSON.

  read FORMAT DIR          {"labels": [...], "images": {stem: [shape, ...]}}; a shape is
                           ["box", label, x, y, w, h], ["polygon", label, x1, y1, ...] or ["tag", label]
  convert IN DIR OUT DEST  Datumaro converts DIR from IN to OUT, images included
  ls-from-coco COCO OUT    label-studio-converter turns a COCO file into Label Studio tasks
"""
import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)


def rounded(values):
    return [round(float(v), 4) for v in values]


def read_datumaro(fmt, directory):
    import datumaro as dm
    dataset = dm.Dataset.import_from(directory, {"yolo": "yolo", "voc": "voc", "cvat": "cvat", "coco": "coco_instances"}[fmt])
    names = [c.name for c in dataset.categories()[dm.AnnotationType.label]]
    images = {}
    for item in dataset:
        shapes = []
        for ann in item.annotations:
            if ann.type == dm.AnnotationType.bbox:
                shapes.append(["box", names[ann.label], *rounded(ann.get_bbox())])
            elif ann.type == dm.AnnotationType.polygon:
                shapes.append(["polygon", names[ann.label], *rounded(ann.points)])
            elif ann.type == dm.AnnotationType.label:
                shapes.append(["tag", names[ann.label]])
        images[os.path.basename(item.id)] = sorted(shapes)
    return {"labels": names, "images": images}


def read_yolo_segment(directory):
    """Roboflow's supervision reads Ultralytics' segment layout: each polygon as a mask and its box."""
    import supervision
    images = {}
    for split in ("train", "val"):
        if not os.path.isdir(os.path.join(directory, "images", split)):
            continue
        dataset = supervision.DetectionDataset.from_yolo(
            images_directory_path=os.path.join(directory, "images", split), annotations_directory_path=os.path.join(directory, "labels", split),
            data_yaml_path=os.path.join(directory, "data.yaml"), force_masks=True)
        names = dataset.classes
        for path, _, detections in dataset:
            shapes = []
            masks = detections.mask if detections.mask is not None else [None] * len(detections)
            for (x1, y1, x2, y2), class_id, mask in zip(detections.xyxy, detections.class_id, masks):
                assert mask is not None and mask.sum() > 0, f"{path}: a shape without a mask"
                shapes.append(["box", names[class_id], *rounded([x1, y1, x2 - x1, y2 - y1])])
            images[os.path.splitext(os.path.basename(path))[0]] = sorted(shapes)
    return {"labels": list(names), "images": images}


def read_label_studio(directory):
    """label-studio-converter turns the tasks into COCO with the exported labelling config; pycocotools reads that."""
    from label_studio_converter import Converter
    from pycocotools.coco import COCO
    out = os.path.join(directory, "_coco")
    Converter(config=os.path.join(directory, "label_config.xml"), project_dir=directory, download_resources=False) \
        .convert_to_coco(input_data=os.path.join(directory, "tasks.json"), output_dir=out, is_dir=False)
    return read_coco_file(os.path.join(out, "result.json"))


def read_coco_file(path):
    import contextlib
    import io
    from pycocotools.coco import COCO
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO(path)
    names = {c["id"]: c["name"] for c in coco.loadCats(coco.getCatIds())}
    images = {}
    for image in coco.loadImgs(coco.getImgIds()):
        shapes = []
        for ann in coco.loadAnns(coco.getAnnIds(imgIds=[image["id"]])):
            segmentation = ann.get("segmentation") or []
            x, y, w, h = ann["bbox"]
            corners = [x, y, x + w, y, x + w, y + h, x, y + h]
            if len(segmentation) == 1 and rounded(segmentation[0]) != rounded(corners):
                shapes.append(["polygon", names[ann["category_id"]], *rounded(segmentation[0])])
            else:
                shapes.append(["box", names[ann["category_id"]], *rounded(ann["bbox"])])
        images[os.path.splitext(os.path.basename(image["file_name"]))[0]] = sorted(shapes)
    return {"labels": [names[k] for k in sorted(names)], "images": images}


def convert(source_format, directory, target_format, destination):
    import datumaro as dm
    dataset = dm.Dataset.import_from(directory, source_format)
    dataset.export(destination, target_format, save_media=True)
    return {"items": len(dataset)}


def label_studio_from_coco(coco, out):
    from label_studio_converter.imports.coco import convert_coco_to_ls
    convert_coco_to_ls(coco, out, image_root_url="/data/upload/", use_super_categories=False)
    return {"tasks": len(json.load(open(out)))}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    # The tools print progress of their own; only this script's JSON goes to stdout.
    stdout, sys.stdout = sys.stdout, sys.stderr
    if command == "read":
        fmt, directory = args
        readers = {"label-studio": read_label_studio, "coco-file": read_coco_file, "yolo-segment": read_yolo_segment}
        result = readers[fmt](directory) if fmt in readers else read_datumaro(fmt, directory)
    elif command == "convert":
        result = convert(*args)
    elif command == "ls-from-coco":
        result = label_studio_from_coco(*args)
    else:
        sys.exit(f"unknown command {command}")
    stdout.write(json.dumps(result))
