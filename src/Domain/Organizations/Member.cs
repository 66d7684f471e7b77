using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Organizations;

/// <summary>A user's role bindings in one organization. The user's id is the identity provider's <c>sub</c>, verbatim.</summary>
public sealed class Member
{
    public const int UserIdMaxLength = 255;

    private List<AppRoleBinding> _appRoles = [];

    private Member() => UserId = null!;

    public OrganizationId OrganizationId { get; private set; }

    public string UserId { get; private set; }

    /// <summary>Catalog name of the org role (<c>org_admin</c>), or <see langword="null"/> for none.</summary>
    public string? OrgRole { get; private set; }

    public IReadOnlyList<AppRoleBinding> AppRoles => _appRoles;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsOwner => OrgRole == Roles.OrgOwner.Name;

    /// <summary>
    /// A user id is the identity provider's <c>sub</c>, verbatim: 1 to 255 characters, not blank, no control
    /// characters. Authentication refuses any other, so none is ever stored.
    /// </summary>
    public static bool IsValidUserId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? userId) =>
        userId is { Length: > 0 and <= UserIdMaxLength } && !string.IsNullOrWhiteSpace(userId) && !userId.Any(char.IsControl);

    public static Member Create(OrganizationId organizationId, string userId, Role? orgRole, IEnumerable<AppRoleBinding> appRoles, DateTimeOffset now)
    {
        if (!IsValidUserId(userId))
        {
            throw new ArgumentException("A user id is 1 to 255 characters, not blank, with no control characters.", nameof(userId));
        }

        Roles.EnsureScopes(orgRole, appRoles);
        return new()
        {
            OrganizationId = organizationId,
            UserId = userId,
            OrgRole = orgRole?.Name,
            _appRoles = [.. appRoles],
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public Access ToAccess() => Access.ForRoles(OrgRole is null ? null : Roles.ByName(OrgRole), _appRoles);

    /// <returns>Whether anything changed.</returns>
    public bool SetRoles(Role? orgRole, IEnumerable<AppRoleBinding> appRoles, DateTimeOffset now)
    {
        Roles.EnsureScopes(orgRole, appRoles);
        var bindings = appRoles.ToList();
        if (OrgRole == orgRole?.Name && bindings.SequenceEqual(_appRoles))
        {
            return false;
        }

        OrgRole = orgRole?.Name;
        _appRoles = bindings;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Drops the bindings on a deleted app, so that a new app with the same id starts with no grants.</summary>
    public bool ForgetApp(string appId, DateTimeOffset now)
    {
        if (_appRoles.RemoveAll(b => b.AppId == appId) == 0)
        {
            return false;
        }

        _appRoles = [.. _appRoles];
        UpdatedAt = now;
        return true;
    }

}
