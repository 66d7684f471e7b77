// The Webhooks section: an organization's endpoints, a one-time signing secret, recent deliveries, delete.
import { api } from './api.js';
import { h, icon, openDialog, closeDialog, setupDialog, clearErrors, showErrors, setBusy, timeEl, toast } from './ui.js';

const $ = (id) => document.getElementById(id);

const EVENTS = {
  'api_key.created': 'Key created',
  'api_key.updated': 'Key changed (name, expiry, roles)',
  'api_key.regenerated': 'Key regenerated',
  'api_key.revoked': 'Key revoked',
  'api_key.expiring': 'Key expiring (7 days and 1 day before)',
  'api_key.expired': 'Key expired',
  'api_key.leaked': 'Key leaked (found by secret scanning or reported)',
  'api_key.credits_low': 'Key credits low',
  'member.removed': 'Member removed',
};

const section = { orgId: null, webhooks: [] };

/** Shows the section to callers that may change the organization's settings, and loads its endpoints. */
export async function loadWebhooks(orgId, canManageSettings) {
  section.orgId = orgId;
  $('webhooks-section').hidden = !canManageSettings;
  if (!canManageSettings) return;
  $('webhooks-body').replaceChildren(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), 'Loading webhooks…'));
  try {
    section.webhooks = await api.webhooks(orgId);
    render();
  } catch (error) {
    if (error.handled) return;
    $('webhooks-body').replaceChildren(h('p', { class: 'alert-title', role: 'alert' }, `The webhooks could not be loaded. ${error.message}`));
  }
}

function render() {
  const list = section.webhooks;
  $('webhooks-count').textContent = list.length ? String(list.length) : '';
  $('webhooks-body').replaceChildren(list.length ? table(list)
    : h('div', { class: 'empty', 'data-testid': 'webhooks-empty' }, icon('key', 28),
      h('p', { class: 'empty-title' }, 'No webhook endpoints'), h('p', { class: 'muted' }, 'Add one to hear about key events as they happen.')));
}

function table(list) {
  return h('table', { class: 'keys' },
    h('caption', { class: 'sr-only' }, 'Webhook endpoints'),
    h('thead', {}, h('tr', {}, ['URL', 'Events', 'Added'].map((c) => h('th', { scope: 'col' }, c)),
      h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'sr-only' }, 'Actions')))),
    h('tbody', {}, list.flatMap((w) => [row(w), h('tr', { class: 'deliveries-row', 'data-deliveries-for': w.id, hidden: true }, h('td', { colspan: '4' }))])));
}

function row(webhook) {
  return h('tr', { 'data-testid': 'webhook-row', 'data-webhook-id': webhook.id },
    h('th', { scope: 'row', class: 'cell-name' }, h('code', { class: 'prefix' }, webhook.url),
      webhook.description ? h('span', { class: 'muted' }, ` ${webhook.description}`) : null),
    h('td', { 'data-label': 'Events' }, h('div', { class: 'chips' }, webhook.events.map((e) => h('span', { class: 'chip' }, e)))),
    h('td', { 'data-label': 'Added' }, timeEl(webhook.created_at)),
    h('td', { class: 'cell-actions' },
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'webhook-deliveries', onclick: (event) => toggleDeliveries(webhook, event.currentTarget) }, 'Deliveries'),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small btn-danger', 'data-testid': 'webhook-delete', onclick: (event) => remove(webhook, event.currentTarget) }, 'Delete')));
}

async function toggleDeliveries(webhook, button) {
  const holder = document.querySelector(`[data-deliveries-for="${webhook.id}"]`);
  if (!holder.hidden) { holder.hidden = true; return; }
  holder.hidden = false;
  const cell = holder.firstChild;
  cell.replaceChildren(h('div', { class: 'loading' }, h('span', { class: 'spinner' }), 'Loading deliveries…'));
  setBusy(holder, button, true);
  try {
    const deliveries = await api.deliveries(section.orgId, webhook.id);
    cell.replaceChildren(deliveries.length ? deliveryTable(deliveries) : h('p', { class: 'muted', 'data-testid': 'deliveries-empty' }, 'No deliveries yet.'));
  } catch (error) {
    if (!error.handled) cell.replaceChildren(h('p', { class: 'alert-title', role: 'alert' }, error.message));
  } finally {
    setBusy(holder, button, false);
  }
}

