namespace ApiKeys.Application.Audit;

/// <summary>The audit trail's action names: <c>resource.verb</c>; a refused attempt adds <c>.denied</c>.</summary>
public static class AuditActions
{
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationUpdated = "organization.updated";
    public const string AppCreated = "app.created";
    public const string AppDeleted = "app.deleted";
    public const string MemberRolesSet = "member.roles_set";
    public const string MemberRemoved = "member.removed";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyUpdated = "api_key.updated";
    public const string ApiKeyEnabled = "api_key.enabled";
    public const string ApiKeyDisabled = "api_key.disabled";

    /// <summary>Rate limits, credits, allowed CIDRs or meta changed (docs/api.md §9).</summary>
    public const string ApiKeyUsageChanged = "api_key.usage_changed";
    public const string ApiKeyRolesAssigned = "api_key.roles_assigned";
    public const string ApiKeyRegenerated = "api_key.regenerated";
    public const string ApiKeyRevoked = "api_key.revoked";

    /// <summary>Once per import call, with the number of keys imported (each is also evented as created).</summary>
    public const string ApiKeyImported = "api_key.imported";
    public const string ApiKeyLeaked = "api_key.leaked";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookDeleted = "webhook.deleted";

    public static string Denied(string action) => action + ".denied";
}
