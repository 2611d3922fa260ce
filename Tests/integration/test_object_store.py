"""Files in an S3-compatible bucket (a real SeaweedFS server): uploads land in the bucket and not on
the worker's disk, nginx serves them through presigned GETs the worker signs, the trainer reads
originals from the bucket and writes its model there, the artifact's sha256 is checked before
Production, and a stopped store gives clear errors and no lost work."""
import csv
import hashlib
import io
import shutil
import subprocess
import tempfile
import urllib.parse
import zipfile

import boto3
import pytest
import requests
from PIL import Image

from conftest import BIN, Stack, new_postgres_database, object_store_server, stop_object_store_server, wait_until
from test_training import colour_project, photo, start_job, wait_for_job


@pytest.fixture(scope="module")
def store_directory():
    directory = tempfile.mkdtemp(prefix="loupe-s3-test-")
    object_store_server(directory)
    yield directory
    stop_object_store_server(directory)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def bucket_url(store_directory):
    return open(f"{store_directory}/url").read().strip()


@pytest.fixture(scope="module")
def s3_stack(tmp_path_factory, bucket_url):
    stack = Stack(tmp_path_factory.mktemp("loupe-s3"), object_store=bucket_url).start()
    stack.start_trainer()
    stack.add_user("s3-data", "data")
    stack.add_user("s3-admin", "admin")
    stack.add_user("s3-outsider", "annotator")
    yield stack
    stack.stop()


def bucket(url):
    """boto3 on the same bucket: an independent S3 client reads what Loupe wrote."""
    parts = urllib.parse.urlsplit(url)
    client = boto3.client("s3", endpoint_url=f"{parts.scheme}://{parts.hostname}:{parts.port}", region_name="us-east-1",
                          aws_access_key_id=urllib.parse.unquote(parts.username),
                          aws_secret_access_key=urllib.parse.unquote(parts.password))
    return client, parts.path.strip("/")


def png_bytes(size=(300, 200)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(out, "PNG")
    return out.getvalue()


def test_uploads_live_in_the_bucket_and_nginx_serves_them_without_the_worker_carrying_bytes(s3_stack, bucket_url):
    stack = s3_stack
    headers = {"Authorization": f"Bearer {stack.token('s3-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Bucketed"}).json()
    original = png_bytes()
    # When a data user uploads a PNG
    uploaded = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "leaf.png"},
                             headers=headers, data=original)
    assert uploaded.status_code == 201, uploaded.text
    image = uploaded.json()["image"]
    # Then the original is an object under its content address, read back by boto3 byte for byte
    client, name = bucket(bucket_url)
    sha = hashlib.sha256(original).hexdigest()
    key = f"images/{sha[:2]}/{sha[2:4]}/{sha}.png"
    stored = client.get_object(Bucket=name, Key=key)
    assert stored["Body"].read() == original and stored["ContentType"] == "image/png"
    # And nothing of it is on the worker's disk
    assert not [p for folder in ("images", "thumbs", "display") for p in (stack.data / folder).rglob("*") if p.is_file()]
    assert list((stack.data / "tmp").iterdir()) == []
    # When the browser asks for the file, nginx fetches it from the store: same bytes, type, name, caching
    served = requests.get(stack.url(f"/api/v1/images/{image['id']}/file"), headers=headers)
    assert served.status_code == 200 and served.content == original
    assert served.headers["Content-Type"] == "image/png"
    assert "leaf.png" in served.headers["Content-Disposition"]
    assert "immutable" in served.headers["Cache-Control"] and served.headers["X-Content-Type-Options"] == "nosniff"
    assert not any(h.lower().startswith("x-amz") for h in served.headers)
    # A range of it too (a viewer's partial fetch)
    part = requests.get(stack.url(f"/api/v1/images/{image['id']}/file"), headers=dict(headers, Range="bytes=0-99"))
    assert part.status_code == 206 and part.content == original[:100]
    thumbnail = requests.get(stack.url(f"/api/v1/images/{image['id']}/thumbnail"), headers=headers)
    assert thumbnail.status_code == 200 and thumbnail.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(thumbnail.content)).format == "JPEG"
    # nginx fetched it from the store once and keeps it: the second GET comes from its cache, same bytes
    assert thumbnail.headers["X-Loupe-Cache"] == "MISS"
    again = requests.get(stack.url(f"/api/v1/images/{image['id']}/thumbnail"), headers=headers)
    assert again.headers["X-Loupe-Cache"] == "HIT" and again.content == thumbnail.content
    # But only after the worker's access check: no token, someone outside the project, the internal path itself
    assert requests.get(stack.url(f"/api/v1/images/{image['id']}/file")).status_code == 401
    outsider = {"Authorization": f"Bearer {stack.token('s3-outsider')}"}
    assert requests.get(stack.url(f"/api/v1/images/{image['id']}/file"), headers=outsider).status_code == 404
    assert requests.get(stack.url(f"/_objects/{name}/{key}")).status_code == 404
    # And the same bytes uploaded again are one image and one object
    again = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "copy.png"},
                          headers=headers, data=original)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    listed = client.list_objects_v2(Bucket=name, Prefix=f"images/{sha[:2]}/{sha[2:4]}/")["Contents"]
    assert [o["Key"] for o in listed].count(key) == 1


