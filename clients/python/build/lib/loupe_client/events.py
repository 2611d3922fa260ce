"""Server-sent events as Loupe's event process sends them (`event:`, `data:`, `id:` lines, a blank line
after each), read from a streamed response one event at a time."""
import json
from typing import Any, Dict, Iterable, Iterator


def parse(lines: Iterable[str]) -> Iterator[Dict[str, Any]]:
    """Yields {"event", "data", "id"} per event; `data` is decoded JSON when it is JSON."""
    event: Dict[str, Any] = {}
    data: list = []
    for line in lines:
        if line == "":
            if data or event:
                text = "\n".join(data)
                try:
                    event["data"] = json.loads(text) if text else None
                except ValueError:
                    event["data"] = text
                event.setdefault("event", "message")
                yield event
            event, data = {}, []
        elif line.startswith(":"):
            continue  # a comment: the heartbeat
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data.append(value)
            elif name in ("event", "id"):
                event[name] = value
