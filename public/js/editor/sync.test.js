// The save loop against a scripted server: journal first, save after a quiet moment, retry with
// backoff when the network is down, stop and hand over on a conflict, never drop an edit.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { SaveState, Sync } from './sync.js';

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.get(key) ?? null; }
  setItem(key, value) { this.items.set(key, value); }
  removeItem(key) { this.items.delete(key); }
}

const networkDown = Object.assign(new Error('Cannot reach the server.'), { status: 0 });
const stale = Object.assign(new Error('Someone saved since.'), { status: 409, code: 'stale_revision' });
const locked = Object.assign(new Error('It is submitted.'), { status: 409, code: 'wrong_status' });

/** A Sync over a server whose answers to PUT are scripted; GET returns `theirs`. */
function harness(answers, theirs = { revision: 9, shapes: [{ type: 'tag', label_id: 3 }] }) {
  const puts = [], states = [], conflicts = [];
  const storage = new MemoryStorage();
  const request = async (path, { method = 'GET', body } = {}) => {
    if (method === 'GET') return theirs;
    puts.push(body);
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return { revision: body.revision + 1, shapes: body.shapes };
  };
  const sync = new Sync(7, 1, { onState: (state) => states.push(state), onConflict: (server) => conflicts.push(server), request, storage });
  return { sync, puts, states, conflicts, storage };
}

const settle = async () => { for (let i = 0; i < 5; i += 1) await Promise.resolve(); };

test('an edit is journaled at once and saved after a quiet moment, then the journal goes', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { sync, puts, states, storage } = harness(['ok']);
    sync.changed([{ type: 'tag', label_id: 1 }]);
    assert.equal(JSON.parse(storage.getItem('loupe.draft.7')).shapes.length, 1, 'journaled before any save');
    assert.equal(puts.length, 0);
    mock.timers.tick(800);
    await settle();
    assert.deepEqual(puts, [{ revision: 1, shapes: [{ type: 'tag', label_id: 1 }] }]);
    assert.equal(sync.revision, 2);
    assert.equal(storage.getItem('loupe.draft.7'), null);
    assert.deepEqual(states, [SaveState.UNSAVED, SaveState.SAVING, SaveState.SAVED]);
  } finally {
    mock.timers.reset();
  }
});

test('when the network is down, saves retry with a doubling wait and Retry now goes at once', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { sync, puts, states } = harness([networkDown, networkDown, networkDown, 'ok']);
    sync.changed([]);
    mock.timers.tick(800);
    await settle();
    assert.equal(sync.state, SaveState.OFFLINE);
    mock.timers.tick(999);
    await settle();
    assert.equal(puts.length, 1, 'waits the first second');
    mock.timers.tick(1);
    await settle();
    assert.equal(puts.length, 2);
    mock.timers.tick(1999);
    await settle();
    assert.equal(puts.length, 2, 'then two seconds');
    sync.retryNow();
    await settle();
    assert.equal(puts.length, 3, 'Retry now does not wait');
    sync.retryNow();
    await settle();
    assert.equal(puts.length, 4);
    assert.equal(sync.state, SaveState.SAVED);
    assert.ok(states.includes(SaveState.OFFLINE));
  } finally {
    mock.timers.reset();
  }
});

test('an edit made while a save is on its way is saved next, on top of the new revision', async () => {
  let release;
  const puts = [];
  const request = (path, { body }) => {
    puts.push(body);
    return new Promise((resolve) => { release = () => resolve({ revision: body.revision + 1 }); });
  };
  const sync = new Sync(7, 1, { onState: () => {}, onConflict: () => {}, request, storage: new MemoryStorage() });
  sync.changed(['first']);
  const first = sync.save();
  sync.changed(['first', 'second']);
  release();
  await first;
  assert.ok(sync.dirty, 'the second edit is still to save');
  const second = sync.flush();
  await settle();
  release();
  assert.equal(await second, true);
  assert.deepEqual(puts.map((p) => [p.revision, p.shapes.length]), [[1, 1], [2, 2]]);
});

test('a conflict stops saving and hands over the server set; nothing is dropped until the user picks', async () => {
  const { sync, puts, conflicts, storage } = harness([stale, 'ok']);
  sync.changed([{ type: 'tag', label_id: 1 }]);
  await sync.save();
  await settle();
  assert.equal(sync.state, SaveState.CONFLICT);
  assert.deepEqual(conflicts, [{ revision: 9, shapes: [{ type: 'tag', label_id: 3 }] }]);
  sync.changed([{ type: 'tag', label_id: 1 }, { type: 'tag', label_id: 2 }]);
  assert.equal(puts.length, 1, 'paused: edits are journaled, not saved');
  assert.equal(JSON.parse(storage.getItem('loupe.draft.7')).shapes.length, 2);
  await sync.keepMine(9, [{ type: 'tag', label_id: 1 }, { type: 'tag', label_id: 2 }]);
  assert.deepEqual(puts[1].revision, 9, 'mine goes on top of theirs');
  assert.equal(sync.state, SaveState.SAVED);
});

test('a locked image keeps the edits in this browser and stops trying', async () => {
  const { sync, puts, storage } = harness([locked]);
  sync.changed(['edit']);
  await sync.save();
  assert.equal(sync.state, SaveState.LOCKED);
  sync.changed(['edit', 'another']);
  await sync.flush();
  assert.equal(puts.length, 1);
  assert.equal(JSON.parse(storage.getItem('loupe.draft.7')).shapes.length, 2);
});

test('decisions on suggestions ride with the shapes, in the save and in the journal', async () => {
  const { sync, puts, storage } = harness([locked, 'ok']);
  const extra = { rejected_suggestions: [12], open_suggestions: [13] };
  sync.changed([{ type: 'bbox', label_id: 1, x: 1, y: 1, w: 5, h: 5, suggestion_id: 11 }], extra);
  await sync.save();
  assert.deepEqual(JSON.parse(storage.getItem('loupe.draft.7')).extra, extra, 'kept in this browser while the save cannot go');
  await sync.keepMine(3, sync.latest);
  assert.deepEqual(puts.map((p) => [p.rejected_suggestions, p.open_suggestions, p.shapes[0].suggestion_id]), [[[12], [13], 11], [[12], [13], 11]]);
});
