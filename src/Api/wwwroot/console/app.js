// The API keys page: sign-in, the two key tables, and the create / manage / regenerate / delete flows.
import { api, session, onUnauthorized, ApiError } from './api.js';
import { loadWebhooks, setupWebhooks } from './webhooks.js';
import {
  h, icon, hydrateIcons, openDialog, closeDialog, setupDialog, setBusy,
  clearErrors, showErrors, timeEl, keyStatus, localDate, toast,
} from './ui.js';

const $ = (id) => document.getElementById(id);

// Catalog role names, as the service answers them (contract §3); requests send the same names.
const ORG_ROLES = { none: 'None', org_member: 'Member', org_admin: 'Admin', org_owner: 'Owner' };
const ORG_ROLE_HINTS = {
  none: 'No organization-wide access: the key can use only the apps you add below.',
  org_member: 'Reads the organization, its members and keys, and every app.',
  org_admin: 'Full access to the organization and every app, except deleting the organization.',
  org_owner: 'Every permission, including deleting the organization.',
};
const APP_ROLES = { app_reader: 'Reader', app_uploader: 'Uploader', app_developer: 'Developer', app_admin: 'Admin' };
const MODES = {
  read: 'Read: view the organization, its apps and their data.',
  upload: 'Upload: read, plus upload bundles to every app.',
  write: 'Write: upload, plus change app settings, channels and devices.',
  all: 'All: the same access as an organization admin.',
};
const MEMBER_PERMS = ['org.read', 'org.read_members', 'apikey.read'];
const ADMIN_PERMS = [...MEMBER_PERMS, 'org.update_settings', 'org.update_user_roles', 'org.read_audit', 'apikey.manage'];
const WIDE_ROLES = ['org_admin', 'org_owner']; // these already cover every app: no app rows

const state = { me: null, orgId: null, org: null, apps: [], keys: [], managed: null };

// ---- permissions ------------------------------------------------------------

/** A user outside any organization's context reports no permissions; then the server alone decides. */
function permissionsKnown() {
  const perms = state.me?.permissions;
  return Array.isArray(perms) && (perms.length > 0 || state.me.principal_type !== 'user');
}
const holds = (list) => !permissionsKnown() || list.every((p) => state.me.permissions.includes(p));
const canManage = () => holds(['apikey.manage']);
function grantableOrgRoles() {
  return ['none', ...(holds(MEMBER_PERMS) ? ['org_member'] : []), ...(holds(ADMIN_PERMS) ? ['org_admin'] : [])];
}

// ---- views and session ------------------------------------------------------

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

function signOut(message = '', notice = '') {
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  session.clear();
  Object.assign(state, { me: null, orgId: null, org: null, apps: [], keys: [], managed: null });
  $('rbac-body').replaceChildren();
  $('legacy-body').replaceChildren();
  $('signin-token').value = '';
  showSignin(message, notice);
}

onUnauthorized(() => {
  if (!state.me) return false; // during sign-in the form shows the error itself
  signOut('Your session has ended: the key or token is no longer accepted (it may have been revoked, regenerated or expired). Sign in again.');
  return true;
});

