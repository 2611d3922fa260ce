// The project page's settings for the data team and admins: rename, archive, and members.
import { api } from './api.js';
import { showMessage } from './message.js';

const $ = (id) => document.getElementById(id);

const say = (text, kind) => showMessage('settings-message', text, kind);

/** "an annotator", "an admin", "a reviewer", "a data team member". */
export function withArticle(role) {
  const noun = role === 'data' ? 'data team member' : role;
  return (/^[aeiou]/i.test(noun) ? 'an ' : 'a ') + noun;
}

async function renderMembers(projectId) {
  const { members } = await api(`/api/v1/projects/${projectId}/members`);
  const rows = members.map((member) => {
    const tr = document.createElement('tr');
    const remove = document.createElement('button');
    remove.className = 'link';
    remove.textContent = 'Remove';
    remove.addEventListener('click', async () => {
      try {
        await api(`/api/v1/projects/${projectId}/members/${member.user_id}`, { method: 'DELETE' });
        say(`${member.username} removed.`, 'notice');
        await renderMembers(projectId);
      } catch (error) { say(error.message); }
    });
    const cells = [member.username, member.role].map((text) => Object.assign(document.createElement('td'), { textContent: text }));
    const action = document.createElement('td');
    action.append(remove);
    tr.append(...cells, action);
    return tr;
  });
  if (!rows.length) rows.push(Object.assign(document.createElement('tr'), { innerHTML: '<td colspan="3">No members yet.</td>' }));
  $('members').replaceChildren(...rows);
}

/** Shows and wires the settings section; `onRenamed(project)` lets the page update its title. */
export async function initSettings(project, onRenamed) {
  $('settings').hidden = false;
  $('rename').value = project.name;
  const archive = $('archive');
  archive.textContent = project.archived ? 'Unarchive project' : 'Archive project';
  $('rename-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      project = await api(`/api/v1/projects/${project.id}`, { method: 'PATCH', body: { name: $('rename').value } });
      onRenamed(project);
      say('Renamed.', 'notice');
    } catch (error) { say(error.message); }
  });
  archive.addEventListener('click', async () => {
    try {
      project = await api(`/api/v1/projects/${project.id}`, { method: 'PATCH', body: { archived: !project.archived } });
      archive.textContent = project.archived ? 'Unarchive project' : 'Archive project';
      onRenamed(project);
      say(project.archived ? 'Archived: it no longer appears in project lists, and no images can be added.' : 'Unarchived.', 'notice');
    } catch (error) { say(error.message); }
  });
  $('member-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const member = await api(`/api/v1/projects/${project.id}/members`, {
        method: 'POST', body: { username: $('member-name').value.trim(), role: $('member-role').value } });
      say(`${member.username} is ${withArticle(member.role)} in this project.`, 'notice');
      $('member-form').reset();
      await renderMembers(project.id);
    } catch (error) { say(error.message); }
  });
  await renderMembers(project.id);
}
