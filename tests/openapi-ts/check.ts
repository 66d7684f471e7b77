// Compiled by .ci/run with tsc --noEmit --strict against the types openapi-typescript generates from
// docs/openapi.json (./generated/api.d.ts, not committed): what a TypeScript client of ApiKeys writes must type-check.
import type { components, operations, paths } from "./generated/api";

type CreateApiKeyBody = components["schemas"]["CreateApiKeyBody"];
type IssuedApiKey = operations["createApiKey"]["responses"][201]["content"]["application/json"];
type VerifyAnswer = paths["/v1/keys/verify"]["post"]["responses"][200]["content"]["application/json"];
type AuditEvent = components["schemas"]["AuditEventResponse"];
type Webhook = components["schemas"]["WebhookResponse"];
type ErrorCode = components["schemas"]["ErrorBody"]["code"];

// meta is a free-form object: any JSON members, read back as unknown.
const body: CreateApiKeyBody = {
  name: "CI upload",
  org_role: "none",
  app_roles: [{ app_id: "com.demo.app", role: "uploader" }],
  scopes: ["apikey.verify"],
  meta: { team: "ci", tier: 2, tags: ["a", "b"] },
};

function team(issued: IssuedApiKey): unknown {
  return issued.api_key.meta?.["team"];
}

// The verify code is a closed set: a switch over it is exhaustive, and a misspelt code does not compile.
function describe(answer: VerifyAnswer): string {
  switch (answer.code) {
    case "VALID":
      return `valid, ${answer.permissions.length} permissions`;
    case "NOT_FOUND":
    case "REVOKED":
    case "EXPIRED":
    case "DISABLED":
    case "FORBIDDEN":
    case "RATE_LIMITED":
    case "USAGE_EXCEEDED":
    case "IP_NOT_ALLOWED":
      return answer.code.toLowerCase();
    default: {
      const unreachable: never = answer.code;
      return unreachable;
    }
  }
}

// Audit actions, webhook events and scopes are enums too.
const action: AuditEvent["action"] = "api_key.revoked";
const denied: AuditEvent["action"] = "api_key.updated.denied";
const events: Webhook["events"] = ["api_key.created", "api_key.revoked"];

// Error codes too: a client can branch on the conflicts it expects.
function retryable(code: ErrorCode): boolean {
  return code === "concurrent_update" || code === "rate_limited" || code === "service_unavailable";
}

// …and a value outside them does not compile (each line below must be an error, or tsc fails the check).
// @ts-expect-error not an audit action
const badAction: AuditEvent["action"] = "api_key.misspelt";
// @ts-expect-error not a webhook event
const badEvents: Webhook["events"] = ["api_key.misspelt"];
// @ts-expect-error not a scope (permission string)
const badScopes: CreateApiKeyBody["scopes"] = ["apikey.misspelt"];
// @ts-expect-error not an error code
const badCode: ErrorCode = "last_owner_misspelt";

export { body, team, describe, action, denied, events, retryable, badAction, badEvents, badScopes, badCode };
