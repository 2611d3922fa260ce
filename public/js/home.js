// The start page: who is signed in and where they can go; sends visitors to the login page.
import { currentUser, api } from './api.js';

function link(href, text) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  li.append(a);
  return li;
}

async function main() {
  const status = document.getElementById('status');
  let me;
  try {
    me = await currentUser();
  } catch (error) {
    status.textContent = error.message;
    status.className = 'error';
    return;
  }
  if (!me) {
    location.replace('/login.html?next=' + encodeURIComponent(location.pathname));
    return;
  }
  const { user } = me;
  document.getElementById('who').textContent = `${user.username} · ${user.role}`;
  document.getElementById('logout_csrf').value = me.csrf_token ?? '';
  document.getElementById('logout').hidden = false;
  status.textContent = `Signed in as ${user.username} (${user.role}).`;
  const links = document.getElementById('links');
  links.append(link('/auth/account', 'Your account and API tokens'));
  if (user.role === 'admin') {
    links.append(link('/admin/users', 'Manage users'), link('/admin/audit', 'Audit log'));
    const nav = document.getElementById('nav');
    nav.append(link('/admin/users', 'Users').firstChild, link('/admin/audit', 'Audit log').firstChild);
  }
  const health = await api('/api/v1/health').catch(() => null);
  if (health) links.append(Object.assign(document.createElement('li'), { textContent: `Server ${health.version}, schema ${health.schema}` }));
}

main();
