"""The annotation editor in a real headless Chromium driven by Selenium (Debian's chromium and
chromium-driver) with real mouse and keyboard events, against the real nginx + worker + SQLite."""
import json
import shutil
import time

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_images import jpeg

CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def driver():
    if CHROMEDRIVER is None or shutil.which("chromium") is None:
        pytest.fail("chromium and chromium-driver are not installed (scripts/test installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--window-size=1400,900", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def project(stack):
    """A project with labels car (hotkey 1), person (2), bike (3, sent as a number) and tree (no hotkey),
    six 800×600 images, two annotator members and a reviewer."""
    stack.add_user("editor-data", "data")
    stack.add_user("editor-ann", "annotator")
    data = {"Authorization": f"Bearer {stack.token('editor-data')}"}
    project = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Editor"}).json()
    labels = [requests.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), headers=data, json=body).json()
              for body in ({"name": "car", "hotkey": "1"}, {"name": "person", "hotkey": "2"},
                           {"name": "bike", "hotkey": 3}, {"name": "tree"})]
    assert [label.get("hotkey") for label in labels] == ["1", "2", "3", None], labels
    images = [requests.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"street{n}.jpg"},
                            headers=data, data=jpeg(800, 600, (40 + 30 * n, 90, 140))).json()["image"] for n in range(6)]
    stack.add_user("editor-rev", "annotator")
    stack.add_user("editor-ann2", "annotator")
    for username, role in (("editor-ann", "annotator"), ("editor-rev", "reviewer"), ("editor-ann2", "annotator")):
        requests.post(stack.url(f"/api/v1/projects/{project['id']}/members"), headers=data,
                      json={"username": username, "role": role}).raise_for_status()
    return {"id": project["id"], "labels": labels, "images": images, "headers": data}


class Canvas:
    """Maps image pixels to the canvas the way the editor's fit-to-window view does."""

    def __init__(self, driver, width, height):
        self.driver = driver
        self.element = driver.find_element(By.ID, "canvas")
        rect = self.element.rect
        self.css_width, self.css_height = rect["width"], rect["height"]
        self.scale = min((self.css_width - 32) / width, (self.css_height - 32) / height)
        self.offset_x = (self.css_width - width * self.scale) / 2
        self.offset_y = (self.css_height - height * self.scale) / 2

    def offset(self, x, y):
        """Selenium offsets are from the element's centre."""
        return (round(x * self.scale + self.offset_x - self.css_width / 2),
                round(y * self.scale + self.offset_y - self.css_height / 2))

    def drag(self, start, end):
        actions = ActionChains(self.driver)
        actions.move_to_element_with_offset(self.element, *self.offset(*start)).click_and_hold()
        actions.move_to_element_with_offset(self.element, *self.offset((start[0] + end[0]) / 2, (start[1] + end[1]) / 2))
        actions.move_to_element_with_offset(self.element, *self.offset(*end)).release().perform()

    def click(self, x, y):
        ActionChains(self.driver).move_to_element_with_offset(self.element, *self.offset(x, y)).click().perform()


def log_in(driver, stack, username):
    driver.get(stack.url("/login.html"))
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(f"{username}-password", Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.current_url.rstrip("/") == stack.base)


def open_editor(driver, stack, image_id):
    driver.get(stack.url(f"/editor.html?image={image_id}"))
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#labels button"))


def wait_saved(driver):
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "save-state").get_attribute("data-state") == "saved"
                                    and d.find_element(By.ID, "save-state").text == "Saved")


def press(driver, *keys):
    ActionChains(driver).send_keys(*keys).perform()


def chord(driver, *modifiers_and_key):
    """Presses modifiers, then the key, then releases the modifiers (Ctrl+Z and friends)."""
    *modifiers, key = modifiers_and_key
    actions = ActionChains(driver)
    for modifier in modifiers:
        actions.key_down(modifier)
    actions.send_keys(key)
    for modifier in reversed(modifiers):
        actions.key_up(modifier)
    actions.perform()


