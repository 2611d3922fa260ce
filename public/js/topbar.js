// The top bar every static page shares: the same links as the server pages' bar (Projects, the page's
// own links, Models, Users, Audit log, Account, by role), who is signed in, and a working Log out button.

function link(href, text) {
  return Object.assign(document.createElement('a'), { href, textContent: text });
}

/** Fills the bar for `me` (from currentUser()): links for the role, name and role, the logout form's CSRF token. */
export function initTopbar(me) {
  const role = me.user.role;
  const nav = document.querySelector('.topbar nav');
  const standard = new Set(['/', '/auth/account', '/admin/models', '/admin/users', '/admin/audit']);
  const own = [...nav.children].filter((a) => !standard.has(a.getAttribute('href')) || a.id);
  const links = [link('/', 'Projects'), ...own];
  if (['data', 'admin'].includes(role)) {
    const waiting = me.pending_promotions ?? 0;
    const models = link('/admin/models', waiting ? `Models (${waiting} waiting)` : 'Models');
    models.id = 'models-link';
    if (waiting) models.title = `${waiting} promotion request${waiting === 1 ? '' : 's'} waiting for a decision`;
    links.push(models);
  }
  if (role === 'admin') links.push(link('/admin/users', 'Users'), link('/admin/audit', 'Audit log'));
  links.push(link('/auth/account', 'Account'));
  nav.replaceChildren(...links);
  document.getElementById('who').textContent = `${me.user.username} · ${role}`;
  document.getElementById('logout_csrf').value = me.csrf_token ?? '';
  document.getElementById('logout').hidden = false;
}
