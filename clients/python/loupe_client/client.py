"""Loupe's API by feature: `Loupe(url, token).projects.create("Birds")`, `.images.upload_folder(…)`,
`.jobs.follow(job_id)`, `.registry.transition(…)`, `.serving.predict("Birds", "robin.jpg")`,
`.team.create_batches(project, size=50, assignees=["ana", "ben"])`.
Every method answers Loupe's JSON as dicts (shaped as in loupe_client.types) or raises LoupeError."""
import hashlib
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Union

from . import events, uploads
from .errors import LoupeError
from .transport import Transport
from .types import Annotations, Image, Job, Label, ModelVersion, Prediction, Project, Shape, Snapshot

PathLike = Union[str, Path]
FINISHED = ("succeeded", "failed", "cancelled")


class Loupe:
    """A client for one Loupe server with one API token (Account page, or `loupe token create`)."""

    def __init__(self, base_url: str, token: str, timeout: float = 60.0):
        self.transport = Transport(base_url, token, timeout)
        self.projects = Projects(self.transport)
        self.labels = Labels(self.transport)
        self.images = Images(self.transport)
        self.annotations = AnnotationsAPI(self.transport)
        self.exports = Exports(self.transport)
        self.jobs = Jobs(self.transport)
        self.registry = Registry(self.transport)
        self.serving = Serving(self.transport)
        self.team = Team(self.transport)

    def me(self) -> Dict[str, Any]:
        return self.transport.json("GET", "/api/v1/me")


class _Section:
    def __init__(self, transport: Transport):
        self.t = transport


class Projects(_Section):
    def list(self, archived: bool = False) -> List[Project]:
        return self.t.json("GET", "/api/v1/projects", params={"archived": "1"} if archived else None)["projects"]

    def create(self, name: str, description: str = "") -> Project:
        return self.t.json("POST", "/api/v1/projects", json={"name": name, "description": description})

    def get(self, project_id: int) -> Project:
        return self.t.json("GET", f"/api/v1/projects/{project_id}")

    def update(self, project_id: int, **changes: Any) -> Project:
        """`name`, `description` or `archived`."""
        return self.t.json("PATCH", f"/api/v1/projects/{project_id}", json=changes)

    def add_member(self, project_id: int, username: str, role: str) -> Dict[str, Any]:
        return self.t.json("POST", f"/api/v1/projects/{project_id}/members", json={"username": username, "role": role})


class Labels(_Section):
    def list(self, project_id: int) -> List[Label]:
        return self.t.json("GET", f"/api/v1/projects/{project_id}/labels")["labels"]

    def create(self, project_id: int, name: str, color: Optional[str] = None, hotkey: Optional[str] = None) -> Label:
        body = {"name": name, **({"color": color} if color else {}), **({"hotkey": hotkey} if hotkey else {})}
        return self.t.json("POST", f"/api/v1/projects/{project_id}/labels", json=body)

    def ensure(self, project_id: int, names: List[str]) -> Dict[str, int]:
        """The labels by name, creating those the project lacks."""
        have = {label["name"]: label["id"] for label in self.list(project_id)}
        for name in names:
            if name not in have:
                have[name] = self.create(project_id, name)["id"]
        return have

    def update(self, label_id: int, **changes: Any) -> Label:
        return self.t.json("PATCH", f"/api/v1/labels/{label_id}", json=changes)

    def delete(self, label_id: int, reassign_to: Optional[int] = None) -> None:
        self.t.request("DELETE", f"/api/v1/labels/{label_id}", params={"reassign_to": reassign_to} if reassign_to else None)