def wait_for_shape_count(stack, project, image_id, count):
    WebDriverWait(None, 10).until(lambda _: len(shapes_of(stack, project, image_id)["shapes"]) == count)


def shapes_of(stack, project, image_id):
    return requests.get(stack.url(f"/api/v1/images/{image_id}/annotations"), headers=project["headers"]).json()


def test_draw_a_box_and_a_polygon_then_reload(stack, driver, project):
    image = project["images"][0]
    car, person = (label["id"] for label in project["labels"][:2])
    log_in(driver, stack, "editor-ann")
    open_editor(driver, stack, image["id"])
    canvas = Canvas(driver, image["width"], image["height"])
    # When the annotator drags out a box with the default tool and label (car)
    canvas.drag((100, 100), (300, 250))
    # And presses Esc, hotkey 2 (person), P, then clicks a triangle and presses Enter
    press(driver, Keys.ESCAPE, "2", "p")
    for point in ((500, 100), (700, 150), (600, 400)):
        canvas.click(*point)
    press(driver, Keys.ENTER)
    # Then the editor saves by itself a moment later
    wait_saved(driver)
    saved = shapes_of(stack, project, image["id"])
    box, polygon = saved["shapes"]
    assert box["type"] == "bbox" and box["label_id"] == car
    # (one CSS pixel is 1/scale image pixels: the tolerance)
    tolerance = 1.5 / canvas.scale
    assert abs(box["x"] - 100) < tolerance and abs(box["y"] - 100) < tolerance
    assert abs(box["w"] - 200) < 2 * tolerance and abs(box["h"] - 150) < 2 * tolerance
    assert polygon["type"] == "polygon" and polygon["label_id"] == person and len(polygon["points"]) == 3
    assert all(abs(a - b) < tolerance for p, q in zip(polygon["points"], ((500, 100), (700, 150), (600, 400))) for a, b in zip(p, q))
    # And undo takes the polygon away, redo brings it back, each saved
    chord(driver, Keys.CONTROL, "z")
    wait_for_shape_count(stack, project, image["id"], 1)
    chord(driver, Keys.CONTROL, Keys.SHIFT, "z")
    wait_for_shape_count(stack, project, image["id"], 2)
    wait_saved(driver)
    # When the page is reloaded, both shapes are back
    driver.refresh()
    WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#shapes li")) == 2)
    assert driver.find_element(By.ID, "shape-count").text == "(2)"
    # And a tag chip adds an image-level tag
    driver.find_element(By.XPATH, "//div[@id='tags']/button[text()='car']").click()
    wait_saved(driver)
    assert [s["type"] for s in shapes_of(stack, project, image["id"])["shapes"]] == ["bbox", "polygon", "tag"]
    assert driver.find_element(By.XPATH, "//div[@id='tags']/button[text()='car']").get_attribute("aria-pressed") == "true"


def test_unsaved_edits_survive_a_reload_and_conflicts_keep_both_sides(stack, driver, project):
    image = project["images"][1]
    log_in(driver, stack, "editor-ann")
    open_editor(driver, stack, image["id"])
    canvas = Canvas(driver, image["width"], image["height"])
    # When a box is drawn and the page reloaded before the autosave could run
    canvas.drag((50, 50), (150, 120))
    driver.refresh()
    # Then the draft journal brings it back, shows it, and saves it once the annotator says so
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "draft").is_displayed())
    assert "never reached the server" in driver.find_element(By.ID, "draft-text").text
    assert shapes_of(stack, project, image["id"])["shapes"] == []
    driver.find_element(By.ID, "keep-draft").click()
    wait_saved(driver)
    canvas = Canvas(driver, image["width"], image["height"])
    current = shapes_of(stack, project, image["id"])
    assert len(current["shapes"]) == 1
    # When someone else saves meanwhile and the annotator edits on top of the old revision
    requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=project["headers"],
                 json={"revision": current["revision"], "shapes": []}).raise_for_status()
    canvas.drag((400, 300), (500, 380))
    # Then the conflict is shown, nothing is overwritten until the annotator chooses
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "conflict").is_displayed())
    assert "Someone else saved this image" in driver.find_element(By.ID, "conflict-text").text
    assert shapes_of(stack, project, image["id"])["shapes"] == []
    # And the annotator chooses; here, to keep theirs out and their own box and the restored one in
    driver.find_element(By.ID, "keep-mine").click()
    wait_saved(driver)
    assert len(shapes_of(stack, project, image["id"])["shapes"]) == 2
    # And the image can be submitted for review from the editor
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text == "submitted")
    assert requests.get(stack.url(f"/api/v1/images/{image['id']}"), headers=project["headers"]).json()["status"] == "submitted"
    assert "not change it unless a reviewer rejects it" in driver.find_element(By.ID, "message").text
    # And the help overlay lists the keys
    press(driver, "?")
    assert "Undo" in driver.find_element(By.ID, "help-list").text


