"""The editor's depth in a real headless Chromium against the real nginx + worker + store: attributes
defined by the data team on the project page and set per shape in the editor with the mouse and keys,
then read back through the API and the COCO export."""
import requests

from conftest import log_in_page, wait_for_page, wait_until
from test_images import jpeg


def api(stack, username):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {stack.token(username)}"
    return session


def depth_project(stack, name, images=3, size=(800, 600)):
    """A project with labels car (1) and person (2), `images` photos, annotator <name>-ann."""
    stack.add_user(f"{name}-data", "data")
    data = api(stack, f"{name}-data")
    project = data.post(stack.url("/api/v1/projects"), json={"name": name}).json()
    labels = [data.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), json=body).json()
              for body in ({"name": "car", "hotkey": "1"}, {"name": "person", "hotkey": "2"})]
    photos = [data.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"street{n}.jpg"},
                        data=jpeg(*size, (60 + 40 * n, 100, 140))).json()["image"] for n in range(images)]
    stack.add_user(f"{name}-ann", "annotator")
    data.post(stack.url(f"/api/v1/projects/{project['id']}/members"), json={"username": f"{name}-ann", "role": "annotator"}).raise_for_status()
    return {"id": project["id"], "labels": labels, "images": photos, "data": data}


def drag(page, start, end):
    """A drag between two points given as fractions of the canvas."""
    box = page.locator("#canvas").bounding_box()
    (x0, y0), (x1, y1) = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in (start, end)]
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=3)
    page.mouse.move(x1, y1, steps=3)
    page.mouse.up()


def click(page, at):
    box = page.locator("#canvas").bounding_box()
    page.mouse.click(box["x"] + at[0] * box["width"], box["y"] + at[1] * box["height"])


def wait_saved(page):
    page.wait_for_selector("#save-state[data-state=saved]:has-text('Saved')")


def open_editor(page, stack, image_id):
    page.goto(stack.url(f"/editor.html?image={image_id}"))
    page.wait_for_selector("#labels button")
    wait_for_page(page, "document.getElementById('canvas').width > 100")


