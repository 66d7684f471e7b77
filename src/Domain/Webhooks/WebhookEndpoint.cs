using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Webhooks;

/// <summary>
/// Where an organization wants its events (docs/api.md §10): a URL, the event types it subscribes to, and the
/// signing secret, kept only encrypted (the service must sign with it, so it cannot be a hash).
/// </summary>
public sealed class WebhookEndpoint
{
    public const int UrlMaxLength = 2048;
    public const int DescriptionMaxLength = 500;
    public const int EncryptedSecretMaxLength = 2048;

    private List<string> _events = [];

    private WebhookEndpoint()
    {
        Url = null!;
        EncryptedSecret = null!;
    }

    public WebhookId Id { get; private set; }

    public OrganizationId OrganizationId { get; private set; }

    public string Url { get; private set; }

    public IReadOnlyList<string> Events => _events;

    public string? Description { get; private set; }

    public string EncryptedSecret { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static WebhookEndpoint Create(OrganizationId organizationId, Uri url, IEnumerable<string> events, string? description, string encryptedSecret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(url);
        var subscribed = events.Distinct(StringComparer.Ordinal).ToList();
        if (!url.IsAbsoluteUri || subscribed.Count == 0 || subscribed.Any(e => !WebhookEvents.IsKnown(e)))
        {
            throw new ArgumentException("A webhook needs an absolute URL and known event types.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(encryptedSecret);
        return new()
        {
            Id = WebhookId.New(),
            OrganizationId = organizationId,
            Url = url.AbsoluteUri,
            _events = subscribed,
            Description = description?.Trim() is { Length: > 0 } trimmed ? trimmed : null,
            EncryptedSecret = encryptedSecret,
            CreatedAt = now,
        };
    }

    public bool Wants(string eventType) => _events.Contains(eventType);

    /// <summary>The URL's host: what logs may name of an endpoint (its path or query may hold the receiver's secret).</summary>
    public string Host => new Uri(Url, UriKind.Absolute).Host;
}