def test_choosing_the_next_label_never_relabels_the_shape_just_drawn(stack, driver, project):
    image = project["images"][2]
    car, person, bike, tree = (label["id"] for label in project["labels"])
    log_in(driver, stack, "editor-ann")
    open_editor(driver, stack, image["id"])
    canvas = Canvas(driver, image["width"], image["height"])
    # When the annotator picks a label and draws, three times in a row, then tags the image with the last label
    for key, (x0, x1) in (("1", (50, 200)), ("2", (250, 400)), ("3", (450, 600))):
        press(driver, key)
        canvas.drag((x0, 50), (x1, 150))
    press(driver, "t")
    wait_saved(driver)
    # Then every box keeps the label it was drawn with, and the tag has the last one
    saved = shapes_of(stack, project, image["id"])["shapes"]
    assert [(s["type"], s["label_id"]) for s in saved] == [("bbox", car), ("bbox", person), ("bbox", bike), ("tag", bike)]
    # When they press 4, which no label's badge shows (tree, the 4th label, has no hotkey), and draw
    press(driver, "4")
    WebDriverWait(driver, 5).until(lambda d: "No label has hotkey 4" in d.find_element(By.ID, "message").text)
    canvas.drag((50, 300), (200, 400))
    wait_saved(driver)
    # Then the box gets the label still chosen (bike), not the 4th in the list
    assert shapes_of(stack, project, image["id"])["shapes"][-1]["label_id"] == bike
    # When they select the first box and relabel it explicitly with Shift+2
    press(driver, "v")
    canvas.click(120, 100)
    chord(driver, Keys.SHIFT, "2")
    wait_saved(driver)
    # Then only that box changes, and the label for new shapes stays bike
    saved = shapes_of(stack, project, image["id"])["shapes"]
    assert [s["label_id"] for s in saved if s["type"] == "bbox"] == [person, person, bike, bike]
    assert driver.find_element(By.CSS_SELECTOR, "#labels button.current").text.startswith("bike")
    # When they relabel the second box from the sidebar's shape list
    driver.find_elements(By.CSS_SELECTOR, "#shapes li > button:first-child")[1].click()
    Select(driver.find_element(By.CSS_SELECTOR, "#shapes li.current select")).select_by_visible_text("tree")
    wait_saved(driver)
    # Then the page, reloaded, and the API agree on every label
    driver.refresh()
    WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#shapes li")) == 4)
    saved = shapes_of(stack, project, image["id"])["shapes"]
    assert [s["label_id"] for s in saved] == [person, tree, bike, bike, bike]
    names = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#shapes li")]
    assert [name.split(" · ")[0] for name in names] == ["person", "tree", "bike", "bike"], names


def pixel(driver, canvas, x, y):
    """The canvas's RGB at image point (x, y)."""
    cx, cy = round(x * canvas.scale + canvas.offset_x), round(y * canvas.scale + canvas.offset_y)
    return driver.execute_script(
        "const r = window.devicePixelRatio || 1;"
        "return [...document.getElementById('canvas').getContext('2d').getImageData(arguments[0] * r, arguments[1] * r, 1, 1).data].slice(0, 3);",
        cx, cy)


