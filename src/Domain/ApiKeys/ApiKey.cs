using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>
/// An API key of an organization. It stores only its public prefix, an Argon2id hash and (plain keys) the token
/// encrypted at rest. Its methods guard the lifecycle: a revoked key cannot be regenerated or re-roled, a legacy
/// key cannot take roles, an expiry is never in the past.
/// </summary>
public sealed class ApiKey
{
    public const int DeviceNameMaxLength = 100;
    public const int SourceMaxLength = 50;
    public const int HashMaxLength = 512;
    public const int EncryptedTokenMaxLength = 2048;
    public const int MaxGracePeriodSeconds = 86_400;

    /// <summary>
    /// A key is regenerated at most once in this interval: of several concurrent or repeated regenerations exactly
    /// one wins (the version token alone lets a request that loaded the key after the first commit win too).
    /// </summary>
    public static readonly TimeSpan MinRegenerationInterval = TimeSpan.FromSeconds(5);

    private List<AppRoleBinding> _appRoles = [];
    private List<string> _scopes = [];
    private List<string> _limitedToApps = [];
    private List<string> _limitedToOrgs = [];

    private ApiKey()
    {
        Name = null!;
        KeyPrefix = null!;
        SecretHash = null!;
    }

    public ApiKeyId Id { get; private set; }

    public OrganizationId OrganizationId { get; private set; }

    public string Name { get; private set; }

    public ApiKeyKind Kind { get; private set; }

    public LegacyMode? Mode { get; private set; }

    /// <summary>Catalog name of the org role (<c>org_admin</c>), or <see langword="null"/> for none.</summary>
    public string? OrgRole { get; private set; }

    public IReadOnlyList<AppRoleBinding> AppRoles => _appRoles;

    public IReadOnlyList<string> Scopes => _scopes;

    public string? ProjectId { get; private set; }

    public IReadOnlyList<string> LimitedToApps => _limitedToApps;

    public IReadOnlyList<string> LimitedToOrgs => _limitedToOrgs;

    public bool Secure { get; private set; }

    public string KeyPrefix { get; private set; }

    public string SecretHash { get; private set; }

    /// <summary>Plain keys only: the token encrypted at rest, so that it can be shown again.</summary>
    public string? EncryptedToken { get; private set; }

    /// <summary>During a regeneration's grace period: the old token's prefix, hash and the instant it stops working.</summary>
    public string? PreviousKeyPrefix { get; private set; }

