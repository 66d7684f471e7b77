using System.Collections.Frozen;

namespace ApiKeys.Domain.Authorization;

public enum PermissionScope
{
    Org,
    App,
}

/// <summary>The permission strings of docs/api.md §2, each with the scope it applies at.</summary>
public static class Permission
{
    public const string OrgRead = "org.read";
    public const string OrgUpdateSettings = "org.update_settings";
    public const string OrgDelete = "org.delete";
    public const string OrgReadMembers = "org.read_members";
    public const string OrgUpdateUserRoles = "org.update_user_roles";
    public const string OrgReadAudit = "org.read_audit";
    public const string ApiKeyRead = "apikey.read";
    public const string ApiKeyManage = "apikey.manage";

    /// <summary>Ask this service about keys of the organization (docs/api.md §5): what a verifier key of another service holds.</summary>
    public const string ApiKeyVerify = "apikey.verify";

    public const string AppRead = "app.read";
    public const string AppUpdateSettings = "app.update_settings";
    public const string AppDelete = "app.delete";
    public const string AppReadBundles = "app.read_bundles";
    public const string AppUploadBundle = "app.upload_bundle";
    public const string AppReadChannels = "app.read_channels";
    public const string AppManageChannels = "app.manage_channels";
    public const string AppReadDevices = "app.read_devices";
    public const string AppManageDevices = "app.manage_devices";
    public const string AppReadLogs = "app.read_logs";
    public const string AppReadAudit = "app.read_audit";

    public static FrozenSet<string> OrgScoped { get; } = FrozenSet.Create(StringComparer.Ordinal,
        OrgRead, OrgUpdateSettings, OrgDelete, OrgReadMembers, OrgUpdateUserRoles, OrgReadAudit, ApiKeyRead, ApiKeyManage, ApiKeyVerify);

    public static FrozenSet<string> AppScoped { get; } = FrozenSet.Create(StringComparer.Ordinal,
        AppRead, AppUpdateSettings, AppDelete, AppReadBundles, AppUploadBundle, AppReadChannels, AppManageChannels,
        AppReadDevices, AppManageDevices, AppReadLogs, AppReadAudit);

    public static bool IsKnown(string permission) => OrgScoped.Contains(permission) || AppScoped.Contains(permission);

    public static PermissionScope ScopeOf(string permission) =>
        AppScoped.Contains(permission) ? PermissionScope.App
        : OrgScoped.Contains(permission) ? PermissionScope.Org
        : throw new ArgumentException($"Unknown permission '{permission}'.", nameof(permission));
}
