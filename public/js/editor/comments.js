// The editor's comment thread: what annotators and reviewers said about this image or one of its
// shapes (a rejection's comment starts it), new ones marked until read, and a box to answer in
// (C focuses it; with a shape selected the comment can be about that shape; @name notifies someone).
import { api } from '../api.js';
import { aboutText, bodySegments } from '../comment-format.js';

const $ = (id) => document.getElementById(id);

export class CommentsPanel {
  /**
   * `imageId`; `revision()` the shapes' saved revision; `selected()` the selected shape's index
   * (-1 for none) and `selectShape(index)`; `flush()` saves pending edits (so a shape's position
   * is the server's); `notify(text, kind)`.
   */
  constructor({ imageId, revision, selected, selectShape, flush, notify }) {
    Object.assign(this, { imageId, revision, selected, selectShape, flush, notify });
    this.comments = [];
  }

  async start() {
    $('comment-form').addEventListener('submit', (event) => { event.preventDefault(); this.send(); });
    $('comment-body').addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); this.send(); }
      if (event.key === 'Escape') $('comment-body').blur();
    });
    await this.load();
    if (location.hash === '#comments') $('comments-section').scrollIntoView();
  }

  /** Loads the thread, shows what is new, then marks it read (the top bar's count follows). */
  async load() {
    const thread = await api(`/api/v1/images/${this.imageId}/comments`);
    this.comments = thread.comments;
    this.render(thread.last_read);
    if (thread.unread > 0) {
      await api(`/api/v1/images/${this.imageId}/comments/read`, { method: 'POST' }).catch(() => null);
      document.dispatchEvent(new CustomEvent('loupe:notifications-changed'));
    }
  }

  render(lastRead = Infinity) {
    const unread = this.comments.filter((c) => c.id > lastRead).length;
    $('comment-count').textContent = this.comments.length ? `(${this.comments.length}${unread ? `, ${unread} new` : ''})` : '';
    $('no-comments').hidden = this.comments.length > 0;
    $('comments').replaceChildren(...this.comments.map((comment) => this.item(comment, comment.id > lastRead)));
    this.updateShapeChoice();
  }

  item(comment, isNew) {
    const li = document.createElement('li');
    li.dataset.commentId = comment.id;
    li.classList.toggle('new', isNew);
    const head = document.createElement('div');
    head.className = 'comment-head';
    const author = document.createElement('strong');
    author.textContent = comment.author ?? 'a former user';
    const when = document.createElement('time');
    when.dateTime = comment.created_at;
    when.textContent = new Date(comment.created_at).toLocaleString();
    head.append(author, ' ', when);
    if (comment.decision) {
      const badge = document.createElement('span');
      badge.className = `badge-inline status-${comment.decision}`;
      badge.textContent = comment.decision === 'rejected' ? 'rejected' : 'accepted';
      head.append(' ', badge);
    }
    const about = aboutText(comment, this.revision());
    if (about) {
      const link = Object.assign(document.createElement('button'), { type: 'button', className: 'link', textContent: about });
      link.title = 'Select that shape';
      link.addEventListener('click', () => this.selectShape(comment.shape_position));
      head.append(' · ', link);
    }
    const body = document.createElement('p');
    for (const piece of bodySegments(comment.body)) {
      if (!piece.mention) { body.append(piece.text); continue; }
      const mention = document.createElement('span');
      mention.className = 'mention';
      mention.textContent = piece.text;
      body.append(mention);
    }
    li.append(head, body);
    return li;
  }

  /** The "about the selected shape" box: offered only while a drawn shape is selected. */
  updateShapeChoice() {
    const index = this.selected();
    $('comment-shape-choice').hidden = index < 0;
    $('comment-shape-text').textContent = index < 0 ? '' : `about shape ${index + 1}`;
  }

  focus() {
    $('comments-section').scrollIntoView({ block: 'nearest' });
    $('comment-body').focus();
  }

  async send() {
    const body = $('comment-body').value;
    if (!body.trim()) { this.focus(); return this.notify('Write something before sending the comment.'); }
    if (!(await this.flush())) return this.notify('Your edits are not saved yet, so the comment cannot point at a shape; try again in a moment.');
    const index = this.selected();
    const payload = { body };
    if (index >= 0 && $('comment-on-shape').checked) payload.shape_position = index;
    $('comment-send').disabled = true;
    try {
      const comment = await api(`/api/v1/images/${this.imageId}/comments`, { method: 'POST', body: payload });
      this.comments.push(comment);
      $('comment-body').value = '';
      this.render();
      if (comment.mentions.length) this.notify(`Sent; ${comment.mentions.map((name) => '@' + name).join(', ')} will see it in their top bar.`, 'notice');
    } catch (error) {
      this.notify(error.message);
    } finally {
      $('comment-send').disabled = false;
    }
  }
}
