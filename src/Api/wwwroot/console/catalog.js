// The role catalogue and what the signed-in principal may grant, as GET /v1/roles answers them: the console keeps
// no copy of the roles, their permissions or the grant rule, so a change to them is made once, in the service.
import { api } from './api.js';

let catalog = null;

export async function loadCatalog(orgId) {
  catalog = await api.roles(orgId);
  return catalog;
}

export function clearCatalog() { catalog = null; }

const capitalize = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
const roleOf = (name) => [...(catalog?.org_roles ?? []), ...(catalog?.app_roles ?? [])].find((r) => r.name === name);

/** "Member", "Developer": the role's short name, as people say it. "none" is "None". */
export function roleLabel(name) {
  if (!name || name === 'none') return 'None';
  return capitalize(roleOf(name)?.short_name ?? name);
}

export const appRoleNames = () => (catalog?.app_roles ?? []).map((r) => r.name);

/** An org role whose app permissions are every app permission covers every app: app rows add nothing to it. */
export function coversEveryApp(orgRole) {
  const role = catalog?.org_roles.find((r) => r.name === orgRole);
  const all = catalog?.scopes.app ?? [];
  return Boolean(role && all.length && all.every((p) => role.app_permissions.includes(p)));
}

const list = (permissions) => permissions.join(', ');

/** What an org role grants, in the catalogue's own terms. */
export function orgRoleHint(name) {
  if (name === 'none') return 'No organization-wide access: the key can use only the apps you add below.';
  const role = catalog?.org_roles.find((r) => r.name === name);
  if (!role) return '';
  return `Organization: ${list(role.org_permissions)}. On every app: ${list(role.app_permissions)}.`;
}

export function modeHint(mode) {
  const m = catalog?.legacy_modes.find((x) => x.mode === mode);
  if (!m) return '';
  const extra = m.extra_app_permissions.length ? `, plus ${list(m.extra_app_permissions)} on every app` : '';
  return `${capitalize(m.mode)}: the ${roleLabel(m.base_role)} role${extra}.`;
}

export const modes = () => (catalog?.legacy_modes ?? []).map((m) => m.mode);

export const grantableOrgRoles = () => catalog?.grantable.org_roles ?? ['none'];

export const grantableAppRoles = (appId) => catalog?.grantable.app_roles.find((g) => g.app_id === appId)?.roles ?? [];

export const grantableModes = () => catalog?.grantable.legacy_modes ?? [];
