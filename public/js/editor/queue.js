// The editor's side of the labelling queue: the model's suggestion for this image (accepted with one
// key, remembered as human-confirmed with its model version), the "next to label" jump, and the
// hold on this image renewed while the editor is open so nobody else is handed it.
import { api } from '../api.js';
import { Command } from './commands.js';
import { emptyQueueText } from '../batch-format.js';

const RENEW_MS = 60_000;

export class Queue {
  /**
   * `image()` the image open now; `model` the document the suggestion is applied to; `editable()`
   * (false, with the reason shown, when the image cannot change); `isReadOnly()`; `flush()` saves and
   * resolves true once everything is on the server; `notify(text, kind)`.
   */
  constructor({ image, model, editable, isReadOnly, flush, notify }) {
    Object.assign(this, { image, model, editable, isReadOnly, flush, notify });
    this.suggestion = null;
  }

  /** Fetches the suggestion and, when this user is here to label, starts renewing the hold. A reviewer
   * looking at a submitted image, or anyone on a read-only one, takes no hold. */
  async start() {
    const image = this.image();
    if (!this.isReadOnly() && !(image.can_review && image.status === 'submitted')) {
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
      await api(`/api/v1/images/${this.image().id}/hold`, { method: 'POST' });
    } catch (error) {
      if (error.status === 409) this.notify(`${error.message} Your edits may conflict with theirs.`, 'notice');
    }
  }

  /** The suggestion chip: label, confidence, and whether the image already has that tag. */
  render() {
    const box = document.getElementById('suggestion');
    const s = this.suggestion;
    if (!s || !s.label_id) { box.hidden = true; return; }
    const tagged = this.model.hasTag(s.label_id);
    box.hidden = false;
    box.textContent = `Model suggests “${s.label}” (${Math.round(s.confidence * 100)}%) — `
      + (tagged ? 'tagged ✓' : 'press Y to accept, or tag it yourself');
    box.dataset.accepted = tagged ? 'true' : 'false';
  }

  /** Y: tag the image with the suggested label, recording which model version suggested it. */
  accept() {
    if (!this.editable()) return;
    const s = this.suggestion;
    if (!s || !s.label_id) return this.notify('There is no suggestion for this image.', 'notice');
    this.model.apply(Command.addTag(s.label_id, { suggested_by_version_id: s.model_version_id }));
    this.render();
  }

  /** N: save, then open the best image the queue has for this user (held for them). */
  async next() {
    if (!(await this.flush()) && !confirm('Your latest edits are not saved on the server yet (they are kept in this browser). Leave anyway?')) return;
    const current = this.image();
    try {
      const answer = await api(`/api/v1/projects/${current.project_id}/next?skip=${current.id}`);
      if (!answer.image) return this.notify(emptyQueueText(answer), 'notice');
      location.assign(`/editor.html?image=${answer.image.id}&queue=1`);
    } catch (error) {
      this.notify(error.message);
    }
  }
}
