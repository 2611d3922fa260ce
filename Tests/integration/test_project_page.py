"""The project page in a real Chromium: the data team manages labels without curl, and each role sees
only the controls it can use."""
import requests

from conftest import log_in_page, wait_for_page


def labels_of(stack, headers, project_id):
    return requests.get(stack.url(f"/api/v1/projects/{project_id}/labels"), headers=headers).json()["labels"]


def row(page, name):
    """The label table's row whose name field holds `name`."""
    return page.locator(f"#label-rows tr[data-name='{name}']")


def test_the_data_team_manages_labels_on_the_project_page(stack, browser):
    # Given a data user with a project and no labels yet
    stack.add_user("labels-data", "data")
    headers = {"Authorization": f"Bearer {stack.token('labels-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Label page"}).json()
    page = log_in_page(browser, stack, "labels-data")
    page.goto(stack.url(f"/project.html?id={project['id']}"))
    page.wait_for_selector("#labels-section:not([hidden])")
    # The section shows at once; its rows (here: the note that there are none) once the labels arrive
    page.wait_for_selector("#no-label-rows", state="visible", timeout=10_000)
    assert page.is_visible("#no-label-rows")
    # When they add "car" (the first free hotkey, 1, is offered), then "person" with a picked colour and hotkey 5
    page.fill("#new-label-name", "car")
    assert page.input_value("#new-label-hotkey") == "1"
    page.click("#label-form button")
    page.wait_for_selector("#label-rows tr >> nth=0")
    page.fill("#new-label-name", "person")
    page.fill("#new-label-color", "#00aa55")
    page.select_option("#new-label-hotkey", "5")
    page.click("#label-form button")
    wait_for_page(page, "document.querySelectorAll('#label-rows tr').length === 2")
    # And rename car to vehicle, recolour it, clear its hotkey, and move person up
    row(page, "car").locator("input[aria-label=Name]").fill("vehicle")
    row(page, "car").locator("input[aria-label=Name]").press("Tab")
    page.wait_for_selector("#label-rows tr[data-name='vehicle']")
    row(page, "vehicle").locator("input[type=color]").fill("#112233")
    wait_for_page(page, "[...document.querySelectorAll('#label-rows input[type=color]')].some(i => i.value === '#112233')")
    wait_for_page(page, "!document.querySelector('#label-rows').dataset.busy")
    row(page, "vehicle").locator("select").select_option("")
    wait_for_page(page, "!document.querySelector('#label-rows').dataset.busy")
    # And raise vehicle's suggestion threshold for "accept all" in the editor
    row(page, "vehicle").locator("input[type=number]").fill("0.75")
    row(page, "vehicle").locator("input[type=number]").press("Tab")
    wait_for_page(page, "!document.querySelector('#label-rows').dataset.busy")
    assert page.input_value("#label-rows tr[data-name=vehicle] input[type=number]") == "0.75"
    row(page, "person").locator("button[title='Move up']").click()
    wait_for_page(page, "document.querySelector('#label-rows tr input[aria-label=Name]').value === 'person'")
    # Then after a reload the page and the API agree on names, colours, hotkeys and order
    page.reload()
    wait_for_page(page, "document.querySelectorAll('#label-rows tr').length === 2")
    saved = labels_of(stack, headers, project["id"])
    assert [(l["name"], l["color"], l.get("hotkey")) for l in saved] == [("person", "#00aa55", "5"), ("vehicle", "#112233", None)]
    assert [l["suggestion_threshold"] for l in saved] == [0.5, 0.75]
    assert page.eval_on_selector_all("#label-rows input[aria-label=Name]", "els => els.map(e => e.value)") == ["person", "vehicle"]
    # When vehicle is used by a box and they delete it, moving its shapes to person
    image = requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "a.png"},
                          headers=headers, data=tiny_png()).json()["image"]
    vehicle = saved[1]["id"]
    requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers, json={
        "revision": 0, "shapes": [{"type": "bbox", "label_id": vehicle, "x": 1, "y": 1, "w": 5, "h": 5}]}).raise_for_status()
    row(page, "vehicle").locator("text=Delete…").click()
    assert "shapes that use it move to" in page.inner_text("#label-rows")
    page.click("#label-rows .reassign button.danger")
    wait_for_page(page, "document.querySelectorAll('#label-rows tr').length === 1")
    # Then the label is gone and its box now has person's label
    shapes = requests.get(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=headers).json()["shapes"]
    assert [s["label_id"] for s in shapes] == [saved[0]["id"]]
    assert page.errors == []