class Images(_Section):
    def upload(self, project_id: int, path: PathLike) -> Dict[str, Any]:
        """Uploads one JPEG or PNG: {"image": Image, "duplicate": bool} (a duplicate is the image already there)."""
        path = Path(path)
        return self.t.json("POST", f"/api/v1/projects/{project_id}/images", params={"file_name": path.name},
                           data=path.read_bytes(), headers={"Content-Type": uploads.content_type(path)})

    def upload_folder(self, project_id: int, folder: PathLike, progress: uploads.Progress = None,
                      recursive: bool = True) -> uploads.FolderUpload:
        """Uploads every image of a folder, one request each; a bad file is recorded and the rest go on.
        `progress(done, total, path)` is called after each (loupe_client.uploads.print_progress prints it)."""
        files = uploads.images_in(Path(folder), recursive)
        result = uploads.FolderUpload()
        for done, path in enumerate(files, start=1):
            try:
                answer = self.upload(project_id, path)
                (result.duplicates if answer["duplicate"] else result.uploaded).append(answer["image"])
            except LoupeError as error:
                result.failed.append((path, error))
            if progress:
                progress(done, len(files), path)
        return result

    def list(self, project_id: int, status: Optional[str] = None) -> Iterator[Image]:
        """Every image of the project in upload order, fetched a page at a time."""
        after = 0
        while True:
            params = {"after": after, "limit": 500, **({"status": status} if status else {})}
            page = self.t.json("GET", f"/api/v1/projects/{project_id}/images", params=params)
            yield from page["images"]
            if not page.get("next_after"):
                return
            after = page["next_after"]

    def get(self, image_id: int) -> Image:
        return self.t.json("GET", f"/api/v1/images/{image_id}")

    def download(self, image_id: int) -> bytes:
        return self.t.request("GET", f"/api/v1/images/{image_id}/file").content


class AnnotationsAPI(_Section):
    def get(self, image_id: int) -> Annotations:
        return self.t.json("GET", f"/api/v1/images/{image_id}/annotations")

    def put(self, image_id: int, shapes: List[Shape], revision: Optional[int] = None) -> Annotations:
        """Saves the image's shapes. Without `revision` the current one is read first; a save that
        raced another raises LoupeError 409 stale_revision and overwrites nothing."""
        if revision is None:
            revision = self.get(image_id)["revision"]
        return self.t.json("PUT", f"/api/v1/images/{image_id}/annotations", json={"revision": revision, "shapes": shapes})

    def submit(self, image_id: int) -> Image:
        return self.t.json("POST", f"/api/v1/images/{image_id}/submit")

    def review(self, image_id: int, decision: str, comment: str = "") -> Image:
        """decision: accept or reject."""
        return self.t.json("POST", f"/api/v1/images/{image_id}/review", json={"decision": decision, "comment": comment})


class Exports(_Section):
    def snapshot(self, project_id: int, name: str) -> Snapshot:
        return self.t.json("POST", f"/api/v1/projects/{project_id}/snapshots", json={"name": name})

    def coco(self, project_id: int, snapshot: Optional[Union[int, str]] = None) -> Dict[str, Any]:
        """The project (or a snapshot, by id or name) as COCO JSON."""
        return self.t.json("GET", f"/api/v1/projects/{project_id}/export/coco",
                           params={"snapshot": snapshot} if snapshot is not None else None, timeout=600)

    def save_coco(self, project_id: int, path: PathLike, snapshot: Optional[Union[int, str]] = None) -> Path:
        """Streams the COCO export to a file without holding it in memory."""
        response = self.t.request("GET", f"/api/v1/projects/{project_id}/export/coco",
                                  params={"snapshot": snapshot} if snapshot is not None else None, stream=True, timeout=600)
        path = Path(path)
        with path.open("wb") as out:
            for chunk in response.iter_content(1 << 16):
                out.write(chunk)
        return path

    def import_coco(self, project_id: int, path: PathLike) -> Dict[str, Any]:
        """Imports a COCO JSON file or a .zip of it with its images."""
        return self.import_file(project_id, "coco", path)

    def save(self, project_id: int, format: str, path: PathLike, **options: Any) -> Path:
        """Streams an export to a file: format is coco, yolo, voc, cvat or label-studio; options are the
        API's query parameters (snapshot, status, images="none", splits, val_fraction, task="segment")."""
        response = self.t.request("GET", f"/api/v1/projects/{project_id}/export/{format}", params=options or None, stream=True, timeout=600)
        path = Path(path)
        with path.open("wb") as out:
            for chunk in response.iter_content(1 << 16):
                out.write(chunk)
        return path

    def import_file(self, project_id: int, format: str, path: PathLike, dry_run: bool = False, create_labels: bool = True) -> Dict[str, Any]:
        """Imports an annotation file (or a .zip of it and its images) in coco, yolo, voc, cvat, label-studio
        or via. The report lists each image as create or match; with dry_run nothing changes."""
        path = Path(path)
        params = {"dry_run": "1" if dry_run else "0", "create_labels": "1" if create_labels else "0"}
        with path.open("rb") as handle:
            return self.t.json("POST", f"/api/v1/projects/{project_id}/import/{format}", params=params, data=handle, timeout=600)


