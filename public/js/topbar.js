// The top bar every page shares, static and server-rendered alike: its markup is one partial
// (public/partials/topbar.html, included by nginx SSI), and this fills it for the signed-in user —
// the links their role may use, how many promotion requests wait (admins), who is signed in, and
// a working Log out button. Links a role cannot use stay hidden.

const RANK = { annotator: 0, reviewer: 1, data: 2, admin: 3 };

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
}
