"""Projects through real nginx + worker + SQLite: the data team creates, members see, outsiders get 404."""
import requests


def test_project_visibility_follows_membership(stack):
    stack.add_user("proj-data", "data")
    stack.add_user("proj-ann", "annotator")
    data = {"Authorization": f"Bearer {stack.token('proj-data')}"}
    ann = {"Authorization": f"Bearer {stack.token('proj-ann')}"}
    # Given a project made by the data team
    created = requests.post(stack.url("/api/v1/projects"), headers=data, json={"name": "Street signs"})
    assert created.status_code == 201, created.text
    project = created.json()
    # Then an annotator outside it neither sees nor can create one
    assert requests.get(stack.url(f"/api/v1/projects/{project['id']}"), headers=ann).status_code == 404
    assert requests.post(stack.url("/api/v1/projects"), headers=ann, json={"name": "x"}).status_code == 403
    # When they are added as a member, they see it in their list
    member = requests.post(stack.url(f"/api/v1/projects/{project['id']}/members"), headers=data,
                           json={"username": "proj-ann", "role": "annotator"})
    assert member.status_code == 201
    listed = requests.get(stack.url("/api/v1/projects"), headers=ann).json()["projects"]
    assert [p["name"] for p in listed] == ["Street signs"]
    # And the change is in the audit log
    admin = {"Authorization": f"Bearer {stack.token('admin')}"}
    actions = [e["action"] for e in requests.get(stack.url("/api/v1/audit"), headers=admin).json()["events"]]
    assert "project.created" in actions and "project.member_set" in actions