def test_the_trainer_learns_from_the_bucket_and_its_model_is_checked_before_production(s3_stack, bucket_url):
    stack = s3_stack
    headers = {"Authorization": f"Bearer {stack.token('s3-data')}"}
    admin = {"Authorization": f"Bearer {stack.token('s3-admin')}"}
    project = colour_project(stack, headers, "Bucket colours")
    # When a job trains on images that live only in the bucket
    queued = start_job(stack, headers, project, {"architecture": "mlp", "input_size": 16, "epochs": 8, "width": 32})
    done = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert done["state"] == "succeeded", done
    version = done["model_version"]
    # Then its model file is an object whose bytes are the registered sha256, and not a file on disk
    client, name = bucket(bucket_url)
    key = f"models/{version['artifact_sha256'][:2]}/{version['artifact_sha256'][2:4]}/{version['artifact_sha256']}.loupe"
    assert hashlib.sha256(client.get_object(Bucket=name, Key=key)["Body"].read()).hexdigest() == version["artifact_sha256"]
    assert not [p for p in (stack.data / "models").rglob("*") if p.is_file()]
    # The download comes through nginx from the store, with its sha256
    download = requests.get(stack.url(f"/api/v1/models/versions/{version['id']}/artifact"), headers=headers)
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == version["artifact_sha256"]
    assert download.headers["X-Artifact-SHA256"] == version["artifact_sha256"] and "no-cache" in download.headers["Cache-Control"]
    # The worker serves predictions from the model it loads from the bucket
    predicted = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/predict"),
                              headers=dict(headers, **{"Content-Type": "image/jpeg"}), data=photo(999, blue=True))
    assert predicted.status_code == 200 and predicted.json()["predictions"][0]["label"] == "blue", predicted.text
    # When the object is replaced behind Loupe's back, Production is refused; restored, it is allowed
    genuine = client.get_object(Bucket=name, Key=key)["Body"].read()
    client.put_object(Bucket=name, Key=key, Body=genuine + b"tampered")
    refused = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/stage"), headers=admin,
                            json={"stage": "Production", "reason": "ship"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "artifact_mismatch", refused.text
    client.put_object(Bucket=name, Key=key, Body=genuine)
    promoted = requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/stage"), headers=admin,
                             json={"stage": "Production", "reason": "ship"})
    assert promoted.status_code == 200, promoted.text
    # A batch over an uploaded archive: the archive goes to the bucket, the trainer reads it from there,
    # and its results come back through nginx from the bucket
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("blue.jpg", photo(501, True))
        z.writestr("red.jpg", photo(502, False))
    uploaded = requests.post(stack.url(f"/api/v1/projects/{project['id']}/batch-predictions"), headers=admin,
                             data={"model_version": str(version["id"])}, files={"file": ("photos.zip", archive.getvalue(), "application/zip")})
    assert uploaded.status_code == 201, uploaded.text
    assert client.head_object(Bucket=name, Key=batch_key(archive.getvalue()))["ContentLength"] == len(archive.getvalue())
    finished = wait_for_job(stack, admin, uploaded.json()["id"], lambda j: j["state"] not in ("queued", "running"))
    assert finished["state"] == "succeeded", finished
    results = next(r for r in finished["results"] if r["format"] == "csv")
    table = requests.get(stack.url(results["url"]), headers=admin)
    assert table.status_code == 200 and table.headers["Content-Type"].startswith("text/csv")
    assert table.headers["Content-Disposition"] == f'attachment; filename="batch-{finished["id"]}.csv"'
    assert hashlib.sha256(table.content).hexdigest() == results["sha256"]
    rows = {r["file_name"]: r["label"] for r in csv.DictReader(io.StringIO(table.text))}
    assert rows == {"blue.jpg": "blue", "red.jpg": "red"}, rows


def batch_key(archive):
    sha = hashlib.sha256(archive).hexdigest()
    return f"batchinputs/{sha[:2]}/{sha[2:4]}/{sha}.zip"


def test_a_model_file_from_outside_is_stored_in_the_bucket_and_a_broken_one_leaves_nothing(s3_stack, bucket_url):
    stack = s3_stack
    headers = {"Authorization": f"Bearer {stack.token('s3-data')}"}
    client, name = bucket(bucket_url)
    weights = bytes(range(256)) * 2_000
    response = requests.post(stack.url("/api/v1/models/versions"), headers=headers, data={"name": "Imported to the bucket"},
                             files={"file": ("det.onnx", weights, "application/octet-stream")})
    assert response.status_code == 201, response.text
    sha = hashlib.sha256(weights).hexdigest()
    assert client.get_object(Bucket=name, Key=f"models/{sha[:2]}/{sha[2:4]}/{sha}.onnx")["Body"].read() == weights
    download = requests.get(stack.url(f"/api/v1/models/versions/{response.json()['id']}/artifact"), headers=headers)
    assert download.status_code == 200 and download.content == weights and download.headers["X-Artifact-SHA256"] == sha
    # A .loupe file that is not one is refused, and the object stored for it is removed again
    broken = b"not a loupe model file" * 100
    refused = requests.post(stack.url("/api/v1/models/versions"), headers=headers, data={"name": "Broken"},
                            files={"file": ("broken.loupe", broken, "application/octet-stream")})
    assert refused.status_code in (400, 422), refused.text
    sha = hashlib.sha256(broken).hexdigest()
    assert client.list_objects_v2(Bucket=name, Prefix=f"models/{sha[:2]}/{sha[2:4]}/{sha}").get("KeyCount", 0) == 0


