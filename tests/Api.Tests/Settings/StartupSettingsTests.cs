using ApiKeys.Api.Tests.Nodes;

namespace ApiKeys.Api.Tests.Settings;

/// <summary>
/// The built service, started as an operator starts it, with one mistake each: it must stop at start with exit
/// code 78 and one line naming the setting (never start and answer 500 later, never a stack trace).
/// </summary>
public sealed class StartupSettingsTests
{
    private const string Audience = "Auth__Jwt__Audience";

    public static TheoryData<string, string[]> Mistakes => new()
    {
        { "Auth__Jwt__Authority", ["Auth__Jwt__Authority=http://127.0.0.1:3000", $"{Audience}=urn:apikeys"] },
        { "Auth__Jwt__Authority", ["Auth__Jwt__Authority=idp.example.com", $"{Audience}=urn:apikeys"] },
        { "Auth__Jwt__Authority", ["Auth__Jwt__Authority=https://idp.example.com", "Auth__Jwt__SigningKey=0123456789abcdef0123456789abcdef", "Auth__Jwt__Issuer=x", $"{Audience}=urn:apikeys"] },
        { "Auth__Jwt__Audience", ["Auth__Jwt__Authority=https://idp.example.com"] },
        { "Auth__Jwt__SigningKey", ["Auth__Jwt__SigningKey=too-short", "Auth__Jwt__Issuer=x", $"{Audience}=urn:apikeys"] },
        { "Auth__Jwt__RequireHttpsMetadata", ["Auth__Jwt__RequireHttpsMetadata=nope"] },
        { "Auth__Jwt__ClockSkewSeconds", ["Auth__Jwt__ClockSkewSeconds=-1"] },
        { "Auth__Jwt__Authorty", ["Auth__Jwt__Authorty=https://idp.example.com"] },
        { "Database__Provider", ["Database__Provider=mysql"] },
        { "ConnectionStrings__Default", ["Database__Provider=postgres", "ConnectionStrings__Default="] },
        { "ConnectionStrings__Default", ["Database__Provider=postgres", "ConnectionStrings__Default=Hots=db;Password=hunter2"] },
        { "Database__MigrateOnStart", ["Database__MigrateOnStart=maybe"] },
        { "Argon2__MemoryKiB", ["Argon2__MemoryKiB=0"] },
        { "Auth__HotPath__CacheTtlSeconds", ["Auth__HotPath__CacheTtlSeconds=abc"] },
        { "Auth__HotPath__FailureBudget", ["Auth__HotPath__FailureBudget=0"] },
        { "Auth__HotPath__CacheTtlSecond", ["Auth__HotPath__CacheTtlSecond=5"] },
        { "ChangeFeed__PollIntervalMilliseconds", ["ChangeFeed__PollIntervalMilliseconds=0"] },
        { "RateLimiting__VerifyPermitsPerSecond", ["RateLimiting__VerifyPermitsPerSecond=0"] },
        { "ForwardedHeaders__KnownProxies", ["ForwardedHeaders__KnownProxies=10.0.0.300"] },
        { "ForwardedHeaders__KnownNetworks", ["ForwardedHeaders__KnownNetworks=10.0.0.0/99"] },
        { "DataProtection__CertificatePath", ["DataProtection__CertificatePath=/nonexistent/ring.pfx"] },
        { "DataProtection__CertificatePassword", ["DataProtection__CertificatePassword=secret-without-a-certificate"] },
        { "Metrics__ScrapeToken", ["Metrics__ScrapeToken=short"] },
        { "Security__TokenDigestKeys", ["Security__TokenDigestKeys=k1:c2hvcnQ="] },
        { "Security__TokenDigestKeys", ["Security__TokenDigestKeys=no-id-here"] },
        { "Security__TokenDigestKeys", ["Security__TokenDigestKeys=k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,k1:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="] },
        { "Security__TokenDigestKeyFile", ["Security__TokenDigestKeyFile=/nonexistent/token-digest.keys"] },
        { "Redis__Configuration", ["Redis__Configuration=127.0.0.1:6379,bogus=1"] },
        { "Redis__Configuration", ["Redis__Configuration=password=hunter2"] },
        { "OTEL_EXPORTER_OTLP_ENDPOINT", ["OTEL_EXPORTER_OTLP_ENDPOINT=collector:4317"] },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Mistake_StopsAtStart_WithOneLineNamingTheSetting(string setting, string[] assignments)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(Path.GetTempPath(), "apikeys-settings-" + Guid.NewGuid().ToString("N"), "a.db")}",
        };
        foreach (var assignment in assignments)
        {
            var (key, value) = (assignment[..assignment.IndexOf('=', StringComparison.Ordinal)], assignment[(assignment.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            settings[key] = value;
        }

        var (exitCode, error) = await ServiceNode.RunUntilExitAsync(settings, TimeSpan.FromSeconds(60));

        exitCode.Should().Be(78, "the service must refuse to start; it wrote:\n" + error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Should().ContainSingle("one mistake, one line").Which.Should().StartWith($"Invalid setting {setting}:");
        error.Should().NotContain("   at ", "no stack trace").And.NotContain("Unhandled exception").And.NotContain("hunter2", "a connection string's password is never echoed");
    }
}
