// Creating keys: the RBAC dialog (name, secure, expiry under the org's key policy, roles) and the legacy one (mode).
import { api } from './api.js';
import { h, openDialog, closeDialog, setupDialog, showErrors, localDate } from './ui.js';
import { $, state, run } from './state.js';
import { modes, modeHint, grantableModes, coversEveryApp } from './catalog.js';
import { upsertKey } from './keys.js';
import { showSecret } from './secret.js';
import { fillOrgRoleSelect, syncOrgRole, addAppRow, collectAppRoles, checkName } from './roles-form.js';

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

const syncCreateRole = () => syncOrgRole($('create-org-role'), $('create-org-role-hint'), $('create-apps'));

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
  const appRoles = coversEveryApp(orgRole) ? [] : collectAppRoles($('create-app-rows'), errors);
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
  const allowed = grantableModes();
  const select = $('legacy-mode');
  select.replaceChildren(...modes().map((m) => h('option', { value: m, disabled: !allowed.includes(m) },
    `${m.charAt(0).toUpperCase()}${m.slice(1)}${allowed.includes(m) ? '' : ' (beyond your own access)'}`)));
  select.value = allowed[0] ?? '';
  syncModeHint();
  openDialog($('legacy-dialog'), $('create-legacy-key'));
}

function syncModeHint() { $('legacy-mode-hint').textContent = modeHint($('legacy-mode').value); }

async function submitLegacy(event) {
  event.preventDefault();
  const dialog = $('legacy-dialog');
  const errors = {};
  const name = checkName($('legacy-name').value, errors);
  if (!$('legacy-mode').value) errors.mode = ['Your access does not allow granting any mode.'];
  if (Object.keys(errors).length) { showErrors(dialog, null, errors); return; }
  await run(dialog, $('legacy-form').querySelector('[type=submit]'), async () => {
    const result = await api.createKey(state.orgId, { name, mode: $('legacy-mode').value });
    closeDialog(dialog);
    upsertKey(result.api_key);
    showSecret(result, 'created', $('create-legacy-key'));
  });
}

export function setupCreate() {
  setupDialog($('create-dialog'));
  setupDialog($('legacy-dialog'));
  $('create-rbac-key').addEventListener('click', openCreate);
  $('create-legacy-key').addEventListener('click', openLegacy);
  $('create-form').addEventListener('submit', submitCreate);
  $('create-org-role').addEventListener('change', syncCreateRole);
  $('create-add-app').addEventListener('click', () => addAppRow($('create-app-rows')));
  $('legacy-form').addEventListener('submit', submitLegacy);
  $('legacy-mode').addEventListener('change', syncModeHint);
}
