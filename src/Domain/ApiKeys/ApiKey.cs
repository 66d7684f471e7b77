using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// An API key of an organization: its metadata, its <see cref="Grant"/> (RBAC or legacy) and its
/// <see cref="Secret"/> (only the prefix, an Argon2id hash and, for plain keys, the token encrypted at rest). Its
/// methods guard the lifecycle: a revoked key cannot be regenerated, re-roled or changed, a legacy key cannot take
/// roles, an expiry is never in the past, and the organization's key policy holds on create, regenerate and a new expiry.
/// </summary>
public sealed partial class ApiKey
{
    public const int DeviceNameMaxLength = 100;
    public const int SourceMaxLength = 50;
    public const int HashMaxLength = 512;
    public const int EncryptedTokenMaxLength = 2048;
    public const int DigestMaxLength = 128;
    public const int MaxGracePeriodSeconds = 86_400;

    private ApiKey()
    {
        Name = null!;
        Secret = null!;
    }

    public ApiKeyId Id { get; private set; }

    public OrganizationId OrganizationId { get; private set; }

    public string Name { get; private set; }

    public ApiKeyKind Kind { get; private set; }

    public bool Secure { get; private set; }

    public SecretRotation Secret { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? CreatedByUserId { get; private set; }

    public string? CreatedByKeyId { get; private set; }

    public string? DeviceName { get; private set; }

    public string? Source { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Optimistic concurrency token: of two concurrent changes read at the same version, only one commits.</summary>
    public Guid Version { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    public bool IsActive(DateTimeOffset now) => !IsRevoked && !IsExpired(now);

    public static Result<ApiKey> CreateRbac(Organization organization, RbacKeySpec spec, IssuedSecret secret, Actor creator, DateTimeOffset now)
    {
        var grant = CheckNew(organization.KeyPolicy, spec.Secure, spec.ExpiresAt, now)
            .Bind(() => RbacGrant.Create(spec.OrgRole, spec.AppRoles, spec.Scopes, spec.ProjectId));
        return grant.Map(g => New(organization.Id, g, spec.Name, spec.Secure, secret, creator, spec.ExpiresAt, now, spec.DeviceName, spec.Source));
    }

    public static Result<ApiKey> CreateLegacy(Organization organization, LegacyKeySpec spec, IssuedSecret secret, Actor creator, DateTimeOffset now)
    {
        var grant = CheckNew(organization.KeyPolicy, spec.Secure, spec.ExpiresAt, now)
            .Bind(() => LegacyGrant.Create(organization.Id, spec.Mode, spec.LimitedToApps, spec.LimitedToOrgs));
        return grant.Map(g => New(organization.Id, g, spec.Name, spec.Secure, secret, creator, spec.ExpiresAt, now, null, null));
    }

    /// <summary>The key's effective permissions in its organization, its limits included (governance is power too).</summary>
    public Access ToAccess() => Grant.ToAccess(Limits);

    /// <summary>The key's permissions with <paramref name="limits"/> instead of its own: what a change of limits would make of it.</summary>
    public Access ToAccess(KeyLimits limits) => Grant.ToAccess(limits);

    /// <summary>
    /// An active, enabled key holding <c>org_owner</c> unnarrowed and without limits: one of the usable owners the
    /// organization must keep (docs/api.md §2 "The last owner stays usable").
    /// </summary>
    public bool IsOwner(DateTimeOffset now) => IsActive(now) && Enabled && ToAccess().IsOwner;

    /// <returns>Whether the name changed. Renaming a revoked key is refused: its record is frozen.</returns>
    public Result<bool> Rename(string name, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        var newName = Names.Normalize(name);
        if (newName == Name)
        {
            return false;
        }

        Name = newName;
        Touch(now);
        return true;
    }

    /// <param name="expiresAt">The new expiry; <see langword="null"/> removes it. It must satisfy <paramref name="policy"/>.</param>
    /// <returns>Whether the expiry changed.</returns>
    public Result<bool> ChangeExpiry(DateTimeOffset? expiresAt, KeyPolicy policy, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        var allowed = policy.Check(Secure, expiresAt, now);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        if (expiresAt <= now)
        {
            return ApiKeyErrors.ExpiresInPast;
        }

        if (expiresAt is { } instant && !Instants.IsAccepted(instant))
        {
            return ApiKeyErrors.ExpiresTooFar;
        }

        if (expiresAt == ExpiresAt)
        {
            return false;
        }

        ExpiresAt = expiresAt;
        Touch(now);
        return true;
    }

    /// <summary>
    /// The app <paramref name="appId"/> was deleted: its role bindings go, a project key of it is revoked, and a
    /// legacy key limited to it loses it, revoked when no app remains (a limit never widens into "every app").
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    public bool ForgetApp(string appId, DateTimeOffset now)
    {
        if (IsRevoked || !Grant.Names(appId))
        {
            return false;
        }

        var (grant, revoke) = Grant.WithoutApp(appId);
        Grant = grant;
        if (revoke)
        {
            Revoke(now);
        }
        else
        {
            Touch(now);
        }

        return true;
    }

    /// <returns>Whether the roles changed. A legacy key takes no roles; a revoked one is frozen.</returns>
    public Result<bool> AssignRoles(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, DateTimeOffset now)
    {
        if (Grant is not RbacGrant rbac)
        {
            return ApiKeyErrors.LegacyKeyRoles;
        }

        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        var regranted = rbac.WithRoles(orgRole, appRoles);
        if (!regranted.IsSuccess)
        {
            return regranted.Error!;
        }

        if (rbac.HasRoles(orgRole, appRoles))
        {
            return false;
        }

        Grant = regranted.Value;
        Touch(now);
        return true;
    }

    /// <summary>
    /// Replaces the secret. With a grace period the old token keeps working until it ends, and no longer; without
    /// one it stops at once. A revoked key cannot be regenerated, nor one the organization's policy no longer allows.
    /// Of concurrent regenerations read at the same version only one commits (<see cref="Version"/>).
    /// </summary>
    public Result Regenerate(IssuedSecret secret, TimeSpan gracePeriod, KeyPolicy policy, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        var allowed = policy.Check(Secure, ExpiresAt, now);
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(gracePeriod, TimeSpan.FromSeconds(MaxGracePeriodSeconds));
        Secret = Secret.Rotate(secret, Secure, gracePeriod, now);
        Touch(now);
        return Result.Success;
    }

    /// <summary>Revokes the key at once, grace period included; revoking it again is a miss, as for an unknown key.</summary>
    public Result Revoke(DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.NotFound;
        }

        RevokedAt = now;
        Secret = Secret.Revoked();
        Touch(now);
        return Result.Success;
    }

    /// <summary>
    /// Ends the previous secret's grace period at once (it leaked): the key and its current secret keep working.
    /// <see langword="false"/> when there is no previous secret still in its grace period.
    /// </summary>
    public bool EndGracePeriod(DateTimeOffset now)
    {
        if (IsRevoked || !(Secret.PreviousSecretExpiresAt > now))
        {
            return false;
        }

        Secret = Secret.WithoutPrevious();
        Touch(now);
        return true;
    }

    /// <summary>Whether <paramref name="keyPrefix"/> is the previous secret's (one in, or past, its grace period), not the current one.</summary>
    public bool IsPreviousSecret(string keyPrefix) => Secret.IsPrevious(keyPrefix);

    /// <summary>Stores a hash made with newer parameters for the token with <paramref name="keyPrefix"/>.</summary>
    public void Rehash(string keyPrefix, string newHash) => Secret = Secret.Rehash(keyPrefix, newHash);

    /// <summary>Policy first, then the expiry itself: the checks every new key passes, whatever its kind.</summary>
    private static Result CheckNew(KeyPolicy policy, bool secure, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var allowed = policy.Check(secure, expiresAt, now);
        return !allowed.IsSuccess ? allowed
            : expiresAt <= now ? ApiKeyErrors.ExpiresInPast
            : expiresAt is { } instant && !Instants.IsAccepted(instant) ? ApiKeyErrors.ExpiresTooFar
            : Result.Success;
    }

    private static ApiKey New(OrganizationId organizationId, KeyGrant grant, string name, bool secure, IssuedSecret secret, Actor creator, DateTimeOffset? expiresAt, DateTimeOffset now, string? deviceName, string? source)
    {
        var key = new ApiKey
        {
            Id = ApiKeyId.New(),
            OrganizationId = organizationId,
            Name = Names.Normalize(name),
            Secure = secure,
            Secret = SecretRotation.First(secret, secure),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedByUserId = creator.UserId,
            CreatedByKeyId = creator.KeyId,
            ExpiresAt = expiresAt,
            DeviceName = deviceName,
            Source = source,
            Version = Guid.NewGuid(),
        };
        key.Grant = grant;
        return key;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