class Jobs(_Section):
    def train(self, project_id: int, **config: Any) -> Job:
        """Queues a training run; `config` as the README's training section lists (architecture, epochs, …)."""
        return self.start(project_id, "train", config)

    def start(self, project_id: int, kind: str, config: Dict[str, Any]) -> Job:
        return self.t.json("POST", f"/api/v1/projects/{project_id}/jobs", json={"kind": kind, "config": config})

    def get(self, job_id: int) -> Job:
        return self.t.json("GET", f"/api/v1/jobs/{job_id}")

    def cancel(self, job_id: int) -> Job:
        return self.t.json("POST", f"/api/v1/jobs/{job_id}/cancel")

    def events(self, job_id: int, after: Optional[str] = None) -> Iterator[Dict[str, Any]]:
        """The job's live events (job states and epochs) until it ends; `after` an event id already seen."""
        headers = {"Accept": "text/event-stream", **({"Last-Event-ID": after} if after else {})}
        response = self.t.request("GET", f"/api/v1/jobs/{job_id}/stream", stream=True, timeout=120, headers=headers)
        with response:
            for event in events.parse(response.iter_lines(decode_unicode=True)):
                if event["event"] == "end":
                    return
                yield event

    def follow(self, job_id: int, on_event=None, timeout: float = 3600) -> Job:
        """Waits for the job to end, passing each live event to `on_event`; answers the finished job.
        If the stream breaks, it reconnects (the event process resumes where it left off)."""
        deadline, last_id = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                for event in self.events(job_id, after=last_id):
                    last_id = event.get("id", last_id)
                    if on_event:
                        on_event(event)
            except (LoupeError, OSError):
                time.sleep(1)
            job = self.get(job_id)
            if job["state"] in FINISHED:
                return job
        raise TimeoutError(f"job {job_id} did not finish within {timeout} s")


class Registry(_Section):
    def models(self) -> List[Dict[str, Any]]:
        return self.t.json("GET", "/api/v1/models")["models"]

    def model(self, model_id: int) -> Dict[str, Any]:
        return self.t.json("GET", f"/api/v1/models/{model_id}")

    def model_id(self, name: str) -> int:
        for model in self.models():
            if model["name"] == name:
                return model["id"]
        raise LoupeError(404, "not_found", f"No model named {name}.")

    def version(self, version_id: int) -> ModelVersion:
        return self.t.json("GET", f"/api/v1/models/versions/{version_id}")

    def transition(self, version_id: int, stage: str, reason: str, archive_existing: bool = False) -> ModelVersion:
        """Moves a version to None, Staging, Production or Archived (admins)."""
        return self.t.json("POST", f"/api/v1/models/versions/{version_id}/stage",
                           json={"stage": stage, "reason": reason, "archive_existing": archive_existing})

    def request_transition(self, version_id: int, stage: str, reason: str, archive_existing: bool = False) -> Dict[str, Any]:
        """Asks an admin to move a version (the data team)."""
        return self.t.json("POST", f"/api/v1/models/versions/{version_id}/requests",
                           json={"stage": stage, "reason": reason, "archive_existing": archive_existing})

    def set_alias(self, model_id: int, alias: str, version: int) -> Dict[str, int]:
        return self.t.json("PUT", f"/api/v1/models/{model_id}/aliases/{alias}", json={"version": version})["aliases"]

    def download(self, version_id: int, path: PathLike) -> Path:
        """Saves the version's model file, checked against the SHA-256 the server sends."""
        response = self.t.request("GET", f"/api/v1/models/versions/{version_id}/artifact", stream=True)
        digest, path = hashlib.sha256(), Path(path)
        with path.open("wb") as out:
            for chunk in response.iter_content(1 << 16):
                digest.update(chunk)
                out.write(chunk)
        expected = response.headers.get("X-Artifact-SHA256")
        if expected and expected != digest.hexdigest():
            path.unlink()
            raise LoupeError(502, "artifact_mismatch", f"The download's SHA-256 is {digest.hexdigest()}, not {expected}.")
        return path


