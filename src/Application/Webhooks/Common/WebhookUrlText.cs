namespace ApiKeys.Application.Webhooks.Common;

/// <summary>What may be written of a webhook URL anywhere but its own row: its host (docs/api.md §10: the log names an endpoint's host, never its path or query).</summary>
public static class WebhookUrlText
{
    public static string HostOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "(not a URL)";
}
