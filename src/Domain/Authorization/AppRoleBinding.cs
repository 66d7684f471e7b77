namespace ApiKeys.Domain.Authorization;

/// <summary>A role on one app, held by a member or a key. <see cref="Role"/> is the catalog name (<c>app_reader</c>).</summary>
public sealed record AppRoleBinding(string AppId, string Role)
{
    public Role ToRole() => Roles.ByName(Role);
}
