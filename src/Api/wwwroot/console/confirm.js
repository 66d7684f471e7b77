// Regenerating and deleting keys, each after a confirmation dialog.
import { api } from './api.js';
import { openDialog, closeDialog, setupDialog, toast } from './ui.js';
import { $, state, run } from './state.js';
import { upsertKey, removeKey, findKey, rowButton, onRowAction } from './keys.js';
import { showSecret } from './secret.js';
import { signOut } from './signin.js';

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
  const key = findKey(keyId);
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
  const key = findKey(keyId);
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
      else removeKey(key.id);
      return () => toast(`“${key.name}” was deleted.`);
    },
  });
}

export function setupConfirm() {
  setupDialog($('confirm-dialog'));
  $('confirm-yes').addEventListener('click', confirmYes);
  onRowAction('regenerate', confirmRegenerate);
  onRowAction('remove', confirmDelete);
}
