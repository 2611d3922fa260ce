"""Loupe's one error shape, as an exception a script can branch on."""
from typing import Any, Optional


class LoupeError(Exception):
    """An answer that was not a success: `status`, and Loupe's `code`, `message` and `field`."""

    def __init__(self, status: int, code: str, message: str, field: Optional[str] = None, body: Any = None):
        super().__init__(f"{status} {code}: {message}" + (f" (field {field})" if field else ""))
        self.status, self.code, self.message, self.field, self.body = status, code, message, field, body

    @classmethod
    def from_response(cls, response) -> "LoupeError":
        try:
            body = response.json()
        except ValueError:
            return cls(response.status_code, "http_error", response.text[:200] or response.reason)
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            return cls(response.status_code, error.get("code", "error"), error.get("message", ""), error.get("field"), body)
        return cls(response.status_code, "http_error", str(body)[:200], body=body)