    public string? PreviousSecretHash { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? CreatedByUserId { get; private set; }

    public string? CreatedByKeyId { get; private set; }

    public string? DeviceName { get; private set; }

    public string? Source { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastRegeneratedAt { get; private set; }

    /// <summary>Optimistic concurrency token: of two concurrent regenerations only one wins.</summary>
    public Guid Version { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    public bool IsActive(DateTimeOffset now) => !IsRevoked && !IsExpired(now);

    public static Result<ApiKey> CreateRbac(OrganizationId organizationId, RbacKeySpec spec, IssuedSecret secret, Actor creator, DateTimeOffset now)
    {
        if (spec.ExpiresAt <= now)
        {
            return ApiKeyErrors.ExpiresInPast;
        }

        if (spec.ProjectId is not null && spec.AppRoles.Any(b => b.AppId != spec.ProjectId))
        {
            return ApiKeyErrors.ProjectRolesOutsideProject;
        }

        Roles.EnsureScopes(spec.OrgRole, spec.AppRoles);
        if (spec.Scopes.Any(s => !Permission.IsKnown(s)))
        {
            throw new ArgumentException("Scopes must be known permission strings.", nameof(spec));
        }

        var key = New(organizationId, spec.Name, spec.Secure, secret, creator, spec.ExpiresAt, now);
        key.Kind = ApiKeyKind.Rbac;
        key.OrgRole = spec.OrgRole?.Name;
        key._appRoles = [.. spec.AppRoles];
        key._scopes = [.. spec.Scopes.Distinct(StringComparer.Ordinal)];
        key.ProjectId = spec.ProjectId;
        key.DeviceName = spec.DeviceName;
        key.Source = spec.Source;
        return key;
    }

    public static Result<ApiKey> CreateLegacy(OrganizationId organizationId, LegacyKeySpec spec, IssuedSecret secret, Actor creator, DateTimeOffset now)
    {
        if (spec.ExpiresAt <= now)
        {
            return ApiKeyErrors.ExpiresInPast;
        }

        if (spec.LimitedToOrgs.Any(o => o != organizationId.ToString()))
        {
            return ApiKeyErrors.ForeignOrganization;
        }

        var key = New(organizationId, spec.Name, spec.Secure, secret, creator, spec.ExpiresAt, now);
        key.Kind = ApiKeyKind.Legacy;
        key.Mode = spec.Mode;
        key._limitedToApps = [.. spec.LimitedToApps.Distinct(StringComparer.Ordinal)];
        key._limitedToOrgs = [.. spec.LimitedToOrgs.Distinct(StringComparer.Ordinal)];
        return key;
    }

    /// <summary>The key's effective permissions in its organization.</summary>
    public Access ToAccess() => Kind == ApiKeyKind.Legacy
        ? Access.ForLegacyMode(Mode!.Value, _limitedToApps)
        : Access.ForRoles(OrgRole is null ? null : Roles.ByName(OrgRole), _appRoles, _scopes, ProjectId);

    /// <summary>The hash a token with <paramref name="keyPrefix"/> must match now: the current one, or the previous one during its grace period.</summary>
    public string? HashFor(string keyPrefix, DateTimeOffset now)
    {
        if (keyPrefix == KeyPrefix)
        {
            return SecretHash;
        }

        return keyPrefix == PreviousKeyPrefix && now < PreviousSecretExpiresAt ? PreviousSecretHash : null;
    }

    /// <summary>An active key holding <c>org_owner</c> unnarrowed: one of the owners the organization must keep.</summary>
    public bool IsOwner(DateTimeOffset now) => IsActive(now) && ToAccess().IsOwner;

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

    /// <param name="expiresAt">The new expiry; <see langword="null"/> removes it.</param>
    /// <returns>Whether the expiry changed.</returns>
    public Result<bool> ChangeExpiry(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        if (expiresAt <= now)
        {
            return ApiKeyErrors.ExpiresInPast;
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
        if (IsRevoked)
        {
            return false;
        }

        if (ProjectId == appId || (_limitedToApps.Contains(appId) && _limitedToApps.Count == 1))
        {
            _appRoles = [.. _appRoles.Where(b => b.AppId != appId)];
            _limitedToApps = [.. _limitedToApps.Where(a => a != appId)];
            Revoke(now);
            return true;
        }

        if (!_appRoles.Any(b => b.AppId == appId) && !_limitedToApps.Contains(appId))
        {
            return false;
        }

        _appRoles = [.. _appRoles.Where(b => b.AppId != appId)];
        _limitedToApps = [.. _limitedToApps.Where(a => a != appId)];
        Touch(now);
        return true;
    }

    public Result<bool> AssignRoles(Role? orgRole, IReadOnlyList<AppRoleBinding> appRoles, DateTimeOffset now)
    {
        if (Kind == ApiKeyKind.Legacy)
        {
            return ApiKeyErrors.LegacyKeyRoles;
        }

        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        if (ProjectId is not null && appRoles.Any(b => b.AppId != ProjectId))
        {
            return ApiKeyErrors.ProjectRolesOutsideProject;
        }

        Roles.EnsureScopes(orgRole, appRoles);
        if (OrgRole == orgRole?.Name && appRoles.SequenceEqual(_appRoles))
        {
            return false;
        }

        OrgRole = orgRole?.Name;
        _appRoles = [.. appRoles];
        Touch(now);
        return true;
    }

    /// <summary>
    /// Replaces the secret. With a grace period the old token keeps working until it ends, and no longer;
    /// without one it stops at once. A revoked key cannot be regenerated.
    /// </summary>
    public Result Regenerate(IssuedSecret secret, TimeSpan gracePeriod, DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.Revoked;
        }

        if (now - LastRegeneratedAt < MinRegenerationInterval)
        {
            return ApiKeyErrors.ConcurrentUpdate;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(gracePeriod.Ticks, nameof(gracePeriod));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gracePeriod, TimeSpan.FromSeconds(MaxGracePeriodSeconds));
        var keepOld = gracePeriod > TimeSpan.Zero;
        PreviousKeyPrefix = keepOld ? KeyPrefix : null;
        PreviousSecretHash = keepOld ? SecretHash : null;
        PreviousSecretExpiresAt = keepOld ? now + gracePeriod : null;
        KeyPrefix = secret.KeyPrefix;
        SecretHash = secret.Hash;
        EncryptedToken = Secure ? null : secret.EncryptedToken;
        LastRegeneratedAt = now;
        Touch(now);
        return Result.Success;
    }

    /// <summary>Revokes the key at once; revoking it again is a miss, as for an unknown key.</summary>
    public Result Revoke(DateTimeOffset now)
    {
        if (IsRevoked)
        {
            return ApiKeyErrors.NotFound;
        }

        RevokedAt = now;
        PreviousKeyPrefix = null;
        PreviousSecretHash = null;
        PreviousSecretExpiresAt = null;
        Touch(now);
        return Result.Success;
    }

    /// <summary>Stores a hash made with newer parameters for the token with <paramref name="keyPrefix"/>.</summary>
    public void Rehash(string keyPrefix, string newHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newHash);
        if (keyPrefix == KeyPrefix)
        {
            SecretHash = newHash;
        }
        else if (keyPrefix == PreviousKeyPrefix)
        {
            PreviousSecretHash = newHash;
        }
    }

    private static ApiKey New(OrganizationId organizationId, string name, bool secure, IssuedSecret secret, Actor creator, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (secret.KeyPrefix.Length != ApiKeyToken.KeyPrefixLength)
        {
            throw new ArgumentException("A key prefix is 16 characters.", nameof(secret));
        }

        return new()
        {
            Id = ApiKeyId.New(),
            OrganizationId = organizationId,
            Name = Names.Normalize(name),
            Secure = secure,
            KeyPrefix = secret.KeyPrefix,
            SecretHash = secret.Hash,
            EncryptedToken = secure ? null : secret.EncryptedToken ?? throw new ArgumentException("A plain key keeps its token encrypted.", nameof(secret)),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedByUserId = creator.UserId,
            CreatedByKeyId = creator.KeyId,
            ExpiresAt = expiresAt,
            Version = Guid.NewGuid(),
        };
    }


    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
