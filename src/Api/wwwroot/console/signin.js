// Signing in and out, choosing the organization, and which view is on screen.
import { api, session, onUnauthorized } from './api.js';
import { h, clearErrors, showErrors } from './ui.js';
import { $, state, resetState, holds, canManage, run } from './state.js';
import { loadCatalog, clearCatalog, roleLabel } from './catalog.js';
import { loadKeys, clearKeys } from './keys.js';
import { loadWebhooks } from './webhooks.js';

function showView(name) {
  for (const view of ['signin', 'org', 'keys']) $(`${view}-view`).hidden = view !== name;
  $('account').hidden = name === 'signin';
  $('org-badge').hidden = name !== 'keys';
}

function showSignin(message = '', notice = '') {
  showView('signin');
  const form = $('signin-form');
  clearErrors(form);
  if (message) form.querySelector('[data-testid="error"]').replaceChildren(h('p', { class: 'alert-title' }, message));
  $('signin-notice').textContent = notice;
  $('signin-token').focus();
}

export function signOut(message = '', notice = '') {
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  session.clear();
  resetState();
  clearCatalog();
  clearKeys();
  $('signin-token').value = '';
  showSignin(message, notice);
}

function describePrincipal() {
  const me = state.me;
  const who = me.principal_type === 'user' ? `User ${me.id}` : 'API key';
  return me.org_role && me.org_role !== 'none' ? `${who} · ${roleLabel(me.org_role)}` : who;
}

async function signIn(token) {
  session.token = token;
  state.me = await api.me();
  const orgId = state.me.organization_id || session.orgId;
  if (!orgId) {
    showView('org');
    $('switch-org').hidden = true;
    $('principal').textContent = describePrincipal();
    $('org-id').focus();
    return;
  }
  await enterOrg(orgId);
}

async function enterOrg(orgId) {
  const picked = !state.me.organization_id;
  const [org, apps, catalog] = await Promise.allSettled([api.organization(orgId), api.apps(orgId), loadCatalog(orgId)]);
  // The catalogue answers for any organization the caller belongs to, so its 404 means a typed id is not theirs.
  if (catalog.status === 'rejected' || (picked && org.status === 'rejected')) {
    const error = catalog.status === 'rejected' ? catalog.reason : org.reason;
    if (error.handled) return;
    if (picked) {
      session.orgId = null;
      if (error.status === 403 || error.status === 404) error.message = 'No organization with that id, or you are not a member of it.';
    }
    throw error;
  }
  state.orgId = orgId;
  state.org = org.status === 'fulfilled' ? org.value : null; // without org.read: policy unknown, the server enforces it
  state.apps = apps.status === 'fulfilled' ? apps.value : [];
  if (picked) session.orgId = orgId;

  const orgName = state.org?.name || orgId;
  $('org-name').textContent = orgName;
  $('org-name-inline').textContent = orgName;
  $('principal').textContent = describePrincipal();
  $('switch-org').hidden = !picked;
  const manage = canManage();
  $('readonly-note').hidden = manage;
  $('create-rbac-key').hidden = !manage;
  $('create-legacy-key').hidden = !manage;
  showView('keys');
  $('keys-heading').focus();
  await Promise.all([loadKeys(), loadWebhooks(orgId, holds(['org.update_settings', 'apikey.read']))]);
}

async function submitSignin(event) {
  event.preventDefault();
  const form = $('signin-form');
  const token = $('signin-token').value.trim().replace(/^Bearer\s+/i, '');
  $('signin-notice').textContent = '';
  if (!token) { showErrors(form, null, { token: ['Paste an API key or an access token.'] }); return; }
  await run(form, $('signin-submit'), async () => {
    try {
      await signIn(token);
      $('signin-token').value = '';
    } catch (error) {
      if (!state.orgId) { session.clear(); state.me = null; }
      if (error.status === 401) error.message = 'That key or token was not accepted. Check that it is complete, active and not expired.';
      throw error;
    }
  });
}

async function submitOrg(event) {
  event.preventDefault();
  const form = $('org-form');
  const orgId = $('org-id').value.trim();
  if (!orgId) { showErrors(form, null, { organization_id: ['Enter an organization id (org_…).'] }); return; }
  await run(form, $('org-form').querySelector('[type=submit]'), () => enterOrg(orgId));
}

async function resume() {
  try {
    await signIn(session.token);
  } catch (error) {
    if (error.handled) return;
    if (state.me && !state.orgId) { // the saved organization no longer works: pick again
      showView('org');
      showErrors($('org-form'), error);
      return;
    }
    session.clear();
    state.me = null;
    showSignin(error.status === 401 ? 'Your session has ended. Sign in again.' : error.message);
  }
}

export function setupSignin() {
  onUnauthorized(() => {
    if (!state.me) return false; // during sign-in the form shows the error itself
    signOut('Your session has ended: the key or token is no longer accepted (it may have been revoked, regenerated or expired). Sign in again.');
    return true;
  });
  $('signin-form').addEventListener('submit', submitSignin);
  $('org-form').addEventListener('submit', submitOrg);
  $('signout').addEventListener('click', () => signOut('', 'You have signed out.'));
  $('switch-org').addEventListener('click', () => {
    session.orgId = null;
    state.orgId = null;
    showView('org');
    $('org-id').focus();
  });
  if (session.token) resume(); else showSignin();
}
