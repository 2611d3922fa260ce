"""Accounts through real nginx + worker + SQLite: login/logout, wrong password, CSRF, tokens, roles."""
import sqlite3

import pytest
import requests
from conftest import sqlite_only


def test_static_pages_and_health_are_served(stack):
    # Given the running stack, when a browser opens the start and login pages
    home = requests.get(stack.url("/"))
    login = requests.get(stack.url("/login.html"))
    # Then nginx serves them from public/ with the security headers
    assert home.status_code == 200 and "text/html" in home.headers["Content-Type"]
    assert 'action="/auth/login"' in login.text
    assert login.headers["X-Content-Type-Options"] == "nosniff"
    assert requests.get(stack.url("/js/api.js")).status_code == 200
    # And the worker answers health as JSON
    health = requests.get(stack.url("/api/v1/health"))
    assert health.json()["status"] == "ok" and health.json()["database"] == "ok"


def test_login_then_logout(stack):
    session = requests.Session()
    token = session.get(stack.url("/auth/csrf")).json()["csrf_token"]
    response = session.post(stack.url("/auth/login"), allow_redirects=False, data={
        "username": "admin", "password": stack.admin_password, "csrf_token": token, "next": "/admin/users"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/users"
    cookie = next(c for c in response.raw.headers.getlist("Set-Cookie") if c.startswith("loupe_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = session.get(stack.url("/admin/users"))
    assert page.status_code == 200 and "Add a user" in page.text
    me = session.get(stack.url("/api/v1/me")).json()
    assert me["user"]["username"] == "admin" and me["auth"] == "session"

    out = session.post(stack.url("/auth/logout"), data={"csrf_token": me["csrf_token"]}, allow_redirects=False)
    assert out.status_code == 303 and out.headers["Location"].startswith("/login.html")
    assert session.get(stack.url("/api/v1/me")).status_code == 401


def test_wrong_password_is_refused_and_audited(stack):
    session = requests.Session()
    token = session.get(stack.url("/auth/csrf")).json()["csrf_token"]
    response = session.post(stack.url("/auth/login"), allow_redirects=False,
                            data={"username": "admin", "password": "wrong-password", "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login.html?error=invalid_credentials")
    assert "loupe_session" not in session.cookies
    admin = {"Authorization": f"Bearer {stack.token('admin')}"}
    events = requests.get(stack.url("/api/v1/audit"), headers=admin).json()["events"]
    assert any(e["action"] == "login.failed" and e["detail"] == "wrong password" for e in events)


def test_missing_csrf_is_403(stack):
    session = stack.login("admin", stack.admin_password)
    form = session.post(stack.url("/admin/users"), headers={"Accept": "text/html"},
                        data={"username": "sneaky", "password": "password-x", "role": "admin"})
    assert form.status_code == 403
    assert "security token" in form.text
    api = session.post(stack.url("/api/v1/tokens"), json={"name": "x"})
    assert api.status_code == 403 and api.json()["error"]["code"] == "csrf_failed"
    admin = {"Authorization": f"Bearer {stack.token('admin')}"}
    names = [u["username"] for u in requests.get(stack.url("/api/v1/users"), headers=admin).json()["users"]]
    assert "sneaky" not in names


def test_api_tokens_work_until_revoked(stack):
    stack.add_user("scripter", "data")
    secret = stack.token("scripter")
    auth = {"Authorization": f"Bearer {secret}"}
    me = requests.get(stack.url("/api/v1/me"), headers=auth)
    assert me.status_code == 200 and me.json()["user"]["role"] == "data" and me.json().get("csrf_token") is None
    token_id = requests.get(stack.url("/api/v1/tokens"), headers=auth).json()["tokens"][0]["id"]
    assert requests.delete(stack.url(f"/api/v1/tokens/{token_id}"), headers=auth).status_code == 204
    refused = requests.get(stack.url("/api/v1/me"), headers=auth)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "invalid_token"


ROUTES = [
    # method, path, body, lowest role allowed
    ("GET", "/api/v1/me", None, "annotator"),
    ("GET", "/api/v1/tokens", None, "annotator"),
    ("GET", "/auth/account", None, "annotator"),
    ("GET", "/api/v1/users", None, "admin"),
    ("GET", "/api/v1/users/1", None, "admin"),
    ("GET", "/api/v1/audit", None, "admin"),
    ("GET", "/admin/users", None, "admin"),
    ("GET", "/admin/audit", None, "admin"),
    ("PATCH", "/api/v1/users/1", {"role": "admin"}, "admin"),
]
RANK = ["annotator", "reviewer", "data", "admin"]


@pytest.mark.parametrize("role", ["anonymous", *RANK])
def test_each_role_reaches_only_what_it_may(stack, role):
    headers = {"Accept": "application/json"}
    if role != "anonymous":
        name = f"matrix-{role}"
        stack.add_user(name, role)
        headers["Authorization"] = f"Bearer {stack.token(name)}"
    for method, path, body, lowest in ROUTES:
        response = requests.request(method, stack.url(path), headers=headers, json=body, allow_redirects=False)
        if role == "anonymous":
            # API routes answer 401; pages send the visitor to the login page.
            expected = {401} if path.startswith("/api/") else {303}
        elif RANK.index(role) >= RANK.index(lowest):
            expected = {200}
        else:
            expected = {403}
        assert response.status_code in expected, f"{role} {method} {path}: {response.status_code} {response.text[:200]}"
        if response.status_code == 303:
            assert response.headers["Location"].startswith("/login.html?next=")
        if response.status_code >= 400:
            error = response.json()["error"]
            assert set(error) == {"code", "message", "field"}


def test_error_shape_for_bad_input(stack):
    admin = {"Authorization": f"Bearer {stack.token('admin')}"}
    bad = requests.post(stack.url("/api/v1/users"), headers=admin, json={"username": "x y", "password": "password-1", "role": "data"})
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "username"
    unknown = requests.get(stack.url("/api/v1/nothing"), headers=admin)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    wrong_method = requests.delete(stack.url("/api/v1/users"), headers=admin)
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["Allow"]
    too_big = requests.post(stack.url("/api/v1/users"), headers=admin, data=b"x" * (stack.max_body_bytes + 1),
                            params={}, timeout=10)
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "payload_too_large"


def test_each_request_is_logged_with_its_id(stack):
    response = requests.get(stack.url("/api/v1/health"))
    request_id = response.headers["X-Request-Id"]
    text = stack.worker_log.read_text()
    line = next(l for l in text.splitlines() if f"id={request_id}" in l)
    assert "GET /api/v1/health 200" in line and "ms" in line


@sqlite_only
def test_backup_while_running(stack, tmp_path):
    target = tmp_path / "backup.sqlite"
    stack.cli("backup", str(target))
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM users WHERE username = 'admin'").fetchone()[0] == 1
