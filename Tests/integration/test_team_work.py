"""Team work in a real headless Chromium against the real nginx + worker + store: the data team splits
images into batches on the project page, an annotator's "Label the next image" serves their batch and
its progress shows on the project page and the dashboard; a reviewer's rejection starts a comment
thread whose @mention reaches the annotator's top bar, who answers about a shape."""
import requests

from conftest import log_in_page, wait_for_page
from test_images import jpeg


def api(stack, username):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {stack.token(username)}"
    return session


def team_project(stack, name, images=6):
    """A project with a label, `images` photos, annotators <name>-ann and <name>-ben and reviewer <name>-rev."""
    data_user = f"{name}-data"
    stack.add_user(data_user, "data")
    data = api(stack, data_user)
    project = data.post(stack.url("/api/v1/projects"), json={"name": name}).json()
    label = data.post(stack.url(f"/api/v1/projects/{project['id']}/labels"), json={"name": "bird", "hotkey": "1"}).json()
    photos = [data.post(stack.url(f"/api/v1/projects/{project['id']}/images"), params={"file_name": f"feeder{n}.jpg"},
                        data=jpeg(640, 480, (30 + 25 * n, 120, 90))).json()["image"] for n in range(images)]
    for suffix, role in (("ann", "annotator"), ("ben", "annotator"), ("rev", "reviewer")):
        stack.add_user(f"{name}-{suffix}", "annotator")
        data.post(stack.url(f"/api/v1/projects/{project['id']}/members"), json={"username": f"{name}-{suffix}", "role": role}).raise_for_status()
    return {"id": project["id"], "label": label, "images": photos, "data": data}


def draw_box(page):
    """Drags a box across the middle of the canvas (the editor opens on the box tool)."""
    box = page.locator("#canvas").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 60, y - 40)
    page.mouse.down()
    page.mouse.move(x, y, steps=4)
    page.mouse.move(x + 60, y + 40, steps=4)
    page.mouse.up()
    page.wait_for_selector("#save-state[data-state=saved]:has-text('Saved')")