def test_each_role_sees_only_what_it_can_use(stack, browser):
    # Given an annotator who is a member of a project
    stack.add_user("roles-data", "data")
    stack.add_user("roles-ann", "annotator")
    headers = {"Authorization": f"Bearer {stack.token('roles-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Roles"}).json()
    requests.post(stack.url(f"/api/v1/projects/{project['id']}/members"), headers=headers,
                  json={"username": "roles-ann", "role": "annotator"}).raise_for_status()
    # When the annotator opens the start page and the project page
    page = log_in_page(browser, stack, "roles-ann")
    page.wait_for_selector("#projects li, #projects a")
    # Then no control that needs the data role is visible (they used to be shown by a CSS rule)
    assert not page.is_visible("#new-project")
    page.goto(stack.url(f"/project.html?id={project['id']}"))
    page.wait_for_selector("#title:text-is('Roles')")
    page.wait_for_timeout(300)  # the page's own requests settle
    for selector in ("#upload", "#labels-section", "#settings", "#snapshot-form", "#queue-form", "#import-section", "#rename-form"):
        assert not page.is_visible(selector), selector
    assert page.errors == []


def tiny_png():
    import io
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


def background(page, selector):
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


def test_navigation_by_role_and_the_admins_promotion_inbox(stack, browser):
    # Given a project with a reviewer and an annotator, a data user and an admin
    for name, role in (("nav-data", "data"), ("nav-admin", "admin"), ("nav-rev", "annotator"), ("nav-ann", "annotator")):
        stack.add_user(name, role)
    data = {"Authorization": f"Bearer {stack.token('nav-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Navigation"}).json()
    for name, role in (("nav-rev", "reviewer"), ("nav-ann", "annotator")):
        requests.post(stack.url(f"/api/v1/projects/{project['id']}/members"), headers=data,
                      json={"username": name, "role": role}).raise_for_status()
    project_page = stack.url(f"/project.html?id={project['id']}")
    # When the reviewer opens the project, Then its header links the review queue, dashboard, training and export
    page = log_in_page(browser, stack, "nav-rev")
    page.goto(project_page)
    page.wait_for_selector("#nav-review:not([hidden])")
    assert page.get_attribute("#nav-review", "href") == f"/review.html?project={project['id']}"
    assert page.is_visible("#nav-dashboard") and page.is_visible("#nav-export") and not page.is_visible("#nav-settings")
    assert not page.is_visible("#models-link")
    # And the annotator sees no review link; the data user sees Labels, Settings and Models
    page = log_in_page(browser, stack, "nav-ann")
    page.goto(project_page)
    page.wait_for_selector("#title:text-is('Navigation')")
    assert not page.is_visible("#nav-review") and not page.is_visible("#nav-labels")
    page = log_in_page(browser, stack, "nav-data")
    page.goto(project_page)
    page.wait_for_selector("#nav-labels:not([hidden])")
    assert page.is_visible("#nav-settings") and page.inner_text("#models-link") == "Models"
    # When the data user asks for a version to go to Staging
    version = requests.post(stack.url("/api/v1/models/versions"), headers=data,  # multipart, without a file
                            files={"name": (None, "Nav model"), "source_reference": (None, "s3://models/nav")}).json()
    requests.post(stack.url(f"/api/v1/models/versions/{version['id']}/requests"), headers=data,
                  json={"stage": "Staging", "reason": "ready for a look"}).raise_for_status()
    # Then the admin's top bar counts it, on static and server pages, and the Models page lists it
    page = log_in_page(browser, stack, "nav-admin")
    page.wait_for_selector("#models-link:text-is('Models (1 waiting)')")
    page.click("#models-link")
    page.wait_for_selector(".inbox")
    # (the bar is filled by script once the page has loaded: wait for it rather than read it at once)
    page.wait_for_selector(".topbar nav #models-link:text-is('Models (1 waiting)')")
    assert "Waiting for your decision (1)" in page.inner_text(".inbox") and "Nav model v1" in page.inner_text(".inbox")
    assert "ready for a look" in page.inner_text(".inbox")
    # And Approve and Reject look different
    assert background(page, ".inbox button.approve") != background(page, ".inbox button.danger")
    # When the admin approves it from the inbox
    page.fill(".inbox input[name=comment]", "fine")
    page.click(".inbox button.approve")
    page.wait_for_url("**/admin/models/versions/*")
    # Then it moved, and nothing waits any more
    assert requests.get(stack.url(f"/api/v1/models/versions/{version['id']}"), headers=data).json()["stage"] == "Staging"
    page.goto(stack.url("/admin/models"))
    assert not page.is_visible(".inbox") and "Models (" not in page.inner_text(".topbar nav")
    assert page.errors == []


