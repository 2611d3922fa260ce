// The only module that talks to the server. Errors arrive as ApiError with the server's code and message.

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let csrfToken = null;

/** Calls the API; JSON in (or a `file` as the raw body) and out; state-changing calls carry the session's CSRF token. */
export async function api(path, { method = 'GET', body, file } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined || file !== undefined) headers['Content-Type'] = file?.type || 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin',
      body: file ?? (body === undefined ? undefined : JSON.stringify(body)) });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'http_' + response.status,
      error.message ?? `The server answered ${response.status}.`, error.field ?? null);
  }
  return data;
}

/** The signed-in user, or null when nobody is logged in. Remembers the CSRF token for later calls. */
export async function currentUser() {
  try {
    const me = await api('/api/v1/me');
    csrfToken = me.csrf_token ?? null;
    return me;
  } catch (error) {
    if (error.status === 401) return null;
    throw error;
  }
}

/** The login form's double-submit token (also set as a cookie by the server). */
export async function loginToken() {
  const data = await api('/auth/csrf');
  return data.csrf_token;
}

/**
 * Uploads one file as the raw body of POST /api/v1/projects/{id}/images, reporting progress (0–1).
 * XMLHttpRequest because fetch cannot report upload progress. Resolves with the server's JSON;
 * rejects with ApiError.
 */
export function uploadImage(projectId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/projects/${projectId}/images?file_name=${encodeURIComponent(file.name)}`);
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    request.onerror = () => reject(new ApiError(0, 'network', 'The upload was interrupted. Check your connection and try again.'));
    request.onload = () => {
      let data = null;
      try { data = JSON.parse(request.responseText); } catch { /* not JSON */ }
      if (request.status >= 200 && request.status < 300) return resolve(data);
      const error = data?.error ?? {};
      reject(new ApiError(request.status, error.code ?? 'http_' + request.status,
        error.message ?? `The server answered ${request.status}.`, error.field ?? null));
    };
    request.send(file);
  });
}
