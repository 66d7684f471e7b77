// The two key tables (RBAC and legacy): loading, one row per key with its roles, state, limits and credits, and the
// row buttons, whose actions the other sections register (so this module depends on none of them).
import { api } from './api.js';
import { h, icon, timeEl, keyStatus } from './ui.js';
import { $, state, canManage, appLabel, withoutSecret } from './state.js';
import { roleLabel } from './catalog.js';

const actions = { manage: null, regenerate: null, remove: null, usage: null };

/** The sections that act on a row say what its buttons do. */
export function onRowAction(name, handler) { actions[name] = handler; }

let loadSeq = 0;
export async function loadKeys() {
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
    clearKeys();
    $('load-error').replaceChildren(h('p', { class: 'alert-title' }, `The keys could not be loaded. ${error.message}`),
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', onclick: loadKeys }, 'Try again'));
  } finally {
    if (seq === loadSeq) for (const kind of ['rbac', 'legacy']) $(`${kind}-section`).removeAttribute('aria-busy');
  }
}

export function clearKeys() {
  $('rbac-body').replaceChildren();
  $('legacy-body').replaceChildren();
}

export function upsertKey(apiKey) {
  const clean = withoutSecret(apiKey);
  const index = state.keys.findIndex((k) => k.id === clean.id);
  if (index >= 0) state.keys[index] = clean; else state.keys.unshift(clean);
  render();
}

export function removeKey(keyId) {
  state.keys = state.keys.filter((k) => k.id !== keyId);
  render();
}

export const findKey = (keyId) => state.keys.find((k) => k.id === keyId);

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
  const columns = ['Name', 'Prefix', legacy ? 'Mode' : 'Roles', 'Status', 'Limits', 'Created', 'Expires', 'Last used'];
  return h('table', { class: 'keys' },
    h('caption', { class: 'sr-only' }, legacy ? 'Legacy keys' : 'RBAC keys'),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)),
      h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, 'Actions')))),
    h('tbody', {}, keys.map((k) => keyRow(k, legacy))));
}

/** Revoked and expired win; a live key that is switched off says Disabled (contract docs/api.md §9: every request 401). */
function statusOf(key) {
  const status = keyStatus(key);
  const live = status.tone === 'success' || status.label === 'Inactive';
  return live && key.enabled === false ? { label: 'Disabled', tone: 'neutral' } : status;
}

function keyRow(key, legacy) {
  const status = statusOf(key);
  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  return h('tr', { 'data-testid': 'key-row', 'data-key-id': key.id, class: status.tone === 'success' ? null : 'is-inactive' },
    h('th', { scope: 'row', class: 'cell-name' }, h('span', { class: 'key-name' }, key.name),
      key.secure === false ? h('span', { class: 'tag', title: 'Plain key: it can be shown again' }, 'Plain') : null),
    cell('Prefix', h('code', { class: 'prefix' }, `${key.key_prefix}…`)),
    cell(legacy ? 'Mode' : 'Roles', legacy ? modeChips(key) : roleChips(key)),
    cell('Status', h('span', { class: `badge badge-${status.tone}`, 'data-testid': 'key-status' }, status.label)),
    cell('Limits', limitChips(key)),
    cell('Created', timeEl(key.created_at)),
    cell('Expires', timeEl(key.expires_at, 'Never')),
    cell('Last used', timeEl(key.last_used_at, 'Never', true)),
    h('td', { class: 'cell-actions' }, rowActions(key)));
}

function roleChips(key) {
  const chips = [];
  if (key.org_role && key.org_role !== 'none') chips.push(h('span', { class: 'chip chip-org' }, `Org: ${roleLabel(key.org_role)}`));
  for (const binding of key.app_roles ?? []) {
    chips.push(h('span', { class: 'chip', title: binding.app_id }, `${appLabel(binding.app_id)}: ${roleLabel(binding.role)}`));
  }
  return chips.length ? h('div', { class: 'chips' }, chips) : h('span', { class: 'muted' }, 'No roles');
}

function modeChips(key) {
  const mode = key.mode ?? '';
  const limited = key.limited_to_apps?.length
    ? h('span', { class: 'chip', title: key.limited_to_apps.join(', ') }, `${key.limited_to_apps.length} app${key.limited_to_apps.length === 1 ? '' : 's'} only`) : null;
  return h('div', { class: 'chips' }, h('span', { class: 'chip chip-org' }, mode.charAt(0).toUpperCase() + mode.slice(1)), limited);
}

const number = new Intl.NumberFormat('en-US');

export function windowText(seconds) {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]]) if (seconds % size === 0) return `${seconds / size} ${unit}`;
  return `${seconds} s`;
}

/** Rate limits ("100 / 1 min"), remaining credits and their refill, the networks it may call from. */
function limitChips(key) {
  const chips = (key.rate_limits ?? []).map((l) =>
    h('span', { class: 'chip', 'data-testid': 'key-rate-limit', title: l.name }, `${number.format(l.limit)} / ${windowText(l.window_seconds)}`));
  if (key.credits) {
    const refill = key.credits.refill ? ` (+${number.format(key.credits.refill.amount)} ${key.credits.refill.interval})` : '';
    chips.push(h('span', { class: 'chip', 'data-testid': 'key-credits' }, `${number.format(key.credits.remaining)} credits left${refill}`));
  }
  if (key.allowed_cidrs?.length) {
    chips.push(h('span', { class: 'chip', title: key.allowed_cidrs.join(', ') }, `${key.allowed_cidrs.length} network${key.allowed_cidrs.length === 1 ? '' : 's'}`));
  }
  return chips.length ? h('div', { class: 'chips' }, chips) : h('span', { class: 'muted', 'data-testid': 'key-unlimited' }, 'Unlimited');
}

/** The row's button that opened a dialog, found again after rows were re-rendered. */
export const rowButton = (keyId, testid) => () =>
  document.querySelector(`[data-key-id="${CSS.escape(keyId)}"] [data-testid="${testid}"]`) ?? $('keys-heading');

function rowActions(key) {
  const button = (testid, verb, iconName, onclick, extra = '') => h('button', {
    type: 'button', class: `icon-btn ${extra}`, 'data-testid': testid, 'aria-label': `${verb} ${key.name}`, title: verb, onclick,
  }, icon(iconName));
  const usage = button('key-usage', 'Usage of', 'chart', () => actions.usage?.(key.id));
  if (!canManage() || key.revoked_at) return h('div', { class: 'actions' }, usage);
  return h('div', { class: 'actions' }, usage,
    button('manage-key', 'Manage', 'wrench', () => actions.manage?.(key.id)),
    button('regenerate-key', 'Regenerate', 'refresh', () => actions.regenerate?.(key.id)),
    button('delete-key', 'Delete', 'trash', () => actions.remove?.(key.id), 'icon-btn-danger'));
}