function deliveryTable(deliveries) {
  return h('table', { class: 'keys deliveries', 'data-testid': 'deliveries' },
    h('caption', { class: 'sr-only' }, 'Recent deliveries'),
    h('thead', {}, h('tr', {}, ['Event', 'Status', 'Attempts', 'Delivered', 'Next attempt'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, deliveries.map((d) => h('tr', { 'data-testid': 'delivery-row' },
      h('td', {}, d.event_type),
      h('td', {}, h('span', { class: `badge badge-${d.delivered_at ? 'success' : d.next_attempt_at ? 'warning' : 'danger'}`, 'data-testid': 'delivery-status' },
        d.delivered_at ? `Delivered (${d.status_code})` : d.next_attempt_at ? `Retrying${d.status_code ? ` (${d.status_code})` : ''}` : 'Failed')),
      h('td', {}, String(d.attempt)),
      h('td', {}, timeEl(d.delivered_at, '—', true)),
      h('td', {}, timeEl(d.next_attempt_at, '—', true))))));
}

async function remove(webhook, button) {
  if (!window.confirm(`Delete the endpoint ${webhook.url}? Pending deliveries to it are dropped.`)) return;
  setBusy($('webhooks-section'), button, true);
  try {
    await api.deleteWebhook(section.orgId, webhook.id);
    section.webhooks = section.webhooks.filter((w) => w.id !== webhook.id);
    render();
    toast('Endpoint deleted.');
  } catch (error) {
    if (!error.handled) toast(error.message);
  } finally {
    setBusy($('webhooks-section'), button, false);
  }
}

function openCreate() {
  const form = $('webhook-form');
  form.reset();
  clearErrors($('webhook-dialog'));
  $('webhook-events').replaceChildren(...Object.entries(EVENTS).map(([type, label]) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', value: type, checked: type !== 'api_key.credits_low' }), ` ${label} `, h('code', { class: 'muted' }, type))));
  openDialog($('webhook-dialog'), $('create-webhook'));
}

async function submitCreate(event) {
  event.preventDefault();
  const dialog = $('webhook-dialog');
  clearErrors(dialog);
  const url = $('webhook-url').value.trim();
  const events = [...$('webhook-events').querySelectorAll('input:checked')].map((i) => i.value);
  const errors = {};
  if (!url) errors.url = ['Enter the URL deliveries go to.'];
  if (!events.length) errors.events = ['Choose at least one event.'];
  if (Object.keys(errors).length) { showErrors(dialog, null, errors); return; }
  const button = event.submitter ?? $('webhook-form').querySelector('[type=submit]');
  setBusy(dialog, button, true);
  try {
    const description = $('webhook-description').value.trim();
    const created = await api.createWebhook(section.orgId, { url, events, ...(description ? { description } : {}) });
    closeDialog(dialog);
    section.webhooks = [...section.webhooks, created.webhook];
    render();
    $('webhook-secret-url').textContent = created.webhook.url;
    $('webhook-secret-value').value = created.secret;
    openDialog($('webhook-secret-dialog'), $('create-webhook'));
  } catch (error) {
    if (!error.handled) showErrors(dialog, error);
  } finally {
    setBusy(dialog, button, false);
  }
}

/** Wires the section's buttons and dialogs once, at start. */
export function setupWebhooks() {
  setupDialog($('webhook-dialog'));
  setupDialog($('webhook-secret-dialog'), () => { $('webhook-secret-value').value = ''; });
  $('create-webhook').addEventListener('click', openCreate);
  $('webhook-form').addEventListener('submit', submitCreate);
}