/** Runs an API action for a dialog or form: busy state, and errors shown in words inside it. */
async function run(container, button, action) {
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
  const [org, apps] = await Promise.allSettled([api.organization(orgId), api.apps(orgId)]);
  if (org.status === 'rejected') {
    const error = org.reason;
    if (error.handled) return;
    if (picked) { // a typed organization id that the user cannot read
      session.orgId = null;
      if (error.status === 403 || error.status === 404) error.message = 'No organization with that id, or you are not a member of it.';
      throw error;
    }
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
  await Promise.all([loadKeys(), loadWebhooks(orgId, holds(['org.update_settings']))]);
}

function describePrincipal() {
  const me = state.me;
  const who = me.principal_type === 'user' ? `User ${me.id}` : 'API key';
  return me.org_role && me.org_role !== 'none' ? `${who} · ${ORG_ROLES[me.org_role] ?? me.org_role}` : who;
}

// ---- the key tables ---------------------------------------------------------

let loadSeq = 0;
async function loadKeys() {
  const seq = ++loadSeq;
  $('load-error').replaceChildren();
  for (const kind of ['rbac', 'legacy']) {
    $(`${kind}-section`).setAttribute('aria-busy', 'true');
    $(`${kind}-body`).replaceChildren(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), 'Loading keys…'));
  }
  try {
    const keys = await api.keys(state.orgId, $('show-revoked').checked);
    if (seq !== loadSeq) return;
    state.keys = keys.map(withoutSecret);
    render();
  } catch (error) {
    if (seq !== loadSeq || error.handled) return;
    $('rbac-body').replaceChildren();
    $('legacy-body').replaceChildren();
    $('load-error').replaceChildren(h('p', { class: 'alert-title' }, `The keys could not be loaded. ${error.message}`),
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', onclick: loadKeys }, 'Try again'));
  } finally {
    if (seq === loadSeq) for (const kind of ['rbac', 'legacy']) $(`${kind}-section`).removeAttribute('aria-busy');
  }
}

/** A plain key's `key` field is a secret too: the page state never holds it. */
function withoutSecret(apiKey) {
  const { key: _secret, ...rest } = apiKey;
  return rest;
}

function upsertKey(apiKey) {
  const clean = withoutSecret(apiKey);
  const index = state.keys.findIndex((k) => k.id === clean.id);
  if (index >= 0) state.keys[index] = clean; else state.keys.unshift(clean);
  render();
}

function render() {
  for (const kind of ['rbac', 'legacy']) {
    const keys = state.keys.filter((k) => (k.kind === 'legacy') === (kind === 'legacy'));
    $(`${kind}-count`).textContent = keys.length ? String(keys.length) : '';
    $(`${kind}-body`).replaceChildren(keys.length ? keyTable(kind, keys) : emptyState(kind));
  }
}

function emptyState(kind) {
  const legacy = kind === 'legacy';
  const hint = !canManage() ? 'Nothing to show yet.'
    : legacy ? 'Create one only for tools that still need a Capgo-style key.'
      : 'Create a key with “New RBAC key” and give it just the roles it needs.';
  return h('div', { class: 'empty', 'data-testid': `${kind}-empty` }, icon('key', 28),
    h('p', { class: 'empty-title' }, legacy ? 'No legacy keys' : 'No RBAC keys yet'), h('p', { class: 'muted' }, hint));
}

function keyTable(kind, keys) {
  const legacy = kind === 'legacy';
  const columns = ['Name', 'Prefix', legacy ? 'Mode' : 'Roles', 'Status', 'Created', 'Expires', 'Last used'];
  return h('table', { class: 'keys' },
    h('caption', { class: 'sr-only' }, legacy ? 'Legacy keys' : 'RBAC keys'),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)),
      h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, 'Actions')))),
    h('tbody', {}, keys.map((k) => keyRow(k, legacy))));
}

function keyRow(key, legacy) {
  const status = keyStatus(key);
  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  return h('tr', { 'data-testid': 'key-row', 'data-key-id': key.id, class: status.tone === 'success' ? null : 'is-inactive' },
    h('th', { scope: 'row', class: 'cell-name' }, h('span', { class: 'key-name' }, key.name),
      key.secure === false ? h('span', { class: 'tag', title: 'Plain key: it can be shown again' }, 'Plain') : null),
    cell('Prefix', h('code', { class: 'prefix' }, `${key.key_prefix}…`)),
    cell(legacy ? 'Mode' : 'Roles', legacy ? modeChips(key) : roleChips(key)),
    cell('Status', h('span', { class: `badge badge-${status.tone}` }, status.label)),
    cell('Created', timeEl(key.created_at)),
    cell('Expires', timeEl(key.expires_at, 'Never')),
    cell('Last used', timeEl(key.last_used_at, 'Never', true)),
    h('td', { class: 'cell-actions' }, rowActions(key)));
}

const appLabel = (appId) => state.apps.find((a) => a.app_id === appId)?.name || appId;

