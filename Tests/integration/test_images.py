"""Image upload and serving through real nginx + worker + SQLite + libjpeg: EXIF orientation,
thumbnails handed to nginx with X-Accel-Redirect, duplicates, bad files, access."""
import io

import requests
from PIL import Image


def jpeg(width, height, color, orientation=None):
    image = Image.new("RGB", (width, height), color)
    image.paste((255, 0, 0), (0, 0, width // 4, height // 4))  # a red block at the stored top-left
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def test_upload_then_fetch_thumbnail_through_nginx(stack):
    stack.add_user("img-data", "data")
    stack.add_user("img-out", "annotator")
    data = {"Authorization": f"Bearer {stack.token('img-data')}"}
    outsider = {"Authorization": f"Bearer {stack.token('img-out')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Uploads"}).json()
    upload_url = stack.url(f"/api/v1/projects/{project['id']}/images")

    # Given an 800×600 photo whose EXIF says "rotate 90° clockwise to view"
    photo = jpeg(800, 600, (0, 0, 255), orientation=6)
    # When it is uploaded as a raw body
    created = requests.post(upload_url, params={"file_name": "IMG_0001.JPG"}, headers=data, data=photo)
    assert created.status_code == 201, created.text
    image = created.json()["image"]
    # Then its size is as a person sees it
    assert (image["width"], image["height"]) == (600, 800)

    # When a member fetches the thumbnail, nginx streams the file the worker pointed it to
    thumb = requests.get(stack.url(image["thumbnail_url"]), headers=data)
    assert thumb.status_code == 200
    assert thumb.headers["Content-Type"] == "image/jpeg"
    assert "immutable" in thumb.headers["Cache-Control"]
    assert "X-Accel-Redirect" not in thumb.headers
    shown = Image.open(io.BytesIO(thumb.content))
    assert shown.size == (192, 256)
    # And the red block, stored top-left, is top-right as displayed
    r, g, b = shown.getpixel((shown.width - 10, 10))
    assert r > 200 and g < 60 and b < 60
    # And the original comes back byte for byte
    original = requests.get(stack.url(image["file_url"]), headers=data)
    assert original.content == photo

    # Outsiders learn nothing
    assert requests.get(stack.url(image["thumbnail_url"]), headers=outsider).status_code == 404
    assert requests.get(stack.url(f"/api/v1/images/{image['id']}"), headers=outsider).status_code == 404
    # Nobody reaches the files directly
    assert requests.get(stack.url("/_files/" + "images/")).status_code == 404

    # The same bytes again are a duplicate, not a second image
    again = requests.post(upload_url, params={"file_name": "copy.jpg"}, headers=data, data=photo)
    assert again.status_code == 200 and again.json()["duplicate"] is True

    # A bad file gets a clear error and the worker carries on
    bad = requests.post(upload_url, params={"file_name": "fake.jpg"}, headers=data, data=b"GIF89a" + b"\0" * 100)
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "unsupported_format" and "GIF" in bad.json()["error"]["message"]
    page = requests.get(upload_url, headers=data).json()
    assert [i["id"] for i in page["images"]] == [image["id"]] and page["counts"]["new"] == 1


def test_multipart_batch_through_nginx(stack):
    stack.add_user("batch-data", "data")
    data = {"Authorization": f"Bearer {stack.token('batch-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Batch uploads"}).json()
    url = stack.url(f"/api/v1/projects/{project['id']}/images")
    good = jpeg(320, 240, (0, 200, 0))
    png = io.BytesIO()
    Image.new("RGBA", (64, 48), (255, 0, 0, 128)).save(png, "PNG")
    # Given a mixed batch: a JPEG, a PNG with alpha, a duplicate, a truncated JPEG and a text file
    files = [("files", ("green.jpg", good)), ("files", ("alpha.png", png.getvalue())), ("files", ("again.jpg", good)),
             ("files", ("cut.jpg", good[: len(good) // 2])), ("files", ("notes.jpg", b"not an image at all"))]
    response = requests.post(url, headers=data, files=files)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["file"] for r in results] == ["green.jpg", "alpha.png", "again.jpg", "cut.jpg", "notes.jpg"]
    assert results[0]["image"]["width"] == 320 and results[1]["image"]["format"] == "png"
    assert results[2]["duplicate"] is True
    assert results[3]["error"]["code"] == "truncated_image"
    assert results[4]["error"]["code"] == "unsupported_format"
    # The stored ones are listed; the refused ones left nothing
    listed = requests.get(url, headers=data).json()
    assert listed["counts"]["new"] == 2
    assert not list((stack.data / "tmp").iterdir())
    assert requests.get(stack.url("/api/v1/health")).json()["status"] == "ok"


def claims(data, fmt, width, height):
    """The same small file with its header claiming another size (PNG: IHDR CRC recomputed)."""
    import struct
    import zlib
    data = bytearray(data)
    if fmt == "jpeg":
        sof = next(i for i in range(2, len(data) - 9) if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC2))
        data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    else:
        data[16:24] = struct.pack(">II", width, height)
        data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def test_hostile_files_are_refused_and_the_worker_stays_up(stack):
    stack.add_user("bad-data", "data")
    data = {"Authorization": f"Bearer {stack.token('bad-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Hostile"}).json()
    url = stack.url(f"/api/v1/projects/{project['id']}/images")
    png = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(png, "PNG")
    png = png.getvalue()
    broken_crc = bytearray(png)
    broken_crc[30] ^= 0xFF
    cases = {
        "bomb.jpg": (claims(jpeg(64, 48, (9, 9, 9)), "jpeg", 65000, 65000), 413, "image_too_large"),
        "bomb.png": (claims(png, "png", 60000, 60000), 413, "image_too_large"),
        "crc.png": (bytes(broken_crc), 422, "corrupt_image"),
        "zero.jpg": (b"", 400, "empty_file"),
        "random.jpg": (bytes(range(256)) * 40, 422, "unsupported_format"),
        "cut.png": (png[: len(png) - 30], 422, "truncated_image"),
    }
    for name, (body, status, code) in cases.items():
        response = requests.post(url, params={"file_name": name}, headers=data, data=body)
        assert response.status_code == status, (name, response.text)
        assert response.json()["error"]["code"] == code, name
    assert "65000×65000" in requests.post(url, params={"file_name": "b.jpg"}, headers=data,
                                         data=cases["bomb.jpg"][0]).json()["error"]["message"]
    # Nothing was stored, nothing half-written, and the worker still answers
    assert requests.get(url, headers=data).json()["images"] == []
    assert not list((stack.data / "tmp").iterdir())
    assert requests.get(stack.url("/api/v1/health")).status_code == 200


def test_pages_stay_stable_while_uploads_continue(stack):
    stack.add_user("page-data", "data")
    data = {"Authorization": f"Bearer {stack.token('page-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Paging"}).json()
    url = stack.url(f"/api/v1/projects/{project['id']}/images")
    for shade in range(5):
        assert requests.post(url, params={"file_name": f"{shade}.jpg"}, headers=data, data=jpeg(40, 30, (shade * 50, 0, 0))).ok
    seen = []
    page = requests.get(url, headers=data, params={"limit": 2}).json()
    seen += [i["id"] for i in page["images"]]
    # New uploads arrive between page requests
    for shade in range(5, 8):
        assert requests.post(url, params={"file_name": f"{shade}.jpg"}, headers=data, data=jpeg(40, 30, (0, shade * 30, 0))).ok
        page = requests.get(url, headers=data, params={"limit": 2, "after": page["next_after"]}).json()
        seen += [i["id"] for i in page["images"]]
    while page.get("next_after"):
        page = requests.get(url, headers=data, params={"limit": 2, "after": page["next_after"]}).json()
        seen += [i["id"] for i in page["images"]]
    # Every image exactly once, in upload order
    assert len(seen) == 8 and len(set(seen)) == 8 and seen == sorted(seen)


