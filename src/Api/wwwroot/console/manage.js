// The manage dialog: name, roles (RBAC keys), and the usage governance of contract docs/api.md §9 (enabled, rate limits,
// credits and their refill, allowed networks, meta), each sent with PATCH only when changed.
import { api, ApiError } from './api.js';
import { h, icon, openDialog, closeDialog, setupDialog, showErrors, toast } from './ui.js';
import { $, state, run, withoutSecret } from './state.js';
import { coversEveryApp } from './catalog.js';
import { upsertKey, findKey, rowButton, onRowAction } from './keys.js';
import { showSecret } from './secret.js';
import { fillOrgRoleSelect, syncOrgRole, appRoleRow, addAppRow, collectAppRoles, checkName } from './roles-form.js';

/** The service answers the docs/api.md §9 fields on every key once it supports them; older answers have none to edit. */
const governed = (key) => Object.hasOwn(key, 'enabled');

function rolesSection(key) {
  const select = h('select', { id: 'manage-org-role', 'data-testid': 'manage-org-role', 'aria-describedby': 'manage-org-role-hint manage-org-role-error' });
  fillOrgRoleSelect(select, key.org_role || 'none');
  const rows = h('div', { class: 'app-rows', id: 'manage-app-rows' }, (key.app_roles ?? []).map((b) => appRoleRow(b)));
  const add = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'manage-add-app-role', onclick: () => addAppRow(rows) },
    icon('plus'), 'Add App');
  if (!state.apps.length) add.disabled = true;
  const fieldset = h('fieldset', { class: 'app-roles', id: 'manage-apps' }, h('legend', {}, 'App roles'), rows,
    h('p', { class: 'field-error', 'data-error-for': 'app_roles' }), add);
  const hint = h('p', { class: 'hint', id: 'manage-org-role-hint' });
  select.addEventListener('change', () => syncOrgRole(select, hint, fieldset));
  const section = [h('div', { class: 'field' }, h('label', { for: 'manage-org-role' }, 'Organization role'), select, hint,
    h('p', { class: 'field-error', id: 'manage-org-role-error', 'data-error-for': 'org_role' })), fieldset];
  syncOrgRole(select, hint, fieldset);
  return section;
}

let limitSeq = 0;
function rateLimitRow(limit = { name: '', limit: '', window_seconds: 60 }) {
  const n = ++limitSeq;
  const input = (testid, label, attrs) => {
    const el = h('input', { id: `rate-limit-${testid}-${n}`, 'data-testid': `rate-limit-${testid}`, autocomplete: 'off', ...attrs });
    return h('div', { class: 'field' }, h('label', { for: el.id }, label), el);
  };
  const row = h('div', { class: 'limit-row', 'data-testid': 'rate-limit-row' },
    input('name', 'Name', { value: limit.name, maxlength: '100' }),
    input('limit', 'Requests', { type: 'number', min: '1', step: '1', value: String(limit.limit) }),
    input('window', 'Per seconds', { type: 'number', min: '1', max: '86400', step: '1', value: String(limit.window_seconds) }),
    h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'rate-limit-remove', 'aria-label': 'Remove this rate limit', title: 'Remove', onclick: () => row.remove() }, icon('x')));
  return row;
}