DROP_A_PNG = """async () => {
  const canvas = document.createElement('canvas');
  canvas.width = 30; canvas.height = 20;
  canvas.getContext('2d').fillRect(0, 0, 10, 10);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  const transfer = new DataTransfer();
  transfer.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
  for (const type of ['dragenter', 'dragover', 'drop']) {
    document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }
}"""


def test_uploads_report_each_file_and_the_batch_and_tiles_say_what_each_image_holds(stack, browser, tmp_path):
    from PIL import Image
    for index, color in enumerate([(200, 30, 30), (30, 160, 60)]):
        Image.new("RGB", (64, 48), color).save(tmp_path / f"tile{index}.jpg", quality=90)
    (tmp_path / "broken.jpg").write_bytes(b"not an image at all")
    stack.add_user("tiles-data", "data")
    stack.add_user("tiles-ann", "annotator")
    headers = {"Authorization": f"Bearer {stack.token('tiles-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=headers, json={"name": "Tiles"}).json()
    requests.post(stack.url(f"/api/v1/projects/{project['id']}/members"), headers=headers,
                  json={"username": "tiles-ann", "role": "annotator"}).raise_for_status()
    page = log_in_page(browser, stack, "tiles-data")
    page.goto(stack.url(f"/project.html?id={project['id']}"))
    page.wait_for_selector("#upload:not([hidden])")
    # When the data user uploads two photos, a broken file and one photo again
    files = [str(tmp_path / name) for name in ("tile0.jpg", "tile1.jpg", "broken.jpg")]
    page.set_input_files("#files", files)
    page.click("#upload-button")
    wait_for_page(page, "document.querySelector('#upload-summary').textContent === '2 added · 1 failed'")
    page.set_input_files("#files", [files[0]])
    page.click("#upload-button")
    wait_for_page(page, "document.querySelector('#upload-summary').textContent === '1 already in this project'")
    # Then the failed row shows no finished progress bar
    assert page.eval_on_selector("#upload-list li.failed progress", "p => p.value") == 0
    assert not page.is_visible("#upload-list li.failed progress")
    # When a PNG is dropped onto the page, it is uploaded like a chosen file
    page.evaluate(DROP_A_PNG)
    wait_for_page(page, "document.querySelector('#upload-summary').textContent === '1 added'")
    wait_for_page(page, "document.querySelectorAll('#grid .tile').length === 3")
    # When one image gets two boxes and a tag and is submitted, and the annotator is labelling another
    images = requests.get(stack.url(f"/api/v1/projects/{project['id']}/images"), headers=headers).json()["images"]
    label = requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=headers, json={"name": "thing"}).json()["id"]
    box = {"type": "bbox", "label_id": label, "x": 1, "y": 1, "w": 5, "h": 5}
    requests.put(stack.url(f"/api/v1/images/{images[0]['id']}/annotations"), headers=headers,
                 json={"revision": 0, "shapes": [box, dict(box, x=10), {"type": "tag", "label_id": label}]}).raise_for_status()
    requests.post(stack.url(f"/api/v1/images/{images[0]['id']}/submit"), headers=headers).raise_for_status()
    requests.post(stack.url(f"/api/v1/images/{images[1]['id']}/hold"),
                  headers={"Authorization": f"Bearer {stack.token('tiles-ann')}"}).raise_for_status()
    page.reload()
    page.wait_for_selector("#grid .tile .meta")
    # Then the tiles say so: status badge, shapes and tags, who is labelling, and submitted tiles stand out
    tiles = page.eval_on_selector_all("#grid .tile", "els => els.map(e => [e.dataset.status, e.querySelector('.badge').textContent, e.querySelector('.meta').textContent])")
    assert tiles[0] == ["submitted", "submitted", "2 shapes · 1 tag"], tiles
    assert tiles[1] == ["new", "new", "no labels yet · ✎ tiles-ann"], tiles
    submitted = page.eval_on_selector("#grid .tile[data-status=submitted] a", "a => getComputedStyle(a).borderTopColor")
    fresh = page.eval_on_selector("#grid .tile[data-status=new] a", "a => getComputedStyle(a).borderTopColor")
    assert submitted != fresh
    assert page.errors == []


