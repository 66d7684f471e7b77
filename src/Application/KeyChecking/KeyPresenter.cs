using ApiKeys.Domain.Common;

namespace ApiKeys.Application.KeyChecking;

/// <summary>
/// Who presents a token to <see cref="IKeyVerifier"/> (docs/api.md §2, "Tenants never touch each other"). A request
/// authenticating with its own token is the client itself: its failures spend its connection address's budget, and
/// a success is a use of the key. A verify is one organization's service speaking for its end client: its failures
/// are counted per calling organization and client address, apart from the address's own budget and from every
/// other organization's, and only a key of that organization counts as used (another's changes nothing of it).
/// </summary>
public readonly record struct KeyPresenter
{
    private const string Unknown = "unknown";

    // Null only in default(KeyPresenter), read as the unknown address.
    private readonly string? _address;

    private KeyPresenter(string address, OrganizationId? organization)
    {
        _address = address;
        Organization = organization;
    }

    /// <summary>The client address (or, for a verify naming no client, the verifier itself) whose budget failures spend.</summary>
    public string Address => _address ?? Unknown;

    /// <summary>The organization a verify speaks for; <see langword="null"/> for a request presenting its own token.</summary>
    public OrganizationId? Organization { get; }

    /// <summary>The failure budget this presenter spends: the address's own, or the calling organization's for that address.</summary>
    public string BudgetPartition => Organization is { } organization ? organization + "|" + Address : Address;

    public static KeyPresenter Direct(string? address) => new(address ?? Unknown, null);

    /// <param name="clientIp">The end client the service names; without one, the verifier's own budget (<paramref name="callerId"/>).</param>
    public static KeyPresenter Verifying(OrganizationId organization, string? clientIp, string callerId) =>
        new(clientIp ?? "verifier:" + callerId, organization);

    /// <summary>Whether a success counts as a use of a key of <paramref name="keyOrganization"/>.</summary>
    public bool Uses(OrganizationId keyOrganization) => Organization is not { } organization || organization == keyOrganization;
}
