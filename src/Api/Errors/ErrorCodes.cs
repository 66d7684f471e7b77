namespace ApiKeys.Api.Errors;

/// <summary>
/// Every <c>code</c> an error body of the <c>/v1</c> routes can carry (docs/api.md §7), published as the enum of
/// <see cref="ErrorBody.Code"/> in the OpenAPI document so that clients can switch on it. ErrorCodesTests reads the
/// sources and fails when a code is added without being listed here, or listed without being answered.
/// </summary>
public static class ErrorCodes
{
    public static readonly string[] All =
    [
        "api_key_not_found", "api_key_revoked", "app_exists", "app_not_found", "bad_request", "concurrent_update",
        "conflict", "duplicate_key", "error", "forbidden", "internal_error", "invalid_signature", "ip_not_allowed", "last_owner",
        "legacy_key_roles", "member_not_found", "method_not_allowed", "not_found", "organization_not_found",
        "payload_too_large", "policy_max_lifetime_days", "policy_require_expiration", "policy_require_secure_keys",
        "rate_limited", "role_escalation", "service_unavailable", "too_many_webhooks", "unauthorized",
        "unsupported_media_type", "users_only", "validation_failed", "webhook_not_found",
    ];
}
