using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Operations;

/// <summary>The service with <c>Metrics:ScrapeToken</c> set.</summary>
public sealed class MetricsFactory : ApiFactory
{
    public const string ScrapeToken = "scrape-token-for-tests-0123456789";

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Metrics:ScrapeToken"] = ScrapeToken;
            return settings;
        }
    }
}
