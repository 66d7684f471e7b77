using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Organizations;

/// <summary>An organization's rules for the keys it issues, enforced on create, regenerate and update.</summary>
/// <param name="KeepKeysOfRemovedMembers">Whether removing a member leaves the keys that member created working (default: they are revoked).</param>
/// <param name="RevokeLeakedKeys">Whether a key reported as leaked is revoked (default) or only reported.</param>
public sealed record KeyPolicy(bool RequireExpiration, int? MaxLifetimeDays, bool RequireSecureKeys, bool KeepKeysOfRemovedMembers = false, bool RevokeLeakedKeys = true)
{
    public const int MaxLifetimeDaysLimit = 3650;

    public static KeyPolicy Default { get; } = new(false, null, false);

    /// <summary>Checks a key's secure flag and expiry, counted from <paramref name="now"/>; the error names the rule broken.</summary>
    public Result Check(bool secure, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (RequireSecureKeys && !secure)
        {
            return Error.Policy("policy_require_secure_keys", "The organization's key policy requires secure keys (require_secure_keys).");
        }

        if ((RequireExpiration || MaxLifetimeDays is not null) && expiresAt is null)
        {
            return Error.Policy("policy_require_expiration", "The organization's key policy requires an expiration date (require_expiration).");
        }

        if (MaxLifetimeDays is { } days && expiresAt > now.AddDays(days))
        {
            return Error.Policy("policy_max_lifetime_days", $"The organization's key policy allows keys to live at most {days} days (max_lifetime_days).");
        }

        return Result.Success;
    }
}