def test_small_shapes_stay_reachable_and_visible(stack, driver, project):
    image = project["images"][3]
    log_in(driver, stack, "editor-ann")
    open_editor(driver, stack, image["id"])
    canvas = Canvas(driver, image["width"], image["height"])
    # Given a small box drawn first and a large box drawn over it (car), and a tiny box (person)
    press(driver, "1")
    canvas.drag((300, 300), (340, 340))
    canvas.drag((100, 100), (600, 500))
    press(driver, "2")
    canvas.drag((700, 50), (705, 55))
    wait_saved(driver)
    assert len(shapes_of(stack, project, image["id"])["shapes"]) == 3
    # When the annotator clicks inside the small box with the select tool
    press(driver, "v")
    canvas.click(320, 320)
    # Then the small box is selected, not the large one on top of it
    current = "return [...document.querySelectorAll('#shapes li')].findIndex(li => li.classList.contains('current'))"
    assert driver.execute_script(current) == 0
    # And a click in the large box outside the small one selects the large box
    canvas.click(150, 450)
    assert driver.execute_script(current) == 1
    # When the tiny box is selected, its handles leave its middle visible (they used to cover it)
    driver.find_elements(By.CSS_SELECTOR, "#shapes li > button:first-child")[2].click()
    middle = pixel(driver, canvas, 702.5, 52.5)
    assert middle != [255, 255, 255] and middle != [17, 17, 17], middle
    # And the label's name is drawn on its tab above the large box, in the label's colour; L hides it
    car = project["labels"][0]["color"]
    tab = pixel(driver, canvas, 100 + 2 / canvas.scale, 100 - 15 / canvas.scale)
    expected = [int(car[i:i + 2], 16) for i in (1, 3, 5)]
    assert all(abs(a - b) <= 40 for a, b in zip(tab, expected)), (tab, expected)
    press(driver, "l")
    tab = pixel(driver, canvas, 100 + 2 / canvas.scale, 100 - 15 / canvas.scale)
    assert not all(abs(a - b) <= 40 for a, b in zip(tab, expected)), (tab, expected)
    press(driver, "l")
    # And the outline has a dark halo outside the label's colour, so it shows on any image
    background = sum(pixel(driver, canvas, 350, 540))
    across = [sum(pixel(driver, canvas, 350, 500 + dy / canvas.scale)) for dy in range(-6, 7)]
    # (darker than both the image and the label's colour: without a halo, the edge only mixes the two)
    assert min(across) < 0.75 * background and min(across) < 0.8 * sum(expected), (across, background)


def api_as(stack, username):
    return {"Authorization": f"Bearer {stack.token(username)}"}


def status_of(stack, project, image_id):
    return requests.get(stack.url(f"/api/v1/images/{image_id}"), headers=project["headers"]).json()["status"]