class Serving(_Section):
    def predict(self, model: str, image: Union[PathLike, bytes], content_type: str = "image/jpeg") -> Prediction:
        """Predicts one image with the model's Production version, or `Name@alias`."""
        if not isinstance(image, bytes):
            path = Path(image)
            image, content_type = path.read_bytes(), uploads.content_type(path)
        return self.t.json("POST", f"/api/v1/serve/{model}/predict", data=image, headers={"Content-Type": content_type})

    def predict_images(self, model: str, project_id: int, image_ids: List[int]) -> List[Dict[str, Any]]:
        """Predicts up to 32 of a project's images by id: one answer (or error) per image."""
        return self.t.json("POST", f"/api/v1/serve/{model}/predict", json={"project_id": project_id, "image_ids": image_ids})["results"]

    def deployment(self, model_id: int) -> Dict[str, Any]:
        return self.t.json("GET", f"/api/v1/models/{model_id}/deployment")

    def switch(self, model_id: int, enabled: bool, reason: str) -> Dict[str, Any]:
        return self.t.json("PUT", f"/api/v1/models/{model_id}/deployment", json={"enabled": enabled, "reason": reason})

    def usage(self, model_id: int, hours: int = 24) -> Dict[str, Any]:
        return self.t.json("GET", f"/api/v1/models/{model_id}/usage", params={"hours": hours})

    def rollout(self, model_id: int, candidate_version: int, **plan: Any) -> Dict[str, Any]:
        """Starts (admins) or asks for (the data team) a rollout: mode, steps, dwell_seconds, guardrails."""
        return self.t.json("POST", f"/api/v1/models/{model_id}/rollouts", json={"candidate_version": candidate_version, **plan})

    def rollout_action(self, rollout_id: int, action: str, reason: str = "") -> Dict[str, Any]:
        """action: start, pause, resume, rollback, finish or reject."""
        return self.t.json("POST", f"/api/v1/rollouts/{rollout_id}/{action}", json={"reason": reason})


class Team(_Section):
    """Batches for annotators, overlap and ground truth (the data team), comments (everyone)."""

    def create_batches(self, project_id: int, **plan: Any) -> Dict[str, Any]:
        """`size`, `limit`, `order` ("rank" or "upload"), `statuses`, `file_name_contains`,
        `predicted_label`, `assignees` (usernames, in turn), `due_on` ("YYYY-MM-DD"), `name`."""
        return self.t.json("POST", f"/api/v1/projects/{project_id}/batches", json=plan)

    def batches(self, project_id: int) -> List[Dict[str, Any]]:
        return self.t.json("GET", f"/api/v1/projects/{project_id}/batches")["batches"]

    def update_batch(self, project_id: int, batch_id: int, **changes: Any) -> Dict[str, Any]:
        """`name`, `assignee` (None: nobody), `due_on` (None: no due day)."""
        return self.t.json("PATCH", f"/api/v1/projects/{project_id}/batches/{batch_id}", json=changes)

    def delete_batch(self, project_id: int, batch_id: int) -> None:
        self.t.request("DELETE", f"/api/v1/projects/{project_id}/batches/{batch_id}")

    def add_overlap(self, project_id: int, share: float, copies: int = 2) -> int:
        """Sends `share` of the new images to `copies` people each; answers how many images."""
        return self.t.json("POST", f"/api/v1/projects/{project_id}/overlap", json={"share": share, "copies": copies})["images"]

    def overlap(self, project_id: int) -> Dict[str, Any]:
        """Overlap images and agreement per pair and per person."""
        return self.t.json("GET", f"/api/v1/projects/{project_id}/overlap")

    def add_ground_truth(self, project_id: int, image_ids: Optional[List[int]] = None, share: Optional[float] = None,
                         every: Optional[int] = None) -> Dict[str, Any]:
        """Freezes accepted images as ground truth (by id or a share) and, with `every`, mixes one into
        each queue after about every N images. Answers the ground-truth summary with each person's accuracy."""
        if image_ids is not None or share is not None:
            body = {"image_ids": image_ids} if image_ids is not None else {"share": share}
            self.t.json("POST", f"/api/v1/projects/{project_id}/ground-truth", json=body)
        if every is not None:
            return self.t.json("PATCH", f"/api/v1/projects/{project_id}/ground-truth", json={"every": every})
        return self.ground_truth(project_id)

    def ground_truth(self, project_id: int) -> Dict[str, Any]:
        return self.t.json("GET", f"/api/v1/projects/{project_id}/ground-truth")

    def comments(self, image_id: int) -> List[Dict[str, Any]]:
        return self.t.json("GET", f"/api/v1/images/{image_id}/comments")["comments"]

    def comment(self, image_id: int, body: str, shape_position: Optional[int] = None) -> Dict[str, Any]:
        """`@name` in `body` notifies that person."""
        payload: Dict[str, Any] = {"body": body}
        if shape_position is not None:
            payload["shape_position"] = shape_position
        return self.t.json("POST", f"/api/v1/images/{image_id}/comments", json=payload)
