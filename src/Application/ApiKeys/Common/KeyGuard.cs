using ApiKeys.Application.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.ApiKeys.Common;

/// <summary>
/// A caller may take over a key's power (regenerate it and receive its secret, or change its roles) only if it
/// could have granted that power itself: otherwise an admin could regenerate an owner key and become owner.
/// </summary>
internal static class KeyGuard
{
    public static Error? EnsureCallerCovers(AuthorizedCaller caller, ApiKey key)
    {
        var covered = key.Kind == ApiKeyKind.Legacy
            ? caller.Access.CanGrantLegacy(key.Mode!.Value, key.LimitedToApps)
            : caller.Access.CanGrant(key.OrgRole is null ? null : Roles.ByName(key.OrgRole), key.AppRoles);
        return covered ? null : ApplicationErrors.Escalation;
    }
}