def test_batches_are_made_on_the_project_page_and_served_first_to_their_annotator(stack, browser):
    team = team_project(stack, "Batches")
    pid, images = team["id"], team["images"]
    # Given the data team on the project page, who split the first four images in upload order into batches of two
    page = log_in_page(browser, stack, "Batches-data")
    page.goto(stack.url(f"/project.html?id={pid}"))
    page.wait_for_selector("#batch-form:not([hidden]) input[value=Batches-ann]")
    page.wait_for_selector("#no-batches:not([hidden])")
    page.fill("#batch-name", "Week 49")
    page.fill("#batch-size", "2")
    page.fill("#batch-limit", "4")
    page.select_option("#batch-order", "upload")
    page.check("input[name=batch-assignee][value=Batches-ann]")
    page.check("input[name=batch-assignee][value=Batches-ben]")
    page.fill("#batch-due", "2026-12-24")
    page.click("#batch-create")
    page.wait_for_selector("#batches-message:has-text('Made 2 batches with 4 images in all.')")
    rows = page.locator("#batch-rows tr")
    assert rows.count() == 2
    assert [rows.nth(n).locator("select").input_value() for n in range(2)] == ["Batches-ann", "Batches-ben"]
    assert "0 of 2 done (0 %)" in rows.nth(0).inner_text()
    # A bad plan says why and makes nothing: every open image left is unbatched, but none matches this name
    page.fill("#batch-file", "no-such-photo")
    page.click("#batch-create")
    page.wait_for_selector("#batches-message.error:has-text('No image matches')")
    assert rows.count() == 2
    listed = team["data"].get(stack.url(f"/api/v1/projects/{pid}/batches")).json()["batches"]
    assert [(b["name"], b["assignee"], b["due_on"], b["total"]) for b in listed] == [
        ("Week 49 1", "Batches-ann", "2026-12-24", 2), ("Week 49 2", "Batches-ben", "2026-12-24", 2)]

    # When ann opens the project page, her batch is summarised and she sees no plan form
    ann = log_in_page(browser, stack, "Batches-ann")
    ann.goto(stack.url(f"/project.html?id={pid}"))
    ann.wait_for_selector("#my-batches:has-text('You have 1 batch with 2 images left')")
    assert not ann.is_visible("#batch-form") and ann.locator("#batch-rows select").count() == 0
    # And "Label the next image" opens her batch's first image; she draws a box and submits it
    ann.click("#label-next")
    ann.wait_for_url(f"**/editor.html?image={images[0]['id']}&queue=1")
    ann.wait_for_selector("#labels button")
    draw_box(ann)
    ann.keyboard.press("Control+Enter")
    # Then the queue moves her on to the second image of her batch, not to the shared pool or ben's batch
    ann.wait_for_url(f"**/editor.html?image={images[1]['id']}&queue=1")
    # And ben's next image comes from his own batch
    ben_next = api(stack, "Batches-ben").get(stack.url(f"/api/v1/projects/{pid}/next")).json()["image"]
    assert ben_next["id"] == images[2]["id"]

    # Then her progress shows on the project page and on the dashboard
    ann.goto(stack.url(f"/project.html?id={pid}"))
    ann.wait_for_selector("#batch-rows tr.mine:has-text('1 of 2 done (50 %)')")
    assert "(yours)" in ann.inner_text("#batch-rows tr.mine")
    ann.goto(stack.url(f"/dashboard.html?project={pid}"))
    ann.wait_for_selector("#batches tr:has-text('Week 49 1')")
    assert "1 of 2 done (50 %)" in ann.inner_text("#batches tr >> nth=0")

    # When the data team reassigns ben's batch to ann and dissolves nothing else, ann's queue holds both
    page.reload()
    page.wait_for_selector("#batch-rows tr >> nth=1")
    page.locator("#batch-rows tr").nth(1).locator("select").select_option("Batches-ann")
    page.locator("#batch-rows tr").nth(1).locator("button:has-text('Save')").click()
    page.wait_for_selector("#batches-message:has-text('Week 49 2 saved.')")
    assert [b["assignee"] for b in team["data"].get(stack.url(f"/api/v1/projects/{pid}/batches")).json()["batches"]] == ["Batches-ann"] * 2
    # And dissolving it (confirmed) puts its images back in everyone's queue
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#batch-rows tr").nth(1).locator("button:has-text('Dissolve')").click()
    page.wait_for_selector("#batches-message:has-text('Week 49 2 dissolved.')")
    assert len(team["data"].get(stack.url(f"/api/v1/projects/{pid}/batches")).json()["batches"]) == 1
    # When every open image left goes to ann, the reviewer's "Label the next image" says why nothing comes
    team["data"].post(stack.url(f"/api/v1/projects/{pid}/batches"), json={"assignees": ["Batches-ann"]}).raise_for_status()
    rev = log_in_page(browser, stack, "Batches-rev")
    rev.goto(stack.url(f"/project.html?id={pid}"))
    rev.wait_for_selector("#batch-rows tr")
    rev.click("#label-next")
    rev.wait_for_selector("#queue-message:has-text('Nothing is left for you: the 5 images still open are in other people’s batches.')")
    assert page.errors == [] and ann.errors == [] and rev.errors == []