def test_reviews_take_no_hold_holds_name_their_holder_and_the_queue_says_when_it_is_done(stack, driver, project):
    image = project["images"][4]
    car = project["labels"][0]["id"]
    annotator = api_as(stack, "editor-ann")
    # Given an image the annotator labelled and submitted (through the API, so no editor holds it)
    requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=annotator, json={
        "revision": 0, "shapes": [{"type": "bbox", "label_id": car, "x": 10, "y": 10, "w": 50, "h": 50}]}).raise_for_status()
    requests.post(stack.url(f"/api/v1/images/{image['id']}/submit"), headers=annotator).raise_for_status()
    # When the reviewer opens it from the review queue
    log_in(driver, stack, "editor-rev")
    driver.get(stack.url(f"/editor.html?image={image['id']}&status=submitted"))
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "review-form").is_displayed())
    time.sleep(0.5)  # the page's start-up requests (a hold, before the fix) have gone out
    # Then the reviewer holds nothing: another annotator can take the image
    assert requests.post(stack.url(f"/api/v1/images/{image['id']}/hold"), headers=api_as(stack, "editor-ann2")).status_code == 200
    # And sees no annotator's warning, and can still correct (the drawing tools are on)
    assert "not change it" not in driver.find_element(By.ID, "message").text
    assert driver.find_element(By.CSS_SELECTOR, "button[data-tool=box]").is_enabled()
    # When the reviewer rejects it, and accepts whatever else is submitted, one after another
    driver.find_element(By.ID, "review-comment").send_keys("the box is loose")
    decide = "reject"
    for _ in range(10):
        url = driver.current_url
        driver.find_element(By.ID, decide).click()
        # Chrome may answer "node does not belong to the document" while the next page replaces this one.
        navigating = WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException,
                                                                   WebDriverException))
        navigating.until(lambda d: d.current_url != url or d.find_element(By.ID, "review-done").is_displayed())
        if driver.current_url == url:
            break
        navigating.until(lambda d: d.find_element(By.ID, "review-form").is_displayed())
        decide = "accept"
    # Then the editor says the queue is finished
    assert "Review queue finished" in driver.find_element(By.ID, "message").text
    assert status_of(stack, project, image["id"]) == "rejected"
    # When the annotator reopens the rejected image, which the other annotator holds now
    log_in(driver, stack, "editor-ann")
    open_editor(driver, stack, image["id"])
    WebDriverWait(driver, 10).until(lambda d: "editor-ann2 is labelling this image" in d.find_element(By.ID, "message").text)
    canvas = Canvas(driver, image["width"], image["height"])
    canvas.drag((200, 200), (300, 300))
    wait_saved(driver)
    # Then its status reads "in progress", as the server has it, not "rejected"
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text == "in progress")
    assert status_of(stack, project, image["id"]) == "in_progress"


def test_read_only_images_keep_their_drafts_out_and_saves_retry_at_once_when_back_online(stack, driver, project):
    image = project["images"][5]
    log_in(driver, stack, "editor-ann")
    open_editor(driver, stack, image["id"])
    canvas = Canvas(driver, image["width"], image["height"])
    # Given a box saved while the browser was offline for a while
    driver.set_network_conditions(offline=True, latency=0, download_throughput=-1, upload_throughput=-1)
    canvas.drag((100, 100), (200, 200))
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "retry-now").is_displayed())
    state = lambda d: d.find_element(By.ID, "save-state").get_attribute("title")
    WebDriverWait(driver, 15).until(lambda d: "Retrying in 4 s" in state(d) or "Retrying in 8 s" in state(d))
    # When the annotator clicks Retry now, Then it tries at once and the backoff starts over
    driver.find_element(By.ID, "retry-now").click()
    WebDriverWait(driver, 5).until(lambda d: "Retrying in 1 s" in state(d))
    WebDriverWait(driver, 15).until(lambda d: "Retrying in 8 s" in state(d) or "Retrying in 4 s" in state(d))
    # When the network comes back, Then the save goes at once (the browser's online event), not after the backoff
    started = time.monotonic()
    driver.set_network_conditions(offline=False, latency=0, download_throughput=-1, upload_throughput=-1)
    wait_saved(driver)
    assert time.monotonic() - started < 3
    assert len(shapes_of(stack, project, image["id"])["shapes"]) == 1
    # When the image is submitted, the drawing tools are off and a drag draws nothing
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text == "submitted")
    assert not driver.find_element(By.CSS_SELECTOR, "button[data-tool=box]").is_enabled()
    press(driver, "b")
    canvas.drag((400, 100), (500, 200))
    press(driver, Keys.DELETE)
    assert driver.execute_script(f"return localStorage.getItem('loupe.draft.{image['id']}')") is None
    assert len(driver.find_elements(By.CSS_SELECTOR, "#shapes li")) == 1
    assert "cannot be changed unless a reviewer rejects it" in driver.find_element(By.ID, "message").text
    # When a draft made earlier (in another tab, before the submit) is found on the read-only image
    revision = shapes_of(stack, project, image["id"])["revision"]
    driver.execute_script("localStorage.setItem(arguments[0], arguments[1])", f"loupe.draft.{image['id']}",
                          json.dumps({"base_revision": revision, "at": "2026-01-01T00:00:00Z", "shapes": []}))
    driver.refresh()
    # Then it is shown for a choice and can only be discarded
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "draft").is_displayed())
    assert "cannot be saved" in driver.find_element(By.ID, "draft-text").text
    assert not driver.find_element(By.ID, "keep-draft").is_displayed()
    driver.find_element(By.ID, "discard-draft").click()
    assert driver.execute_script(f"return localStorage.getItem('loupe.draft.{image['id']}')") is None
    # And a later rejection saves nothing of it
    requests.post(stack.url(f"/api/v1/images/{image['id']}/review"), headers=api_as(stack, "editor-rev"),
                  json={"decision": "reject", "comment": "again"}).raise_for_status()
    driver.refresh()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "status").text == "rejected")
    time.sleep(1.5)
    assert len(shapes_of(stack, project, image["id"])["shapes"]) == 1


