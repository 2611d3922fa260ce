"""One HTTP session to Loupe: the token on every request, JSON in and out, errors raised as LoupeError."""
from typing import Any, Dict, Optional

import requests

from .errors import LoupeError


class Transport:
    def __init__(self, base_url: str, token: str, timeout: float = 60.0, session: Optional[requests.Session] = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["User-Agent"] = "loupe-client/0.1"

    def url(self, path: str) -> str:
        return self.base_url + path

    def request(self, method: str, path: str, *, json: Any = None, params: Optional[Dict[str, Any]] = None,
                data: Any = None, headers: Optional[Dict[str, str]] = None, files: Any = None, stream: bool = False,
                timeout: Optional[float] = None) -> requests.Response:
        response = self.session.request(method, self.url(path), json=json, params=params, data=data, headers=headers,
                                        files=files, stream=stream, timeout=timeout or self.timeout)
        if response.status_code >= 400:
            raise LoupeError.from_response(response)
        return response

    def json(self, method: str, path: str, **options: Any) -> Any:
        response = self.request(method, path, **options)
        return response.json() if response.content else None