def test_a_rejection_starts_a_thread_and_mentions_reach_the_top_bar(stack, browser):
    team = team_project(stack, "Threads", images=2)
    image, label = team["images"][0], team["label"]
    ann_api = api(stack, "Threads-ann")
    # Given ann labelled an image with two boxes and submitted it
    saved = ann_api.put(stack.url(f"/api/v1/images/{image['id']}/annotations"), json={"revision": 0, "shapes": [
        {"type": "bbox", "label_id": label["id"], "x": 40, "y": 40, "w": 120, "h": 90},
        {"type": "bbox", "label_id": label["id"], "x": 300, "y": 200, "w": 100, "h": 100}]})
    saved.raise_for_status()
    ann_api.post(stack.url(f"/api/v1/images/{image['id']}/submit"), json={}).raise_for_status()
    # When the reviewer rejects it in the editor with a comment naming her
    rev = log_in_page(browser, stack, "Threads-rev")
    rev.goto(stack.url(f"/editor.html?image={image['id']}"))
    rev.wait_for_selector("#review-form:not([hidden])")
    rev.fill("#review-comment", "@Threads-ann the first box misses the tail")
    rev.click("#reject")
    rev.wait_for_selector("#message:has-text('Rejected')")

    # Then ann's top bar shows one unread comment that mentions her, and its panel links to the image
    ann = log_in_page(browser, stack, "Threads-ann")
    ann.wait_for_selector("#notifications-button:has-text('Comments (1 · 1 mentions you)')")
    ann.click("#notifications-button")
    item = ann.locator("#notifications-list li.mention a")
    assert "Threads-rev mentioned you on feeder0.jpg · Threads" in item.inner_text()
    item.click()
    ann.wait_for_url(f"**/editor.html?image={image['id']}#comments")
    # And the thread shows the rejection, marked new, with the mention picked out
    ann.wait_for_selector("#comments li.new")
    assert ann.inner_text("#comments li .badge-inline") == "rejected"
    assert ann.inner_text("#comments li .mention") == "@Threads-ann"
    assert "(1, 1 new)" in ann.inner_text("#comment-count")
    # Reading it clears her top bar
    ann.wait_for_selector("#notifications-button:text-is('Comments')")

    # When she selects the first shape, presses C, and answers about it naming the reviewer
    ann.locator("#shapes li button").first.click()
    ann.wait_for_selector("#comment-shape-choice:not([hidden]):has-text('about shape 1')")
    ann.locator("#canvas").focus()
    ann.keyboard.press("c")
    assert ann.evaluate("document.activeElement.id") == "comment-body"
    ann.keyboard.type("@Threads-rev extended it to the tail")
    ann.keyboard.press("Control+Enter")
    ann.wait_for_selector("#comments li >> nth=1")
    assert "on shape 1" in ann.inner_text("#comments li >> nth=1")
    # Then the API holds both comments, the answer about shape 0 and mentioning the reviewer
    thread = ann_api.get(stack.url(f"/api/v1/images/{image['id']}/comments")).json()["comments"]
    assert [(c["author"], c.get("decision"), c.get("shape_position"), c["mentions"]) for c in thread] == [
        ("Threads-rev", "rejected", None, ["Threads-ann"]), ("Threads-ann", None, 0, ["Threads-rev"])]
    # And the reviewer's top bar shows it on any page; "Mark all read" clears it
    rev.goto(stack.url("/"))
    rev.wait_for_selector("#notifications-button:has-text('Comments (1 · 1 mentions you)')")
    rev.click("#notifications-button")
    rev.click("#notifications-read")
    rev.wait_for_selector("#notifications-button:text-is('Comments')")
    # And a reload shows the same thread, nothing new
    ann.reload()
    ann.wait_for_selector("#comments li >> nth=1")
    assert ann.locator("#comments li.new").count() == 0
    # An empty comment is refused on the page without a request
    ann.click("#comment-send")
    ann.wait_for_selector("#message:has-text('Write something before sending the comment.')")
    # Someone who never touched the image hears nothing
    assert api(stack, "Threads-ben").get(stack.url("/api/v1/notifications")).json()["unread"] == 0
    assert ann.errors == [] and rev.errors == []


