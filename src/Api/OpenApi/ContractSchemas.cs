using ApiKeys.Api.Controllers;
using ApiKeys.Api.Errors;
using System.Reflection;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Audit.Common;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.KeyChanges.Common;
using ApiKeys.Application.Me.Common;
using ApiKeys.Application.Members.Common;
using ApiKeys.Application.RoleCatalog.Get;
using ApiKeys.Application.Verification.Verify;
using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Api.OpenApi;

/// <summary>
/// What the generated schemas cannot know from the C# types: which body fields a client must send, which may be
/// <c>null</c> on purpose, and the closed sets of values (roles, modes, codes) the contract names.
/// </summary>
internal static class ContractSchemas
{
    public static readonly string[] AnsweredOrgRoles = ["none", "org_member", "org_admin", "org_owner"];
    public static readonly string[] AcceptedOrgRoles = [.. AnsweredOrgRoles, "member", "admin", "owner"];
    public static readonly string[] AnsweredAppRoles = ["app_reader", "app_uploader", "app_developer", "app_admin"];
    public static readonly string[] AcceptedAppRoles = [.. AnsweredAppRoles, "reader", "uploader", "developer", "admin"];
    public static readonly string[] Modes = ["read", "upload", "write", "all"];
    public static readonly string[] VerifyCodes = ["VALID", "NOT_FOUND", "REVOKED", "EXPIRED", "DISABLED", "FORBIDDEN", "RATE_LIMITED", "USAGE_EXCEEDED", "IP_NOT_ALLOWED"];

    // The sets below are read from the domain's and the application's own constants, so a new event, permission
    // or audit action reaches the document without a second list to keep in step.
    public static readonly string[] WebhookEventTypes = [.. WebhookEvents.All.Order(StringComparer.Ordinal)];
    public static readonly string[] OrgScopes = [.. Permission.OrgScoped.Order(StringComparer.Ordinal)];
    public static readonly string[] AppScopes = [.. Permission.AppScoped.Order(StringComparer.Ordinal)];
    public static readonly string[] Scopes = [.. OrgScopes, .. AppScopes];

