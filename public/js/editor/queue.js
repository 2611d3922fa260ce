// The editor's side of the labelling queue: the model's suggestion for this image (accepted with one
// key, remembered as human-confirmed with its model version), the "next to label" jump, and the
// hold on this image renewed while the editor is open so nobody else is handed it.
import { api } from '../api.js';

const RENEW_MS = 60_000;

export class Queue {
  constructor(editor) {
    this.editor = editor;
    this.suggestion = null;
  }

  /** Fetches the suggestion and, when this user is here to label, starts renewing the hold. A reviewer
   * looking at a submitted image, or anyone on a read-only one, takes no hold. */
  async start() {
    const { image } = this.editor;
    if (!this.editor.readOnly && !(image.can_review && image.status === 'submitted')) {
      this.renewHold();
      this.timer = setInterval(() => this.renewHold(), RENEW_MS);
    }
    try {
      this.suggestion = (await api(`/api/v1/images/${image.id}/suggestion`)).suggestion;
    } catch {
      this.suggestion = null;
    }
    this.render();
  }

  async renewHold() {
    try {
      await api(`/api/v1/images/${this.editor.image.id}/hold`, { method: 'POST' });
    } catch (error) {
      if (error.status === 409) this.editor.notify(`${error.message} Your edits may conflict with theirs.`, 'notice');
    }
  }

  /** The suggestion chip: label, confidence, and whether the image already has that tag. */
  render() {
    const box = document.getElementById('suggestion');
    const s = this.suggestion;
    if (!s || !s.label_id) { box.hidden = true; return; }
    const tagged = this.editor.model.shapes.some((shape) => shape.type === 'tag' && shape.label_id === s.label_id);
    box.hidden = false;
    box.textContent = `Model suggests “${s.label}” (${Math.round(s.confidence * 100)}%) — `
      + (tagged ? 'tagged ✓' : 'press Y to accept, or tag it yourself');
    box.dataset.accepted = tagged ? 'true' : 'false';
  }

  /** Y: tag the image with the suggested label, recording which model version suggested it. */
  accept() {
    if (!this.editor.editable()) return;
    const s = this.suggestion;
    if (!s || !s.label_id) return this.editor.notify('There is no suggestion for this image.', 'notice');
    this.editor.model.addTag(s.label_id, { suggested_by_version_id: s.model_version_id });
    this.render();
  }

  /** N: save, then open the best image the queue has for this user (held for them). */
  async next() {
    const { editor } = this;
    if (!(await editor.sync.flush()) && !confirm('Your latest edits are not saved on the server yet (they are kept in this browser). Leave anyway?')) return;
    try {
      const { image } = await api(`/api/v1/projects/${editor.image.project_id}/next?skip=${editor.image.id}`);
      if (!image) return editor.notify('Nothing else is left to label in this project.', 'notice');
      location.assign(`/editor.html?image=${image.id}&queue=1`);
    } catch (error) {
      editor.notify(error.message);
    }
  }
}