def test_overlap_is_labelled_alone_merged_by_a_reviewer_and_ground_truth_scores_a_newcomer(stack, browser):
    team = team_project(stack, "Quality", images=2)
    pid, label = team["id"], team["label"]
    ann_api, ben_api = api(stack, "Quality-ann"), api(stack, "Quality-ben")
    # Given the data team sends every new image to two people each from the Quality section
    data = log_in_page(browser, stack, "Quality-data")
    data.goto(stack.url(f"/project.html?id={pid}"))
    data.wait_for_selector("#overlap-form:not([hidden])")
    data.fill("#overlap-share", "100")
    data.fill("#overlap-copies", "2")
    data.click("#overlap-add")
    data.wait_for_selector("#quality-message:has-text('2 images will each be labelled by 2 people, alone.')")
    assert "2 overlap images: 0 ready to merge, 2 being labelled, 0 merged." in data.inner_text("#overlap-summary")

    # When ann labels both from her queue in the editor, as she would any image
    ann = log_in_page(browser, stack, "Quality-ann")
    ann.goto(stack.url(f"/project.html?id={pid}"))
    assert not ann.is_visible("#quality-section")  # annotators never see who is checked against what
    ann.click("#label-next")
    drawn = {}
    for _ in range(2):
        ann.wait_for_url("**/editor.html?image=*&queue=1")
        ann.wait_for_selector("#labels button")
        image_id = int(ann.url.split("image=")[1].split("&")[0])
        draw_box(ann)
        drawn[image_id] = ann_api.get(stack.url(f"/api/v1/images/{image_id}/annotations")).json()["shapes"]
        ann.keyboard.press("Control+Enter")
        if len(drawn) < 2:
            ann.wait_for_url(lambda url, shown=image_id: f"image={shown}&" not in url)
    # Her queue is then empty for her: each image waits for its second person
    ann.wait_for_selector("#message:has-text('Nothing else is left to label in this project.')")
    # Then her boxes are her own: ben sees neither, and the images themselves hold no shapes yet
    for image_id, shapes in drawn.items():
        assert len(shapes) == 1
        assert ben_api.get(stack.url(f"/api/v1/images/{image_id}/annotations")).json()["shapes"] == []
        assert ben_api.get(stack.url(f"/api/v1/images/{image_id}")).json()["status"] == "new"
    # And ben labels them too: the same box as ann, and on one image a stray box only he drew
    first, second = sorted(drawn)
    for image_id in (first, second):
        shapes = [{k: v for k, v in drawn[image_id][0].items() if k in ("type", "label_id", "x", "y", "w", "h")}]
        if image_id == second:
            shapes.append({"type": "bbox", "label_id": label["id"], "x": 5, "y": 5, "w": 30, "h": 30})
        ben_api.put(stack.url(f"/api/v1/images/{image_id}/annotations"), json={"revision": 0, "shapes": shapes}).raise_for_status()
        ben_api.post(stack.url(f"/api/v1/images/{image_id}/submit"), json={}).raise_for_status()

    # When the reviewer opens the project page, the Quality section offers the consensus review
    rev = log_in_page(browser, stack, "Quality-rev")
    rev.goto(stack.url(f"/project.html?id={pid}"))
    rev.wait_for_selector("#consensus-link:not([hidden]):has-text('Review consensus (2 ready)')")
    assert not rev.is_visible("#overlap-form") and not rev.is_visible("#ground-truth")
    assert "Quality-ann & Quality-ben" in rev.inner_text("#agreement-pairs")
    rev.click("#consensus-link")
    rev.wait_for_selector("#review:not([hidden]) #proposal li")
    # On the first image both drew the same box: one proposed box, drawn by 2 of 2, agreement 1.000
    assert f"image={first}" in rev.url
    assert rev.inner_text("#proposal").strip() == "box · bird · 2 of 2 drew it"
    assert "1.000" in rev.inner_text("#pairs")
    # N skips to the second image, where ben's stray box is not proposed; Enter accepts it
    rev.keyboard.press("n")
    wait_for_page(rev, f"location.href.includes('image={second}')")
    rev.wait_for_selector("#people label >> nth=1")
    assert "Quality-ben · 2 shapes" in rev.inner_text("#people")
    assert rev.locator("#proposal li").count() == 1
    rev.keyboard.press("Enter")
    rev.wait_for_selector("#message:has-text('Accepted feeder1.jpg with 1 shape.')")
    # Then the skipped one comes back; the button accepts it, and the review is done
    wait_for_page(rev, f"location.href.includes('image={first}')")
    rev.click("#accept")
    rev.wait_for_selector("#done:not([hidden])")
    for image_id in (first, second):
        held = team["data"].get(stack.url(f"/api/v1/images/{image_id}/annotations")).json()["shapes"]
        assert [tuple(s[k] for k in "xywh") for s in held] == [tuple(drawn[image_id][0][k] for k in "xywh")]
        assert team["data"].get(stack.url(f"/api/v1/images/{image_id}")).json()["status"] == "accepted"
    # And ann now sees the accepted consensus, not her copy
    assert ann_api.get(stack.url(f"/api/v1/images/{first}")).json()["status"] == "accepted"

    # Given the data team keeps both accepted images as ground truth, one mixed in after every image
    data.reload()
    data.wait_for_selector("#ground-truth:not([hidden])")
    data.fill("#ground-truth-share", "100")
    data.click("#ground-truth-form button")
    data.wait_for_selector("#quality-message:has-text('2 accepted images are now ground truth.')")
    data.fill("#ground-truth-every", "1")
    data.click("#ground-truth-every-form button")
    data.wait_for_selector("#quality-message:has-text('One ground-truth image will be mixed in after about every 1 images')")
    for image_id in (first, second):  # the reviewer's note on each trusted image
        rev_api = api(stack, "Quality-rev")
        rev_api.post(stack.url(f"/api/v1/images/{image_id}/comments"), json={"body": "Reference labels, keep as they are"}).raise_for_status()
    newcomer = team["data"].post(stack.url(f"/api/v1/projects/{pid}/images"), params={"file_name": "feeder9.jpg"},
                                 data=jpeg(640, 480, (200, 200, 40))).json()["image"]
    stack.add_user("Quality-cy", "annotator")
    team["data"].post(stack.url(f"/api/v1/projects/{pid}/members"), json={"username": "Quality-cy", "role": "annotator"}).raise_for_status()
    # When a newcomer labels from the queue: first the new image, then, unannounced, a ground-truth image
    cy = log_in_page(browser, stack, "Quality-cy")
    cy.goto(stack.url(f"/project.html?id={pid}"))
    cy.click("#label-next")
    cy.wait_for_url(f"**/editor.html?image={newcomer['id']}&queue=1")
    cy.wait_for_selector("#labels button")
    draw_box(cy)
    cy.keyboard.press("Control+Enter")
    cy.wait_for_url(lambda url: f"image={newcomer['id']}&" not in url)
    cy.wait_for_selector("#labels button")
    trusted = int(cy.url.split("image=")[1].split("&")[0])
    assert trusted in (first, second)
    # It looks like any new image: no shapes, status new, no review history, no thread about it
    assert cy.inner_text("#status") == "new" and cy.locator("#shapes li").count() == 0
    assert cy.is_hidden("#last-review")
    cy.wait_for_selector("#no-comments:not([hidden])")
    draw_box(cy)
    cy.keyboard.press("Control+Enter")
    cy.wait_for_selector("#status:text-is('submitted')")
    # Then the data team sees the newcomer's accuracy: the box where the consensus put it
    data.reload()
    data.wait_for_selector("#accuracy:not([hidden]) tbody tr")
    assert data.inner_text("#accuracy tbody tr").split("\t") == ["Quality-cy", "1", "1.000", "—"]
    # Nobody told the newcomer about the trusted image's thread
    assert api(stack, "Quality-cy").get(stack.url("/api/v1/notifications")).json()["unread"] == 0
    # And the trusted image's own labels did not change
    held = team["data"].get(stack.url(f"/api/v1/images/{trusted}/annotations")).json()["shapes"]
    assert len(held) == 1 and team["data"].get(stack.url(f"/api/v1/images/{trusted}")).json()["status"] == "accepted"
    assert data.errors == [] and ann.errors == [] and rev.errors == [] and cy.errors == []