def test_attributes_are_defined_on_the_project_page_and_set_per_shape_with_keys_and_the_sidebar(stack, browser):
    project = depth_project(stack, "Attrs")
    pid, car, person = project["id"], project["labels"][0], project["labels"][1]
    # Given the data team on the project page, who gives "car" two attributes, the second a choice without options at first
    page = log_in_page(browser, stack, "Attrs-data")
    page.goto(stack.url(f"/project.html?id={pid}"))
    row = page.locator(f"#label-rows tr[data-label-id='{car['id']}']")
    row.locator(".attributes-button").click()
    editor = page.locator(f"tr[data-attributes-of='{car['id']}']")
    editor.locator(".attribute-name").nth(0).fill("occluded")
    editor.locator("button:has-text('Add attribute')").click()
    editor.locator(".attribute-name").nth(1).fill("colour")
    editor.locator(".attribute-kind").nth(1).select_option("choice")
    editor.locator("button:has-text('Save attributes')").click()
    # Then the mistake is named and its field marked, and nothing is saved
    page.wait_for_selector("#labels-message:has-text('A choice has 1–50 options.')")
    page.wait_for_selector(f"tr[data-attributes-of='{car['id']}'] .attribute-options[aria-invalid=true]")
    assert project["data"].get(stack.url(f"/api/v1/projects/{pid}/labels")).json()["labels"][0]["attributes"] == []
    editor.locator(".attribute-options").nth(1).fill("red, blue")
    editor.locator("button:has-text('Save attributes')").click()
    page.wait_for_selector("#labels-message:has-text('Attributes of “car” saved: occluded, colour.')")
    page.wait_for_selector(f"#label-rows tr[data-label-id='{car['id']}'] .attributes-button:has-text('2 attributes')")
    # And "person" gets one yes/no attribute of the same name
    page.locator(f"#label-rows tr[data-label-id='{person['id']}'] .attributes-button").click()
    page.locator(f"tr[data-attributes-of='{person['id']}'] .attribute-name").fill("occluded")
    page.locator(f"tr[data-attributes-of='{person['id']}'] button:has-text('Save attributes')").click()
    page.wait_for_selector("#labels-message:has-text('Attributes of “person” saved: occluded.')")
    labels = {label["name"]: label for label in project["data"].get(stack.url(f"/api/v1/projects/{pid}/labels")).json()["labels"]}
    assert labels["car"]["attributes"] == [{"name": "occluded", "kind": "boolean"}, {"name": "colour", "kind": "choice", "options": ["red", "blue"]}]

    # When the annotator draws a car, flips "occluded" with Q and picks "blue" in the sidebar
    ann = log_in_page(browser, stack, "Attrs-ann")
    image = project["images"][0]["id"]
    open_editor(ann, stack, image)
    ann.keyboard.press("1")
    drag(ann, (0.2, 0.2), (0.4, 0.4))
    ann.wait_for_selector("fieldset.attributes label[data-attribute=occluded] kbd:has-text('Q')")
    assert ann.locator("fieldset.attributes label.unset").count() == 2, "both show their defaults until set"
    ann.keyboard.press("q")
    ann.wait_for_selector("fieldset.attributes label[data-attribute=occluded]:not(.unset) input:checked")
    ann.select_option("fieldset.attributes label[data-attribute=colour] select", "blue")
    ann.wait_for_selector("fieldset.attributes label[data-attribute=colour]:not(.unset)")
    # And draws a person, flips its "occluded" twice and once more
    ann.keyboard.press("2")
    drag(ann, (0.6, 0.6), (0.8, 0.8))
    ann.wait_for_selector("fieldset.attributes label[data-attribute=occluded]")
    assert ann.locator("fieldset.attributes label[data-attribute=colour]").count() == 0, "person has no colour"
    for _ in range(3):
        ann.keyboard.press("q")
    ann.wait_for_selector("fieldset.attributes label[data-attribute=occluded] input:checked")
    # And a key with no attribute behind it says so
    ann.keyboard.press("w")
    ann.wait_for_selector("#message:has-text('person has no yes/no attribute on W.')")
    # When she selects the car and makes it a person, the colour goes (person has none) and occluded stays; undo brings the car back
    ann.keyboard.press("v")
    click(ann, (0.3, 0.3))
    ann.wait_for_selector("fieldset.attributes label[data-attribute=colour]")
    ann.keyboard.press("Shift+Digit2")
    ann.wait_for_selector("#shapes li.current fieldset.attributes label[data-attribute=occluded] input:checked")
    assert ann.locator("fieldset.attributes label[data-attribute=colour]").count() == 0
    wait_saved(ann)
    saved = project["data"].get(stack.url(f"/api/v1/images/{image}/annotations")).json()["shapes"]
    assert [(s["label_id"], s.get("attributes")) for s in saved] == [(person["id"], {"occluded": True}), (person["id"], {"occluded": True})]
    ann.keyboard.press("Control+z")
    wait_saved(ann)
    # Then after a reload the API and the sidebar hold what she set
    ann.reload()
    ann.wait_for_selector("#shapes li")
    saved = project["data"].get(stack.url(f"/api/v1/images/{image}/annotations")).json()["shapes"]
    assert [(s["label_id"], s.get("attributes")) for s in saved] == [
        (car["id"], {"occluded": True, "colour": "blue"}), (person["id"], {"occluded": True})]
    ann.locator("#shapes li button").first.click()
    assert ann.locator("fieldset.attributes label[data-attribute=colour] select").input_value() == "blue"
    # And the COCO export carries each annotation's attributes
    coco = project["data"].get(stack.url(f"/api/v1/projects/{pid}/export/coco")).json()
    assert [a.get("attributes") for a in coco["annotations"]] == [{"occluded": True, "colour": "blue"}, {"occluded": True}]
    # And a client that sends a colour no label offers is told which field is wrong
    bad = project["data"].put(stack.url(f"/api/v1/images/{image}/annotations"), json={"revision": 99, "shapes": [
        {"type": "bbox", "label_id": car["id"], "x": 1, "y": 1, "w": 9, "h": 9, "attributes": {"colour": "green"}}]})
    assert bad.status_code == 409, "an old revision is refused before anything else"
    revision = project["data"].get(stack.url(f"/api/v1/images/{image}/annotations")).json()["revision"]
    bad = project["data"].put(stack.url(f"/api/v1/images/{image}/annotations"), json={"revision": revision, "shapes": [
        {"type": "bbox", "label_id": car["id"], "x": 1, "y": 1, "w": 9, "h": 9, "attributes": {"colour": "green"}}]})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "shapes[0].attributes.colour", bad.text
    assert not page.errors and not ann.errors, page.errors + ann.errors


