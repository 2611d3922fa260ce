// The annotation editor page: loads an image, its labels and shapes, wires the canvas, the keys,
// the sidebar and the sync. Shapes live in image pixels (the image as displayed, after EXIF
// orientation); the display rendition is only drawn scaled to that size.
import { api, currentUser } from './api.js';
import { initTopbar } from './topbar.js';
import { showMessage } from './message.js';
import { Model } from './editor/model.js';
import { Command, deletionFor } from './editor/commands.js';
import { Sidebar } from './editor/sidebar.js';
import { View } from './editor/view.js';
import { Interaction, Mode, Tool } from './editor/tools.js';
import { lookup, renderHelp } from './editor/keymap.js';
import { SaveState, Sync } from './editor/sync.js';
import { Queue } from './editor/queue.js';
import { merged, onlyIn } from './editor/merge.js';
import { decisionsFor, fromApi, isLikely, neighbour, openSuggestions } from './editor/suggestions.js';
import { CommentsPanel } from './editor/comments.js';
import { booleanKeys, completed, conform, problem } from './attributes.js';
import { AdjustPanel } from './editor/adjust-panel.js';
import { copiedFrom, pasted } from './editor/copy.js';
import { indexOf } from './editor/shape-index.js';
import { TileSource } from './editor/tile-source.js';

const $ = (id) => document.getElementById(id);
const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const STATUS_TEXT = { new: 'new', in_progress: 'in progress', submitted: 'submitted', accepted: 'accepted', rejected: 'rejected' };

class Editor {
  constructor(me, image, labels, annotations, suggestions) {
    this.me = me;
    this.image = image;
    this.labels = new Map(labels.map((label) => [label.id, label]));
    this.labelOrder = labels;
    this.currentLabelId = labels[0]?.id ?? null;
    this.statusFilter = new URLSearchParams(location.search).get('status') ?? '';
    this.model = new Model();
    this.suggestions = suggestions.map(fromApi);  // a detector's boxes, open when the page loaded
    this.focusedSuggestionId = null;
    this.view = new View($('canvas'));
    this.view.onSettle = () => this.redraw();
    // A huge image's tiles, drawn over its display rendition as the zoom needs them.
    this.tiles = image.tile_levels ? new TileSource(image, () => this.redrawSoon()) : null;
    this.interaction = new Interaction({
      view: this.view, model: this.model, imageSize: () => ({ width: this.image.width, height: this.image.height }),
      currentLabel: () => this.currentLabelId, isReadOnly: () => this.readOnly, requireLabel: () => this.requireLabel(),
      redraw: () => this.redraw(), notify: (text) => this.notify(text),
      suggestions: {
        open: () => this.openSuggestions(), focused: () => this.focusedSuggestion(),
        focus: (suggestion) => this.focusSuggestion(suggestion), accept: (suggestion) => this.acceptSuggestions([suggestion]),
      },
      smart: {
        proposalBox: () => this.smart?.box ?? null,
        box: (box) => this.proposeSmart({ box, include: [], exclude: [] }),
        click: (point, off) => this.refineSmart(point, off),
        clickWithoutBox: (point) => this.proposeSmart({ box: this.boxAround(point), include: [point], exclude: [] }),
      },
    });
    this.sidebar = new Sidebar({
      onChooseLabel: (id) => this.chooseLabel(id),
      onToggleTag: (id) => this.toggleTag(id),
      onSelectShape: (index) => { this.model.select(index); this.redraw(); },
      onRelabel: (index, labelId) => this.relabel(index, labelId),
      onSetAttribute: (index, name, value) => this.setAttribute(index, name, value),
      onToggleView: (set, key) => this.toggleView(set, key),
      onRestack: (toFront) => this.restack(toFront),
      onFilter: () => this.renderSidebar(),
      onPropagate: (images) => this.propagate(images),
      onFocusSuggestion: (suggestion) => this.focusSuggestion(suggestion),
      onAcceptSuggestion: (suggestion) => this.acceptSuggestions([suggestion]),
      onRejectSuggestion: (suggestion) => this.rejectSuggestions([suggestion]),
      onAcceptLikely: () => this.acceptLikely(),
      onRejectAll: () => this.rejectAll(),
    });
    this.picture = null;
    this.model.reset(annotations.shapes);
    this.lastSave = { saved_by: annotations.saved_by, saved_at: annotations.saved_at };
    this.model.on('change', () => this.changed());
    this.model.on('select', () => this.renderSidebar());
    this.model.on('view', () => { this.renderSidebar(); this.redraw(); });
    this.sync = new Sync(image.id, annotations.revision, {
      onState: (state, message) => this.showSaveState(state, message),
      onConflict: (server) => this.showConflict(server),
      onSaved: () => this.refreshStatus(),
    });
    this.readOnly = false;
  }

