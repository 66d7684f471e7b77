using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.ChangeFeed;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ApiKeys.Api.Tests.KeyChanges;

/// <summary>
/// A feed number is taken when its row is inserted, not when it commits: another node's slower transaction can
/// commit a revocation below a number this node already read. The poller looks in the numbers it skipped, so
/// that revocation still stops the key here. On PostgreSQL in every pass: SQLite has one writer at a time.
/// </summary>
public class FeedGapTests(PostgresApiFactory factory) : IClassFixture<PostgresApiFactory>
{
    [Fact]
    public async Task ARevocationCommittedBelowANumberAlreadyRead_StillStopsTheKeyHere()
    {
        if (factory.Provider != "postgres")
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does). SQLite commits one writer at a time, so its feed has no gaps.");
        }

        var ct = TestContext.Current.CancellationToken;
        var poller = factory.Services.GetServices<IHostedService>().OfType<ChangeFeedPoller>().Single();
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        for (var trial = 0; trial < 5; trial++)
        {
            var (slowId, slowToken) = await owner.CreateKeyAsync(org, new { name = $"slow {trial}", org_role = "member" });
            var (fastId, _) = await owner.CreateKeyAsync(org, new { name = $"fast {trial}", org_role = "member" });
            (await MeAsync(slowToken)).Should().Be(HttpStatusCode.OK, "warm in this node's cache");

            // Another node revokes the slow key: its feed number is taken now, its commit comes later.
            await using var other = await RevocationHeldOpenAsync(slowId);

            // A later number commits first and this node reads past it.
            (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{fastId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            await poller.PollAsync(ct);
            (await MeAsync(slowToken)).Should().Be(HttpStatusCode.OK, "the slow revocation has not committed yet");

            await other.CommitAsync(ct);
            await poller.PollAsync(ct);
            (await MeAsync(slowToken)).Should().Be(HttpStatusCode.Unauthorized, $"trial {trial}: the revocation committed below a number already read");
        }
    }

    [Fact]
    public async Task ANodeStartingWhileARevocationIsInFlightBelowTheNewest_StillHearsOfIt()
    {
        if (factory.Provider != "postgres")
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does). SQLite commits one writer at a time, so its feed has no gaps.");
        }

        var ct = TestContext.Current.CancellationToken;
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        for (var trial = 0; trial < 3; trial++)
        {
            var (slowId, _) = await owner.CreateKeyAsync(org, new { name = $"slow {trial}", org_role = "member" });
            var (fastId, _) = await owner.CreateKeyAsync(org, new { name = $"fast {trial}", org_role = "member" });
            await using var other = await RevocationHeldOpenAsync(slowId);
            (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{fastId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

            // A node starts now, its cache empty: the newest number is past the one still in flight.
            using var cache = new KeyCache(factory.Services.GetRequiredService<IOptions<HotPathOptions>>(), TimeProvider.System);
            var starting = ActivatorUtilities.CreateInstance<ChangeFeedPoller>(factory.Services, cache);
            await starting.PollAsync(ct);
            var stamp = cache.EvictionStamp;

            await other.CommitAsync(ct);
            await starting.PollAsync(ct);
            ApiKeyId.TryParse(slowId, out var slow).Should().BeTrue();
            cache.EvictedSince(slow, stamp).Should().BeTrue($"trial {trial}: the revocation committed below the number the node started at");
        }
    }

    [Fact]
    public async Task KeyChanges_HoldBackWhatFollowsANumberInFlight_SoTheFollowerSeesBoth()
    {
        if (factory.Provider != "postgres")
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does). SQLite commits one writer at a time, so its feed has no gaps.");
        }

        var ct = TestContext.Current.CancellationToken;
        var (org, ownerKey) = await factory.CreateOrganizationAsync();
        var owner = factory.WithToken(ownerKey);
        var (_, verifierToken) = await owner.CreateKeyAsync(org, new { name = "follower", org_role = "admin", scopes = new[] { "apikey.verify" } });
        var follower = factory.WithToken(verifierToken);
        var changes = $"/v1/organizations/{org}/key-changes";
        for (var trial = 0; trial < 3; trial++)
        {
            var (slowId, _) = await owner.CreateKeyAsync(org, new { name = $"slow {trial}", org_role = "member" });
            var (fastId, _) = await owner.CreateKeyAsync(org, new { name = $"fast {trial}", org_role = "member" });
            var cursor = await CursorNowAsync(follower, changes);

            await using var other = await RevocationHeldOpenAsync(slowId);
            (await owner.DeleteJsonAsync($"/v1/organizations/{org}/api-keys/{fastId}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);

            // The follower reads while the slow revocation is still open: what it is answered must not skip it.
            var seen = new List<string>();
            var (_, early) = await follower.GetJsonAsync($"{changes}?after={cursor}");
            seen.AddRange(early!["changes"]!.AsArray().Select(c => c!["key_id"]!.GetValue<string>()));
            cursor = early["cursor"]!.GetValue<string>();

            await other.CommitAsync(ct);
            var (_, late) = await follower.GetJsonAsync($"{changes}?after={cursor}&wait=5");
            seen.AddRange(late!["changes"]!.AsArray().Select(c => c!["key_id"]!.GetValue<string>()));
            seen.Should().BeEquivalentTo([slowId, fastId], $"trial {trial}: each change once, the one committed late included");
        }
    }

    private static async Task<string> CursorNowAsync(HttpClient follower, string changes)
    {
        string? cursor = null;
        while (true)
        {
            var (_, page) = await follower.GetJsonAsync(cursor is null ? changes : $"{changes}?after={cursor}");
            cursor = page!["cursor"]!.GetValue<string>();
            if (page["changes"]!.AsArray().Count == 0)
            {
                return cursor;
            }
        }
    }

    private async Task<HttpStatusCode> MeAsync(string token) =>
        (await factory.WithToken(token).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode;

    private Task<HeldRevocation> RevocationHeldOpenAsync(string keyId) => RevocationHeldOpenAsync(factory, keyId);

    /// <summary>Another node's revocation of the key, written (its feed number taken) but not committed.</summary>
    internal static async Task<HeldRevocation> RevocationHeldOpenAsync(ApiFactory factory, string keyId)
    {
        var ct = TestContext.Current.CancellationToken;
        ApiKeyId.TryParse(keyId, out var key).Should().BeTrue();
        var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var sql in new[] { """UPDATE api_keys SET "RevokedAt" = now() WHERE "Id" = @id""", """INSERT INTO key_changes ("ApiKeyId", "ChangedAt") VALUES (@id, now())""" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("id", key.Value);
            (await command.ExecuteNonQueryAsync(ct)).Should().Be(1);
        }

        return new HeldRevocation(connection, transaction);
    }

    internal sealed class HeldRevocation(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
