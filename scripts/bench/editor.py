"""The editor's benchmark, in headless Chromium through the real stack (nginx → worker → store), each
figure beside its reference from the same run:

- frames: the work of one frame (the handlers' redraw plus the raster a 1-pixel readback forces) while
  panning (middle-button drag) and zooming (wheel) over 2,000 boxes and 200 polygons of 100 vertices,
  when everything is drawn again (L), and while dragging a box, beside the same gestures over the same
  image without shapes, and the 16 ms a 60 fps frame has;
- hit tests: the time to find the shape under the pointer with the editor's grid index, beside testing
  every shape (what the editor did before), over 2,000 random points on the same shapes;
- huge images: uploading a 20,000 × 20,000 JPEG (400 MP), which tiles it, with the worker's peak
  memory (VmHWM) beside the 300 MB goal and the 1.2 GB the image takes decoded whole; the editor's
  first paint of it beside the first paint of a 2048-px image (what opening any image costs), and the
  time from a zoom to full size until its tiles are drawn;
- smart polygons: proposals from a box around each hand-outlined object of the test set (real photos,
  Tests/ImagingTests/Photos), their IoU with the hand outline beside the IoU of the box itself, their
  vertices, and the time the API takes (p50 / p95).

usage: editor.py BASE_URL ADMIN_TOKEN
"""
import io
import json
import subprocess
import random
import statistics
import sys
import time

import requests
from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

BASE, TOKEN = (sys.argv[1], sys.argv[2]) if len(sys.argv) > 2 else ("", "")
WIDTH, HEIGHT = 4000, 3000
admin = requests.Session()
admin.headers["Authorization"] = f"Bearer {TOKEN}"


def call(method, path, **options):
    response = admin.request(method, BASE + path, **options)
    assert response.ok, f"{method} {path}: {response.status_code} {response.text[:300]}"
    return response.json() if response.content else None


def photo(width, height, seed):
    """A busy picture (gradients and blobs), so the canvas draws a real image under the shapes."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(400):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(10, 200)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def crowd(labels, seed=7):
    rng = random.Random(seed)
    shapes = [{"type": "bbox", "label_id": labels[i % 3], "x": rng.uniform(0, WIDTH - 100), "y": rng.uniform(0, HEIGHT - 100),
               "w": rng.uniform(8, 90), "h": rng.uniform(8, 90)} for i in range(2000)]
    for _ in range(200):
        import math
        cx, cy, r = rng.uniform(150, WIDTH - 150), rng.uniform(150, HEIGHT - 150), rng.uniform(30, 120)
        shapes.append({"type": "polygon", "label_id": labels[3], "points": [
            [round(cx + r * (0.75 + 0.25 * math.sin(5 * k * 2 * math.pi / 100)) * math.cos(k * 2 * math.pi / 100), 2),
             round(cy + r * (0.75 + 0.25 * math.sin(5 * k * 2 * math.pi / 100)) * math.sin(k * 2 * math.pi / 100), 2)] for k in range(100)]})
    return shapes


def worker_peaks():
    """Each loupe-worker process's peak resident memory (VmHWM), in MiB, by pid."""
    peaks = {}
    for pid in subprocess.run(["pgrep", "-f", "loupe-worker"], capture_output=True, text=True).stdout.split():
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peaks[pid] = int(line.split()[1]) / 1024
        except FileNotFoundError:
            pass
    return peaks


