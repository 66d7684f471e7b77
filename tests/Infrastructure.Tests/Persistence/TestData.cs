using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Infrastructure.Security;

namespace ApiKeys.Infrastructure.Tests.Persistence;

/// <summary>Aggregates built through their own factories, at whole-millisecond instants as the clock gives them.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly RandomTokenGenerator Tokens = new();

    public static ApiKey Key(Organization organization, string name, DateTimeOffset createdAt, IssuedSecret? secret = null) =>
        ApiKey.CreateRbac(
            organization,
            new RbacKeySpec(name, Secure: true, OrgRole: null, AppRoles: [], Scopes: [], ProjectId: null, ExpiresAt: null, DeviceName: null, Source: null),
            secret ?? Secret(),
            new Actor(ActorType.User, "user-1"),
            createdAt).Value;

    /// <summary>A secure key's secret: a fresh random prefix; the hash is never verified here.</summary>
    public static IssuedSecret Secret(string? keyPrefix = null) =>
        new(keyPrefix ?? Tokens.Generate().KeyPrefix, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA", null);
}
