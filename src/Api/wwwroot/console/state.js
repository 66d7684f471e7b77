// What every section shares: the signed-in principal, the organization, its apps and keys; permission checks from
// GET /v1/me; and the one way a dialog runs an API action.
import { ApiError } from './api.js';
import { setBusy, clearErrors, showErrors } from './ui.js';

export const $ = (id) => document.getElementById(id);

export const state = { me: null, orgId: null, org: null, apps: [], keys: [], managed: null };

export function resetState() {
  Object.assign(state, { me: null, orgId: null, org: null, apps: [], keys: [], managed: null });
}

/** A user outside any organization's context reports no permissions; then the server alone decides. */
function permissionsKnown() {
  const perms = state.me?.permissions;
  return Array.isArray(perms) && (perms.length > 0 || state.me.principal_type !== 'user');
}

/** Whether the caller holds every permission in `list` (or we cannot tell, and the server will say). */
export const holds = (list) => !permissionsKnown() || list.every((p) => state.me.permissions.includes(p));
export const canManage = () => holds(['apikey.manage']);

export const appLabel = (appId) => state.apps.find((a) => a.app_id === appId)?.name || appId;

/** A plain key's `key` field is a secret too: the page state never holds it. */
export function withoutSecret(apiKey) {
  const { key: _secret, ...rest } = apiKey;
  return rest;
}

/** Runs an API action for a dialog or form: busy state, and errors shown in words inside it. */
export async function run(container, button, action) {
  setBusy(container, button, true);
  clearErrors(container);
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(error);
    if (!error.handled) showErrors(container, error instanceof ApiError ? error : new ApiError(0, 'Something went wrong. Try again.'));
  } finally {
    setBusy(container, button, false);
  }
}