def aerial(side, seed=3):
    """A large photo-like JPEG: gradients, fields and roads, made in strips so Python stays small."""
    rng = random.Random(seed)
    image = Image.new("RGB", (side, side), (90, 120, 70))
    draw = ImageDraw.Draw(image)
    for _ in range(3000):
        x, y, w, h = rng.randrange(side), rng.randrange(side), rng.randrange(50, 900), rng.randrange(50, 900)
        draw.rectangle((x, y, x + w, y + h), fill=(rng.randrange(60, 200), rng.randrange(80, 200), rng.randrange(40, 140)))
    for _ in range(400):
        x, y = rng.randrange(side), rng.randrange(side)
        draw.line((x, y, x + rng.randrange(-3000, 3000), y + rng.randrange(-3000, 3000)), fill=(200, 200, 190), width=rng.randrange(6, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def wait_in_page(page, expression, seconds=120):
    """Polls the page until `expression` holds; returns the page's clock then (ms since navigation)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return page.evaluate("performance.now()")
        time.sleep(0.01)
    raise AssertionError(f"timed out: {expression}")


PHOTOS = __import__("pathlib").Path(__file__).resolve().parents[2] / "Tests" / "ImagingTests" / "Photos"


def mask(polygon, width, height):
    import numpy
    canvas = Image.new("L", (width, height), 0)
    ImageDraw.Draw(canvas).polygon([tuple(p) for p in polygon], fill=1)
    return numpy.array(canvas, dtype=bool)


def iou(a, b, width, height):
    first, second = mask(a, width, height), mask(b, width, height)
    return (first & second).sum() / max(1, (first | second).sum())


def smart_polygons(project):
    """Each hand-outlined object, proposed 5 times from its box: IoUs, box IoUs, vertices, times (ms)."""
    objects = json.loads((PHOTOS / "objects.json").read_text())["objects"]
    uploaded = {}
    rows = []
    for item in objects:
        if item["photo"] not in uploaded:
            uploaded[item["photo"]] = call("POST", f"/api/v1/projects/{project}/images", params={"file_name": item["photo"]},
                                           data=(PHOTOS / item["photo"]).read_bytes())["image"]
        image = uploaded[item["photo"]]
        xs, ys = [p[0] for p in item["polygon"]], [p[1] for p in item["polygon"]]
        box = [min(xs) - 4, min(ys) - 4, max(xs) - min(xs) + 8, max(ys) - min(ys) + 8]
        times = []
        for _ in range(5):
            started = time.perf_counter()
            answer = call("POST", f"/api/v1/images/{image['id']}/smart-polygon", json={"box": box})
            times.append((time.perf_counter() - started) * 1000)
        corners = [[box[0], box[1]], [box[0] + box[2], box[1]], [box[0] + box[2], box[1] + box[3]], [box[0], box[1] + box[3]]]
        rows.append((item["name"], iou(answer["points"], item["polygon"], image["width"], image["height"]),
                     iou(corners, item["polygon"], image["width"], image["height"]), answer["vertices"], times))
    return rows


def stats(values):
    values = sorted(values)
    return statistics.median(values), values[int(0.95 * (len(values) - 1))]


# The gestures, run inside the page on the editor's canvas: each event's handlers run at once and the
# readback makes Chromium raster what they drew, so the time is a frame's whole work.
FRAMES_JS = """async ([first, width, height]) => {
  const canvas = document.getElementById('canvas');
  const g = canvas.getContext('2d');
  const rect = canvas.getBoundingClientRect();
  const cx = rect.left + rect.width / 2, cy = rect.top + rect.height / 2;
  const times = { pan: [], zoom: [], move: [], redraw: [] };
  const frame = (kind, event) => {
    const start = performance.now();
    canvas.dispatchEvent(event);
    g.getImageData(0, 0, 1, 1);
    times[kind].push(performance.now() - start);
  };
  for (let round = 0; round < 3; round++) {
    // Zoom in and out at the centre, 40 wheel steps each way
    for (let i = 0; i < 80; i++) {
      frame('zoom', new WheelEvent('wheel', { clientX: cx, clientY: cy, deltaY: i < 40 ? -60 : 60, bubbles: true, cancelable: true }));
    }
    // Pan with the middle button: down, 100 moves, up
    canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: cx, clientY: cy, button: 1, buttons: 4, pointerId: 7, bubbles: true }));
    for (let i = 1; i <= 100; i++) {
      const dx = 6 * Math.sin(i / 8) * 10, dy = 4 * Math.cos(i / 10) * 10;
      frame('pan', new PointerEvent('pointermove', { clientX: cx + dx, clientY: cy + dy, buttons: 4, pointerId: 7, bubbles: true }));
    }
    canvas.dispatchEvent(new PointerEvent('pointerup', { clientX: cx, clientY: cy, button: 1, pointerId: 7, bubbles: true }));
  }
  // Everything drawn again (the layer too), as after an edit or when a zoom settles: L twice, 20 times
  for (let i = 0; i < 40; i++) frame('redraw', new KeyboardEvent('keydown', { key: 'l', bubbles: true }));
  // Drag the first box around (select tool), 60 moves; its pointerup is an edit, saved like any other
  if (first) {
    const fit = Math.min((rect.width - 32) / width, (rect.height - 32) / height);
    const at = (x, y) => [rect.left + (rect.width - width * fit) / 2 + x * fit, rect.top + (rect.height - height * fit) / 2 + y * fit];
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', bubbles: true }));  // back to the fitted view
    const [sx, sy] = at(first.x + first.w / 2, first.y + first.h / 2);
    canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: sx, clientY: sy, button: 0, buttons: 1, pointerId: 8, bubbles: true }));
    for (let i = 1; i <= 60; i++) {
      frame('move', new PointerEvent('pointermove', { clientX: sx + i, clientY: sy + i / 2, buttons: 1, pointerId: 8, bubbles: true }));
    }
    canvas.dispatchEvent(new PointerEvent('pointerup', { clientX: sx + 60, clientY: sy + 30, button: 0, pointerId: 8, bubbles: true }));
  }
  return times;
}"""

HITS_JS = """async ([imageId, width, height]) => {
  const { ShapeIndex } = await import('/js/editor/shape-index.js');
  const { shapeAtPoint } = await import('/js/editor/geometry.js');
  const shapes = (await (await fetch(`/api/v1/images/${imageId}/annotations`)).json()).shapes;
  let seed = 3;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const points = Array.from({ length: 2000 }, () => ({ x: random() * width, y: random() * height }));
  const build = performance.now();
  const index = new ShapeIndex(shapes, width, height);
  const built = performance.now() - build;
  // Per query, from batches of 100 (one query is below the browser timer's resolution)
  const time = (find) => Array.from({ length: 20 }, (_, b) => {
    const t = performance.now();
    for (const p of points.slice(b * 100, b * 100 + 100)) find(p);
    return (performance.now() - t) / 100;
  });
  for (const p of points.slice(0, 200)) { index.at(p); shapeAtPoint(shapes, p); }  // warm up both
  const grid = time((p) => index.at(p));
  const every = time((p) => shapeAtPoint(shapes, p));
  const same = points.every((p) => index.at(p) === shapeAtPoint(shapes, p));
  return { grid, every, built, same };
}"""


def main():
    password = "bench-editor-password"
    call("POST", "/api/v1/users", json={"username": "bench-editor", "password": password, "role": "annotator"})
    project = call("POST", "/api/v1/projects", json={"name": "Editor bench"})["id"]
    call("POST", f"/api/v1/projects/{project}/members", json={"username": "bench-editor", "role": "annotator"})
    labels = [call("POST", f"/api/v1/projects/{project}/labels", json={"name": name})["id"] for name in ("car", "person", "bike", "tree")]
    picture = photo(WIDTH, HEIGHT, 1)
    crowded = call("POST", f"/api/v1/projects/{project}/images", params={"file_name": "crowded.jpg"}, data=picture)["image"]["id"]
    empty = call("POST", f"/api/v1/projects/{project}/images", params={"file_name": "empty.jpg"}, data=photo(WIDTH, HEIGHT, 2))["image"]["id"]
    call("PUT", f"/api/v1/images/{crowded}/annotations", json={"revision": 0, "shapes": crowd(labels)})

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=__import__("shutil").which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(BASE + "/login.html")
        page.fill("#username", "bench-editor")
        page.fill("input[name=password]", password)
        page.click("#submit")
        page.wait_for_url(BASE + "/")

        frames = {}
        for name, image in (("2,000 boxes + 200 polygons", crowded), ("no shapes (reference)", empty)):
            page.goto(f"{BASE}/editor.html?image={image}")
            page.wait_for_selector("#labels button")
            page.wait_for_function("document.querySelector('#shape-count') !== null")
            time.sleep(1.5)  # the display image decodes
            page.keyboard.press("v")
            shapes = call("GET", f"/api/v1/images/{image}/annotations")["shapes"]
            frames[name] = page.evaluate(FRAMES_JS, [next((s for s in shapes if s["type"] == "bbox"), None), WIDTH, HEIGHT])
        hits = page.evaluate(HITS_JS, [crowded, WIDTH, HEIGHT])
        smart = smart_polygons(project)

        # Huge images: the upload (which tiles it) and the worker's memory, then opening and zooming
        side = 20000
        big = aerial(side)
        small = photo(2048, 2048, 4)
        before = worker_peaks()
        started = time.perf_counter()
        huge = call("POST", f"/api/v1/projects/{project}/images", params={"file_name": "aerial.jpg"}, data=big)["image"]
        upload_seconds = time.perf_counter() - started
        after = worker_peaks()
        peak = max(after.values())
        started = time.perf_counter()
        plain = call("POST", f"/api/v1/projects/{project}/images", params={"file_name": "plain.jpg"}, data=small)["image"]
        small_upload = time.perf_counter() - started
        opened = {}
        for name, image in (("20,000 × 20,000 (tiled)", huge), ("2,048 × 2,048 (reference)", plain)):
            samples = []
            for _ in range(5):
                page.goto(f"{BASE}/editor.html?image={image['id']}")
                samples.append(wait_in_page(page, "document.getElementById('canvas').dataset.painted === '1'"))
            opened[name] = samples
        zooms = []
        for _ in range(3):
            page.goto(f"{BASE}/editor.html?image={huge['id']}")
            wait_in_page(page, "document.getElementById('canvas').dataset.painted === '1'")
            start = page.evaluate("""(() => { const c = document.getElementById('canvas'); const r = c.getBoundingClientRect();
                const t = performance.now();
                for (let i = 0; i < 40; i++) c.dispatchEvent(new WheelEvent('wheel', { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2,
                  deltaY: -120, bubbles: true, cancelable: true }));
                return t; })()""")
            done = wait_in_page(page, "document.getElementById('canvas').dataset.tileLevel === '0' && document.getElementById('canvas').dataset.tiles === 'ready'")
            zooms.append(done - start)
        browser.close()

    print("\n## Frames (Chromium, 1400 × 900 window; ms of work per frame)\n")
    print("| gesture | shapes | frames | p50 | p95 | reference (no shapes) p50 / p95 | ratio p95 | 60 fps budget |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in ("pan", "zoom", "redraw"):
        crowded_p50, crowded_p95 = stats(frames["2,000 boxes + 200 polygons"][kind])
        empty_p50, empty_p95 = stats(frames["no shapes (reference)"][kind])
        print(f"| {kind} | 2,000 boxes + 200 polygons | {len(frames['2,000 boxes + 200 polygons'][kind])} | {crowded_p50:.2f} | "
              f"{crowded_p95:.2f} | {empty_p50:.2f} / {empty_p95:.2f} | {crowded_p95 / max(empty_p95, 0.01):.2f} | "
              f"{'within' if crowded_p95 <= 16 else 'over'} 16 ms |")
    move50, move95 = stats(frames["2,000 boxes + 200 polygons"]["move"])
    print(f"| move a box (drag) | 2,000 boxes + 200 polygons | {len(frames['2,000 boxes + 200 polygons']['move'])} | {move50:.2f} | {move95:.2f} "
          f"| — | — | {'within' if move95 <= 16 else 'over'} 16 ms |")
    print("\npan and zoom copy the shape layer; redraw (L, an edit, a zoom at rest) draws every shape in view again.")
    grid50, grid95 = stats(hits["grid"])
    every50, every95 = stats(hits["every"])
    print("\n## Hit test per pointer move (2,200 shapes, 2,000 random points, timed 100 at a time)\n")
    print("| method | p50 | p95 | ratio p50 to testing every shape |")
    print("|---|---|---|---|")
    print(f"| grid index (the editor's) | {grid50 * 1000:.1f} µs | {grid95 * 1000:.1f} µs | {grid50 / max(every50, 1e-6):.3f} |")
    print(f"| every shape (reference) | {every50 * 1000:.1f} µs | {every95 * 1000:.1f} µs | 1 |")
    print(f"\nIndex build: {hits['built']:.1f} ms per edit of the shapes; same answers at every point: {hits['same']}.")
    print(f"\n## Huge images ({side:,} × {side:,} JPEG, {len(big) / 1e6:.1f} MB, {huge['tile_levels']} tile levels)\n")
    print("| figure | measured | reference | ratio |")
    print("|---|---|---|---|")
    print(f"| worker peak memory (VmHWM) while tiling | {peak:.0f} MiB | goal 300 MiB; decoded whole {side * side * 3 / 2**20:.0f} MiB | "
          f"{peak / 300:.2f} of the goal, {peak / (side * side * 3 / 2**20):.2f} of a whole decode |")
    print(f"| upload (tiles, rendition, thumbnail) | {upload_seconds:.1f} s | a 2,048 × 2,048 upload: {small_upload * 1000:.0f} ms | {upload_seconds / small_upload:.0f} |")
    huge_open, plain_open = statistics.median(opened["20,000 × 20,000 (tiled)"]), statistics.median(opened["2,048 × 2,048 (reference)"])
    print(f"| first paint in the editor (median of 5) | {huge_open:.0f} ms | a 2,048 × 2,048 image: {plain_open:.0f} ms | {huge_open / plain_open:.2f} |")
    print(f"| zoom to full size until its tiles are drawn (median of 3) | {statistics.median(zooms):.0f} ms | its first paint: {huge_open:.0f} ms | "
          f"{statistics.median(zooms) / huge_open:.2f} |")
    print("\n## Smart polygons (GrabCut from a box around each hand-outlined object; 5 proposals each)\n")
    print("| object | IoU with the hand outline | IoU of the box (reference) | vertices | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|")
    for name, score, box_score, vertices, times in smart:
        p50, p95 = stats(times)
        print(f"| {name} | {score:.3f} | {box_score:.3f} | {vertices} | {p50:.0f} | {p95:.0f} |")
    every = [t for row in smart for t in row[4]]
    mean, box_mean = statistics.mean(r[1] for r in smart), statistics.mean(r[2] for r in smart)
    print(f"| **mean of {len(smart)}** | **{mean:.3f}** | **{box_mean:.3f}** (ratio {mean / box_mean:.2f}) | "
          f"{statistics.mean(r[3] for r in smart):.0f} | {stats(every)[0]:.0f} | {stats(every)[1]:.0f} |")
    print(f"\n(Peaks before the upload: {', '.join(f'{v:.0f}' for v in before.values())} MiB; the page clock polls every 10 ms.)")
    print("(Chromium's timer has 0.1 ms resolution here: single frames under it read as 0 or 0.1.)")


if __name__ == "__main__":
    main()
