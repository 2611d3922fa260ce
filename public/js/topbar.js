// The top bar every page shares, static and server-rendered alike: its markup is one partial
// (public/partials/topbar.html, included by nginx SSI), and this fills it for the signed-in user —
// the links their role may use, how many promotion requests wait (admins), unread comments and
// @mentions (a panel linking to each image), who is signed in, and a working Log out button.
// Links a role cannot use stay hidden.
import { api } from './api.js';
import { notificationsLabel } from './comment-format.js';

const RANK = { annotator: 0, reviewer: 1, data: 2, admin: 3 };
const $ = (id) => document.getElementById(id);
/** How often the count is refreshed while a page stays open. */
const REFRESH_MS = 60_000;

/** Fills the bar for `me` (from currentUser()). */
export function initTopbar(me) {
  const rank = RANK[me.user.role] ?? 0;
  for (const link of document.querySelectorAll('.topbar nav a[data-role]')) {
    link.hidden = rank < (RANK[link.dataset.role] ?? 99);
  }
  const models = document.getElementById('models-link');
  const waiting = me.pending_promotions ?? 0;
  if (models && waiting) {
    models.textContent = `Models (${waiting} waiting)`;
    models.title = `${waiting} promotion request${waiting === 1 ? '' : 's'} waiting for a decision`;
  }
  document.getElementById('who').textContent = `${me.user.username} · ${me.user.role}`;
  document.getElementById('logout_csrf').value = me.csrf_token ?? '';
  document.getElementById('logout').hidden = false;
  if ($('notifications-button')) initNotifications();
}

function renderNotifications(data) {
  const button = $('notifications-button');
  button.textContent = notificationsLabel(data);
  button.classList.toggle('has-unread', data.unread > 0);
  button.hidden = false;
  $('notifications-empty').hidden = data.comments.length > 0;
  $('notifications-read').hidden = data.unread === 0;
  $('notifications-list').replaceChildren(...data.comments.map((comment) => {
    const item = document.createElement('li');
    item.classList.toggle('mention', comment.mention);
    const link = document.createElement('a');
    link.href = `/editor.html?image=${comment.image_id}#comments`;
    const who = document.createElement('strong');
    who.textContent = comment.author ?? 'a former user';
    const where = document.createElement('span');
    where.className = 'muted';
    const more = comment.unread > 1 ? ` (${comment.unread} new)` : '';
    where.textContent = ` ${comment.mention ? 'mentioned you' : 'wrote'} on ${comment.file_name} · ${comment.project_name}${more}`;
    const excerpt = document.createElement('span');
    excerpt.className = 'excerpt';
    excerpt.textContent = comment.excerpt;
    const line = document.createElement('span');
    line.append(who, where);
    link.append(line, excerpt);
    item.append(link);
    return item;
  }));
}

async function refreshNotifications() {
  try {
    renderNotifications(await api('/api/v1/notifications'));
  } catch { /* the count catches up on the next refresh */ }
}

function initNotifications() {
  const button = $('notifications-button');
  const panel = $('notifications-panel');
  const setOpen = (open) => {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', () => setOpen(panel.hidden));
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && !panel.hidden) setOpen(false); });
  document.addEventListener('click', (event) => { if (!panel.hidden && !event.target.closest('.notifications')) setOpen(false); });
  $('notifications-read').addEventListener('click', async () => {
    try {
      await api('/api/v1/notifications/read', { method: 'POST' });
      await refreshNotifications();
    } catch { /* left as it was */ }
  });
  // A page that reads a thread says so; the count follows at once.
  document.addEventListener('loupe:notifications-changed', refreshNotifications);
  window.addEventListener('focus', refreshNotifications);
  setInterval(refreshNotifications, REFRESH_MS);
  refreshNotifications();
}
