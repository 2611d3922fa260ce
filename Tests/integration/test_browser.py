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
    page.click("#import-form button")
    page.wait_for_selector("#import-message:text('Imported 1 shapes onto 1 images; 1 new labels.')")
    with page.expect_download() as download:
        page.click("#export-live")
    exported = json.loads(open(download.value.path()).read())
    assert [a["bbox"] for a in exported["annotations"]] == [[10, 20, 30, 40]]
    # And the snapshot form takes a (still empty: nothing accepted) snapshot
    page.fill("#snapshot-name", "first")
    page.click("text=Take snapshot")
    page.wait_for_selector("#snapshots li a:text-is('first')")
    assert errors == []
