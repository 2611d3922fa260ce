"""Script-bearing names in a real Chromium: a project, labels, a file, a snapshot, a review comment
and a model named with HTML and script payloads are shown as text on every page, and never run."""
import pytest
import requests

from conftest import Stack, log_in_page
from test_training import photo, start_job, wait_for_job

# Calls pwned() if it is ever parsed as HTML; the page defines pwned() to record that it ran.
PAYLOAD = "<img src=x onerror=pwned()><script>pwned()</script>\"'&"
# File names lose everything up to a slash, so theirs has none.
FILE_PAYLOAD = "<img src=x onerror=pwned()>\"'&.jpg"
SHOWN = "<img src=x onerror=pwned()>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A project whose every name is a payload, with a trained model and a rejected image."""
    stack = Stack(tmp_path_factory.mktemp("loupe-hostile-pages")).start()
    stack.start_trainer()
    stack.add_user("xss-admin", "admin")
    headers = {"Authorization": f"Bearer {stack.token('xss-admin')}"}

    def call(method, path, **options):
        response = requests.request(method, stack.url(path), headers=options.pop("headers", headers), **options)
        assert response.ok, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    project = call("POST", "/api/v1/projects", json={"name": "P " + PAYLOAD, "description": PAYLOAD})
    labels = [call("POST", f"/api/v1/projects/{project['id']}/labels", json={"name": f"L{n} " + PAYLOAD})["id"]
              for n in range(2)]
    images = []
    for n in range(12):
        name = FILE_PAYLOAD if n < 2 else f"{n}.jpg"
        image = call("POST", f"/api/v1/projects/{project['id']}/images", params={"file_name": name},
                     data=photo(n, n % 2 == 1))["image"]
        call("PUT", f"/api/v1/images/{image['id']}/annotations",
             json={"revision": 0, "shapes": [{"type": "tag", "label_id": labels[n % 2]},
                                             {"type": "bbox", "label_id": labels[n % 2], "x": 2, "y": 2, "w": 20, "h": 20}]})
        images.append(image)
    call("POST", f"/api/v1/images/{images[0]['id']}/submit", json={})
    call("POST", f"/api/v1/images/{images[0]['id']}/review", json={"decision": "reject", "comment": "C " + PAYLOAD})
    call("POST", f"/api/v1/images/{images[1]['id']}/submit", json={})
    call("POST", f"/api/v1/projects/{project['id']}/snapshots", json={"name": "S " + PAYLOAD})
    # Team work: an overlap image two people handed in (for the consensus page), a batch, and a
    # comment mentioning the admin (for the top bar's list)
    fresh = call("POST", f"/api/v1/projects/{project['id']}/images", params={"file_name": "fresh.jpg"}, data=photo(20, False))["image"]
    call("POST", f"/api/v1/projects/{project['id']}/overlap", json={"share": 1, "copies": 2})
    for name in ("xss-ann1", "xss-ann2"):
        stack.add_user(name, "annotator")
        call("POST", f"/api/v1/projects/{project['id']}/members", json={"username": name, "role": "annotator"})
        own = {"Authorization": f"Bearer {stack.token(name)}"}
        call("PUT", f"/api/v1/images/{fresh['id']}/annotations", headers=own,
             json={"revision": 0, "shapes": [{"type": "bbox", "label_id": labels[0], "x": 4, "y": 4, "w": 30, "h": 30}]})
        call("POST", f"/api/v1/images/{fresh['id']}/submit", headers=own, json={})
    call("POST", f"/api/v1/projects/{project['id']}/batches", json={"name": "B " + PAYLOAD, "limit": 1, "statuses": ["in_progress"]})
    call("POST", f"/api/v1/images/{images[0]['id']}/comments", headers={"Authorization": f"Bearer {stack.token('xss-ann1')}"},
         json={"body": "@xss-admin " + PAYLOAD})
    queued = start_job(stack, headers, project, {"architecture": "linear", "input_size": 8, "epochs": 2,
                                                  "model_name": "M " + PAYLOAD})
    job = wait_for_job(stack, headers, queued["id"], lambda j: j["state"] not in ("queued", "running"))
    assert job["state"] == "succeeded", job
    version = job["model_version"]
    model = call("GET", "/api/v1/models")["models"][0]
    stack.pages = [
        "/", f"/project.html?id={project['id']}", f"/editor.html?image={images[0]['id']}",
        f"/review.html?project={project['id']}", f"/dashboard.html?project={project['id']}",
        f"/jobs.html?project={project['id']}", f"/job.html?id={job['id']}", f"/consensus.html?project={project['id']}",
        "/admin/models", f"/admin/models/{model['id']}", f"/admin/models/versions/{version['id']}",
        "/admin/audit", "/admin/users", "/auth/account",
    ]
    yield stack
    stack.stop()


# Records every Content-Security-Policy violation a page reports (Playwright's init scripts run
# outside the page's policy, so this listener is never itself refused).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def test_every_page_shows_hostile_names_as_text_and_runs_none_of_them(hostile, browser):
    page = log_in_page(browser, hostile, "xss-admin")
    page.add_init_script("window.pwned = () => { window.__pwned = (window.__pwned || 0) + 1; };")
    page.add_init_script(CSP_LISTENER)
    dialogs, console_csp = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    shown_on, violations = [], []
    for path in hostile.pages:
        response = page.goto(hostile.url(path))
        page.wait_for_load_state("networkidle")
        # Every page carries the strict policy, so an escaping slip could not run script
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "object-src 'none'" in policy, path
        # No payload ran on this page, and the page itself broke no rule of the policy
        assert page.evaluate("window.__pwned") is None, f"a payload ran on {path}"
        violations += [f"{path}: {v}" for v in page.evaluate("window.__csp")]
        if SHOWN in page.inner_text("body"):
            shown_on.append(path)
    # And the names were there to be seen, as text, on the pages that show them
    assert dialogs == [] and page.errors == []
    assert violations == [] and console_csp == [], violations + console_csp
    missing = [p for p in hostile.pages if p not in shown_on and p not in ("/admin/users", "/auth/account")]
    assert missing == [], f"the payload was not shown as text on {missing}"


def top_bar(page):
    """The top bar's visible links as (text, href), with the waiting count left out of Models."""
    page.wait_for_selector(".topbar #logout:not([hidden])")
    links = page.eval_on_selector_all(".topbar nav a", "as => as.filter((a) => !a.hidden).map((a) => [a.textContent, a.getAttribute('href')])")
    return [(text.split(" (")[0], href) for text, href in links]


def test_every_page_static_or_server_has_the_same_top_bar(hostile, browser):
    # Given an admin and an annotator of nothing in particular
    hostile.add_user("bar-annotator", "annotator")
    admin = log_in_page(browser, hostile, "xss-admin")
    bars = {}
    for path in hostile.pages:
        admin.goto(hostile.url(path))
        bars[path] = top_bar(admin)
    # Then every page, static or server-rendered, shows the same links in the same order
    expected = [("Projects", "/"), ("Models", "/admin/models"), ("Users", "/admin/users"), ("Audit log", "/admin/audit"),
                ("API", "/api/docs"), ("Account", "/auth/account")]
    assert {path: bar for path, bar in bars.items() if bar != expected} == {}
    # And an annotator sees only the links their role can use, on a static and on a server page
    annotator = log_in_page(browser, hostile, "bar-annotator")
    for path in ("/", "/auth/account"):
        annotator.goto(hostile.url(path))
        assert top_bar(annotator) == [("Projects", "/"), ("API", "/api/docs"), ("Account", "/auth/account")], path
