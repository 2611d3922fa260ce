"""scripts/fuzz-api's driver: a stack with the trainer, the contract tests' world, then Schemathesis as an
admin, as an annotator and with a token scoped to serving one model, for a time budget each. Prints the figures for the issue's closing note:
operations, cases, failures, and documented statuses reached (from the runs' HAR logs)."""
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import requests

import api_contract
import api_world
from conftest import Stack


def statuses_seen(har_path, document):
    """{(METHOD, pattern): {status, …}} from a HAR log, matching each URL to the document's patterns."""
    def regex(path):  # `{id}` and `{…Id}` are digits, as the router reads them
        return re.compile("^" + re.sub(r"\{(id|\w+Id)\}", "[0-9]+", re.sub(r"\{(?!id\}|\w+Id\})[^}]+\}", "[^/]+", path)) + "$")

    patterns = [(method.upper(), path, regex(path))
                for path, ops in document["paths"].items() for method in ops]
    seen = defaultdict(set)
    for entry in json.loads(Path(har_path).read_text())["log"]["entries"]:
        method, url = entry["request"]["method"], entry["request"]["url"].split("?")[0]
        path = "/" + url.split("/", 3)[3]
        for pattern_method, pattern, matcher in patterns:
            if pattern_method == method and matcher.match(path):
                seen[(method, pattern)].add(str(entry["response"]["status"]))
                break
    return seen


# Statuses generated requests cannot reach by design, and the tests that reach them instead.
NOT_BY_GENERATION = {
    "401": "every run sends a valid token; test_accounts.py and AccessMatrixTests send none, bad and revoked ones",
    "404": "path ids are pinned to the seeded rows so that requests reach them; AccessMatrixTests and test_hostile.py ask for missing ones",
    "413": "bodies over the size limits are not generated; test_hostile.py and test_images.py send them",
    "503": "needs the database gone; HealthTests.swift",
}


def main(seconds, seed):
    work = Path(tempfile.mkdtemp(prefix="loupe-fuzz-api-"))
    stack = Stack(work / "data").start()
    try:
        stack.start_trainer()
        ids, admin, annotator = api_world.build(stack)
        document = requests.get(stack.url("/api/v1/openapi.json")).json()
        def scoped():
            """A token that may only call one model's serving endpoint (every other operation's 403), made
            when its turn comes: the admin's run revokes tokens it finds."""
            return requests.post(stack.url("/api/v1/tokens"), headers={"Authorization": f"Bearer {admin}"},
                                 json={"name": "fuzz scoped", "serve_model": ids["model_name"]}).json()["secret"]

        seen, failed = defaultdict(set), False
        for caller, token in (("admin", lambda: admin), ("annotator", lambda: annotator), ("serve-scoped token", scoped)):
            out = work / caller.replace(" ", "-")
            out.mkdir()
            code, output = api_contract.run(stack.base, token(), ids, out, 100_000, seed, max_time=seconds,
                                             extra=["--report", "har", "--report-dir", str(out)])
            summary = output[output.find("SUMMARY"):] if "SUMMARY" in output else output[-3000:]
            print(f"\n=== as {caller}: exit {code} ===\n{summary}")
            if code != 0:
                failed = True
                (out / "run.log").write_text(output)
                print(f"full output: {out / 'run.log'}")
            for har in out.glob("har-*"):
                for key, statuses in statuses_seen(har, document).items():
                    seen[key] |= statuses
        documented = {(m.upper(), p): set(op["responses"]) for p, ops in document["paths"].items() for m, op in ops.items()}
        reached = sum(len(documented[k] & seen[k]) for k in documented)
        total = sum(len(v) for v in documented.values())
        print(f"\nseed {seed}, {seconds} s per caller: documented statuses reached {reached} of {total}")
        print(f"operations with a success reached: {sum(1 for k in documented if any(s.startswith('2') for s in seen[k]))} of {len(documented)}")
        unreached = defaultdict(list)
        for key, statuses in sorted(documented.items()):
            for status in sorted(statuses - seen[key]):
                unreached[status].append(f"{key[0]} {key[1]}")
        for status, keys in sorted(unreached.items()):
            why = f" — {NOT_BY_GENERATION[status]}" if status in NOT_BY_GENERATION else ""
            print(f"  {status} not reached on {len(keys)}{why}: {', '.join(keys)}")
        undocumented = {(k, s) for k, statuses in seen.items() for s in statuses if k in documented and s not in documented[k]}
        print(f"statuses seen but not documented: {sorted(undocumented) or 'none'}")
        return 1 if failed else 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 1))
