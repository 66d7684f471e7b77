// DOM helpers: element builder, icons, dialogs, error display, formatting. No API knowledge here.

/** h('button', {class: 'btn', onclick}, 'Text', child…): text is always inserted as text, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const PATHS = {
  plus: '<path d="M12 5v14M5 12h14"/>',
  x: '<path d="M18 6 6 18M6 6l12 12"/>',
  wrench: '<path d="M14.7 6.3a1 1 0 0 0 0 1.4l1.6 1.6a1 1 0 0 0 1.4 0l3.77-3.77a6 6 0 0 1-7.94 7.94l-6.91 6.91a2.12 2.12 0 0 1-3-3l6.91-6.91a6 6 0 0 1 7.94-7.94z"/>',
  refresh: '<path d="M21 12a9 9 0 1 1-2.64-6.36L21 8"/><path d="M21 3v5h-5"/>',
  trash: '<path d="M3 6h18M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2M10 11v6M14 11v6"/>',
  copy: '<rect x="9" y="9" width="13" height="13" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/>',
  check: '<path d="M20 6 9 17l-5-5"/>',
  key: '<circle cx="7.5" cy="15.5" r="5.5"/><path d="m21 2-9.6 9.6M15.5 7.5l3 3L22 7l-3-3"/>',
  warning: '<path d="m21.73 18-8-14a2 2 0 0 0-3.48 0l-8 14A2 2 0 0 0 4 21h16a2 2 0 0 0 1.73-3z"/><path d="M12 9v4M12 17h.01"/>',
  info: '<circle cx="12" cy="12" r="10"/><path d="M12 16v-4M12 8h.01"/>',
  chart: '<path d="M3 3v18h18"/><path d="M7 16v-4M12 16V8M17 16v-7"/>',
};

export function icon(name, size = 18) {
  const tpl = document.createElement('template');
  tpl.innerHTML = `<svg class="icon" xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${PATHS[name] ?? ''}</svg>`;
  return tpl.content.firstElementChild;
}

/** Replaces every <span data-icon="name"> placeholder with its SVG. */
export function hydrateIcons(root) {
  for (const el of root.querySelectorAll('[data-icon]')) el.replaceWith(icon(el.dataset.icon, el.closest('.brand') ? 22 : 18));
}

// ---- dialogs ----------------------------------------------------------------

const FOCUSABLE = 'input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/** returnTo: an element, or a function that finds one when the dialog closes (rows are re-rendered). */
export function openDialog(dialog, returnTo = document.activeElement) {
  dialog.returnTarget = returnTo;
  clearErrors(dialog);
  if (!dialog.open) dialog.showModal();
  const first = dialog.querySelector('[autofocus]:not([disabled])') ?? dialog.querySelector(FOCUSABLE);
  first?.focus();
}

export function closeDialog(dialog) { if (dialog.open) dialog.close(); }

/** Wires Escape (native), [data-close] buttons, no closing while busy, and focus return. */
export function setupDialog(dialog, onClose) {
  dialog.addEventListener('cancel', (e) => { if (dialog.dataset.busy) e.preventDefault(); });
  dialog.addEventListener('click', (e) => {
    if (e.target.closest('[data-close]') && !dialog.dataset.busy) closeDialog(dialog);
  });
  dialog.addEventListener('close', () => {
    onClose?.();
    const target = dialog.returnTarget;
    dialog.returnTarget = null;
    if (document.querySelector('dialog[open]')) return; // another dialog took over
    const el = typeof target === 'function' ? target() : target;
    if (el?.isConnected && !el.closest('[hidden]')) el.focus();
  });
}

/** Marks a dialog or form busy: the button is disabled and shows progress; Escape is ignored. */
export function setBusy(container, button, busy) {
  if (busy) container.dataset.busy = '1'; else delete container.dataset.busy;
  container.querySelectorAll('[data-close]').forEach((b) => { b.disabled = busy; });
  if (button) { button.disabled = busy; button.setAttribute('aria-busy', String(busy)); }
}

// ---- errors -----------------------------------------------------------------

const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const humanField = (s) => s.replace(/\[(\d+)\]/g, (_, i) => ` ${Number(i) + 1}`).replace(/[._]/g, ' ');

export function clearErrors(root) {
  root.querySelectorAll('[data-testid="error"]').forEach((el) => el.replaceChildren());
  root.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  root.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/** The field-error element (and its input) for a details key such as "name" or "app_roles[1].role". */
function findField(root, key) {
  const k = snake(key);
  const row = /^app_roles\[(\d+)\](?:\.(\w+))?/.exec(k);
  if (row) {
    const rowEl = root.querySelectorAll('[data-testid="app-role-row"]')[Number(row[1])];
    if (rowEl) {
      const which = row[2] === 'role' ? 'app-role-role' : 'app-role-app';
      return { el: rowEl.querySelector('.field-error'), input: rowEl.querySelector(`[data-testid="${which}"]`) };
    }
  }
  const el = root.querySelector(`[data-error-for="${CSS.escape(k)}"]`);
  if (!el) return null;
  return { el, input: el.id ? root.querySelector(`[aria-describedby~="${el.id}"]`) : null };
}

/** Shows an ApiError (or client-side field errors) in words; field messages go next to their fields. */
export function showErrors(root, error, fieldErrors = {}) {
  clearErrors(root);
  const details = { ...(error?.details ?? {}) };
  for (const [k, v] of Object.entries(fieldErrors)) details[k] = [...(details[k] ?? []), ...v];
  const unplaced = [];
  let firstInput = null;
  for (const [key, messages] of Object.entries(details)) {
    const text = messages.join(' ');
    const field = findField(root, key);
    if (!field?.el) { unplaced.push(`${humanField(key)}: ${text}`); continue; }
    field.el.textContent = field.el.textContent ? `${field.el.textContent} ${text}` : text;
    if (field.input) { field.input.setAttribute('aria-invalid', 'true'); firstInput ??= field.input; }
  }
  const summary = error ? error.message : 'Please correct the highlighted fields.';
  const alert = root.querySelector('[data-testid="error"]');
  alert?.replaceChildren(h('p', { class: 'alert-title' }, summary),
    ...(unplaced.length ? [h('ul', {}, unplaced.map((t) => h('li', {}, t)))] : []));
  if (firstInput) firstInput.focus();
}

// ---- formatting -------------------------------------------------------------

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const relFmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function relative(date) {
  const seconds = (date.getTime() - Date.now()) / 1000;
  const units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relFmt.format(Math.round(seconds / size), unit);
  return 'just now';
}

/** <time> with a readable date (or relative, for "last used"), the full date as tooltip. */
export function timeEl(iso, empty = '—', rel = false) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return h('span', { class: 'muted' }, empty);
  return h('time', { datetime: iso, title: fullFmt.format(date) }, rel ? relative(date) : dateFmt.format(date));
}

export function keyStatus(key) {
  if (key.revoked_at) return { label: 'Revoked', tone: 'danger' };
  if (key.expires_at && Date.parse(key.expires_at) <= Date.now()) return { label: 'Expired', tone: 'warning' };
  if (key.is_active === false) return { label: 'Inactive', tone: 'neutral' };
  return { label: 'Active', tone: 'success' };
}

/** Local calendar date (YYYY-MM-DD) `days` from today, for <input type="date"> min/max. */
export function localDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

let toastTimer = 0;
export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.classList.remove('show'); el.textContent = ''; }, 4000);
}
