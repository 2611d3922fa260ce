"""The checks after scripts/bench-load (standard library only):

  setup DATA_BASE TOKEN COUNT             make a project, a label and COUNT images; print their ids
  acks ACK_DIR DB                         every save a client was told succeeded is in the store
  restore BACKUP LIVE_DB RESTORED_BASE    the backup is a consistent past state, and a stack started
                                          on the restored copy serves every image with its checksum
DB and BACKUP are SQLite files or postgresql:// URLs (read with psql; a PostgreSQL backup is checked
through the database it was restored into).
"""
import hashlib
import json
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor


def call(base, token, method, path, body=None, content_type="application/json"):
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=60) as response:
        data = response.read()
        return json.loads(data) if response.headers.get("Content-Type", "").startswith("application/json") else data


def png(side, n):
    """A grey square PNG, made distinct by its first pixel (tiny to send; 1000 px so that saves
    can carry numbers in box coordinates)."""
    grey = bytes([90 + n % 100] * 3)
    row = b"\x00" + bytes([n & 255, (n >> 8) & 255, 7]) + grey * (side - 1)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * side, 9)) + chunk(b"IEND", b""))


def setup(base, token, count):
    project = call(base, token, "POST", "/api/v1/projects", json.dumps({"name": f"Load {time.time():.0f}"}).encode())
    label = call(base, token, "POST", f"/api/v1/projects/{project['id']}/labels", json.dumps({"name": "box"}).encode())

    def upload(n):
        return call(base, token, "POST", f"/api/v1/projects/{project['id']}/images?file_name=load-{n}.png",
                    png(1000, n), "image/png")["image"]["id"]
    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(upload, range(count)))
    print(project["id"], label["id"], ",".join(map(str, ids)))


class Store:
    """Read-only queries on a SQLite file or a PostgreSQL database, rows as tuples of strings/ints."""

    def __init__(self, location):
        self.location = location
        self.postgres = location.startswith(("postgresql://", "postgres://"))
        self.sqlite = None if self.postgres else sqlite3.connect(f"file:{location}?mode=ro", uri=True)

    def rows(self, sql):
        if not self.postgres:
            return self.sqlite.execute(sql).fetchall()
        out = subprocess.run(["psql", self.location, "-AtX", "-F", "\x1f", "-R", "\x1e", "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(int(v) if v.lstrip("-").isdigit() else v for v in record.split("\x1f"))
                for record in out.rstrip("\n").split("\x1e") if record]

    def integrity(self):
        if self.postgres:  # PostgreSQL checks its own pages; here: every table reads through
            tables = [row[0] for row in self.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return "ok" if all(self.rows(f"SELECT COUNT(*) FROM {table}") for table in tables) else "unreadable"
        return self.rows("PRAGMA integrity_check")[0][0]

    def revisions(self):
        """(image, revision) → shapes JSON, for every saved revision."""
        return {(image, revision): shapes for image, revision, shapes in
                self.rows("SELECT image_id, revision, shapes FROM annotation_revisions")}


def box_serials(shapes_json):
    """The serial numbers of the boxes in a stored shapes list (y + 900·(h − 1), see load.lua)."""
    serials = set()
    for shape in json.loads(shapes_json):
        if "y" in shape and "h" in shape:
            serials.add(round(shape["y"]) + 900 * (round(shape["h"]) - 1))
    return serials


def acks(ack_dir, db_path):
    import glob
    acked = {}
    for name in glob.glob(f"{ack_dir}/acks-*.txt"):
        for line in open(name):
            image, revision, serial = map(int, line.split())
            acked[(image, revision)] = serial
    db = Store(db_path)
    saved = db.revisions()
    lost = [key for key, serial in acked.items() if serial not in box_serials(saved.get(key, "[]"))]
    newest, stored = {}, {}
    for (image, revision) in acked:
        newest[image] = max(newest.get(image, 0), revision)
    for (image, revision) in saved:
        stored[image] = max(stored.get(image, 0), revision)
    behind = [image for image, revision in newest.items() if stored.get(image, 0) < revision]
    integrity = db.integrity()
    print(f"acknowledged saves: {len(acked)} on {len(newest)} images; lost: {len(lost)}; images behind an ack: {len(behind)}; "
          f"integrity_check: {integrity}")
    if lost:
        print("  lost, e.g.:", lost[:5])
    return 0 if not lost and not behind and integrity == "ok" else 1


def restore(backup, live_db, restored_base):
    old, live = Store(backup), Store(live_db)
    integrity = old.integrity()
    # A consistent past: every revision in the backup is exactly the live one (revisions are never rewritten)
    before, now = old.revisions(), live.revisions()
    differ = sum(1 for key, shapes in before.items() if now.get(key) != shapes)
    counts = {table: old.rows(f"SELECT COUNT(*) FROM {table}")[0][0]
              for table in ("images", "annotation_revisions", "shapes", "labels", "projects")}
    # The restored stack serves every image, byte for byte what the backup's checksum says
    token = sys.argv[5]
    images = old.rows("SELECT id, sha256 FROM images")

    def matches(row):
        return hashlib.sha256(call(restored_base, token, "GET", f"/api/v1/images/{row[0]}/file")).hexdigest() == row[1]
    with ThreadPoolExecutor(4) as pool:
        served = sum(pool.map(matches, images))
    listed = call(restored_base, token, "GET", "/api/v1/projects")
    print(f"backup taken under load: integrity_check {integrity}; {counts}; "
          f"revisions differing from live: {differ}; restored stack serves {served}/{len(images)} images with matching sha256; "
          f"projects listed: {len(listed if isinstance(listed, list) else listed.get('projects', []))}")
    return 0 if integrity == "ok" and differ == 0 and served == len(images) and before else 1


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif command == "acks":
        sys.exit(acks(sys.argv[2], sys.argv[3]))
    elif command == "restore":
        sys.exit(restore(sys.argv[2], sys.argv[3], sys.argv[4]))