    /// <summary>Every <see cref="AuditActions"/> constant, and each as a refused attempt (<c>….denied</c>).</summary>
    public static readonly string[] AuditActionNames =
    [
        .. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .SelectMany(action => new[] { action, AuditActions.Denied(action) })
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Request bodies: the fields a client must send (everything else is optional).</summary>
    public static readonly Dictionary<Type, string[]> RequiredInRequests = new()
    {
        [typeof(CreateOrganizationBody)] = ["name"],
        [typeof(UpdateOrganizationBody)] = [],
        [typeof(KeyPolicyBody)] = [],
        [typeof(CreateAppBody)] = ["app_id", "name"],
        [typeof(RolesBody)] = ["org_role"],
        [typeof(CreateApiKeyBody)] = ["name"],
        [typeof(UpdateApiKeyBody)] = [],
        [typeof(RegenerateBody)] = [],
        [typeof(BulkRevokeBody)] = ["filter"],
        [typeof(ImportApiKeysBody)] = ["keys"],
        [typeof(ImportKeyBody)] = ["name"],
        [typeof(VerifyBody)] = ["key"],
        [typeof(LegacyCreateBody)] = ["name", "mode"],
        [typeof(AppRoleInput)] = ["app_id", "role"],
        [typeof(RateLimitInput)] = ["name", "limit", "window_seconds"],
        [typeof(CreditsInput)] = ["remaining"],
        [typeof(RefillInput)] = ["amount", "interval"],
        [typeof(CreateWebhookBody)] = ["url", "events"],
        [typeof(ReportLeakBody)] = ["key"],
        [typeof(GitHubMatch)] = ["token"],
    };

    /// <summary>Operations that take no credential although they can answer 401 (GitHub's signature is not a caller).</summary>
    public static readonly HashSet<string> Unauthenticated = new(StringComparer.Ordinal) { "reportGitHubSecretScanning" };

    /// <summary>Request fields whose <c>null</c> means something (else a request field is never null).</summary>
    public static readonly HashSet<(Type, string)> NullableInRequests =
    [
        (typeof(UpdateApiKeyBody), "expires_at"),
        (typeof(KeyPolicyBody), "max_lifetime_days"),
        (typeof(CreateApiKeyBody), "expires_at"),
        (typeof(CreateApiKeyBody), "project_id"),
        (typeof(CreateApiKeyBody), "credits"),
        (typeof(CreateApiKeyBody), "meta"),
        (typeof(UpdateApiKeyBody), "credits"),
        (typeof(UpdateApiKeyBody), "meta"),
        (typeof(CreditsInput), "refill"),
    ];

    /// <summary>Answer fields the service leaves out when empty (every other answer field is always present).</summary>
    public static readonly HashSet<(Type, string)> OmittedWhenNull = [(typeof(ErrorBody), "details")];

    /// <summary>Query parameters with a closed set of values.</summary>
    public static readonly Dictionary<string, string[]> ParameterEnums = new(StringComparer.Ordinal)
    {
        ["kind"] = ["rbac", "legacy"],
        ["granularity"] = ["hour", "day"],
    };

    public static readonly Dictionary<(Type, string), string[]> Enums = new()
    {
        [(typeof(ApiKeyResponse), "org_role")] = AnsweredOrgRoles,
        [(typeof(MemberResponse), "org_role")] = AnsweredOrgRoles,
        [(typeof(MeResponse), "org_role")] = AnsweredOrgRoles,
        [(typeof(AppRoleResponse), "role")] = AnsweredAppRoles,
        [(typeof(CreateApiKeyBody), "org_role")] = AcceptedOrgRoles,
        [(typeof(RolesBody), "org_role")] = AcceptedOrgRoles,
        [(typeof(AppRoleInput), "role")] = AcceptedAppRoles,
        [(typeof(ApiKeyResponse), "mode")] = Modes,
        [(typeof(CreateApiKeyBody), "mode")] = Modes,
        [(typeof(LegacyCreateBody), "mode")] = Modes,
        [(typeof(LegacyApiKey), "mode")] = Modes,
        [(typeof(ApiKeyResponse), "kind")] = ["rbac", "legacy"],
        [(typeof(VerifyKeyResponse), "code")] = VerifyCodes,
        [(typeof(KeyChangeResponse), "change")] = ["revoked", "updated"],
        [(typeof(MeResponse), "principal_type")] = ["user", "api_key"],
        [(typeof(RefillInput), "interval")] = ["daily", "monthly"],
        [(typeof(CreditRefillResponse), "interval")] = ["daily", "monthly"],
        [(typeof(RoleResponse), "name")] = [.. AnsweredOrgRoles.Skip(1), .. AnsweredAppRoles],
        [(typeof(RoleResponse), "scope")] = ["org", "app"],
        [(typeof(LegacyModeResponse), "mode")] = Modes,
        [(typeof(LegacyModeResponse), "base_role")] = ["org_member", "org_admin"],
        [(typeof(DeliveryResponse), "event_type")] = WebhookEventTypes,
        [(typeof(AuditEventResponse), "action")] = AuditActionNames,
        [(typeof(ErrorBody), "code")] = ErrorCodes.All,
    };

    /// <summary>Array fields whose items come from a closed set.</summary>
    public static readonly Dictionary<(Type, string), string[]> ItemEnums = new()
    {
        [(typeof(ApiKeyResponse), "scopes")] = Scopes,
        [(typeof(CreateApiKeyBody), "scopes")] = Scopes,
        [(typeof(ScopesResponse), "org")] = OrgScopes,
        [(typeof(ScopesResponse), "app")] = AppScopes,
        [(typeof(WebhookResponse), "events")] = WebhookEventTypes,
        [(typeof(CreateWebhookBody), "events")] = WebhookEventTypes,
    };
}
