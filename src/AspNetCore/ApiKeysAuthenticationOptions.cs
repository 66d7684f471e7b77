using Microsoft.AspNetCore.Authentication;

namespace ApiKeys.AspNetCore;

/// <summary>
/// Settings of the ApiKeys scheme, after the OAuth2 introspection handler's: where ApiKeys is, the service's own
/// verifier key (a key holding <c>apikey.verify</c>), and how answers are cached.
/// </summary>
public sealed class ApiKeysAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>ApiKeys' base address, e.g. <c>http://localhost:5080</c>.</summary>
    public Uri? Authority { get; set; }

    /// <summary>This service's key for <c>POST /v1/keys/verify</c> and <c>key-changes</c> (needs <c>apikey.verify</c>).</summary>
    public string? VerifierKey { get; set; }

    /// <summary>How long a valid answer is reused (never past the key's expiry). Key changes evict sooner.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a refusal (unknown, revoked, expired, …) is reused.</summary>
    public TimeSpan FailureCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most answers kept (each token, and each token on each app, is one).</summary>
    public int CacheSizeLimit { get; set; } = 10_000;

    /// <summary>
    /// While ApiKeys cannot be reached, a key verified within this time keeps being accepted (never past its expiry);
    /// an unknown one is refused with 503. <see cref="TimeSpan.Zero"/> refuses every key during an outage.
    /// </summary>
    public TimeSpan OutageGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Follow <c>GET …/key-changes</c> (long poll) to evict changed keys within about a second.</summary>
    public bool FollowKeyChanges { get; set; } = true;

    /// <summary>The long poll's <c>wait</c> (1 to 30 s).</summary>
    public TimeSpan KeyChangesWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one verify call may take before ApiKeys counts as unreachable.</summary>
    public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public override void Validate()
    {
        base.Validate();
        if (Authority is not { IsAbsoluteUri: true })
        {
            throw new InvalidOperationException("ApiKeys authentication: Authority must be an absolute URI (ApiKeys' base address).");
        }

        if (string.IsNullOrWhiteSpace(VerifierKey))
        {
            throw new InvalidOperationException("ApiKeys authentication: VerifierKey is required (a key holding apikey.verify).");
        }

        if (KeyChangesWait < TimeSpan.FromSeconds(1) || KeyChangesWait > TimeSpan.FromSeconds(30))
        {
            throw new InvalidOperationException("ApiKeys authentication: KeyChangesWait must be between 1 and 30 seconds.");
        }

        if (CacheSizeLimit < 1 || CacheDuration <= TimeSpan.Zero || FailureCacheDuration < TimeSpan.Zero || OutageGrace < TimeSpan.Zero)
        {
            throw new InvalidOperationException("ApiKeys authentication: cache settings must be positive.");
        }
    }
}