function governanceSection(key) {
  const limits = h('div', { class: 'limit-rows', id: 'manage-limit-rows' }, (key.rate_limits ?? []).map(rateLimitRow));
  const credits = key.credits;
  const creditsOn = h('input', { type: 'checkbox', id: 'manage-credits-on', 'data-testid': 'manage-credits-on', checked: Boolean(credits) });
  const remaining = h('input', { type: 'number', id: 'manage-credits-remaining', 'data-testid': 'manage-credits-remaining', min: '0', step: '1', value: credits ? String(credits.remaining) : '' });
  const interval = h('select', { id: 'manage-refill-interval', 'data-testid': 'manage-refill-interval' },
    h('option', { value: '' }, 'No refill'), h('option', { value: 'daily' }, 'Every UTC day'), h('option', { value: 'monthly' }, 'Every UTC month'));
  interval.value = credits?.refill?.interval ?? '';
  const amount = h('input', { type: 'number', id: 'manage-refill-amount', 'data-testid': 'manage-refill-amount', min: '1', step: '1', value: credits?.refill ? String(credits.refill.amount) : '' });
  const creditFields = h('div', { class: 'credit-fields' },
    h('div', { class: 'field' }, h('label', { for: remaining.id }, 'Credits remaining'), remaining),
    h('div', { class: 'field' }, h('label', { for: interval.id }, 'Refill'), interval),
    h('div', { class: 'field' }, h('label', { for: amount.id }, 'Refill to'), amount));
  const syncCredits = () => { creditFields.hidden = !creditsOn.checked; amount.disabled = !interval.value; };
  creditsOn.addEventListener('change', syncCredits);
  interval.addEventListener('change', syncCredits);
  syncCredits();
  const field = (id, label, control, errorFor, hint = '') => h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('p', { class: 'hint' }, hint) : null, h('p', { class: 'field-error', 'data-error-for': errorFor }));
  return [
    h('h3', { class: 'section-title' }, 'Usage limits'),
    h('div', { class: 'field field-check' },
      h('input', { type: 'checkbox', id: 'manage-enabled', 'data-testid': 'manage-enabled', checked: key.enabled !== false }),
      h('label', { for: 'manage-enabled' }, 'Enabled'),
      h('p', { class: 'hint' }, 'A disabled key is refused on every request and by verify until it is enabled again.')),
    h('fieldset', { class: 'app-roles' }, h('legend', {}, 'Rate limits'), limits,
      h('p', { class: 'field-error', 'data-error-for': 'rate_limits' }),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'add-rate-limit', onclick: () => limits.append(rateLimitRow()) }, icon('plus'), 'Add limit')),
    h('fieldset', { class: 'app-roles' }, h('legend', {}, 'Credits'),
      h('div', { class: 'field field-check' }, creditsOn, h('label', { for: creditsOn.id }, 'Limit the verifications this key may pass')),
      creditFields, h('p', { class: 'field-error', 'data-error-for': 'credits' })),
    field('manage-cidrs', 'Allowed networks', h('textarea', { id: 'manage-cidrs', 'data-testid': 'manage-cidrs', rows: '3', spellcheck: 'false' }, (key.allowed_cidrs ?? []).join('\n')),
      'allowed_cidrs', 'One IPv4 or IPv6 CIDR per line (203.0.113.0/24, 2001:db8::/48); empty allows every address.'),
    field('manage-meta', 'Meta (JSON object)', h('textarea', { id: 'manage-meta', 'data-testid': 'manage-meta', rows: '3', spellcheck: 'false', class: 'mono' }, key.meta ? JSON.stringify(key.meta, null, 2) : ''),
      'meta', 'Returned by verify; at most 4 KiB. Empty means none.'),
  ];
}

function openManage(keyId) {
  const key = findKey(keyId);
  if (!key) return;
  state.managed = key;
  $('manage-title').textContent = `Manage “${key.name}”`;
  $('manage-prefix').textContent = `${key.key_prefix}…`;
  $('manage-name').value = key.name;
  const extra = $('manage-extra');
  if (key.kind === 'legacy') {
    extra.replaceChildren(h('div', { class: 'callout callout-info', 'data-testid': 'manage-legacy-note', id: 'manage-legacy-note' }, icon('info'),
      h('p', {}, `This legacy key has the “${key.mode}” mode. Legacy keys cannot be given roles; only the name and its usage limits can be changed. `
        + 'To use roles, create an RBAC key and delete this one.')));
  } else {
    extra.replaceChildren(...rolesSection(key));
  }
  if (governed(key)) extra.append(...governanceSection(key));
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

const whole = (text) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN);