def centre_pixel(page):
    """The canvas's pixel at its centre, as drawn."""
    return page.evaluate("""(() => { const c = document.getElementById('canvas');
        return [...c.getContext('2d').getImageData(Math.floor(c.width / 2), Math.floor(c.height / 2), 1, 1).data].slice(0, 3); })()""")


def test_image_adjustments_follow_the_annotator_from_image_to_image_and_browser_to_browser(stack, browser):
    project = depth_project(stack, "Adjust")
    first, second = project["images"][0]["id"], project["images"][1]["id"]
    ann = log_in_page(browser, stack, "Adjust-ann")
    open_editor(ann, stack, first)
    wait_for_page(ann, "(() => { const c = document.getElementById('canvas'); const d = c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data; return d[3] === 255 && d[2] > 100; })()")
    before = centre_pixel(ann)
    # When she brightens twice with ] and inverts with I
    ann.keyboard.press("]")
    ann.keyboard.press("]")
    ann.keyboard.press("i")
    ann.wait_for_selector("#adjust-state:has-text('Adjusted: brightness +20, inverted')")
    # Then the canvas shows every channel lifted by 20 % and inverted (the file is untouched)
    expected = [255 - min(255, value + 51) for value in before]
    wait_for_page(ann, f"(() => {{ const c = document.getElementById('canvas'); const d = c.getContext('2d').getImageData(Math.floor(c.width / 2), Math.floor(c.height / 2), 1, 1).data; return {expected}.every((v, i) => Math.abs(d[i] - v) <= 2); }})()")
    # And the panel's sliders say the same, and the server keeps it for her in this project
    ann.click("#adjust")
    assert ann.locator("#adjust-brightness").input_value() == "20" and ann.is_checked("#adjust-invert")
    ann.locator("#adjust-gamma").fill("1.5")
    ann.wait_for_selector("#adjust-state:has-text('gamma 1.5')")
    ann.wait_for_selector('#adjust-panel[data-saved*=\'"gamma":1.5\']')
    kept = project["data"].__class__()
    kept.headers["Authorization"] = f"Bearer {stack.token('Adjust-ann')}"
    assert kept.get(stack.url(f"/api/v1/projects/{project['id']}/editor-settings")).json() == {"brightness": 20, "contrast": 0, "gamma": 1.5, "invert": True}
    # When she closes the panel and moves on to the next image with D, it opens adjusted
    ann.click("#adjust")
    assert not ann.is_visible("#adjust-panel")
    ann.keyboard.press("d")
    ann.wait_for_url(f"**/editor.html?image={second}")
    ann.wait_for_selector("#adjust-state:has-text('Adjusted: brightness +20, gamma 1.5, inverted')")
    # And in another browser (no local copy) the server's settings apply
    other = browser.new_context().new_page()
    other.errors = []
    other.goto(stack.url("/login.html"))
    other.fill("#username", "Adjust-ann")
    other.fill("input[name=password]", "Adjust-ann-password")
    other.click("#submit")
    other.wait_for_url(stack.url("/"))
    open_editor(other, stack, second)
    other.wait_for_selector("#adjust-state:has-text('Adjusted: brightness +20, gamma 1.5, inverted')")
    # When she presses 0 the image is shown as it is, everywhere
    other.keyboard.press("0")
    other.wait_for_selector("#adjust-state", state="hidden")
    wait_until(lambda: kept.get(stack.url(f"/api/v1/projects/{project['id']}/editor-settings")).json()["invert"] is False)
    # And the data team's own view of the project was never touched
    assert project["data"].get(stack.url(f"/api/v1/projects/{project['id']}/editor-settings")).json()["brightness"] == 0
    assert not ann.errors and not other.errors, ann.errors + other.errors


