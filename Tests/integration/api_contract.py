"""Runs Schemathesis against the real stack: the document's operations with a seeded world's ids
in their path parameters, as a given caller, with fixed examples per operation and a fixed seed."""
import json
import subprocess
import sys
from pathlib import Path

ST = Path(sys.executable).parent / "st"

# Which seeded row each path's `{id}` names, by the path's prefix (longest first).
ID_OF_PREFIX = [
    ("/api/v1/models/versions/", "version"), ("/api/v1/models/requests/", "request"), ("/api/v1/models/", "model"),
    ("/api/v1/projects/", "project"), ("/api/v1/images/", "image"), ("/api/v1/jobs/", "job"), ("/api/v1/labels/", "label"),
    ("/api/v1/rollouts/", "rollout"), ("/api/v1/users/", "user"), ("/api/v1/tokens/", "token"), ("/api/v1/webhooks/", "webhook"),
]

# Checks every operation must pass. positive_data_acceptance is left out: a schema-valid body can
# still break a rule JSON Schema cannot state (a unique name, a version that exists, a stage the
# version may move to), and Loupe answers those 409/422 as documented.
CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
          "negative_data_rejection", "unsupported_method", "missing_required_header", "response_headers_conformance", "ignored_auth"]


def config(ids):
    lines = []
    for prefix, name in ID_OF_PREFIX:
        lines += ["[[operations]]", f'include-path-regex = "^{prefix}\\\\{{id\\\\}}"',
                  f'parameters = {{ "path.id" = {ids[name]}, "path.userId" = {ids["annotator"]}, "path.alias" = "champion", "path.format" = "csv" }}', ""]
    lines += ["[[operations]]", 'include-path-regex = "^/api/v1/serve/"', f'parameters = {{ "path.model" = "{ids["model_name"]}" }}', ""]
    # MLflow's reads name the seeded model and its first version
    lines += ["[[operations]]", 'include-path-regex = "^/api/2.0/mlflow/"',
              f'parameters = {{ "query.name" = "{ids["model_name"]}", "query.version" = "1", "query.alias" = "champion" }}', ""]
    return "\n".join(lines)


def run(base, token, ids, workdir, examples, seed, extra=(), max_time=None):
    """Runs st; returns (exit code, output)."""
    path = Path(workdir) / "schemathesis.toml"
    path.write_text(config(ids))
    command = [str(ST), "--config-file", str(path), "run", f"{base}/api/v1/openapi.json", "--url", base,
               "-H", f"Authorization: Bearer {token}", "--checks", ",".join(CHECKS),
               "--max-examples", str(examples), "--seed", str(seed), "--no-color", *extra]
    if max_time:
        command += ["--max-time", str(max_time)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=workdir)
    return done.returncode, done.stdout + done.stderr
