using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Domain.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly Organization Org = Organization.Create("Acme", Now);
    public static readonly Actor Creator = new(ActorType.User, "user-1");

    private static int _counter;

    public static IssuedSecret Secret(string? encrypted = null)
    {
        var n = Interlocked.Increment(ref _counter);
        return new IssuedSecret($"capy_live_{n:D6}", $"$argon2id$hash{n}", encrypted);
    }

    public static RbacKeySpec Rbac(Role? orgRole = null, IReadOnlyList<AppRoleBinding>? appRoles = null, IReadOnlyList<string>? scopes = null, string? projectId = null, DateTimeOffset? expiresAt = null, bool secure = true) =>
        new("ci key", secure, orgRole, appRoles ?? [], scopes ?? [], projectId, expiresAt, null, null);

    public static ApiKey RbacKey(Role? orgRole = null, IReadOnlyList<AppRoleBinding>? appRoles = null, DateTimeOffset? expiresAt = null, IReadOnlyList<string>? scopes = null) =>
        ApiKey.CreateRbac(Org, Rbac(orgRole, appRoles, scopes, expiresAt: expiresAt), Secret(), Creator, Now).Value;

    public static ApiKey ProjectKey(string projectId, Role? orgRole = null) =>
        ApiKey.CreateRbac(Org, Rbac(orgRole, [new AppRoleBinding(projectId, "app_admin")], projectId: projectId), Secret(), Creator, Now).Value;

    public static ApiKey LegacyKey(LegacyMode mode = LegacyMode.Read, IReadOnlyList<string>? limitedToApps = null) =>
        ApiKey.CreateLegacy(Org, new LegacyKeySpec("legacy", mode, limitedToApps ?? [], []), Secret("encrypted"), Creator, Now).Value;
}