def test_shapes_are_hidden_locked_filtered_and_restacked_like_a_person_sorts_a_crowded_image(stack, browser):
    project = depth_project(stack, "Stack")
    car, person = project["labels"]
    image = project["images"][0]["id"]
    ann = log_in_page(browser, stack, "Stack-ann")
    open_editor(ann, stack, image)
    # Given a large car, a person standing in front of it, and a second car
    ann.keyboard.press("1")
    drag(ann, (0.1, 0.1), (0.6, 0.6))
    ann.keyboard.press("2")
    drag(ann, (0.3, 0.3), (0.4, 0.5))
    ann.keyboard.press("1")
    drag(ann, (0.7, 0.7), (0.9, 0.9))
    wait_saved(ann)
    revision = project["data"].get(stack.url(f"/api/v1/images/{image}/annotations")).json()["revision"]
    # When she lists only the people, one entry is left
    ann.select_option("#shape-filter", str(person["id"]))
    ann.wait_for_selector("#shape-count:has-text('(1 of 3)')")
    ann.select_option("#shape-filter", "")
    ann.wait_for_selector("#shape-count:has-text('(3)')")
    # And she locks the big car from the list: clicks then go through it, and Delete is refused with the reason
    ann.locator("#shapes li[data-index='0'] > button").first.click()
    ann.keyboard.press("k")
    ann.wait_for_selector("#shapes li[data-index='0'] button.toggle-lock[aria-pressed=true]")
    ann.keyboard.press("Delete")
    ann.wait_for_selector("#message:has-text('This shape is locked: K unlocks it.')")
    ann.keyboard.press("v")
    click(ann, (0.15, 0.15))
    wait_for_page(ann, "!document.querySelector('#shapes li.current')")
    # A click on the person still selects the person, and H hides it: it is no longer drawn, nor clickable
    click(ann, (0.35, 0.4))
    ann.wait_for_selector("#shapes li.current[data-index='1']")
    ann.keyboard.press("h")
    ann.wait_for_selector("#shapes li.hidden-shape[data-index='1'] button.toggle-hide[aria-pressed=true]")
    click(ann, (0.35, 0.4))
    wait_for_page(ann, "!document.querySelector('#shapes li.current')")
    # Hiding and locking are hers alone: nothing was saved
    assert project["data"].get(stack.url(f"/api/v1/images/{image}/annotations")).json()["revision"] == revision
    # When she hides every car by its label, and Shift+H shows everything again
    ann.locator(f"#labels li[data-label-id='{car['id']}'] button.toggle-hide").click()
    wait_for_page(ann, "document.querySelectorAll('#shapes li.hidden-shape').length === 3")
    ann.keyboard.press("Shift+H")
    ann.wait_for_selector("#message:has-text('Showing 3 hidden shapes again.')")
    assert ann.locator("#shapes li.hidden-shape").count() == 0
    # And she sends the second car to the back with Home, and the person to the front with its button
    ann.locator("#shapes li[data-index='2'] > button").first.click()
    ann.keyboard.press("Home")
    ann.wait_for_selector("#shapes li.current[data-index='0']")
    ann.locator("#shapes li[data-index='2'] > button").first.click()
    ann.locator("#shapes li.current button:has-text('Front')").click()
    wait_saved(ann)
    # Then the saved order is the new drawing order (the lock followed the big car as it moved)
    saved = project["data"].get(stack.url(f"/api/v1/images/{image}/annotations")).json()["shapes"]
    assert [s["label_id"] for s in saved] == [car["id"], car["id"], person["id"]]
    assert saved[0]["x"] > saved[1]["x"], "the second car (further right) is at the back now"
    assert ann.locator("#shapes li[data-index='1'] button.toggle-lock[aria-pressed=true]").count() == 1
    # And after a reload the order stays while the view is fresh
    ann.reload()
    ann.wait_for_selector("#shapes li")
    assert ann.locator("button.toggle-lock[aria-pressed=true], button.toggle-hide[aria-pressed=true]").count() == 0
    assert not ann.errors, ann.errors


def shapes_of(project, stack, image_id):
    return project["data"].get(stack.url(f"/api/v1/images/{image_id}/annotations")).json()["shapes"]


