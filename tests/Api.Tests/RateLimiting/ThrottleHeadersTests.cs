using ApiKeys.Api.Errors;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys.Governance;
using Microsoft.AspNetCore.Http;

namespace ApiKeys.Api.Tests.RateLimiting;

/// <summary>Issue 16: one writer of Retry-After and of the IETF RateLimit-Policy / RateLimit fields, every value true.</summary>
public sealed class ThrottleHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, "1")]
    [InlineData(999, "1")]
    [InlineData(1000, "1")]
    [InlineData(1001, "2")]
    [InlineData(36_500, "37")]
    public void RetryAfter_IsRoundedUp_SoAClientThatWaitsIsNeverEarly(int milliseconds, string header)
    {
        var response = new DefaultHttpContext().Response;
        ThrottleHeaders.SetRetryAfter(response, TimeSpan.FromMilliseconds(milliseconds));
        response.Headers.RetryAfter.ToString().Should().Be(header);
    }

    [Fact]
    public void OverALimit_429_WithRetryAfterAndTheDraftsFields()
    {
        var response = new DefaultHttpContext().Response;
        RateLimit[] limits = [new("default", 100, 60), new("daily", 1000, 86_400)];
        var verdict = new RateLimitVerdict(false, new RateLimitState("default", 100, 0, Now.AddSeconds(36.2), 60), TimeSpan.FromSeconds(36.2));

        ThrottleHeaders.TooManyRequests(response, verdict, limits, Now);

        response.StatusCode.Should().Be(429);
        response.Headers.RetryAfter.ToString().Should().Be("37");
        response.Headers["RateLimit-Policy"].ToString().Should().Be("\"default\";q=100;w=60, \"daily\";q=1000;w=86400");
        response.Headers["RateLimit"].ToString().Should().Be("\"default\";r=0;t=37");
    }

    [Fact]
    public void ACostThatCanNeverSucceed_ClaimsNoRetryAfter()
    {
        var response = new DefaultHttpContext().Response;
        var verdict = new RateLimitVerdict(false, new RateLimitState("tiny", 1, 1, Now.AddSeconds(1), 1), null);
        ThrottleHeaders.TooManyRequests(response, verdict, [], Now);
        response.Headers.ContainsKey("Retry-After").Should().BeFalse();
        response.Headers["RateLimit-Policy"].ToString().Should().Be("\"tiny\";q=1;w=1");
    }

    [Fact]
    public void PolicyNames_AreStructuredFieldStrings()
    {
        var response = new DefaultHttpContext().Response;
        var verdict = new RateLimitVerdict(true, new RateLimitState("a \"quoted\" \\ naïve", 5, 4, Now.AddSeconds(10), 10), null);
        ThrottleHeaders.SetRateLimit(response, verdict, [], Now);
        response.Headers["RateLimit"].ToString().Should().Be("\"a \\\"quoted\\\" \\\\ na?ve\";r=4;t=10");
    }

    [Fact]
    public void RetryAfter_IsWrittenByThrottleHeadersAlone()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ApiKeys.sln")))
        {
            root = root.Parent!;
        }

        var writers = Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "Api"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root.FullName, "src", "Infrastructure"), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(file), @"Headers\.RetryAfter\s*=|Headers\[\s*(HeaderNames\.RetryAfter|""Retry-After"")\s*\]\s*=|Append\(\s*(HeaderNames\.RetryAfter|""Retry-After"")"))
            .Select(Path.GetFileName);
        writers.Should().BeEquivalentTo(["ThrottleHeaders.cs"], "Retry-After is written in one place: call ThrottleHeaders.SetRetryAfter, or TooManyRequests / SetRateLimit for a key over its limits (they also write RateLimit-Policy and RateLimit)");
    }
}