  /** Submitted and accepted images are read-only for annotators: nothing on the page may change them. */
  updateReadOnly() {
    this.readOnly = !this.image.can_review && ['submitted', 'accepted'].includes(this.image.status);
    document.body.classList.toggle('read-only', this.readOnly);
    for (const button of document.querySelectorAll('button[data-tool="box"], button[data-tool="polygon"], button[data-tool="smart"]')) button.disabled = this.readOnly;
    if (this.readOnly && this.interaction.tool !== Tool.SELECT) this.setTool(Tool.SELECT);
  }

  /** False (with the reason shown) when the image cannot be changed by this user now. */
  editable() {
    if (!this.readOnly) return true;
    this.notify(`This image is ${STATUS_TEXT[this.image.status]}: it cannot be changed unless a reviewer rejects it.`, 'notice');
    return false;
  }

  /** The first save moves a new or rejected image to "in progress": show what the server now says. */
  async refreshStatus() {
    if (!['new', 'rejected'].includes(this.image.status)) return;
    try {
      this.image = { ...this.image, ...(await api(`/api/v1/images/${this.image.id}`)) };
      this.renderReview();
    } catch { /* the label catches up on the next load */ }
  }

  /** False (with the reason shown) when nothing may be drawn now. */
  requireLabel() {
    if (!this.editable()) return false;
    if (this.currentLabelId !== null) return true;
    this.notify('This project has no labels yet, so there is nothing to draw with. Ask the data team to add labels.');
    return false;
  }

  notify(text, kind = 'error') { showMessage('message', text, kind); }

  redraw() {
    this.view.canvas.dataset.tool = this.interaction.tool;
    this.view.canvas.classList.toggle('panning', this.interaction.mode === Mode.PANNING);
    this.view.draw({
      image: this.adjust?.picture(this.picture) ?? this.picture, imageWidth: this.image.width, imageHeight: this.image.height,
      shapes: this.interaction.displayShapes(), selected: this.model.selected, selectedVertex: this.model.selectedVertex,
      labels: this.labels, draft: this.interaction.draft, hover: this.interaction.hover,
      ghosts: this.showTheirs ? this.theirs : null,
      suggestions: this.openSuggestions().map((s) => ({ ...s, likely: isLikely(s, this.labels) })),
      focusedSuggestion: this.focusedSuggestion(),
      hidden: (i) => this.model.isHidden(i), locked: (i) => this.model.isLocked(i),
      index: indexOf(this.model.shapes, this.image.width, this.image.height), preview: this.interaction.preview?.index ?? -1,
      version: this.model.viewVersion, base: this.model.shapes,
      tiles: this.tiles, picture: (source) => this.adjust?.picture(source) ?? source, proposal: this.smart,
    });
  }

