// HTTP client for the public ApiKeys contract: bearer auth, JSON bodies, errors as ApiError.

const TOKEN_KEY = 'apikeys.console.token';
const ORG_KEY = 'apikeys.console.org';

/** The credentials live in sessionStorage only: gone when the tab closes or on sign-out. */
export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) { sessionStorage.setItem(TOKEN_KEY, value); },
  get orgId() { return sessionStorage.getItem(ORG_KEY); },
  set orgId(value) { if (value) sessionStorage.setItem(ORG_KEY, value); else sessionStorage.removeItem(ORG_KEY); },
  clear() { sessionStorage.removeItem(TOKEN_KEY); sessionStorage.removeItem(ORG_KEY); },
};

export class ApiError extends Error {
  constructor(status, message, code = '', details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.handled = false;
  }
}

const FALLBACK = {
  0: 'The service could not be reached. Check your connection and try again.',
  400: 'The request was not valid.',
  401: 'Your credentials were not accepted.',
  403: 'You do not have permission to do that.',
  404: 'Not found. It may have been deleted, or it belongs to another organization.',
  409: 'That conflicts with the current state. Refresh and try again.',
  413: 'The request is too large.',
  422: 'The organization’s key policy does not allow that.',
  429: 'Too many requests. Wait a moment and try again.',
  503: 'The service is busy or unavailable. Try again shortly.',
};

/** Details arrive as {field: [messages]}; tolerate a single string too. */
function normalizeDetails(details) {
  const out = {};
  if (!details || typeof details !== 'object') return out;
  for (const [field, value] of Object.entries(details)) {
    const list = (Array.isArray(value) ? value : [value]).filter((m) => m != null).map(String);
    if (list.length) out[field] = list;
  }
  return out;
}

let unauthorizedHandler = () => false;
/** Called on every 401; returns true when it took care of it (e.g. went back to sign-in). */
export function onUnauthorized(handler) { unauthorizedHandler = handler; }

export async function request(method, path, body) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, FALLBACK[0], 'network_error');
  }
  const text = await response.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = null; } }
  if (response.ok) return data ?? {};

  const status = response.status;
  let message = data && typeof data.error === 'string' && data.error.trim()
    ? data.error.trim() : (FALLBACK[status] ?? `The request failed (HTTP ${status}).`);
  const retryAfter = Number(response.headers.get('Retry-After'));
  if ((status === 429 || status === 503) && retryAfter > 0) {
    message += ` Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`;
  }
  const error = new ApiError(status, message, data?.code ?? '', normalizeDetails(data?.details));
  if (status === 401) error.handled = Boolean(unauthorizedHandler(error));
  throw error;
}

/** Follows next_cursor until it is null (with a guard against a cursor that repeats). */
async function listAll(path, field, query = {}) {
  const items = [];
  const seen = new Set();
  let cursor = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '200' });
    if (cursor) params.set('cursor', cursor);
    const page = await request('GET', `${path}?${params}`);
    items.push(...(page[field] ?? []));
    seen.add(cursor);
    cursor = page.next_cursor ?? null;
  } while (cursor && !seen.has(cursor));
  return items;
}

const enc = encodeURIComponent;
const orgPath = (orgId) => `/v1/organizations/${enc(orgId)}`;
const keyPath = (orgId, keyId) => `${orgPath(orgId)}/api-keys/${enc(keyId)}`;

export const api = {
  me: () => request('GET', '/v1/me'),
  roles: (orgId) => request('GET', `/v1/roles?${new URLSearchParams({ organization_id: orgId })}`),
  organization: (orgId) => request('GET', orgPath(orgId)).then((r) => r.organization),
  apps: (orgId) => listAll(`${orgPath(orgId)}/apps`, 'apps'),
  keys: (orgId, includeRevoked) =>
    listAll(`${orgPath(orgId)}/api-keys`, 'api_keys', includeRevoked ? { include_revoked: 'true' } : {}),
  getKey: (orgId, keyId) => request('GET', keyPath(orgId, keyId)).then((r) => r.api_key),
  createKey: (orgId, body) => request('POST', `${orgPath(orgId)}/api-keys`, body),
  updateKey: (orgId, keyId, change) => request('PATCH', keyPath(orgId, keyId), change).then((r) => r.api_key),
  setRoles: (orgId, keyId, roles) => request('PUT', `${keyPath(orgId, keyId)}/roles`, roles).then((r) => r.api_key),
  regenerate: (orgId, keyId) => request('POST', `${keyPath(orgId, keyId)}/regenerate`, { grace_period_seconds: 0 }),
  revoke: (orgId, keyId) => request('DELETE', keyPath(orgId, keyId)),
  usage: (orgId, keyId, query) => request('GET', `${keyPath(orgId, keyId)}/usage?${new URLSearchParams(query)}`).then((r) => r.usage),
  webhooks: (orgId) => listAll(`${orgPath(orgId)}/webhooks`, 'webhooks'),
  createWebhook: (orgId, body) => request('POST', `${orgPath(orgId)}/webhooks`, body),
  deleteWebhook: (orgId, webhookId) => request('DELETE', `${orgPath(orgId)}/webhooks/${enc(webhookId)}`),
  deliveries: (orgId, webhookId) =>
    request('GET', `${orgPath(orgId)}/webhooks/${enc(webhookId)}/deliveries?limit=20`).then((r) => r.deliveries),
};