def test_shapes_carry_to_the_next_images_by_repeat_copy_paste_and_propagation(stack, browser):
    project = depth_project(stack, "Carry", images=3)
    small = project["data"].post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "small.jpg"},
                                 data=jpeg(400, 300, (200, 90, 40))).json()["image"]
    first, second, third = (image["id"] for image in project["images"])
    ann = log_in_page(browser, stack, "Carry-ann")
    # Given two boxes drawn on the first image
    open_editor(ann, stack, first)
    ann.keyboard.press("1")
    drag(ann, (0.2, 0.2), (0.4, 0.4))
    ann.keyboard.press("2")
    drag(ann, (0.3, 0.3), (0.8, 0.8))
    wait_saved(ann)
    drawn = shapes_of(project, stack, first)
    assert drawn[1]["x"] < 400 < drawn[1]["x"] + drawn[1]["w"] and drawn[1]["y"] < 300 < drawn[1]["y"] + drawn[1]["h"], drawn
    # When she moves on with D and presses R, the second image gets both, as one undoable step
    ann.keyboard.press("d")
    ann.wait_for_url(f"**/editor.html?image={second}")
    ann.wait_for_selector("#labels button")
    ann.keyboard.press("r")
    ann.wait_for_selector("#message:has-text('Added 2 shapes from street0.jpg. Ctrl+Z undoes it.')")
    ann.keyboard.press("Control+z")
    ann.wait_for_selector("#shape-count:has-text('(0)')")
    ann.keyboard.press("Control+Shift+z")
    ann.wait_for_selector("#shape-count:has-text('(2)')")
    wait_saved(ann)
    assert [(s["label_id"], s["x"], s["y"], s["w"], s["h"]) for s in shapes_of(project, stack, second)] == \
        [(s["label_id"], s["x"], s["y"], s["w"], s["h"]) for s in drawn]
    # When she copies the large box alone and pastes it on the small image (400 × 300), it is clamped to it
    ann.locator("#shapes li[data-index='1'] > button").first.click()
    ann.keyboard.press("Control+c")
    ann.wait_for_selector("#message:has-text('Copied 1 shape.')")
    open_editor(ann, stack, small["id"])
    ann.keyboard.press("Control+v")
    ann.wait_for_selector("#message:has-text('Added 1 shape from street1.jpg.')")
    wait_saved(ann)
    big = drawn[1]
    pasted = shapes_of(project, stack, small["id"])
    assert [(s["label_id"], s["x"], s["y"]) for s in pasted] == [(big["label_id"], big["x"], big["y"])]
    assert pasted[0]["x"] + pasted[0]["w"] == 400 and pasted[0]["y"] + pasted[0]["h"] == 300, pasted
    # When, back on the first image, she propagates the small box to the next 3 images
    open_editor(ann, stack, first)
    ann.locator("#shapes li[data-index='0'] > button").first.click()
    ann.fill("#propagate-count", "3")
    ann.locator("#propagate-count").dispatch_event("change")
    ann.click("#propagate")
    ann.wait_for_selector(f"#message:has-text('Added to 3 next images (#{second}, #{third}, #{small['id']}).')")
    # Then each of them has it once more, as saved revisions the API holds
    assert [len(shapes_of(project, stack, image)) for image in (second, third, small["id"])] == [3, 1, 2]
    assert shapes_of(project, stack, third)[0]["label_id"] == drawn[0]["label_id"]
    assert not ann.errors, ann.errors