function roleChips(key) {
  const chips = [];
  if (key.org_role && key.org_role !== 'none') {
    chips.push(h('span', { class: 'chip chip-org' }, `Org: ${ORG_ROLES[key.org_role] ?? key.org_role}`));
  }
  for (const binding of key.app_roles ?? []) {
    chips.push(h('span', { class: 'chip', title: binding.app_id }, `${appLabel(binding.app_id)}: ${APP_ROLES[binding.role] ?? binding.role}`));
  }
  return chips.length ? h('div', { class: 'chips' }, chips) : h('span', { class: 'muted' }, 'No roles');
}

function modeChips(key) {
  const mode = key.mode ?? '';
  const limited = key.limited_to_apps?.length
    ? h('span', { class: 'chip', title: key.limited_to_apps.join(', ') }, `${key.limited_to_apps.length} app${key.limited_to_apps.length === 1 ? '' : 's'} only`) : null;
  return h('div', { class: 'chips' }, h('span', { class: 'chip chip-org' }, mode.charAt(0).toUpperCase() + mode.slice(1)), limited);
}

const rowButton = (keyId, testid) => () =>
  document.querySelector(`[data-key-id="${CSS.escape(keyId)}"] [data-testid="${testid}"]`) ?? $('keys-heading');

function rowActions(key) {
  if (!canManage() || key.revoked_at) return null;
  const button = (testid, verb, iconName, onclick, extra = '') => h('button', {
    type: 'button', class: `icon-btn ${extra}`, 'data-testid': testid, 'aria-label': `${verb} ${key.name}`, title: verb, onclick,
  }, icon(iconName));
  return h('div', { class: 'actions' },
    button('manage-key', 'Manage', 'wrench', () => openManage(key.id)),
    button('regenerate-key', 'Regenerate', 'refresh', () => confirmRegenerate(key.id)),
    button('delete-key', 'Delete', 'trash', () => confirmDelete(key.id), 'icon-btn-danger'));
}

// ---- shared form pieces -----------------------------------------------------

function fillOrgRoleSelect(select, current = 'none') {
  const roles = grantableOrgRoles();
  if (!roles.includes(current)) roles.push(current); // keep a role the key has even if we may not grant it
  select.replaceChildren(...roles.map((r) => h('option', { value: r }, ORG_ROLES[r] ?? r)));
  select.value = current;
}

let rowSeq = 0;
function appRoleRow(value = { app_id: '', role: 'app_reader' }) {
  const n = ++rowSeq;
  const errorId = `app-role-error-${n}`;
  const appSelect = h('select', { id: `app-role-app-${n}`, 'data-testid': 'app-role-app', 'aria-describedby': errorId },
    h('option', { value: '' }, 'Choose an app…'),
    state.apps.map((a) => h('option', { value: a.app_id }, a.name && a.name !== a.app_id ? `${a.name} (${a.app_id})` : a.app_id)));
  if (value.app_id && !state.apps.some((a) => a.app_id === value.app_id)) appSelect.append(h('option', { value: value.app_id }, value.app_id));
  appSelect.value = value.app_id;
  const roleSelect = h('select', { id: `app-role-role-${n}`, 'data-testid': 'app-role-role', 'aria-describedby': errorId },
    Object.entries(APP_ROLES).map(([v, label]) => h('option', { value: v }, label)));
  roleSelect.value = value.role in APP_ROLES ? value.role : 'app_reader';
  const remove = h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'app-role-remove', title: 'Remove' }, icon('x'));
  const nameRemove = () => remove.setAttribute('aria-label', `Remove app role${appSelect.value ? ` for ${appLabel(appSelect.value)}` : ''}`);
  nameRemove();
  appSelect.addEventListener('change', nameRemove);
  const row = h('div', { class: 'app-row', 'data-testid': 'app-role-row' },
    h('div', { class: 'field' }, h('label', { for: appSelect.id }, 'App'), appSelect),
    h('div', { class: 'field' }, h('label', { for: roleSelect.id }, 'Role'), roleSelect),
    remove, h('p', { class: 'field-error', id: errorId }));
  remove.addEventListener('click', () => {
    const fieldset = row.closest('fieldset, #manage-extra');
    row.remove();
    fieldset.querySelector('[data-testid$="add-app-role"]')?.focus();
  });
  return row;
}

