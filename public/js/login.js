// The login page: fills the form's security token and explains why a previous attempt failed.
import { loginToken } from './api.js';
import { showMessage } from './message.js';

const messages = {
  invalid_credentials: 'Wrong username or password.',
  throttled: 'Too many failed logins. Try again in {retry}.',
  csrf_failed: 'The form expired. Please try again.',
  missing_fields: 'Enter your username and password.',
};

function explain(params) {
  let text = null;
  let kind = 'error';
  const code = params.get('error');
  if (code) {
    const seconds = Number(params.get('retry_after') ?? 0);
    const retry = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
    text = (messages[code] ?? 'Login failed.').replace('{retry}', retry);
  } else if (params.has('logged_out')) {
    [text, kind] = ['You have logged out.', 'notice'];
  } else if (params.has('password_changed')) {
    [text, kind] = ['Password changed. Log in with the new one.', 'notice'];
  }
  if (text) showMessage('message', text, kind);
}

async function main() {
  const params = new URLSearchParams(location.search);
  explain(params);
  const next = params.get('next');
  if (next && next.startsWith('/') && !next.startsWith('//')) document.getElementById('next').value = next;
  const submit = document.getElementById('submit');
  submit.disabled = true;
  try {
    document.getElementById('csrf_token').value = await loginToken();
    submit.disabled = false;
  } catch (error) {
    showMessage('message', error.message);
  }
}

main();
