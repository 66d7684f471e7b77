// The role pickers the create and manage dialogs share: an org role select and app role rows, offering only what
// GET /v1/roles says the caller may grant (plus what the key already has, so that editing never drops it).
import { h, icon } from './ui.js';
import { state, appLabel } from './state.js';
import { roleLabel, appRoleNames, grantableOrgRoles, grantableAppRoles, coversEveryApp, orgRoleHint } from './catalog.js';

export function fillOrgRoleSelect(select, current = 'none') {
  const roles = [...grantableOrgRoles()];
  if (!roles.includes(current)) roles.push(current); // keep a role the key has even if we may not grant it
  select.replaceChildren(...roles.map((r) => h('option', { value: r }, roleLabel(r))));
  select.value = current;
}

/** Hides the app rows for an org role that already covers every app, and says what the role grants. */
export function syncOrgRole(select, hint, appsFieldset) {
  hint.textContent = orgRoleHint(select.value);
  appsFieldset.hidden = coversEveryApp(select.value);
}

function fillAppRoleSelect(select, appId, current) {
  const offered = appRoleNames().filter((r) => grantableAppRoles(appId).includes(r) || r === current);
  select.replaceChildren(...(offered.length ? offered : appRoleNames()).map((r) =>
    h('option', { value: r, disabled: offered.length === 0 }, roleLabel(r))));
  select.value = offered.includes(current) ? current : offered[0] ?? '';
}

let rowSeq = 0;
export function appRoleRow(value = { app_id: '', role: '' }) {
  const n = ++rowSeq;
  const errorId = `app-role-error-${n}`;
  const appSelect = h('select', { id: `app-role-app-${n}`, 'data-testid': 'app-role-app', 'aria-describedby': errorId },
    h('option', { value: '' }, 'Choose an app…'),
    state.apps.map((a) => h('option', { value: a.app_id }, a.name && a.name !== a.app_id ? `${a.name} (${a.app_id})` : a.app_id)));
  if (value.app_id && !state.apps.some((a) => a.app_id === value.app_id)) appSelect.append(h('option', { value: value.app_id }, value.app_id));
  appSelect.value = value.app_id;
  const roleSelect = h('select', { id: `app-role-role-${n}`, 'data-testid': 'app-role-role', 'aria-describedby': errorId });
  fillAppRoleSelect(roleSelect, value.app_id, value.role);
  const remove = h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'app-role-remove', title: 'Remove' }, icon('x'));
  const nameRemove = () => remove.setAttribute('aria-label', `Remove app role${appSelect.value ? ` for ${appLabel(appSelect.value)}` : ''}`);
  nameRemove();
  appSelect.addEventListener('change', () => {
    nameRemove();
    fillAppRoleSelect(roleSelect, appSelect.value, roleSelect.value);
  });
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

export function addAppRow(container) {
  const row = appRoleRow();
  container.append(row);
  row.querySelector('select').focus();
}

export function collectAppRoles(container, errors) {
  const seen = new Set();
  return [...container.querySelectorAll('[data-testid="app-role-row"]')].map((row, i) => {
    const appId = row.querySelector('[data-testid="app-role-app"]').value;
    const role = row.querySelector('[data-testid="app-role-role"]').value;
    if (!appId) errors[`app_roles[${i}].app_id`] = ['Choose an app, or remove this row.'];
    else if (seen.has(appId)) errors[`app_roles[${i}].app_id`] = ['This app is already listed.'];
    else if (!role) errors[`app_roles[${i}].role`] = ['You may not grant any role on this app.'];
    seen.add(appId);
    return { app_id: appId, role };
  });
}

export function checkName(value, errors) {
  const name = value.trim();
  if (!name) errors.name = ['Enter a name for the key.'];
  else if (name.length > 100) errors.name = ['Use at most 100 characters.'];
  return name;
}