def test_a_stopped_store_gives_clear_errors_and_recovers_without_restarting_loupe(s3_stack, store_directory):
    stack = s3_stack
    headers = {"Authorization": f"Bearer {stack.token('s3-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Outage"}).json()
    first = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "a.png"},
                          headers=headers, data=png_bytes((64, 64))).json()["image"]
    pids = sorted(stack.children())
    assert requests.get(stack.url(f"/api/v1/images/{first['id']}/thumbnail"), headers=headers).status_code == 200  # now in nginx's cache
    stop_object_store_server(store_directory)
    try:
        # While the store is down an upload is refused with 503 and a reason, and no image row is left
        refused = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "b.png"},
                                headers=headers, data=png_bytes((65, 64)))
        assert refused.status_code == 503 and refused.json()["error"]["code"] == "object_store_unavailable", refused.text
        listed = requests.get(stack.url(f"/api/v1/projects/{project['id']}/images"), headers=headers).json()
        assert [i["id"] for i in listed["images"]] == [first["id"]]
        # A file nginx has kept is still served; one it must fetch is nginx's 502 page, not a hang
        assert requests.get(stack.url(f"/api/v1/images/{first['id']}/thumbnail"), headers=headers, timeout=15).status_code == 200
        assert requests.get(stack.url(f"/api/v1/images/{first['id']}/file"), headers=headers, timeout=15).status_code == 502
        assert list((stack.data / "tmp").iterdir()) == []
    finally:
        object_store_server(store_directory)
    # Once it is back, the same worker processes serve and store again
    wait_until(lambda: requests.get(stack.url(f"/api/v1/images/{first['id']}/file"), headers=headers).status_code == 200,
               seconds=30, what="the file after the store restarted")
    again = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "b.png"},
                          headers=headers, data=png_bytes((65, 64)))
    assert again.status_code == 201, again.text
    assert sorted(stack.children()) == pids


def test_a_wrong_secret_or_bucket_stops_each_process_at_start_saying_why(bucket_url, tmp_path):
    parts = urllib.parse.urlsplit(bucket_url)
    wrong_secret = bucket_url.replace(f":{parts.password}@", ":not-the-secret@")
    wrong_bucket = bucket_url.rsplit("/", 1)[0] + "/no-such-bucket"
    subprocess.run([BIN / "loupe", "init", "--data-dir", tmp_path], check=True, capture_output=True)
    for url, expected in ((wrong_secret, "refused access key"), (wrong_bucket, "has no bucket no-such-bucket")):
        for command in (["loupe-worker", "--workers", "1", "--listen", str(tmp_path / "w.sock")], ["loupe-trainer"]):
            done = subprocess.run([BIN / command[0], *command[1:], "--data-dir", tmp_path, "--object-store", url],
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode != 0 and expected in done.stderr, (command, done.stderr)
            assert "not-the-secret" not in done.stderr and parts.password not in done.stderr


def test_a_backup_restores_against_the_bucket_and_names_a_missing_object(s3_stack, bucket_url, tmp_path):
    stack = s3_stack
    headers = {"Authorization": f"Bearer {stack.token('s3-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Backed up"}).json()
    original = png_bytes((90, 60))
    assert requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "kept.png"},
                         headers=headers, data=original).status_code == 201
    backup = tmp_path / ("loupe.dump" if stack.database_url else "loupe.sqlite")
    stack.cli("backup", str(backup))

    def restore(directory):
        target = ["--database", new_postgres_database()] if stack.database_url else []
        return subprocess.run([BIN / "loupe", "restore", backup, "--data-dir", directory, "--object-store", bucket_url, *target],
                              capture_output=True, text=True, timeout=300)
    # The files stay in the bucket: none is copied, each is checked against its sha256 there
    done = restore(tmp_path / "restored")
    assert done.returncode == 0, done.stderr
    checked = int(done.stdout.split(" checked against")[0].rsplit(" ", 1)[1])
    assert " 0 files copied" in done.stdout and checked > 0, done.stdout
    # When an object the backup names is gone, the restore refuses and names it
    client, name = bucket(bucket_url)
    sha = hashlib.sha256(original).hexdigest()
    client.delete_object(Bucket=name, Key=f"images/{sha[:2]}/{sha[2:4]}/{sha}.png")
    refused = restore(tmp_path / "refused")
    assert refused.returncode != 0 and f"missing: images/{sha[:2]}/{sha[2:4]}/{sha}.png" in refused.stderr, refused.stderr
