"""A client for Loupe's API. `from loupe_client import Loupe, LoupeError`."""
from .client import Loupe
from .errors import LoupeError
from .uploads import FolderUpload, print_progress

__all__ = ["Loupe", "LoupeError", "FolderUpload", "print_progress"]
__version__ = "0.1.0"