/** The docs/api.md §9 fields as the form holds them, checked; only those that differ from the key go into the PATCH. */
function governanceChange(key, errors) {
  if (!governed(key)) return {};
  const change = {};
  const enabled = $('manage-enabled').checked;
  if (enabled !== (key.enabled !== false)) change.enabled = enabled;

  const limits = [...document.querySelectorAll('#manage-limit-rows [data-testid="rate-limit-row"]')].map((row, i) => {
    const name = row.querySelector('[data-testid="rate-limit-name"]').value.trim();
    const limit = whole(row.querySelector('[data-testid="rate-limit-limit"]').value);
    const windowSeconds = whole(row.querySelector('[data-testid="rate-limit-window"]').value);
    if (!name) errors[`rate_limits[${i}].name`] = ['Name this limit.'];
    if (!(limit >= 1)) errors[`rate_limits[${i}].limit`] = ['Use a whole number of at least 1.'];
    if (!(windowSeconds >= 1 && windowSeconds <= 86400)) errors[`rate_limits[${i}].window_seconds`] = ['Use 1 to 86400 seconds.'];
    return { name, limit, window_seconds: windowSeconds };
  });
  const limitText = (list) => JSON.stringify(list.map((l) => [l.name, l.limit, l.window_seconds]));
  if (limitText(limits) !== limitText(key.rate_limits ?? [])) change.rate_limits = limits;

  let credits = null;
  if ($('manage-credits-on').checked) {
    const remaining = whole($('manage-credits-remaining').value);
    if (!(remaining >= 0)) errors['credits.remaining'] = ['Use a whole number (0 or more).'];
    const interval = $('manage-refill-interval').value;
    let refill = null;
    if (interval) {
      const amount = whole($('manage-refill-amount').value);
      if (!(amount >= 1)) errors['credits.refill.amount'] = ['Use a whole number of at least 1.'];
      refill = { amount, interval };
    }
    credits = { remaining, refill };
  }
  const creditText = (c) => JSON.stringify(c ? [c.remaining, c.refill?.amount ?? null, c.refill?.interval ?? null] : null);
  if (creditText(credits) !== creditText(key.credits ?? null)) change.credits = credits;

  const cidrs = $('manage-cidrs').value.split(/[\s,]+/).filter(Boolean);
  if (JSON.stringify(cidrs) !== JSON.stringify(key.allowed_cidrs ?? [])) change.allowed_cidrs = cidrs;

  const metaText = $('manage-meta').value.trim();
  let meta = null;
  if (metaText) {
    try { meta = JSON.parse(metaText); } catch { meta = undefined; }
    if (!meta || typeof meta !== 'object' || Array.isArray(meta)) errors.meta = ['Enter a JSON object, such as {"plan": "pro"}, or leave it empty.'];
  }
  if (!errors.meta && JSON.stringify(meta) !== JSON.stringify(key.meta ?? null)) change.meta = meta;
  return change;
}

async function submitManage(event) {
  event.preventDefault();
  const dialog = $('manage-dialog');
  const errors = {};
  const key0 = state.managed;
  const name = checkName($('manage-name').value, errors);
  let roles = null;
  if (key0.kind !== 'legacy') {
    const orgRole = $('manage-org-role').value;
    const appRoles = coversEveryApp(orgRole) ? [] : collectAppRoles($('manage-app-rows'), errors);
    roles = { org_role: orgRole, app_roles: appRoles };
  }
  const change = governanceChange(key0, errors);
  if (name !== key0.name) change.name = name;
  if (Object.keys(errors).length) { showErrors(dialog, null, errors); return; }
  await run(dialog, $('manage-form').querySelector('[type=submit]'), async () => {
    let key = key0;
    if (Object.keys(change).length) {
      key = state.managed = withoutSecret(await api.updateKey(state.orgId, key.id, change));
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

export function setupManage() {
  setupDialog($('manage-dialog'), () => { state.managed = null; $('manage-extra').replaceChildren(); });
  $('manage-form').addEventListener('submit', submitManage);
  onRowAction('manage', openManage);
}
