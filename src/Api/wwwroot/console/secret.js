// The one-time secret dialog: the plaintext goes straight into its input and nowhere else; closing it discards it.
import { h, icon, openDialog, setupDialog } from './ui.js';
import { $ } from './state.js';

export function showSecret({ api_key: apiKey, plaintext_api_key: plaintext }, how, returnTo) {
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

export function setupSecret() {
  setupDialog($('secret-dialog'), () => { $('secret-value').value = ''; $('secret-copy-status').textContent = ''; });
  $('secret-copy').addEventListener('click', copySecret);
}