  /** One redraw at the next frame, however many tiles arrive before it. */
  redrawSoon() {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      this.redraw();
    });
  }

  /** Every edit (the model's `change`): journal and autosave, redraw, refresh the sidebar. Selecting a
   * shape never changes the label for new shapes: that is the user's choice alone. */
  changed() {
    this.sync.changed(this.model.snapshot(), decisionsFor(this.suggestions, this.model));
    this.renderSidebar();
    this.redraw();
  }

  // MARK: - Suggestions (a detector's boxes, kept or turned down with the save)

  openSuggestions() { return openSuggestions(this.suggestions, this.model); }

  /** The focused suggestion while it is open. */
  focusedSuggestion() {
    return this.openSuggestions().find((s) => s.id === this.focusedSuggestionId) ?? null;
  }

  focusSuggestion(suggestion) {
    this.focusedSuggestionId = suggestion?.id ?? null;
    this.renderSidebar();
    this.redraw();
  }

  /** Tab and Shift+Tab: the next or previous open suggestion, best score first. */
  stepSuggestion(step) {
    const next = neighbour(this.openSuggestions(), this.focusedSuggestionId, step);
    if (!next) return this.notify('There are no open suggestions on this image.', 'notice');
    this.model.select(-1);
    this.focusSuggestion(next);
  }

  /** After a decision on the focused suggestion, the focus goes on to the one that takes its place. */
  decide(suggestions, command) {
    if (!suggestions.length || !this.editable()) return false;
    const at = this.openSuggestions().findIndex((s) => s.id === this.focusedSuggestionId);
    if (!this.model.apply(command)) return false;
    const open = this.openSuggestions();
    if (!open.some((s) => s.id === this.focusedSuggestionId)) this.focusedSuggestionId = at >= 0 && open.length ? open[Math.min(at, open.length - 1)].id : null;
    this.renderSidebar();
    this.redraw();
    return true;
  }

  acceptSuggestions(suggestions) { return this.decide(suggestions, Command.acceptSuggestions(suggestions)); }

  rejectSuggestions(suggestions) { return this.decide(suggestions, Command.rejectSuggestions(suggestions.map((s) => s.id))); }

  // MARK: - Smart polygons (a box in, a proposed outline out, refined by clicks, kept with Enter)

  /** Asks the worker for an outline of the object in `state.box`, with the clicks so far. */
  async proposeSmart(state) {
    this.smart = { ...state, points: this.smart?.points ?? null, pending: true };
    this.view.canvas.dataset.smart = 'asking';
    this.redraw();
    try {
      const { box, include, exclude } = state;
      const answer = await api(`/api/v1/images/${this.image.id}/smart-polygon`, { method: 'POST',
        body: { box: [box.x, box.y, box.w, box.h], include: include.map((p) => [p.x, p.y]), exclude: exclude.map((p) => [p.x, p.y]) } });
      if (this.smart?.box !== box) return;  // dropped or replaced meanwhile
      this.smart = { ...state, points: answer.points, pending: false };
      this.view.canvas.dataset.smart = 'proposed';
      this.notify(`Proposed ${answer.vertices} points in ${answer.milliseconds} ms. Enter keeps it; click to add to it, Shift+click to take away; Esc drops it.`, 'notice');
    } catch (error) {
      if (this.smart) this.smart = { ...this.smart, pending: false };
      this.view.canvas.dataset.smart = 'failed';
      this.notify(error.message);
    }
    this.redraw();
  }

  /** A click on an object with no box drawn: a box a fifth of the image's shorter side across, around it. */
  boxAround(point) {
    const side = Math.max(32, Math.round(Math.min(this.image.width, this.image.height) / 5));
    const clamp = (value, size) => Math.min(Math.max(value, 0), Math.max(0, size - side));
    return { x: clamp(Math.round(point.x - side / 2), this.image.width), y: clamp(Math.round(point.y - side / 2), this.image.height),
      w: Math.min(side, this.image.width), h: Math.min(side, this.image.height) };
  }

  /** A click inside the proposal's box: on the object (or, `off`, not on it); the outline is proposed again. */
  refineSmart(point, off) {
    if (!this.smart || this.smart.pending) return;
    const { box, include, exclude } = this.smart;
    this.proposeSmart(off ? { box, include, exclude: [...exclude, point] } : { box, include: [...include, point], exclude });
  }

  /** Enter on a proposal: it becomes a polygon of the current label (one undo step), to edit like any other. */
  keepSmart() {
    if (!this.smart?.points || this.smart.pending || !this.requireLabel()) return false;
    const points = this.smart.points;
    this.smart = null;
    delete this.view.canvas.dataset.smart;
    this.model.apply(Command.add({ type: 'polygon', label_id: this.currentLabelId, points }));
    return true;
  }

  /** Enter: keeps a smart polygon's proposal, closes the polygon being drawn, or else keeps the focused suggestion. */
  enter() {
    if (this.keepSmart()) return;
    if (this.interaction.closePolygon()) return;
    const focused = this.focusedSuggestion();
    if (focused) this.acceptSuggestions([focused]);
    else if (this.openSuggestions().length) this.notify('Pick a suggestion first: click it or press Tab.', 'notice');
  }

  rejectFocused() {
    const focused = this.focusedSuggestion();
    if (focused) this.rejectSuggestions([focused]);
    else if (this.openSuggestions().length) this.notify('Pick a suggestion first: click it or press Tab.', 'notice');
  }

  /** Shift+Enter: keeps every open suggestion at or above its label's threshold. */
  acceptLikely() {
    const likely = this.openSuggestions().filter((s) => isLikely(s, this.labels));
    if (!likely.length) return this.notify('No open suggestion reaches its label’s threshold.', 'notice');
    if (this.acceptSuggestions(likely)) this.notify(`Accepted ${likely.length} suggestion${likely.length === 1 ? '' : 's'}. Ctrl+Z undoes it.`, 'notice');
  }

  /** Shift+X: turns down every open suggestion. */
  rejectAll() {
    const open = this.openSuggestions();
    if (open.length && this.rejectSuggestions(open)) this.notify(`Rejected ${open.length} suggestion${open.length === 1 ? '' : 's'}. Ctrl+Z undoes it.`, 'notice');
  }

  // MARK: - Commands (keymap and buttons)

  setTool(tool) {
    if (tool !== Tool.SELECT && !this.editable()) return;
    if (tool !== Tool.SMART && this.smart) {
      this.smart = null;
      delete this.view.canvas.dataset.smart;
    }
    if (tool === Tool.SMART && this.interaction.tool !== Tool.SMART) {
      this.notify('Smart polygon: drag a box around an object; a polygon is proposed for it.', 'notice');
    }
    this.interaction.setTool(tool);
    for (const button of document.querySelectorAll('button[data-tool]')) button.classList.toggle('active', button.dataset.tool === tool);
  }

  escape() {
    if (!$('help').hidden) return this.toggleHelp();
    if (this.smart) {
      this.smart = null;
      delete this.view.canvas.dataset.smart;
      return this.redraw();
    }
    this.interaction.cancel();
  }

  deleteSelection() {
    const deletion = deletionFor(this.model.shapes, this.model.selected, this.model.selectedVertex);
    if (deletion && this.changeable(this.model.selected)) this.model.apply(deletion);
  }

  /** False (with the reason shown) when shape `index` may not change now: a read-only image, or a locked shape. */
  changeable(index) {
    if (!this.editable()) return false;
    if (!this.model.isLocked(index)) return true;
    const label = this.labels.get(this.model.shapes[index]?.label_id);
    this.notify(this.model.lockedLabels.has(label?.id)
      ? `Every ${label.name} is locked: unlock the label in the sidebar to change it.`
      : 'This shape is locked: K unlocks it.', 'notice');
    return false;
  }

  // MARK: - Showing, locking and stacking shapes (how this person views them; only the order is saved)

  /** H: hides the selected shape (Shift+H shows every hidden one again). */
  toggleHiddenSelection() {
    const index = this.model.selected;
    if (index < 0 || this.model.selection.type === 'tag') return this.notify('Select a shape to hide it; Shift+H shows every hidden shape.', 'notice');
    this.model.toggle('hidden', index);
    this.notify('Hidden. It is still saved; Shift+H or its eye in the list shows it again.', 'notice');
  }

  showAllShapes() {
    const count = this.model.showAll();
    this.notify(count ? `Showing ${count} hidden shape${count === 1 ? '' : 's'} again.` : 'No shape is hidden.', 'notice');
  }

  /** K: locks the selected shape against moves and edits, and lets clicks through it; again unlocks it. */
  toggleLockedSelection() {
    const index = this.model.selected;
    if (index < 0 || this.model.selection.type === 'tag') return this.notify('Select a shape to lock it.', 'notice');
    const locked = this.model.toggle('locked', index);
    this.notify(locked ? 'Locked: it cannot be moved or changed, and clicks go through it. K unlocks it.' : 'Unlocked.', 'notice');
  }

  /** End and Home: the selected shape to the front (drawn last) or to the back (drawn first). */
  restack(toFront) {
    const index = this.model.selected;
    if (index < 0) return this.notify('Select a shape first; End brings it to the front, Home sends it to the back.', 'notice');
    if (!this.changeable(index)) return;
    if (!this.model.apply(Command.reorder(index, toFront ? this.model.shapes.length - 1 : 0))) {
      this.notify(toFront ? 'It is in front already.' : 'It is at the back already.', 'notice');
    }
  }
  undo() { if (this.editable()) this.stepHistory(() => this.model.undo()); }
  redo() { if (this.editable()) this.stepHistory(() => this.model.redo()); }

  /** Undo or redo; a suggestion it opens again gets the focus, so the next key acts on it. */
  stepHistory(step) {
    const before = new Set(this.openSuggestions().map((s) => s.id));
    if (!step()) return;
    const reopened = this.openSuggestions().find((s) => !before.has(s.id));
    if (reopened) this.focusSuggestion(reopened);
  }
  fit() {
    this.view.fit(this.image.width, this.image.height);
    this.view.adjusted = false;
    this.redraw();
  }
  toggleHelp() { $('help').hidden = !$('help').hidden; }

  /** Label names on the canvas, remembered in this browser. */
  toggleNames() {
    this.view.showNames = !this.view.showNames;
    localStorage.setItem('loupe.editor.names', this.view.showNames ? 'on' : 'off');
    $('names').classList.toggle('active', this.view.showNames);
    this.redraw();
  }

  /** The label for the next shapes drawn (and tags toggled with T). Never relabels a shape. */
  chooseLabel(id) {
    this.currentLabelId = id;
    this.renderSidebar();
  }

  /** Keys follow the badges only: a label without a hotkey has no key, whatever its position. */
  labelForHotkey(hotkey) {
    const label = this.labelOrder.find((l) => l.hotkey === hotkey);
    if (!label) this.notify(`No label has hotkey ${hotkey}. The badges beside the labels show their keys.`, 'notice');
    return label;
  }

  chooseHotkey(hotkey) {
    const label = this.labelForHotkey(hotkey);
    if (label) this.chooseLabel(label.id);
  }

  /** Shift+digit: the explicit way to change a selected shape's label from the keyboard. */
  relabelSelection(hotkey) {
    if (!this.editable()) return;
    if (!this.model.selection || this.model.selection.type === 'tag') return this.notify('Select a shape first, then press Shift and its new label’s key.', 'notice');
    const label = this.labelForHotkey(hotkey);
    if (label) this.relabel(this.model.selected, label.id);
  }

  // MARK: - Carrying shapes between images

  get clipboardKey() { return `loupe.editor.clipboard.${this.image.project_id}`; }

  /** Ctrl+C: the selected shape, or every shape, kept in this browser for any image of the project. */
  copyShapes() {
    const shapes = copiedFrom(this.model.shapes, this.model.selected);
    if (!shapes.length) return this.notify('There is nothing to copy on this image.', 'notice');
    localStorage.setItem(this.clipboardKey, JSON.stringify({ image_id: this.image.id, file_name: this.image.file_name, shapes }));
    this.notify(`Copied ${count(shapes.length, 'shape')}. Ctrl+V pastes on any image of this project.`, 'notice');
  }

  /** Ctrl+V: what was copied, clamped to this image, as one undoable step. */
  pasteShapes() {
    const copied = JSON.parse(localStorage.getItem(this.clipboardKey) ?? 'null');
    if (!copied?.shapes?.length) return this.notify('Nothing is copied yet: select a shape (or none, for all) and press Ctrl+C.', 'notice');
    this.addCarried(copied.shapes, `from ${copied.file_name}`);
  }

  /** R: every shape of the image opened before this one (or else the one before it in the project). */
  async repeatPrevious() {
    if (!this.editable()) return;
    const id = this.previousImageId ?? this.neighbors?.previous_id;
    if (!id) return this.notify('There is no previous image to repeat the shapes of.', 'notice');
    try {
      const [previous, annotations] = await Promise.all([api(`/api/v1/images/${id}`), api(`/api/v1/images/${id}/annotations`)]);
      if (!annotations.shapes.length) return this.notify(`The previous image, ${previous.file_name}, has no shapes.`, 'notice');
      this.addCarried(annotations.shapes, `from ${previous.file_name}`);
    } catch (error) { this.notify(error.message); }
  }

  addCarried(shapes, from) {
    if (!this.editable()) return;
    const { shapes: fitted, dropped } = pasted(shapes, this.model.shapes, this.image.width, this.image.height);
    const outside = dropped ? ` (${count(dropped, 'shape')} fell outside this image)` : '';
    if (!fitted.length) {
      return this.notify(`Nothing to add ${from}: ${dropped ? 'its shapes fall outside this image' : 'this image has those tags already'}.`, 'notice');
    }
    this.model.apply(Command.addMany(fitted));
    this.notify(`Added ${count(fitted.length, 'shape')} ${from}${outside}. Ctrl+Z undoes it.`, 'notice');
  }

  /** The selected shape (or every shape) added to the next `images` images of the project, on the server. */
  async propagate(images) {
    const shapes = copiedFrom(this.model.shapes, this.model.selected);
    if (!shapes.length) return this.notify('There is nothing to propagate on this image.', 'notice');
    if (!(await this.sync.flush())) return this.notify('Save this image first: the last save did not go through.');
    try {
      const result = await api(`/api/v1/images/${this.image.id}/propagate`, { method: 'POST',
        body: { shapes, count: images, ...(this.statusFilter ? { status: this.statusFilter } : {}) } });
      const skipped = result.skipped.length ? ` Skipped ${count(result.skipped.length, 'image')}: ${result.skipped.map((s) => s.reason).join('; ')}.` : '';
      this.notify(result.changed.length
        ? `Added to ${count(result.changed.length, 'next image')} (${result.changed.map((c) => `#${c.image_id}`).join(', ')}).${skipped}`
        : `No image after this one took them.${skipped}`, 'notice');
      return result;
    } catch (error) { this.notify(error.message); }
  }

  /** The sidebar's eye and lock beside each shape and each label. */
  toggleView(set, key) { this.model.toggle(set, key); }

  /** A new label for a shape; its attribute values go along where the new label has room for them. */
  relabel(index, labelId) {
    if (!this.changeable(index)) return this.renderSidebar();
    const shape = this.model.shapes[index];
    if (shape) this.model.apply(Command.relabel(index, labelId, conform(shape.attributes, this.schemaOf(labelId))));
  }

  schemaOf(labelId) { return this.labels.get(labelId)?.attributes ?? []; }

  /** One attribute of a shape, from the sidebar: checked as the server will, then one undoable step. */
  setAttribute(index, name, value) {
    const shape = this.model.shapes[index];
    const spec = this.schemaOf(shape?.label_id).find((s) => s.name === name);
    if (!shape || !spec || !this.changeable(index)) return this.renderSidebar();
    const wrong = problem(spec, value);
    if (wrong) {
      this.notify(wrong);
      return this.renderSidebar();
    }
    this.model.apply(Command.setAttributes(index, { ...(shape.attributes ?? {}), [name]: value }));
  }

  /** Q W E: flips one of the selected shape's first three yes/no attributes. */
  toggleAttributeKey(key) {
    const shape = this.model.selection;
    if (!shape || shape.type === 'tag') return this.notify('Select a shape first; Q, W and E flip its yes/no attributes.', 'notice');
    const slot = booleanKeys(this.schemaOf(shape.label_id)).find((k) => k.key === key);
    if (!slot) return this.notify(`${this.labels.get(shape.label_id)?.name ?? 'This label'} has no yes/no attribute on ${key}.`, 'notice');
    const current = completed(shape.attributes, [slot.spec])[0].value;
    this.setAttribute(this.model.selected, slot.spec.name, !current);
  }

  toggleCurrentTag() {
    if (this.requireLabel()) this.model.apply(Command.toggleTag(this.currentLabelId));
  }

  toggleTag(labelId) {
    if (this.editable()) this.model.apply(Command.toggleTag(labelId));
  }

  async saveNow() {
    await this.sync.flush();
  }

  /** Saves, then moves to the previous or next image (keeping the status filter); working from the
   * queue, "next" is the queue's next image. */
  async go(direction) {
    if (direction === 'next' && new URLSearchParams(location.search).get('queue') === '1') return this.queue.next();
    const id = direction === 'next' ? this.neighbors?.next_id : this.neighbors?.previous_id;
    if (!id) return this.notify(direction === 'next' ? 'This is the last image.' : 'This is the first image.', 'notice');
    if (!(await this.sync.flush()) && !confirm('Your latest edits are not saved on the server yet (they are kept in this browser). Leave anyway?')) return;
    const query = new URLSearchParams({ image: id });
    if (this.statusFilter) query.set('status', this.statusFilter);
    location.assign(`/editor.html?${query}`);
  }

  async submit() {
    if (!(await this.sync.flush())) return this.notify('Save your edits before submitting: the last save did not go through.');
    try {
      this.image = await api(`/api/v1/images/${this.image.id}/submit`, { method: 'POST', body: { revision: this.sync.revision } });
      this.notify('Submitted for review.', 'notice');
      this.renderReview();
      // Working from the queue: straight on to the next image to label.
      if (new URLSearchParams(location.search).get('queue') === '1') this.queue.next();
    } catch (error) {
      this.notify(error.message);
    }
  }

  async review(decision) {
    const comment = $('review-comment').value;
    if (decision === 'reject' && !comment.trim()) {
      $('review-comment').focus();
      return this.notify('Say what needs fixing when you reject an image.');
    }
    if (!(await this.sync.flush())) return this.notify('Your corrections are not saved yet; try again in a moment.');
    try {
      this.image = { ...this.image, ...(await api(`/api/v1/images/${this.image.id}/review`, { method: 'POST', body: { decision, comment } })) };
      $('review-comment').value = '';
      await this.renderReview();
      await this.nextToReview(decision === 'accept' ? 'Accepted.' : 'Rejected; the annotator will see your comment.');
    } catch (error) {
      this.notify(error.message);
    }
  }

  /** After a decision: on to the next submitted image, or say the queue is done. */
  async nextToReview(done) {
    const around = await api(`/api/v1/images/${this.image.id}/neighbors?status=submitted`).catch(() => ({}));
    const target = around.next_id ?? around.previous_id;
    if (target) return location.assign(`/editor.html?image=${target}&status=submitted`);
    this.notify(`${done} Review queue finished: every submitted image in this project has a decision.`, 'notice');
    $('review-done').hidden = false;
  }

  // MARK: - Save state and conflicts

  showSaveState(state, message) {
    const text = { saved: 'Saved', unsaved: 'Unsaved changes', saving: 'Saving…', offline: 'Offline', conflict: 'Conflict',
      rejected: 'Not saved', locked: 'Read-only' }[state];
    $('save-state').textContent = text;
    $('save-state').dataset.state = state;
    $('save-state').title = message;
    $('retry-now').hidden = state !== SaveState.OFFLINE;
    if ([SaveState.OFFLINE, SaveState.REJECTED, SaveState.LOCKED].includes(state)) this.notify(message);
    else if (state === SaveState.SAVED) $('message').hidden = true;
  }

  /** Shows both sides: theirs dashed over mine, who saved it and when, and what each has that the other
   * lacks. Nothing is dropped until the user picks: merge both, keep only mine, or take theirs. */
  async showConflict(server, draftTime) {
    const current = server.shapes ? server : await api(`/api/v1/images/${this.image.id}/annotations`).catch(() => null);
    if (!current) return this.notify('Someone else saved this image, and theirs could not be loaded. Reload the page; your edits are kept in this browser.');
    const mine = this.model.snapshot();
    const theirs = current.shapes;
    const theyAdd = onlyIn(theirs, mine).length;
    const iAdd = onlyIn(mine, theirs).length;
    const who = current.saved_by ?? 'another user';
    const when = current.saved_at ? ` at ${new Date(current.saved_at).toLocaleString()}` : '';
    const draft = draftTime ? ` Your unsaved edits from ${new Date(draftTime).toLocaleString()} were kept in this browser.` : '';
    const count = (n) => `${n} shape${n === 1 ? '' : 's'}`;
    $('conflict-text').textContent = `Someone else saved this image: ${who}${when} (revision ${current.revision}).${draft} `
      + `Theirs has ${count(theyAdd)} yours lacks, yours has ${count(iAdd)} theirs lacks; their shapes are drawn dashed.`;
    $('merge-both').textContent = `Merge both (keep all ${mine.length + theyAdd})`;
    $('keep-mine').textContent = theyAdd ? `Keep only mine (drops their ${count(theyAdd)})` : 'Keep mine';
    $('take-theirs').textContent = iAdd ? `Take theirs (drops your ${count(iAdd)})` : 'Take theirs';
    this.theirs = theirs;
    this.showTheirs = true;
    $('toggle-theirs').textContent = 'Hide theirs';
    $('conflict').hidden = false;
    this.redraw();
    const close = () => {
      $('conflict').hidden = true;
      this.theirs = null;
      this.redraw();
    };
    $('toggle-theirs').onclick = () => {
      this.showTheirs = !this.showTheirs;
      $('toggle-theirs').textContent = this.showTheirs ? 'Hide theirs' : 'Show theirs';
      this.redraw();
    };
    $('merge-both').onclick = () => {
      close();
      this.model.apply(Command.replaceAll(merged(this.model.snapshot(), theirs)));  // undone like any edit
      this.sync.keepMine(current.revision, this.model.snapshot());
    };
    $('keep-mine').onclick = () => {
      close();
      this.sync.keepMine(current.revision, this.model.snapshot());
    };
    $('take-theirs').onclick = () => {
      close();
      this.model.reset(theirs);
      this.sync.takeTheirs(current.revision);
      this.renderSidebar();
      this.redraw();
    };
  }

  /** On load: a draft from this browser is shown, and saved only when the user says so. A draft made
   * on an older revision goes through the conflict choice; one on a read-only image can only be discarded. */
  restoreDraft(serverRevision) {
    const draft = this.sync.readJournal();
    if (!draft) return;
    const server = { revision: serverRevision, shapes: this.model.snapshot(), ...this.lastSave };
    this.model.reset(draft.shapes, draft.extra?.rejected_suggestions ?? []);
    this.sync.paused = true;
    if (draft.base_revision !== serverRevision) {
      this.sync.setState(SaveState.CONFLICT, 'A draft from this browser is older than the saved image.');
      return this.showConflict(server, draft.at);
    }
    const when = new Date(draft.at).toLocaleString();
    this.sync.setState(SaveState.UNSAVED, 'A draft from this browser is waiting for your choice.');
    $('draft-text').textContent = this.readOnly
      ? `You see edits from this browser (${when}) that never reached the server. This image is ${STATUS_TEXT[this.image.status]}, so they cannot be saved.`
      : `You see edits from this browser (${when}) that never reached the server.`;
    $('keep-draft').hidden = this.readOnly;
    $('draft').hidden = false;
    $('keep-draft').onclick = () => {
      $('draft').hidden = true;
      this.sync.paused = false;
      this.sync.changed(this.model.snapshot());
    };
    $('discard-draft').onclick = () => {
      $('draft').hidden = true;
      this.model.reset(server.shapes);
      this.sync.takeTheirs(serverRevision);
      this.renderSidebar();
      this.redraw();
    };
  }

  // MARK: - Sidebar

  renderSidebar() {
    this.queue?.render();
    this.comments?.updateShapeChoice();
    this.sidebar.render({ labels: this.labelOrder, byId: this.labels, currentLabelId: this.currentLabelId, model: this.model,
      readOnly: this.readOnly });
    this.sidebar.renderSuggestions({ open: this.openSuggestions(), byId: this.labels, focusedId: this.focusedSuggestionId,
      likely: (s) => isLikely(s, this.labels), readOnly: this.readOnly });
  }

  async renderReview() {
    const status = this.image.status;
    $('status').textContent = STATUS_TEXT[status] ?? status;
    $('submit').hidden = !['new', 'in_progress', 'rejected'].includes(status);
    $('review-form').hidden = !(this.image.can_review && status === 'submitted');
    this.updateReadOnly();
    if (this.readOnly) this.notify(`This image is ${STATUS_TEXT[status]}: you can look, but not change it unless a reviewer rejects it.`, 'notice');
    const reviews = await api(`/api/v1/images/${this.image.id}/reviews`).then((r) => r.reviews).catch(() => []);
    const last = reviews[0];
    $('last-review').hidden = !last;
    if (last) {
      $('last-review').textContent = `${last.decision === 'rejected' ? 'Rejected' : 'Accepted'} by ${last.reviewer ?? 'a former user'}` +
        (last.comment ? `: “${last.comment}”` : '');
    }
  }

  // MARK: - Wiring

  async start() {
    $('file-name').textContent = `${this.image.file_name} · ${this.image.width}×${this.image.height}`;
    document.title = `${this.image.file_name} · Loupe`;
    $('project-link').href = `/project.html?id=${this.image.project_id}`;
    $('review-link').href = `/review.html?project=${this.image.project_id}`;
    $('review-done-link').href = `/project.html?id=${this.image.project_id}`;
    $('review-link').hidden = !this.image.can_review;
    renderHelp($('help-list'));
    this.view.showNames = localStorage.getItem('loupe.editor.names') !== 'off';
    $('names').classList.toggle('active', this.view.showNames);
    this.view.resize();
    this.fit();
    this.updateReadOnly();
    this.setTool(this.currentLabelId === null || this.readOnly ? Tool.SELECT : Tool.BOX);
    this.restoreDraft(this.sync.revision);
    this.renderSidebar();
    this.renderReview();
    this.bindEvents();
    this.adjust = new AdjustPanel({ projectId: this.image.project_id, userId: this.me.user.id, redraw: () => this.redraw(),
      notify: (text, kind) => this.notify(text, kind) });
    this.adjust.start();
    // The image opened before this one in the project, for R.
    const lastKey = `loupe.editor.last.${this.image.project_id}`;
    const last = Number(localStorage.getItem(lastKey));
    this.previousImageId = last && last !== this.image.id ? last : null;
    localStorage.setItem(lastKey, String(this.image.id));
    const picture = new Image();
    picture.onload = () => {
      this.picture = picture;
      this.redraw();
      this.view.canvas.dataset.painted = '1';  // the image is on screen (tests and the benchmark wait for it)
    };
    picture.onerror = () => this.notify('The image could not be loaded. Reload the page to try again.');
    picture.src = this.image.display_url;
    this.queue = new Queue({
      image: () => this.image, model: this.model, editable: () => this.editable(), isReadOnly: () => this.readOnly,
      flush: () => this.sync.flush(), notify: (text, kind) => this.notify(text, kind),
    });
    this.queue.start();
    this.comments = new CommentsPanel({
      imageId: this.image.id, revision: () => this.sync.revision, selected: () => this.model.selected,
      selectShape: (index) => { this.model.select(index); this.renderSidebar(); this.redraw(); },
      flush: () => this.sync.flush(), notify: (text, kind) => this.notify(text, kind),
    });
    this.comments.start().catch((error) => this.notify(error.message));
    const query = this.statusFilter ? `?status=${encodeURIComponent(this.statusFilter)}` : '';
    this.neighbors = await api(`/api/v1/images/${this.image.id}/neighbors${query}`).catch(() => ({}));
    $('previous').disabled = !this.neighbors.previous_id;
    $('next').disabled = !this.neighbors.next_id;
  }

  bindEvents() {
    const canvas = this.view.canvas;
    canvas.addEventListener('pointerdown', (event) => {
      canvas.focus();
      this.interaction.pointerDown(event);
      // Keeps drags going when the pointer leaves the canvas; some synthetic pointers cannot be captured.
      try { canvas.setPointerCapture(event.pointerId); } catch { /* drags then end at the canvas edge */ }
    });
    canvas.addEventListener('pointermove', (event) => this.interaction.pointerMove(event));
    canvas.addEventListener('pointerup', (event) => { this.interaction.pointerUp(event); this.renderSidebar(); });
    canvas.addEventListener('dblclick', () => this.interaction.closePolygon());
    canvas.addEventListener('wheel', (event) => { event.preventDefault(); this.interaction.wheel(event); }, { passive: false });
    canvas.addEventListener('contextmenu', (event) => event.preventDefault());
    // Messages and banners change the stage's size: keep the canvas matched, and keep the whole
    // image in view unless the user has zoomed or panned.
    new ResizeObserver(() => {
      this.view.resize();
      if (this.view.adjusted) this.redraw(); else this.fit();
    }).observe($('stage'));
    window.addEventListener('keydown', (event) => {
      if (event.target.closest?.('input, textarea, select')) return;
      if (event.key === ' ') {
        this.interaction.spaceHeld = true;
        event.preventDefault();
        return;
      }
      const entry = lookup(event);
      if (!entry) return;
      event.preventDefault();
      entry.run(this, event);
    });
    window.addEventListener('keyup', (event) => { if (event.key === ' ') this.interaction.spaceHeld = false; });
    window.addEventListener('beforeunload', (event) => {
      if (this.sync.dirty) event.preventDefault();  // the draft is kept either way; this only warns
    });
    for (const button of document.querySelectorAll('button[data-tool]')) button.addEventListener('click', () => this.setTool(button.dataset.tool));
    $('undo').addEventListener('click', () => this.undo());
    $('redo').addEventListener('click', () => this.redo());
    $('fit').addEventListener('click', () => this.fit());
    $('names').addEventListener('click', () => this.toggleNames());
    $('previous').addEventListener('click', () => this.go('previous'));
    $('next').addEventListener('click', () => this.go('next'));
    $('next-queue').addEventListener('click', () => this.queue.next());
    $('help-button').addEventListener('click', () => this.toggleHelp());
    $('help-close').addEventListener('click', () => this.toggleHelp());
    $('submit').addEventListener('click', () => this.submit());
    $('accept').addEventListener('click', () => this.review('accept'));
    $('reject').addEventListener('click', () => this.review('reject'));
    $('retry-now').addEventListener('click', () => this.sync.retryNow());
    // Back online: save at once instead of waiting out the backoff.
    window.addEventListener('online', () => this.sync.retryNow());
  }
}

async function main() {
  const imageId = new URLSearchParams(location.search).get('image');
  let me;
  try {
    me = await currentUser();
  } catch (error) {
    return showMessage('message', error.message);
  }
  if (!me) return location.replace('/login.html?next=' + encodeURIComponent(location.pathname + location.search));
  initTopbar(me);
  if (!imageId) return showMessage('message', 'No image chosen. Open one from its project’s page.');
  try {
    const image = await api(`/api/v1/images/${encodeURIComponent(imageId)}`);
    const [labels, annotations, suggestions] = await Promise.all([
      api(`/api/v1/projects/${image.project_id}/labels`).then((r) => r.labels),
      api(`/api/v1/images/${image.id}/annotations`),
      api(`/api/v1/images/${image.id}/box-suggestions`).then((r) => r.suggestions),
    ]);
    const editor = new Editor(me, image, labels, annotations, suggestions);
    await editor.start();
  } catch (error) {
    showMessage('message', error.status === 404 ? 'This image does not exist, or you are not a member of its project.' : error.message);
  }
}

main();