function addAppRow(container) {
  const row = appRoleRow();
  container.append(row);
  row.querySelector('select').focus();
}

function collectAppRoles(container, errors) {
  const seen = new Set();
  return [...container.querySelectorAll('[data-testid="app-role-row"]')].map((row, i) => {
    const appId = row.querySelector('[data-testid="app-role-app"]').value;
    const role = row.querySelector('[data-testid="app-role-role"]').value;
    if (!appId) errors[`app_roles[${i}].app_id`] = ['Choose an app, or remove this row.'];
    else if (seen.has(appId)) errors[`app_roles[${i}].app_id`] = ['This app is already listed.'];
    seen.add(appId);
    return { app_id: appId, role };
  });
}

function checkName(value, errors) {
  const name = value.trim();
  if (!name) errors.name = ['Enter a name for the key.'];
  else if (name.length > 100) errors.name = ['Use at most 100 characters.'];
  return name;
}

const mustExpire = (policy) => Boolean(policy && (policy.require_expiration || policy.max_lifetime_days));

function policyText(policy) {
  if (!policy) return 'The organization’s key policy could not be read; the server will enforce it.';
  const rules = [];
  if (policy.require_expiration) rules.push('every key must have an expiration date');
  if (policy.max_lifetime_days) rules.push(`keys may last at most ${policy.max_lifetime_days} day${policy.max_lifetime_days === 1 ? '' : 's'}`);
  if (policy.require_secure_keys) rules.push('only secure keys are allowed');
  return rules.length ? `Organization key policy: ${rules.join('; ')}.` : 'Organization key policy: no restrictions; expiration is optional.';
}

