// The top bar every static page shares: who is signed in, and a working Log out button.

/** Fills the bar for `me` (from currentUser()): name and role, and the logout form's CSRF token. */
export function initTopbar(me) {
  document.getElementById('who').textContent = `${me.user.username} · ${me.user.role}`;
  document.getElementById('logout_csrf').value = me.csrf_token ?? '';
  document.getElementById('logout').hidden = false;
}
