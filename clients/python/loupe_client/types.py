"""The shapes Loupe answers (see /api/v1/openapi.json), as TypedDicts for editors and type checkers."""
from typing import Any, Dict, List, Optional, TypedDict


class Project(TypedDict, total=False):
    id: int
    name: str
    description: str
    archived: bool
    created_at: str
    can_review: bool


class Label(TypedDict, total=False):
    id: int
    project_id: int
    name: str
    color: str
    hotkey: Optional[str]
    suggestion_threshold: float


class Image(TypedDict, total=False):
    id: int
    project_id: int
    file_name: str
    width: int
    height: int
    status: str
    format: str
    byte_size: int
    sha256: str
    uploaded_at: str


class Shape(TypedDict, total=False):
    type: str  # box, polygon or tag
    label_id: int
    x: float
    y: float
    w: float
    h: float
    points: List[List[float]]


class Annotations(TypedDict, total=False):
    revision: int
    shapes: List[Shape]


class ModelVersion(TypedDict, total=False):
    id: int
    model_name: str
    version: int
    stage: str
    metrics: Dict[str, Any]
    artifact_sha256: str


class Job(TypedDict, total=False):
    id: int
    project_id: int
    kind: str
    state: str  # queued, running, succeeded, failed, cancelled
    progress: float
    message: str
    config: Dict[str, Any]
    model_version: ModelVersion


class Snapshot(TypedDict, total=False):
    id: int
    name: str
    image_count: int
    shape_count: int


class Prediction(TypedDict, total=False):
    model_name: str
    version: int
    arm: str
    predictions: List[Dict[str, Any]]
    detections: List[Dict[str, Any]]