def test_an_edit_conflict_shows_who_saved_what_and_merges_both(stack, driver, project):
    image = project["images"][0]
    car, person = (label["id"] for label in project["labels"][:2])
    log_in(driver, stack, "editor-ann2")
    open_editor(driver, stack, image["id"])
    canvas = Canvas(driver, image["width"], image["height"])
    before = shapes_of(stack, project, image["id"])
    # Given the data user adds a person box meanwhile
    theirs = {"type": "bbox", "label_id": person, "x": 600, "y": 400, "w": 100, "h": 100}
    requests.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), headers=project["headers"],
                 json={"revision": before["revision"], "shapes": before["shapes"] + [theirs]}).raise_for_status()
    # When the annotator, still on the old revision, draws a car box
    press(driver, "1")
    canvas.drag((50, 450), (150, 550))
    # Then the conflict names who saved and what each side has, and draws theirs dashed over mine
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "conflict").is_displayed())
    text = driver.find_element(By.ID, "conflict-text").text
    assert "Someone else saved this image: editor-data" in text, text
    assert "Theirs has 1 shape yours lacks, yours has 1 shape theirs lacks" in text, text
    assert driver.find_element(By.ID, "keep-mine").text == "Keep only mine (drops their 1 shape)"
    time.sleep(0.3)  # the banner made the stage shorter: the view refits
    canvas = Canvas(driver, image["width"], image["height"])
    expected = [int(project["labels"][1]["color"][i:i + 2], 16) for i in (1, 3, 5)]

    def their_edge_is_drawn():
        edge = [pixel(driver, canvas, 600 + dx / canvas.scale, y) for dx in range(-3, 4) for y in range(420, 480, 4)]
        return any(all(abs(a - b) <= 40 for a, b in zip(p, expected)) for p in edge)
    assert their_edge_is_drawn()
    # And Hide theirs takes the dashed outlines away
    driver.find_element(By.ID, "toggle-theirs").click()
    assert not their_edge_is_drawn()
    # When the annotator merges
    driver.find_element(By.ID, "merge-both").click()
    wait_saved(driver)
    # Then both boxes are saved, nobody's work lost, and the page shows them all
    saved = shapes_of(stack, project, image["id"])["shapes"]
    assert len(saved) == len(before["shapes"]) + 2
    assert sum(1 for s in saved if s["type"] == "bbox" and s["label_id"] == person and s["x"] == 600) == 1
    assert sum(1 for s in saved if s["type"] == "bbox" and s["label_id"] == car and abs(s["x"] - 50) < 2) == 1
    assert len(driver.find_elements(By.CSS_SELECTOR, "#shapes li")) == sum(1 for s in saved if s["type"] != "tag")
