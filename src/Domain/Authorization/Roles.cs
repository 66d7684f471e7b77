using System.Diagnostics.CodeAnalysis;
using static ApiKeys.Domain.Authorization.Permission;

namespace ApiKeys.Domain.Authorization;

/// <summary>The built-in role catalog of docs/api.md §2. Each role includes every permission of the one below it.</summary>
public static class Roles
{
    private static readonly string[] ReaderPermissions = [AppRead, AppReadBundles, AppReadChannels, AppReadDevices, AppReadLogs, AppReadAudit];
    private static readonly string[] UploaderPermissions = [.. ReaderPermissions, AppUploadBundle];
    private static readonly string[] DeveloperPermissions = [.. UploaderPermissions, AppManageChannels, AppManageDevices];
    private static readonly string[] AppAdminPermissions = [.. AppScoped.Where(p => p != AppDelete)];

    public static Role AppReader { get; } = new("app_reader", "reader", PermissionScope.App, 1, [], ReaderPermissions);
    public static Role AppUploader { get; } = new("app_uploader", "uploader", PermissionScope.App, 2, [], UploaderPermissions);
    public static Role AppDeveloper { get; } = new("app_developer", "developer", PermissionScope.App, 3, [], DeveloperPermissions);
    public static Role AppAdmin { get; } = new("app_admin", "admin", PermissionScope.App, 4, [], AppAdminPermissions);

    public static Role OrgMember { get; } = new("org_member", "member", PermissionScope.Org, 1, [OrgRead, OrgReadMembers, ApiKeyRead], ReaderPermissions);
    public static Role OrgAdmin { get; } = new("org_admin", "admin", PermissionScope.Org, 2, OrgScoped.Where(p => p != OrgDelete), AppScoped);
    public static Role OrgOwner { get; } = new("org_owner", "owner", PermissionScope.Org, 3, OrgScoped, AppScoped);

    public static IReadOnlyList<Role> OrgRoles { get; } = [OrgMember, OrgAdmin, OrgOwner];

    public static IReadOnlyList<Role> AppRoles { get; } = [AppReader, AppUploader, AppDeveloper, AppAdmin];

    /// <summary>The body value for "no org role".</summary>
    public const string NoOrgRole = "none";

    /// <summary>Parses an org role as a client writes it: <c>none</c>, <c>member</c>, <c>admin</c>, <c>owner</c> or the catalog name.</summary>
    /// <param name="text">The role text; <c>none</c> parses to <see langword="null"/>.</param>
    public static bool TryParseOrgRole(string? text, out Role? role)
    {
        role = null;
        if (text == NoOrgRole)
        {
            return true;
        }

        role = OrgRoles.FirstOrDefault(r => r.ShortName == text || r.Name == text);
        return role is not null;
    }

    /// <summary>Parses an app role: <c>reader</c>, <c>uploader</c>, <c>developer</c>, <c>admin</c> or the catalog name.</summary>
    public static bool TryParseAppRole(string? text, [NotNullWhen(true)] out Role? role)
    {
        role = AppRoles.FirstOrDefault(r => r.ShortName == text || r.Name == text);
        return role is not null;
    }

    /// <summary>Guards that an org role is an org-scope role and every app binding an app-scope role.</summary>
    public static void EnsureScopes(Role? orgRole, IEnumerable<AppRoleBinding> appRoles)
    {
        if (orgRole is { Scope: not PermissionScope.Org } || appRoles.Any(b => b.ToRole().Scope != PermissionScope.App))
        {
            throw new ArgumentException("An org role must be an org-scope role and app roles app-scope roles.");
        }
    }

    /// <summary>Looks up a stored catalog name; stored names are always valid, so a miss is a bug.</summary>
    public static Role ByName(string name) =>
        OrgRoles.Concat(AppRoles).FirstOrDefault(r => r.Name == name)
        ?? throw new InvalidOperationException($"Unknown role '{name}'.");
}