def test_annotations_save_load_and_conflict_through_nginx(stack):
    stack.add_user("anno-data", "data")
    data = {"Authorization": f"Bearer {stack.token('anno-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Annotate"}).json()
    label = requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=data, json={"name": "Sign"}).json()
    image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "s.jpg"},
                          headers=data, data=jpeg(300, 200, (10, 10, 10))).json()["image"]
    url = stack.url(f"/api/v1/images/{image['id']}/annotations")
    shapes = [{"type": "bbox", "label_id": label["id"], "x": 12.5, "y": 20, "w": 100, "h": 50.25}]
    saved = requests.put(url, headers=data, json={"revision": 0, "shapes": shapes})
    assert saved.status_code == 200 and saved.json()["revision"] == 1
    loaded = requests.get(url, headers=data).json()
    assert loaded["revision"] == 1 and loaded["shapes"][0]["x"] == 12.5 and loaded["shapes"][0]["h"] == 50.25
    conflict = requests.put(url, headers=data, json={"revision": 0, "shapes": []})
    assert conflict.status_code == 409 and conflict.json()["revision"] == 1
    assert requests.get(url, headers=data).json()["shapes"] == loaded["shapes"]
    status = requests.get(stack.url(f"/api/v1/images/{image['id']}"), headers=data).json()["status"]
    assert status == "in_progress"
