"""Finding the images of a folder and reporting an upload's progress."""
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional

IMAGE_SUFFIXES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def images_in(folder: Path, recursive: bool = True) -> List[Path]:
    """The folder's JPEG and PNG files, in name order (hidden files left out)."""
    found = folder.rglob("*") if recursive else folder.glob("*")
    return sorted(p for p in found if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith("."))


def content_type(path: Path) -> str:
    return IMAGE_SUFFIXES[path.suffix.lower()]


@dataclass
class FolderUpload:
    """What uploading a folder did: images added, duplicates already there, and failures by file."""
    uploaded: List[dict] = field(default_factory=list)
    duplicates: List[dict] = field(default_factory=list)
    failed: List[tuple] = field(default_factory=list)  # (path, LoupeError)

    @property
    def total(self) -> int:
        return len(self.uploaded) + len(self.duplicates) + len(self.failed)


Progress = Optional[Callable[[int, int, Path], None]]
"""Called after each file with (done, total, path)."""


def print_progress(done: int, total: int, path: Path) -> None:
    """A progress line on the terminal, rewritten in place."""
    end = "\n" if done == total else ""
    print(f"\r{done}/{total} {path.name[:40]:<40}", end=end, flush=True)
