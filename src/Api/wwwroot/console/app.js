// The console's entry point: wires each section's module to the page. One module per section (keys, creating,
// managing, confirming, usage, webhooks, signing in), the role catalogue from GET /v1/roles, and helpers
// (api.js for HTTP, ui.js for the DOM, state.js for what they share). No build step, no external asset.
import { hydrateIcons } from './ui.js';
import { $ } from './state.js';
import { loadKeys } from './keys.js';
import { setupCreate } from './create.js';
import { setupManage } from './manage.js';
import { setupConfirm } from './confirm.js';
import { setupSecret } from './secret.js';
import { setupUsage } from './usage.js';
import { setupWebhooks } from './webhooks.js';
import { setupSignin } from './signin.js';

function start() {
  hydrateIcons(document);
  setupSecret();
  setupCreate();
  setupManage();
  setupConfirm();
  setupUsage();
  setupWebhooks();
  $('show-revoked').addEventListener('change', loadKeys);
  setupSignin();
}

start();
