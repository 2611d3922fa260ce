"""The Python client against the real stack (nginx, worker, trainer, event process), as a data team's
script uses it: a folder of photos uploaded with progress, labels, tags saved, a snapshot exported, a
model trained and followed live, promoted, aliased, downloaded and served. Run by scripts/test."""
import hashlib
import io
import sys
from pathlib import Path

import numpy
import pytest
from PIL import Image as PILImage

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "Tests" / "integration"))
from conftest import Stack  # noqa: E402  (the integration tests' stack)

from loupe_client import Loupe, LoupeError  # noqa: E402
from loupe_client.events import parse  # noqa: E402


def photo(seed, blue):
    rng = numpy.random.default_rng(seed)
    pixels = rng.integers(0, 70, (32, 32, 3), dtype=numpy.uint8)
    pixels[:, :, 2 if blue else 0] += 170
    out = io.BytesIO()
    PILImage.fromarray(pixels).save(out, "JPEG" if seed % 3 else "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def loupe(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("loupe-client")).start()
    stack.start_trainer()
    client = Loupe(stack.base, stack.token("admin"))
    client.stack = stack
    yield client
    stack.stop()


def test_a_data_teams_script_from_folder_to_served_model(loupe, tmp_path):
    # A folder of red and blue photos (JPEG and PNG, one in a subfolder), a copy, and a broken file
    folder = tmp_path / "photos"
    (folder / "more").mkdir(parents=True)
    colours = {}
    for n in range(24):
        name = f"{n:02d}." + ("jpg" if n % 3 else "png")
        (folder / ("more" if n == 5 else "") / name).write_bytes(photo(n, n % 2 == 1))
        colours[name] = "blue" if n % 2 else "red"
    (folder / "copy-of-01.jpg").write_bytes((folder / "01.jpg").read_bytes())
    (folder / "broken.jpg").write_bytes(b"not a jpeg")
    (folder / "notes.txt").write_text("not an image")

    project = loupe.projects.create("Client colours", "uploaded by loupe_client")
    seen = []
    result = loupe.images.upload_folder(project["id"], folder, progress=lambda done, total, path: seen.append((done, total, path.name)))
    # Every image file went up once; the copy is a duplicate; the broken one failed with Loupe's reason
    assert len(result.uploaded) == 24 and len(result.duplicates) == 1 and result.total == 26
    assert [(path.name, error.status, error.field) for path, error in result.failed] == [("broken.jpg", 422, "file")]
    assert [s[0] for s in seen] == list(range(1, 27)) and {s[1] for s in seen} == {26} and "notes.txt" not in [s[2] for s in seen]
    assert sum(1 for _ in loupe.images.list(project["id"])) == 24

    # Tags by colour, saved with the revision read first
    labels = loupe.labels.ensure(project["id"], ["red", "blue"])
    assert loupe.labels.ensure(project["id"], ["red", "blue"]) == labels  # nothing created twice
    for image in result.uploaded:
        saved = loupe.annotations.put(image["id"], [{"type": "tag", "label_id": labels[colours[image["file_name"]]]}])
        assert saved["revision"] == 1
    # A save from a stale revision is refused and overwrites nothing
    first = result.uploaded[0]["id"]
    with pytest.raises(LoupeError) as stale:
        loupe.annotations.put(first, [], revision=0)
    assert stale.value.status == 409 and stale.value.code == "stale_revision"
    assert len(loupe.annotations.get(first)["shapes"]) == 1

    # A snapshot and its COCO export, in memory and streamed to a file
    snapshot = loupe.exports.snapshot(project["id"], "v1")
    live = loupe.exports.coco(project["id"])
    assert len(live["images"]) == 24 and {c["name"] for c in live["categories"]} == {"red", "blue"}
    saved_file = loupe.exports.save_coco(project["id"], tmp_path / "coco.json", snapshot=snapshot["name"])
    assert saved_file.stat().st_size > 0
    # The same tags as CVAT XML, checked and imported back into a second project (the images come in the zip)
    cvat = loupe.exports.save(project["id"], "cvat", tmp_path / "cvat.zip", status="in_progress")
    copy = loupe.projects.create("Client colours, copy")
    dry = loupe.exports.import_file(copy["id"], "cvat", cvat, dry_run=True)
    assert dry["dry_run"] and dry["images_created"] == 24 and dry["new_labels"] == ["red", "blue"]
    done = loupe.exports.import_file(copy["id"], "cvat", cvat)
    assert done["images_created"] == 24 and done["shapes"] == 24
    # And the COCO file through multipart, as import_coco sends it
    assert loupe.exports.import_coco(copy["id"], saved_file)["images"] == 0

    # Training, followed live through the event stream
    job = loupe.jobs.train(project["id"], architecture="mlp", input_size=16, epochs=4, width=16, model_name="ClientColours")
    events = []
    done = loupe.jobs.follow(job["id"], on_event=events.append, timeout=300)
    assert done["state"] == "succeeded", done
    assert "epoch" in {e["event"] for e in events} and all(isinstance(e["data"], dict) for e in events)
    # A reconnect from a seen event id resumes after it
    epoch_ids = [int(e["id"]) for e in events if e["event"] == "epoch"]
    resumed = [int(e["id"]) for e in loupe.jobs.events(job["id"], after=str(epoch_ids[0])) if e["event"] == "epoch"]
    assert len(epoch_ids) == 4 and resumed == epoch_ids[1:]
    version = done["model_version"]

    # The registry: promoted, aliased, downloaded whole
    moved = loupe.registry.transition(version["id"], "Production", "client test", archive_existing=True)
    assert moved["stage"] == "Production"
    model_id = loupe.registry.model_id("ClientColours")
    assert loupe.registry.set_alias(model_id, "champion", version["version"]) == {"champion": version["version"]}
    artifact = loupe.registry.download(version["id"], tmp_path / "model.loupe")
    assert hashlib.sha256(artifact.read_bytes()).hexdigest() == loupe.registry.version(version["id"])["artifact_sha256"]

    # Serving: a file, the alias, and images already in the project
    answer = loupe.serving.predict("ClientColours", folder / "01.jpg")
    assert answer["version"] == version["version"] and answer["predictions"][0]["label"] in ("red", "blue")
    assert loupe.serving.predict("ClientColours@champion", (folder / "00.png").read_bytes(), "image/png")["version"] == version["version"]
    results = loupe.serving.predict_images("ClientColours", project["id"], [i["id"] for i in result.uploaded[:3]])
    assert len(results) == 3 and all("predictions" in r for r in results)
    assert loupe.serving.deployment(model_id)["enabled"] is True


def test_a_data_teams_script_plans_batches_overlap_and_ground_truth(loupe, tmp_path):
    # Given a project with six new photos and two annotators
    project = loupe.projects.create("Team script")["id"]
    bird = loupe.labels.ensure(project, ["bird"])["bird"]
    images = []
    for n in range(6):
        (tmp_path / f"t{n}.jpg").write_bytes(photo(3 * (n + 1), n % 2 == 0))  # JPEG seeds
        images.append(loupe.images.upload(project, tmp_path / f"t{n}.jpg")["image"]["id"])
    for name in ("team-ana", "team-ben"):
        loupe.stack.add_user(name, "annotator")
        loupe.projects.add_member(project, name, "annotator")
    # When the script sends a third of them to overlap and splits two more into batches for both
    assert loupe.team.add_overlap(project, share=0.34, copies=2) == 2
    made = loupe.team.create_batches(project, size=1, limit=2, order="upload", assignees=["team-ana", "team-ben"], due_on="2026-12-31")
    assert [(b["assignee"], b["total"]) for b in made["batches"]] == [("team-ana", 1), ("team-ben", 1)]
    # Then it reads their progress, and can move one batch to someone else
    moved = loupe.team.update_batch(project, made["batches"][1]["id"], assignee="team-ana")
    assert moved["assignee"] == "team-ana" and [b["done"] for b in loupe.team.batches(project)] == [0, 0]
    assert len(loupe.team.overlap(project)["images"]) == 2
    # And with an accepted image kept as ground truth, mixed in after every 10 images, nobody is scored yet
    trusted = next(i for i in images if i not in {o["image"]["id"] for o in loupe.team.overlap(project)["images"]})
    loupe.annotations.put(trusted, [{"type": "tag", "label_id": bird}])
    loupe.annotations.submit(trusted)
    loupe.annotations.review(trusted, "accept")
    summary = loupe.team.add_ground_truth(project, image_ids=[trusted], every=10)
    assert (summary["images"], summary["every"], summary["people"]) == (1, 10, [])
    # And comments go on an image's thread, mentions named
    said = loupe.team.comment(trusted, "@team-ana this one is the reference")
    assert said["mentions"] == ["team-ana"] and [c["body"] for c in loupe.team.comments(trusted)] == [said["body"]]
    with pytest.raises(LoupeError) as wrong:
        loupe.team.create_batches(project, assignees=["nobody-here"])
    assert wrong.value.status == 422 and wrong.value.field == "assignees"
    loupe.team.delete_batch(project, made["batches"][0]["id"])
    assert len(loupe.team.batches(project)) == 1


def test_errors_name_the_field_and_the_code(loupe):
    with pytest.raises(LoupeError) as empty:
        loupe.projects.create("")
    assert empty.value.status == 422 and empty.value.field == "name" and "name" in str(empty.value)
    with pytest.raises(LoupeError) as missing:
        loupe.projects.get(999999)
    assert missing.value.status == 404 and missing.value.code == "not_found"
    with pytest.raises(LoupeError) as refused:
        Loupe(loupe.transport.base_url, "lpt_not-a-real-token").me()
    assert refused.value.status == 401


def test_server_sent_events_are_parsed_as_loupe_sends_them():
    lines = ["retry: 2000", "", ": heartbeat", "", "id: 3", "event: epoch", 'data: {"epoch": 1}', "",
             "event: job", "data: not json", "", "event: end", "data: {}", ""]
    assert list(parse(lines)) == [
        {"event": "epoch", "id": "3", "data": {"epoch": 1}},
        {"event": "job", "data": "not json"},
        {"event": "end", "data": {}},
    ]
