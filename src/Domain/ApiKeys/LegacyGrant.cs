using ApiKeys.Domain.ApiKeys.Governance;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.ApiKeys;

/// <summary>A Capgo mode key's grant: its mode, and the apps and organizations it is limited to. It takes no roles.</summary>
public sealed record LegacyGrant : KeyGrant
{
    private LegacyGrant(LegacyMode mode, IReadOnlyList<string> limitedToApps, IReadOnlyList<string> limitedToOrgs)
    {
        Mode = mode;
        LimitedToApps = limitedToApps;
        LimitedToOrgs = limitedToOrgs;
    }

    public override ApiKeyKind Kind => ApiKeyKind.Legacy;

    public LegacyMode Mode { get; }

    /// <summary>When not empty, the key may touch these apps only.</summary>
    public IReadOnlyList<string> LimitedToApps { get; }

    /// <summary>May only name the key's own organization.</summary>
    public IReadOnlyList<string> LimitedToOrgs { get; }

    public static Result<LegacyGrant> Create(OrganizationId organizationId, LegacyMode mode, IReadOnlyList<string> limitedToApps, IReadOnlyList<string> limitedToOrgs)
    {
        if (limitedToOrgs.Any(o => o != organizationId.ToString()))
        {
            return ApiKeyErrors.ForeignOrganization;
        }

        return new LegacyGrant(mode, [.. limitedToApps.Distinct(StringComparer.Ordinal)], [.. limitedToOrgs.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The grant as it was stored: trusted, not checked again.</summary>
    public static LegacyGrant Restore(LegacyMode mode, IReadOnlyList<string> limitedToApps, IReadOnlyList<string> limitedToOrgs) =>
        new(mode, limitedToApps, limitedToOrgs);

    public override Access ToAccess(KeyLimits? limits = null) => Access.ForLegacyMode(Mode, LimitedToApps, limits);

    internal override (KeyGrant Grant, bool Revoke) WithoutApp(string appId) =>
        (new LegacyGrant(Mode, [.. LimitedToApps.Where(a => a != appId)], LimitedToOrgs), LimitedToApps is [var only] && only == appId);

    internal override bool Names(string appId) => LimitedToApps.Contains(appId);

    public override IReadOnlyList<string> AppIds => LimitedToApps;
}