def test_a_crowded_image_of_2000_boxes_and_200_polygons_stays_workable(stack, browser):
    project = depth_project(stack, "Crowd", images=1, size=(4000, 3000))
    car, person = project["labels"]
    image = project["images"][0]["id"]
    # Given 2,000 small boxes and 200 polygons of 100 points, and one box of its own near the middle
    import math
    import random
    rng = random.Random(5)
    shapes = [{"type": "bbox", "label_id": car["id"], "x": rng.uniform(0, 3900), "y": rng.choice([rng.uniform(0, 1300), rng.uniform(1700, 2900)]),
               "w": rng.uniform(8, 60), "h": rng.uniform(8, 60)} for _ in range(2000)]
    for _ in range(200):
        cx, cy, r = rng.uniform(100, 3900), rng.choice([rng.uniform(100, 1200), rng.uniform(1800, 2900)]), rng.uniform(20, 80)
        shapes.append({"type": "polygon", "label_id": person["id"], "points": [
            [round(cx + r * math.cos(k * math.pi / 50), 2), round(cy + r * math.sin(k * math.pi / 50), 2)] for k in range(100)]})
    shapes.append({"type": "bbox", "label_id": person["id"], "x": 1900, "y": 1400, "w": 200, "h": 200})
    project["data"].put(stack.url(f"/api/v1/images/{image}/annotations"), json={"revision": 0, "shapes": shapes}).raise_for_status()
    ann = log_in_page(browser, stack, "Crowd-ann")
    open_editor(ann, stack, image)
    ann.wait_for_selector("#shape-count:has-text('(2201)')")
    assert ann.locator("#shapes li").count() == 200, "the list draws its first 200 entries"
    # When she picks the select tool and clicks the box in the middle, that one is selected (of 2,201)
    ann.keyboard.press("v")
    click(ann, (0.5, 0.5))
    ann.wait_for_selector("#shapes li.current[data-index='2200']")
    # And she zooms in at the middle and pans with the middle button; the box is still under the pointer there
    box = ann.locator("#canvas").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    ann.mouse.move(cx, cy)
    for _ in range(5):
        ann.mouse.wheel(0, -120)
    ann.mouse.move(cx, cy)
    ann.mouse.down(button="middle")
    ann.mouse.move(cx + 40, cy + 30, steps=5)
    ann.mouse.up(button="middle")
    ann.keyboard.press("Escape")
    ann.mouse.click(cx + 40, cy + 30)
    ann.wait_for_selector("#shapes li.current[data-index='2200']")
    # And drags it; the API holds it moved, and the other 2,200 shapes as they were
    ann.mouse.move(cx + 40, cy + 30)
    ann.mouse.down()
    ann.mouse.move(cx + 80, cy + 60, steps=6)
    ann.mouse.up()
    wait_saved(ann)
    saved = shapes_of(project, stack, image)
    assert len(saved) == 2201 and saved[2200]["x"] > 1900 and saved[2200]["y"] > 1400, saved[2200]
    assert [s.get("points") or [s["x"], s["y"]] for s in saved[:2200]] == [s.get("points") or [s["x"], s["y"]] for s in shapes[:2200]]
    assert not ann.errors, ann.errors


def striped_photo(width, height):
    """Grey, with 2-px black and white stripes in a 200-px square at the centre: detail the 2048-px
    rendition averages away and full-size tiles keep."""
    from PIL import Image, ImageDraw
    import io
    image = Image.new("RGB", (width, height), (128, 128, 128))
    draw = ImageDraw.Draw(image)
    cx, cy = width // 2, height // 2
    for x in range(cx - 100, cx + 100, 4):
        draw.rectangle((x, cy - 100, x + 1, cy + 100), fill=(255, 255, 255))
        draw.rectangle((x + 2, cy - 100, x + 3, cy + 100), fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def test_a_huge_image_opens_on_its_rendition_and_zooms_to_full_size_tiles(stack, browser):
    project = depth_project(stack, "Huge", images=0)
    upload = project["data"].post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "aerial.jpg"},
                                  data=striped_photo(6000, 4000))
    assert upload.status_code == 201, upload.text
    image = upload.json()["image"]
    assert image["tile_levels"] == 6 and image["width"] == 6000
    ann = log_in_page(browser, stack, "Huge-ann")
    open_editor(ann, stack, image["id"])
    # Fitted, the rendition is enough: no tile is asked for, and the stripes are a blur
    wait_for_page(ann, "document.getElementById('canvas').dataset.tiles === 'ready'")
    contrast = """(() => { const c = document.getElementById('canvas'); const g = c.getContext('2d');
        const d = g.getImageData(Math.floor(c.width / 2) - 8, Math.floor(c.height / 2), 16, 1).data;
        const v = []; for (let i = 0; i < 16; i++) v.push(d[4 * i]); return Math.max(...v) - Math.min(...v); })()"""
    assert ann.evaluate(contrast) < 100
    # When she zooms in at the centre to full size and more
    box = ann.locator("#canvas").bounding_box()
    ann.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(16):
        ann.mouse.wheel(0, -120)
    # Then full-size tiles arrive and the stripes are sharp
    wait_for_page(ann, "document.getElementById('canvas').dataset.tileLevel === '0' && document.getElementById('canvas').dataset.tiles === 'ready'")
    wait_for_page(ann, f"{contrast} > 180")
    # And a box drawn there lands in full-size image pixels, near the centre
    ann.keyboard.press("1")
    drag(ann, (0.45, 0.45), (0.55, 0.55))
    wait_saved(ann)
    saved = shapes_of(project, stack, image["id"])[0]
    assert 2900 < saved["x"] < 3000 and 1900 < saved["y"] < 2000 and saved["w"] < 200, saved
    assert not ann.errors, ann.errors