/** The end of the chosen local day as ISO 8601 UTC, kept inside max_lifetime_days. */
function checkExpiry(input, policy, errors) {
  const value = input.value;
  if (input.validity.badInput) { errors.expires_at = ['Enter a complete date.']; return null; }
  if (!value) { if (mustExpire(policy)) errors.expires_at = ['Your organization requires an expiration date.']; return null; }
  if (value < localDate(0)) { errors.expires_at = ['Choose today or a later date.']; return null; }
  const days = policy?.max_lifetime_days;
  if (days && value > localDate(days)) { errors.expires_at = [`Choose a date at most ${days} days from today.`]; return null; }
  const [y, m, d] = value.split('-').map(Number);
  let time = new Date(y, m - 1, d, 23, 59, 59).getTime();
  if (days) time = Math.min(time, Date.now() + days * 86400000 - 60000);
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---- create -----------------------------------------------------------------

function syncCreateRole() {
  const role = $('create-org-role').value;
  $('create-org-role-hint').textContent = ORG_ROLE_HINTS[role] ?? '';
  $('create-apps').hidden = WIDE_ROLES.includes(role);
}

function openCreate() {
  const form = $('create-form');
  form.reset();
  $('create-app-rows').replaceChildren();
  const policy = state.org?.key_policy ?? null;
  const secure = $('create-secure');
  secure.checked = true;
  secure.disabled = Boolean(policy?.require_secure_keys);
  $('create-secure-hint').textContent = secure.disabled
    ? 'Required by your organization’s key policy: the secret is shown once and stored only as a hash.'
    : 'Recommended. The secret is shown once and stored only as a hash. Uncheck to allow showing it again later.';
  const expires = $('create-expires');
  expires.required = mustExpire(policy);
  expires.min = localDate(0);
  expires.max = policy?.max_lifetime_days ? localDate(policy.max_lifetime_days) : '';
  $('create-expires-req').textContent = expires.required ? '(required)' : '(optional)';
  $('create-policy').textContent = policyText(policy);
  fillOrgRoleSelect($('create-org-role'));
  syncCreateRole();
  $('create-add-app').disabled = state.apps.length === 0;
  $('create-apps-hint').textContent = state.apps.length ? '' : 'There are no apps you can grant access to yet.';
  openDialog($('create-dialog'), $('create-rbac-key'));
}

async function submitCreate(event) {
  event.preventDefault();
  const dialog = $('create-dialog');
  const errors = {};
  const policy = state.org?.key_policy ?? null;
  const name = checkName($('create-name').value, errors);
  const expiresAt = checkExpiry($('create-expires'), policy, errors);
  const orgRole = $('create-org-role').value;
  const appRoles = WIDE_ROLES.includes(orgRole) ? [] : collectAppRoles($('create-app-rows'), errors);
  if (Object.keys(errors).length) { showErrors(dialog, null, errors); return; }
  const body = { name, secure: $('create-secure').checked, org_role: orgRole, app_roles: appRoles };
  if (expiresAt) body.expires_at = expiresAt;
  await run(dialog, event.submitter ?? $('create-form').querySelector('[type=submit]'), async () => {
    const result = await api.createKey(state.orgId, body);
    closeDialog(dialog);
    upsertKey(result.api_key);
    showSecret(result, 'created', $('create-rbac-key'));
  });
}

function openLegacy() {
  $('legacy-form').reset();
  syncModeHint();
  openDialog($('legacy-dialog'), $('create-legacy-key'));
}

function syncModeHint() { $('legacy-mode-hint').textContent = MODES[$('legacy-mode').value] ?? ''; }

async function submitLegacy(event) {
  event.preventDefault();
  const dialog = $('legacy-dialog');
  const errors = {};
  const name = checkName($('legacy-name').value, errors);
  if (Object.keys(errors).length) { showErrors(dialog, null, errors); return; }
  await run(dialog, $('legacy-form').querySelector('[type=submit]'), async () => {
    const result = await api.createKey(state.orgId, { name, mode: $('legacy-mode').value });
    closeDialog(dialog);
    upsertKey(result.api_key);
    showSecret(result, 'created', $('create-legacy-key'));
  });
}

// ---- the one-time secret ----------------------------------------------------

/** The plaintext goes straight into the modal's input and nowhere else; closing the modal discards it. */
function showSecret({ api_key: apiKey, plaintext_api_key: plaintext }, how, returnTo) {
  $('secret-title').textContent = { created: 'API key created', regenerated: 'API key regenerated', shown: 'API key' }[how];
  $('secret-key-name').textContent = apiKey.name;
  $('secret-value').value = plaintext;
  $('secret-copy-status').textContent = '';
  const secure = apiKey.secure !== false;
  const warning = $('secret-warning');
  warning.className = `callout ${secure ? 'callout-warning' : 'callout-info'}`;
  warning.replaceChildren(icon(secure ? 'warning' : 'info'), h('p', {}, secure
    ? 'Copy it now and store it somewhere safe. This is a secure key: it cannot be retrieved later. If you lose it, regenerate the key.'
    : 'This is a plain (non-secure) key: it can be shown again later from Manage. Still, store it somewhere safe.'));
  openDialog($('secret-dialog'), returnTo);
}

async function copySecret() {
  const input = $('secret-value');
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(input.value); copied = true; }
  } catch { copied = false; }
  if (!copied) {
    input.focus();
    input.select();
    try { copied = document.execCommand('copy'); } catch { copied = false; }
  }
  $('secret-copy-status').textContent = copied ? 'Copied to the clipboard.' : 'The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
  if (!copied) input.select();
}

// ---- manage -----------------------------------------------------------------

