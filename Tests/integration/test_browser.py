"""The login page in a real headless Chromium: the redirect, the error message, signing in and out."""
import json

from conftest import wait_for_page


def test_a_person_logs_in_and_out(stack, browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Given a visitor who is not signed in, the start page sends them to the login page
    page.goto(stack.url("/"))
    page.wait_for_url("**/login.html?next=%2F")
    # When they type a wrong password, the page says so and keeps them there
    page.fill("#username", "admin")
    page.fill("input[name=password]", "not-my-password")
    page.click("#submit")
    page.wait_for_url("**error=invalid_credentials**")
    assert page.inner_text("#message") == "Wrong username or password."
    # When they type the right one, they land on the start page, signed in
    page.fill("#username", "admin")
    page.fill("input[name=password]", stack.admin_password)
    page.click("#submit")
    page.wait_for_selector("text=Signed in as admin (admin).")
    assert page.is_visible("a[href='/admin/users']")
    # And the admin pages work with their forms
    page.goto(stack.url("/admin/users"))
    page.fill("input[name=username]", "browser-made")
    page.fill("input[name=password]", "password-browser")
    page.select_option("#new-role", "reviewer")
    page.click("text=Add user")
    page.wait_for_selector("text=Saved: user browser-made added.")
    assert page.input_value("select[name=role] >> nth=1") == "reviewer"  # rows are sorted: admin, browser-made
    # And on their account page they create an API token: shown once, listed by name
    page.goto(stack.url("/auth/account"))
    page.fill("input[name=name]", "export <script>")
    page.click("text=Create token")
    assert page.inner_text("code.secret").startswith("lpt_")
    assert page.inner_text("tbody tr td >> nth=0") == "export <script>"
    # When they log out, they are back on the login page with a notice
    page.click("text=Log out")
    page.wait_for_url("**/login.html?logged_out=1")
    assert page.inner_text("#message") == "You have logged out."
    assert errors == []


def test_create_project_upload_and_browse(stack, browser, tmp_path):
    from PIL import Image
    for index, color in enumerate([(200, 30, 30), (30, 160, 60)]):
        Image.new("RGB", (900, 600), color).save(tmp_path / f"photo{index}.jpg", quality=90)
    (tmp_path / "notes.jpg").write_bytes(b"this is text, not a photo")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(stack.url("/login.html"))
    page.fill("#username", "admin")
    page.fill("input[name=password]", stack.admin_password)
    page.click("#submit")
    # Given an admin on the start page, when they create a project, they land on its page
    page.fill("#project-name", "Browser photos")
    page.click("#new-project button")
    page.wait_for_url("**/project.html?id=*")
    page.wait_for_selector("#title:text-is('Browser photos')")
    # When they upload two photos and a text file, each file reports its own result
    page.set_input_files("#files", [str(tmp_path / "photo0.jpg"), str(tmp_path / "photo1.jpg"), str(tmp_path / "notes.jpg")])
    page.click("#upload-button")
    page.wait_for_selector("#upload-list li.failed")
    wait_for_page(page, "document.querySelectorAll('#upload-list li.done').length === 2")
    assert "not a JPEG or PNG" in page.inner_text("#upload-list li.failed .result")
    # Then the grid shows both thumbnails, loaded through nginx, and the counts
    wait_for_page(page, "document.querySelectorAll('#grid img').length === 2 && "
                           "[...document.querySelectorAll('#grid img')].every(i => i.complete && i.naturalWidth === 256)")
    assert "All (2)" in page.inner_text("#filters") and "New (2)" in page.inner_text("#filters")
    page.click("text=Accepted (0)")
    page.wait_for_selector("#empty:not([hidden])")
    # And in the settings they add a member and rename the project
    stack.add_user("gallery-ann", "annotator")
    page.fill("#member-name", "gallery-ann")
    page.select_option("#member-role", "reviewer")
    page.click("text=Add or change")
    page.wait_for_selector("#members td:text-is('gallery-ann')")
    page.fill("#rename", "Browser photos 2")
    page.click("text=Rename")
    page.wait_for_selector("#title:text-is('Browser photos 2')")
    # And a COCO file imported through the page puts a box on photo0.jpg, shown in the export
    (tmp_path / "labels.json").write_text(
        '{"categories":[{"id":1,"name":"wall"}],"images":[{"id":1,"file_name":"photo0.jpg","width":900,"height":600}],'
        '"annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[10,20,30,40]}]}')
    page.set_input_files("#import-file", str(tmp_path / "labels.json"))
    page.click("#import-check")
    page.wait_for_selector("#import-message:text('Would import 1 shape onto 1 image (0 new, 1 already here); would create 1 label: wall.')")
    assert page.inner_text("#import-report tbody") == "images[0]\tmatches photo0.jpg\t1"
    page.click("#import-run")
    page.wait_for_selector("#import-message:text('Imported 1 shape onto 1 image (0 new, 1 already here); created 1 label: wall.')")
    with page.expect_download() as download:
        page.click("#export-live")
    exported = json.loads(open(download.value.path()).read())
    assert [a["bbox"] for a in exported["annotations"]] == [[10, 20, 30, 40]]
    # And the snapshot form takes a (still empty: nothing accepted) snapshot
    page.fill("#snapshot-name", "first")
    page.click("text=Take snapshot")
    page.wait_for_selector("#snapshots li a:text-is('first')")
    assert errors == []


def test_the_data_team_exports_yolo_and_imports_a_cvat_zip_on_the_project_page(stack, browser, tmp_path):
    import io
    import zipfile

    import requests
    from test_images import jpeg
    stack.add_user("transfer-data", "data")
    headers = {"Authorization": f"Bearer {stack.token('transfer-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Transfers"}).json()
    label = requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers, json={"name": "kite"}).json()["id"]
    image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "sky.jpg"}, headers=headers,
                          data=jpeg(320, 240, (90, 140, 220))).json()["image"]
    requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers, json={"revision": 0, "shapes": [
        {"type": "polygon", "label_id": label, "points": [[10, 10], [60, 12], [30, 50]]}]}).raise_for_status()
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(stack.url("/login.html"))
    page.fill("#username", "transfer-data")
    page.fill("input[name=password]", "transfer-data-password")
    page.click("#submit")
    page.wait_for_selector("text=Signed in as transfer-data")
    page.goto(stack.url(f"/project.html?id={project['id']}"))
    # Given the export form: YOLO shows its task, COCO hides the zip-only choices
    page.wait_for_selector("#export-format option[value=yolo]", state="attached")
    assert not page.is_visible("#export-task-field")
    page.select_option("#export-format", "yolo")
    page.select_option("#export-task", "segment")
    page.select_option("#export-images", "none")
    page.fill("#export-val", "0")
    assert page.is_visible("#export-task-field") and "Tags are left out" in page.inner_text("#export-keeps")
    # When they download it, the zip holds the polygon in YOLO's segment layout, without image files
    with page.expect_download() as download:
        page.click("#export-live")
    archive = zipfile.ZipFile(download.value.path())
    assert sorted(archive.namelist()) == ["data.yaml", "labels/train/sky.txt"]
    assert archive.read("labels/train/sky.txt").decode().startswith("0 0.03125 0.041667 0.1875 0.05 0.09375 0.208333")
    # When they pick CVAT and a zip of an XML and two photos, and check it first
    cvat = ("<annotations><image name='a.jpg' width='64' height='48'><box label='kite' xtl='1' ytl='2' xbr='30' ybr='40'/></image>"
            "<image name='b.jpg' width='64' height='48'><tag label='cloud'/><ellipse label='kite' cx='5' cy='5' rx='2' ry='2'/></image></annotations>")
    upload = tmp_path / "cvat.zip"
    with zipfile.ZipFile(upload, "w") as out:
        out.writestr("annotations.xml", cvat)
        out.writestr("images/a.jpg", jpeg(64, 48, (10, 10, 10)))
        out.writestr("images/b.jpg", jpeg(64, 48, (200, 10, 10)))
    page.select_option("#import-format", "cvat")
    page.set_input_files("#import-file", str(upload))
    assert page.is_disabled("#import-run")
    page.click("#import-check")
    page.wait_for_selector("#import-message:has-text('Would import 2 shapes onto 2 images (2 new, 0 already here); would create 1 label: cloud.')")
    rows = page.locator("#import-report tbody tr").all_inner_texts()
    assert rows == ["annotations.xml:1\tnew image a.jpg\t1", "annotations.xml:1\tnew image b.jpg\t1",
                    "annotations.xml:1\tskipped: CVAT's <ellipse> has no Loupe shape; not imported.\t0"], rows
    # Then nothing changed yet: the gallery still has one image; Import adds the two and the gallery shows them
    assert page.locator("#grid li").count() == 1
    page.click("#import-run")
    page.wait_for_selector("#import-message:has-text('Imported 2 shapes onto 2 images')")
    wait_for_page(page, "document.querySelectorAll('#grid li').length === 3")
    labels = [l["name"] for l in requests.get(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers).json()["labels"]]
    assert labels == ["kite", "cloud"]
    # And a bad file says which file and line, and the Import button stays off
    bad = tmp_path / "bad.xml"
    bad.write_text("<annotations><image name='c.jpg' width='64' height='48'></annotations>")
    page.set_input_files("#import-file", str(bad))
    page.click("#import-check")
    page.wait_for_selector("#import-message:has-text('This file would not import. annotations.xml:1:')")
    assert page.is_disabled("#import-run") and errors == []