def image_point(page, width, height, x, y):
    """Where image pixel (x, y) is on the page while the editor shows the whole image (F)."""
    box = page.locator("#canvas").bounding_box()
    scale = min((box["width"] - 32) / width, (box["height"] - 32) / height)
    return (box["x"] + (box["width"] - width * scale) / 2 + x * scale, box["y"] + (box["height"] - height * scale) / 2 + y * scale)


def test_a_smart_polygon_is_proposed_from_a_box_refined_by_clicks_and_kept_with_enter(stack, browser):
    import pathlib
    project = depth_project(stack, "Smart", images=0)
    photo = (pathlib.Path(__file__).parent.parent / "ImagingTests" / "Photos" / "coins.png").read_bytes()
    image = project["data"].post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": "coins.png"}, data=photo).json()["image"]
    ann = log_in_page(browser, stack, "Smart-ann")
    open_editor(ann, stack, image["id"])
    wait_for_page(ann, "document.getElementById('canvas').dataset.painted === '1'")
    # When she picks the smart tool and drags a box around the top-right coin (centre 334, 44; radius 29)
    ann.keyboard.press("1")
    ann.keyboard.press("s")
    (x0, y0), (x1, y1) = image_point(ann, 384, 303, 300, 10), image_point(ann, 384, 303, 369, 79)
    ann.mouse.move(x0, y0)
    ann.mouse.down()
    ann.mouse.move(x1, y1, steps=5)
    ann.mouse.up()
    # Then an outline is proposed; a Shift+click off the object asks again, with the click in red
    ann.wait_for_selector("#message:has-text('Proposed')")
    wait_for_page(ann, "document.getElementById('canvas').dataset.smart === 'proposed'")
    ann.keyboard.down("Shift")
    ann.mouse.click(*image_point(ann, 384, 303, 303, 13))
    ann.keyboard.up("Shift")
    assert ann.evaluate("document.getElementById('canvas').dataset.smart") == "asking"
    wait_for_page(ann, "document.getElementById('canvas').dataset.smart === 'proposed'")
    # And Enter keeps it as a polygon of the chosen label, saved like any other
    ann.keyboard.press("Enter")
    wait_saved(ann)
    shapes = shapes_of(project, stack, image["id"])
    assert [(s["type"], s["label_id"]) for s in shapes] == [("polygon", project["labels"][0]["id"])]
    points = shapes[0]["points"]
    area = abs(sum(x * y2 - x2 * y for (x, y), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2
    import math
    assert 0.75 < area / (math.pi * 29 * 29) < 1.2, area
    assert all(300 <= x <= 369 and 10 <= y <= 79 for x, y in points), points
    # When she just clicks on the bottom-left coin (centre 46, 259), a box is drawn around the click and
    # an outline proposed; Esc drops it and nothing is added; Ctrl+Z takes the polygon away
    ann.mouse.click(*image_point(ann, 384, 303, 46, 259))
    wait_for_page(ann, "document.getElementById('canvas').dataset.smart === 'proposed'")
    ann.keyboard.press("Escape")
    wait_for_page(ann, "document.getElementById('canvas').dataset.smart === undefined")
    ann.keyboard.press("Control+z")
    wait_saved(ann)
    assert shapes_of(project, stack, image["id"]) == []
    # And a box too small is refused with a reason by the API
    bad = project["data"].post(stack.url(f"/api/v1/images/{image['id']}/smart-polygon"), json={"box": [10, 10, 2, 2]})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "box"
    assert not ann.errors, ann.errors