function openManage(keyId) {
  const key = state.keys.find((k) => k.id === keyId);
  if (!key) return;
  state.managed = key;
  $('manage-title').textContent = `Manage “${key.name}”`;
  $('manage-prefix').textContent = `${key.key_prefix}…`;
  $('manage-name').value = key.name;
  const extra = $('manage-extra');
  if (key.kind === 'legacy') {
    extra.replaceChildren(h('div', { class: 'callout callout-info', 'data-testid': 'manage-legacy-note', id: 'manage-legacy-note' }, icon('info'),
      h('p', {}, `This legacy key has the “${key.mode}” mode. Legacy keys cannot be given roles; only the name can be changed. `
        + 'To use roles, create an RBAC key and delete this one.')));
  } else {
    const select = h('select', { id: 'manage-org-role', 'data-testid': 'manage-org-role', 'aria-describedby': 'manage-org-role-hint manage-org-role-error' });
    fillOrgRoleSelect(select, key.org_role || 'none');
    const rows = h('div', { class: 'app-rows', id: 'manage-app-rows' }, (key.app_roles ?? []).map((b) => appRoleRow(b)));
    const add = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'manage-add-app-role', onclick: () => addAppRow(rows) },
      icon('plus'), 'Add App');
    if (!state.apps.length) add.disabled = true;
    const fieldset = h('fieldset', { class: 'app-roles', id: 'manage-apps' }, h('legend', {}, 'App roles'), rows,
      h('p', { class: 'field-error', 'data-error-for': 'app_roles' }), add);
    const hint = h('p', { class: 'hint', id: 'manage-org-role-hint' });
    const sync = () => { hint.textContent = ORG_ROLE_HINTS[select.value] ?? ''; fieldset.hidden = WIDE_ROLES.includes(select.value); };
    select.addEventListener('change', sync);
    extra.replaceChildren(h('div', { class: 'field' }, h('label', { for: 'manage-org-role' }, 'Organization role'), select, hint,
      h('p', { class: 'field-error', id: 'manage-org-role-error', 'data-error-for': 'org_role' })), fieldset);
    sync();
  }
  if (key.secure === false) {
    extra.append(h('div', { class: 'reveal' }, h('p', { class: 'muted' }, 'This is a plain key: its secret can be shown again.'),
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-testid': 'manage-reveal', onclick: revealKey }, 'Show key')));
  }
  openDialog($('manage-dialog'), rowButton(key.id, 'manage-key'));
}

async function revealKey(event) {
  const dialog = $('manage-dialog');
  const key = state.managed;
  await run(dialog, event.currentTarget, async () => {
    const full = await api.getKey(state.orgId, key.id);
    if (!full.key) throw new ApiError(409, 'The secret of this key cannot be shown.');
    closeDialog(dialog);
    showSecret({ api_key: full, plaintext_api_key: full.key }, 'shown', rowButton(key.id, 'manage-key'));
  });
}

const roleSignature = (orgRole, appRoles) =>
  JSON.stringify([orgRole || 'none', [...appRoles].map((b) => `${b.app_id}=${b.role}`).sort()]);

async function submitManage(event) {
  event.preventDefault();
  const dialog = $('manage-dialog');
  const errors = {};
  const name = checkName($('manage-name').value, errors);
  let roles = null;
  if (state.managed.kind !== 'legacy') {
    const orgRole = $('manage-org-role').value;
    const appRoles = WIDE_ROLES.includes(orgRole) ? [] : collectAppRoles($('manage-app-rows'), errors);
    roles = { org_role: orgRole, app_roles: appRoles };
  }
  if (Object.keys(errors).length) { showErrors(dialog, null, errors); return; }
  await run(dialog, $('manage-form').querySelector('[type=submit]'), async () => {
    let key = state.managed;
    if (name !== key.name) {
      key = state.managed = withoutSecret(await api.renameKey(state.orgId, key.id, name));
      upsertKey(key);
    }
    if (roles && roleSignature(roles.org_role, roles.app_roles) !== roleSignature(key.org_role, key.app_roles ?? [])) {
      key = state.managed = withoutSecret(await api.setRoles(state.orgId, key.id, roles));
      upsertKey(key);
    }
    closeDialog(dialog);
    toast(`Saved “${key.name}”.`);
  });
}

// ---- regenerate and delete --------------------------------------------------

let pendingAction = null;

function confirmAction({ title, message, yes, danger, returnTo, action }) {
  pendingAction = action;
  $('confirm-title').textContent = title;
  $('confirm-message').textContent = message;
  const button = $('confirm-yes');
  button.textContent = yes;
  button.className = `btn ${danger ? 'btn-danger' : 'btn-primary'}`;
  openDialog($('confirm-dialog'), returnTo);
}

async function confirmYes() {
  const dialog = $('confirm-dialog');
  await run(dialog, $('confirm-yes'), async () => {
    const after = await pendingAction();
    closeDialog(dialog);
    after?.();
  });
}

const isSelf = (key) => state.me?.principal_type !== 'user' && state.me?.id === key.id;

function confirmRegenerate(keyId) {
  const key = state.keys.find((k) => k.id === keyId);
  if (!key) return;
  confirmAction({
    title: `Regenerate “${key.name}”?`,
    message: 'A new secret is issued and the current one stops working immediately; anything still using it will be refused until you update it.'
      + (isSelf(key) ? ' This is the key you are signed in with: you will need the new secret to keep using the console.' : ''),
    yes: 'Regenerate',
    danger: false,
    returnTo: rowButton(key.id, 'regenerate-key'),
    action: async () => {
      const result = await api.regenerate(state.orgId, key.id);
      upsertKey(result.api_key);
      return () => showSecret(result, 'regenerated', rowButton(key.id, 'regenerate-key'));
    },
  });
}

function confirmDelete(keyId) {
  const key = state.keys.find((k) => k.id === keyId);
  if (!key) return;
  const kindKey = key.kind === 'legacy' ? 'legacy' : 'rbac';
  confirmAction({
    title: `Delete “${key.name}”?`,
    message: 'The key is revoked at once and every request made with it will be refused. This cannot be undone.'
      + (isSelf(key) ? ' This is the key you are signed in with: you will be signed out.' : ''),
    yes: 'Delete key',
    danger: true,
    returnTo: () => document.querySelector(`[data-key-id="${CSS.escape(key.id)}"] [data-testid="delete-key"]`)
      ?? ($(`create-${kindKey}-key`).hidden ? $('keys-heading') : $(`create-${kindKey}-key`)),
    action: async () => {
      await api.revoke(state.orgId, key.id);
      if (isSelf(key)) return () => signOut('', 'You deleted the key you were signed in with.');
      if ($('show-revoked').checked) upsertKey({ ...key, revoked_at: new Date().toISOString(), is_active: false });
      else { state.keys = state.keys.filter((k) => k.id !== key.id); render(); }
      return () => toast(`“${key.name}” was deleted.`);
    },
  });
}

// ---- start ------------------------------------------------------------------

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

function start() {
  hydrateIcons(document);
  for (const id of ['create-dialog', 'legacy-dialog', 'confirm-dialog']) setupDialog($(id));
  setupDialog($('secret-dialog'), () => { $('secret-value').value = ''; $('secret-copy-status').textContent = ''; });
  setupDialog($('manage-dialog'), () => { state.managed = null; $('manage-extra').replaceChildren(); });
  $('signin-form').addEventListener('submit', submitSignin);
  $('org-form').addEventListener('submit', submitOrg);
  $('signout').addEventListener('click', () => signOut('', 'You have signed out.'));
  $('switch-org').addEventListener('click', () => {
    session.orgId = null;
    state.orgId = null;
    showView('org');
    $('org-id').focus();
  });
  $('show-revoked').addEventListener('change', loadKeys);
  $('create-rbac-key').addEventListener('click', openCreate);
  $('create-legacy-key').addEventListener('click', openLegacy);
  $('create-form').addEventListener('submit', submitCreate);
  $('create-org-role').addEventListener('change', syncCreateRole);
  $('create-add-app').addEventListener('click', () => addAppRow($('create-app-rows')));
  $('legacy-form').addEventListener('submit', submitLegacy);
  $('legacy-mode').addEventListener('change', syncModeHint);
  $('manage-form').addEventListener('submit', submitManage);
  $('confirm-yes').addEventListener('click', confirmYes);
  $('secret-copy').addEventListener('click', copySecret);
  setupWebhooks();
  if (session.token) resume(); else showSignin();
}

start();
