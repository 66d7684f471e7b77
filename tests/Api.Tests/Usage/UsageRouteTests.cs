using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Api.Tests.Usage;

/// <summary><c>GET …/api-keys/{keyID}/usage</c> (contract §9): UTC hour or day buckets, dense, with this node's unwritten counts.</summary>
public sealed class UsageRouteTests(UsageFactory factory) : IClassFixture<UsageFactory>
{
    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private async Task<(string Org, HttpClient Owner, string KeyId, string KeySecret)> KeyAsync(string orgRole = "member")
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (created, body) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "counted", org_role = orgRole });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (org, owner, body!["api_key"]!["id"]!.GetValue<string>(), body["plaintext_api_key"]!.GetValue<string>());
    }

    private void Record(string keyId, UsageOutcome outcome, int times)
    {
        ApiKeyId.TryParse(keyId, out var id).Should().BeTrue();
        var counter = factory.Services.GetRequiredService<IUsageCounter>();
        for (var i = 0; i < times; i++)
        {
            counter.Record(id, outcome);
        }
    }

    private static long Sum(JsonNode body, string field) => body["usage"]!.AsArray().Sum(b => b![field]!.GetValue<long>());

    [Fact]
    public async Task ByDefault_TheLastSevenDaysByHour_IncludingCountsNotWrittenYet_AndAFlushCountsNothingTwice()
    {
        var (org, owner, keyId, _) = await KeyAsync();
        Record(keyId, UsageOutcome.Valid, 4);
        Record(keyId, UsageOutcome.Rejected, 1);
        Record(keyId, UsageOutcome.RateLimited, 2);
        Record(keyId, UsageOutcome.UsageExceeded, 3);
        var path = $"/v1/organizations/{org}/api-keys/{keyId}/usage";

        var (response, before) = await owner.GetJsonAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var buckets = before!["usage"]!.AsArray();
        buckets.Count.Should().BeInRange(168, 169, "seven days of hours, from the hour holding `from` to the one holding now");
        var starts = buckets.Select(b => DateTimeOffset.Parse(b!["start"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList();
        starts.Should().BeInAscendingOrder();
        starts.Zip(starts.Skip(1), (a, b) => b - a).Should().OnlyContain(step => step == TimeSpan.FromHours(1));
        starts.Should().OnlyContain(s => s.Minute == 0 && s.Second == 0 && s.Offset == TimeSpan.Zero);
        buckets[0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("start", "valid", "rejected", "rate_limited", "usage_exceeded");
        buckets[0]!["start"]!.GetValue<string>().Should().EndWith(":00:00Z");
        (Sum(before, "valid"), Sum(before, "rejected"), Sum(before, "rate_limited"), Sum(before, "usage_exceeded"))
            .Should().Be((4L, 6L, 2L, 3L), "this node's counts are shown before they are written; rejected counts every non-valid outcome");

        await factory.Services.GetRequiredService<UsageFlusher>().FlushAsync(CancellationToken.None);
        var (_, after) = await owner.GetJsonAsync(path);
        (Sum(after!, "valid"), Sum(after!, "rejected")).Should().Be((4L, 6L), "after the flush the same counts come from the database, not twice");
    }

    [Fact]
    public async Task ByDay_EachDayIsTheSumOfItsUtcHours()
    {
        var (org, owner, keyId, _) = await KeyAsync();
        ApiKeyId.TryParse(keyId, out var id);
        var day = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero).AddDays(-3);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UsageWriter>().WriteAsync(new Dictionary<UsageSlot, UsageCounts>
            {
                [new(id, day.AddHours(-1))] = new(100, 0, 0, 0),
                [new(id, day)] = new(1, 2, 1, 1),
                [new(id, day.AddHours(23))] = new(10, 20, 5, 0),
                [new(id, day.AddDays(1))] = new(7, 0, 0, 0),
            }, CancellationToken.None);
        }

        var (response, body) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}/usage?granularity=day&from={Iso(day)}&to={Iso(day.AddDays(2))}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var buckets = body!["usage"]!.AsArray();
        buckets.Select(b => b!["start"]!.GetValue<string>()).Should().Equal(Iso(day), Iso(day.AddDays(1)));
        buckets[0]!["valid"]!.GetValue<long>().Should().Be(11);
        buckets[0]!["rejected"]!.GetValue<long>().Should().Be(22);
        buckets[0]!["rate_limited"]!.GetValue<long>().Should().Be(6);
        buckets[0]!["usage_exceeded"]!.GetValue<long>().Should().Be(1);
        buckets[1]!["valid"]!.GetValue<long>().Should().Be(7, "the hour before `from` belongs to another day and is left out");

        var (_, hours) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}/usage?from={Iso(day.AddMinutes(30))}&to={Iso(day.AddHours(1))}");
        hours!["usage"]!.AsArray().Should().ContainSingle().Which!["start"]!.GetValue<string>().Should().Be(Iso(day), "from is rounded down to its hour");
    }

    [Theory]
    [InlineData("granularity=week", "granularity")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01T00:00:00Z", "to")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:01Z", "from")]
    [InlineData("granularity=day&from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:01Z", "from")]
    public async Task BadInput_Is400NamingTheField(string query, string field)
    {
        var (org, owner, keyId, _) = await KeyAsync();
        var (response, body) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}/usage?{query}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["code"]!.GetValue<string>().Should().Be("validation_failed");
        body["details"]!.AsObject().Select(p => p.Key).Should().Equal(field);
    }

    [Fact]
    public async Task TheLongestRanges_AreAccepted()
    {
        var (org, owner, keyId, _) = await KeyAsync();
        var path = $"/v1/organizations/{org}/api-keys/{keyId}/usage";
        var (hours, hourBody) = await owner.GetJsonAsync($"{path}?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z");
        hours.StatusCode.Should().Be(HttpStatusCode.OK);
        hourBody!["usage"]!.AsArray().Count.Should().Be(31 * 24);
        var (days, dayBody) = await owner.GetJsonAsync($"{path}?granularity=day&from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z");
        days.StatusCode.Should().Be(HttpStatusCode.OK);
        dayBody!["usage"]!.AsArray().Count.Should().Be(90);
    }

    [Fact]
    public async Task AnotherOrganizationsKey_IsNotFound_AndReadingNeedsApikeyRead()
    {
        var (org, owner, keyId, _) = await KeyAsync();
        var (_, otherOwner) = await factory.CreateOrganizationAsync("Other");
        var (foreign, _) = await factory.WithToken(otherOwner).GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}/usage");
        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/key_0192f0c0a1b27c3d8e9f0a1b2c3d4e5f/usage")).Response.StatusCode.Should().Be(HttpStatusCode.NotFound);

        var (_, noRead) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "no roles", org_role = "none" });
        var (forbidden, _) = await factory.WithToken(noRead!["plaintext_api_key"]!.GetValue<string>()).GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}/usage");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await factory.Anonymous().GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}/usage")).Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