def test_a_first_visit_says_what_to_do_and_the_small_things_read_right(fresh_stack, browser):
    stack = fresh_stack().start()
    # Given a fresh install: the admin's start page with no projects says what to do first
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(stack.url("/login.html"))
    page.fill("#username", "admin")
    page.fill("input[name=password]", stack.admin_password)
    page.click("#submit")
    page.wait_for_selector("#onboarding:not([hidden])")
    steps = page.inner_text("#onboarding")
    for step in ("Create a project", "Add labels", "Upload images", "Invite people", "Users"):
        assert step in steps, step
    # And its tour link and the icon every browser asks for are served
    tour = requests.get(stack.url(page.get_attribute("#onboarding a[href*=README]", "href")))
    assert tour.status_code == 200 and "A first tour" in tour.text
    icon = requests.get(stack.url("/favicon.ico"))
    assert icon.status_code == 200 and icon.headers["Content-Type"].startswith("image/svg+xml")
    # When the admin creates a project and adds an annotator, the notice reads "an annotator"
    stack.add_user("first-ann", "annotator")
    annotator = log_in_page(browser, stack, "first-ann")
    annotator.wait_for_selector("#no-projects:not([hidden])")
    assert "Ask your data team to add you; your username is first-ann" in annotator.inner_text("#no-projects")
    assert not annotator.is_visible("#onboarding")
    page.fill("#project-name", "First")
    page.click("#new-project button")
    page.wait_for_selector("#settings:not([hidden])")
    page.fill("#member-name", "first-ann")
    page.click("#member-form button")
    page.wait_for_selector("#settings-message:not([hidden])")
    assert page.inner_text("#settings-message") == "first-ann is an annotator in this project."
    # And on the Users page, Disable looks like the destructive action it is, unlike Change role
    page.goto(stack.url("/admin/users"))
    disable = page.locator("button", has_text="Disable").first
    change = page.locator("button", has_text="Change role").first
    assert disable.evaluate("b => getComputedStyle(b).backgroundColor") != change.evaluate("b => getComputedStyle(b).backgroundColor")
    page.goto(stack.url("/"))
    page.wait_for_selector("#projects a")
    assert not page.is_visible("#onboarding")
    assert page.errors == []
