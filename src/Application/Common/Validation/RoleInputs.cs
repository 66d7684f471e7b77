using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Common.Validation;

/// <summary>Turns validated role input into catalog roles and checks that every named app exists.</summary>
public sealed class RoleInputs(IAppRepository apps)
{
    // Read once a request: an import checks up to a thousand entries. Never the last word: the apps a change binds
    // are held and read again under their locks before it is saved (DependencyLocks).
    private readonly Dictionary<OrganizationId, HashSet<string>> _known = [];

    public static Role? OrgRole(string? text)
    {
        Roles.TryParseOrgRole(text ?? Roles.NoOrgRole, out var role);
        return role;
    }

    public static IReadOnlyList<AppRoleBinding> AppRoles(IReadOnlyList<AppRoleInput>? input) =>
        input is null ? [] : [.. input.Select(b => b.ToBinding())];

    /// <returns>A 400 naming <paramref name="field"/> for the first app the organization does not have.</returns>
    public async Task<Error?> FindUnknownAppAsync(OrganizationId organizationId, string field, IEnumerable<string> appIds, CancellationToken cancellationToken)
    {
        var wanted = appIds.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return null;
        }

        if (!_known.TryGetValue(organizationId, out var known))
        {
            known = (await apps.ListIdsAsync(organizationId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
            _known[organizationId] = known;
        }

        var missing = wanted.FirstOrDefault(a => !known.Contains(a));
        return missing is null ? null : ApplicationErrors.UnknownApp(field, missing);
    }
}
