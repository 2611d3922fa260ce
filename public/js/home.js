// The start page: who is signed in and where they can go; sends visitors to the login page.
import { currentUser, api } from './api.js';
import { initTopbar } from './topbar.js';

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
  initTopbar(me);
  status.textContent = `Signed in as ${user.username} (${user.role}).`;
  const links = document.getElementById('links');
  links.append(link('/auth/account', 'Your account and API tokens'));
  if (user.role === 'admin') links.append(link('/admin/users', 'Manage users'), link('/admin/audit', 'Audit log'));
  await listProjects(user);
  const health = await api('/api/v1/health').catch(() => null);
  if (health) links.append(Object.assign(document.createElement('li'), { textContent: `Server ${health.version}, schema ${health.schema}` }));
}

async function listProjects(user) {
  const list = document.getElementById('projects');
  const { projects } = await api('/api/v1/projects');
  list.replaceChildren(...projects.map((project) => link(`/project.html?id=${project.id}`, project.name)));
  const manager = ['data', 'admin'].includes(user.role);
  // A first visit: the team's first steps for those who can take them, and who to ask for the others.
  document.getElementById('onboarding').hidden = projects.length > 0 || !manager;
  document.getElementById('invite-admin').hidden = user.role !== 'admin';
  const waiting = document.getElementById('no-projects');
  waiting.hidden = projects.length > 0 || manager;
  waiting.textContent = `You are not in any project yet. Ask your data team to add you; your username is ${user.username}.`;
  const form = document.getElementById('new-project');
  form.hidden = !manager;
  form.onsubmit = async (event) => {
    event.preventDefault();
    const error = document.getElementById('project-error');
    try {
      const project = await api('/api/v1/projects', { method: 'POST', body: { name: document.getElementById('project-name').value } });
      location.href = `/project.html?id=${project.id}`;
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
    }
  };
}

main();
