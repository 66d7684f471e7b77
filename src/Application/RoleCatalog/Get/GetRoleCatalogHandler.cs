using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;
using Catalog = ApiKeys.Domain.Authorization.Roles;

namespace ApiKeys.Application.RoleCatalog.Get;

internal sealed class GetRoleCatalogHandler(AccessResolver resolver, AuthorizedCaller caller, IAppRepository apps)
    : IQueryHandler<GetRoleCatalogQuery, Result<RoleCatalogResponse>>
{
    private static readonly IReadOnlyList<LegacyMode> Modes = [LegacyMode.Read, LegacyMode.Upload, LegacyMode.Write, LegacyMode.All];

    public async ValueTask<Result<RoleCatalogResponse>> Handle(GetRoleCatalogQuery query, CancellationToken cancellationToken)
    {
        var context = await resolver.ResolveContextAsync(caller.Principal, query.OrganizationId, cancellationToken);
        if (!context.IsSuccess)
        {
            return context.Error!;
        }

        var (organizationId, access) = context.Value;
        var appIds = organizationId is { } id ? await apps.ListIdsAsync(id, cancellationToken) : [];
        var grantable = new GrantableResponse(
            [Catalog.NoOrgRole, .. Catalog.OrgRoles.Where(r => access.CanGrant(r, [], access.Limits)).Select(r => r.Name)],
            [.. appIds.Order(StringComparer.Ordinal)
                .Select(app => new GrantableAppRolesResponse(app, [.. Catalog.AppRoles.Where(r => access.CanGrant(null, [new AppRoleBinding(app, r.Name)], access.Limits)).Select(r => r.Name)]))
                .Where(g => g.Roles.Count > 0)],
            [.. Modes.Where(m => access.CanGrantLegacy(m, [], access.Limits)).Select(m => m.ToText())]);

        return new RoleCatalogResponse(
            organizationId?.ToString(),
            [.. Catalog.OrgRoles.Select(Describe)],
            [.. Catalog.AppRoles.Select(Describe)],
            [.. Modes.Select(m => new LegacyModeResponse(m.ToText(), m.BaseRole().Name, Sorted(m.ExtraAppPermissions())))],
            new ScopesResponse(Sorted(Permission.OrgScoped), Sorted(Permission.AppScoped)),
            grantable);
    }

    private static RoleResponse Describe(Role role) =>
        new(role.Name, role.ShortName, role.Scope == PermissionScope.Org ? "org" : "app", Sorted(role.OrgPermissions), Sorted(role.AppPermissions));

    private static IReadOnlyList<string> Sorted(IEnumerable<string> permissions) => [.. permissions.Order(StringComparer.Ordinal)];
}
