using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Domain.ApiKeys;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Api.Tests.HotPath;

/// <summary>
/// Issue 25 (design, "the life of a token", step 5): a token verified once with Argon2id carries a keyed digest (an
/// HMAC under a secret outside the database) beside its hash, so a restarted or new node recognises it without
/// Argon2id; what was derived from a secret dies with it; a database copy without the secret gains nothing.
/// </summary>
public sealed class TokenDigestTests : IAsyncDisposable
{
    private const string K1 = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string K2 = "k2:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    // The same id as K1 with another secret: a node configured by mistake, or an attacker guessing.
    private const string WrongK1 = "k1:YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";

    private readonly List<DigestNodeFactory> _nodes = [];
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TestDatabase _database = TestDatabase.FromEnvironment();
    private bool _created;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_created)
        {
            await _database.DropAsync();
        }
    }

    /// <summary>A node on the test's database (or <paramref name="database"/>); the nodes share it and none drops it.</summary>
    private async Task<DigestNodeFactory> StartAsync(string? digestKeys, TestDatabase? database = null)
    {
        if (!_created)
        {
            await _database.CreateAsync();
            _created = true;
        }

        var node = new DigestNodeFactory(database ?? _database, ownsDatabase: false, digestKeys, _clock);
        _nodes.Add(node);
        await node.InitializeAsync();
        _ = node.Counters;
        return node;
    }

    /// <summary>Stops <paramref name="running"/> (disposing twice is harmless) and starts a node in its place.</summary>
    private async Task<DigestNodeFactory> RestartAsync(DigestNodeFactory? running, string? digestKeys, TestDatabase? database = null)
    {
        if (running is not null)
        {
            await running.DisposeAsync();
        }

        return await StartAsync(digestKeys, database);
    }

    private static async Task<HttpStatusCode> MeAsync(ApiFactory node, string token) =>
        (await node.WithToken(token).GetAsync("/v1/me", TestContext.Current.CancellationToken)).StatusCode;

    private static async Task<(string Id, string Token)> CreateKeyAsync(ApiFactory node, string org, string ownerKey, string name)
    {
        var (response, created) = await node.WithToken(ownerKey).PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name, org_role = "member" });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestartedNode_ServesAKnownKeyWithoutArgon2_AndTheDigestIsWrittenOnce()
    {
        var first = await StartAsync(K1);
        var (org, ownerKey) = await first.CreateOrganizationAsync();
        var (_, token) = await CreateKeyAsync(first, org, ownerKey, "known");
        var before = (first.Counters.Argon2, first.Counters.DigestsWritten);
        for (var i = 0; i < 5; i++)
        {
            (await MeAsync(first, token)).Should().Be(HttpStatusCode.OK);
        }

        (first.Counters.Argon2 - before.Argon2).Should().Be(1, "a key's first use ever costs one Argon2id");
        (first.Counters.DigestsWritten - before.DigestsWritten).Should().Be(1, "its digest is stored after that verification");

        DigestNodeFactory? node = null;
        for (var restart = 0; restart < 3; restart++)
        {
            node = await RestartAsync(node, K1);
            for (var i = 0; i < 3; i++)
            {
                (await MeAsync(node, token)).Should().Be(HttpStatusCode.OK);
            }

            node.Counters.Argon2.Should().Be(0, "the restarted node recognises the key by its digest");
            node.Counters.DigestHits.Should().Be(1, "then from its cache");
            node.Counters.DigestsWritten.Should().Be(0, "the digest is written once, not on every recognition");
        }
    }

    [Fact]
    public async Task RestartedNode_RefusesARegeneratedSecret_ARevokedKey_AndADisabledOne_AtOnce()
    {
        var first = await StartAsync(K1);
        var (org, ownerKey) = await first.CreateOrganizationAsync();
        var keys = new Dictionary<string, (string Id, string Token)>();
        foreach (var name in new[] { "kept", "revoked", "disabled", "regenerated", "graced" })
        {
            keys[name] = await CreateKeyAsync(first, org, ownerKey, name);
            (await MeAsync(first, keys[name].Token)).Should().Be(HttpStatusCode.OK);
        }

        var node = await RestartAsync(null, K1);
        var owner = node.WithToken(ownerKey);
        var path = $"/v1/organizations/{org}/api-keys";
        (await owner.DeleteJsonAsync($"{path}/{keys["revoked"].Id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await owner.PatchJsonAsync($"{path}/{keys["disabled"].Id}", new { enabled = false })).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (regenerated, fresh) = await owner.PostJsonAsync($"{path}/{keys["regenerated"].Id}/regenerate", new { grace_period_seconds = 0 });
        regenerated.StatusCode.Should().Be(HttpStatusCode.OK);
        var (graced, graceFresh) = await owner.PostJsonAsync($"{path}/{keys["graced"].Id}/regenerate", new { grace_period_seconds = 60 });
        graced.StatusCode.Should().Be(HttpStatusCode.OK);
        var argon2 = node.Counters.Argon2;

        (await MeAsync(node, keys["kept"].Token)).Should().Be(HttpStatusCode.OK);
        (await MeAsync(node, keys["revoked"].Token)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(node, keys["disabled"].Token)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(node, keys["regenerated"].Token)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(node, keys["graced"].Token)).Should().Be(HttpStatusCode.OK, "the previous secret works during its grace period");

        // Only the revoked key (its digest died with it) and the regenerated secret (no longer any key's) cost Argon2id.
        (node.Counters.Argon2 - argon2).Should().Be(2);

        var restarted = await RestartAsync(node, K1);
        (await MeAsync(restarted, keys["graced"].Token)).Should().Be(HttpStatusCode.OK, "the previous secret kept its digest");
        restarted.Counters.Argon2.Should().Be(0);
        _clock.Advance(TimeSpan.FromSeconds(60));
        (await MeAsync(restarted, keys["graced"].Token)).Should().Be(HttpStatusCode.Unauthorized, "its grace period is over");
        (await MeAsync(restarted, fresh!["plaintext_api_key"]!.GetValue<string>())).Should().Be(HttpStatusCode.OK);
        (await MeAsync(restarted, graceFresh!["plaintext_api_key"]!.GetValue<string>())).Should().Be(HttpStatusCode.OK);
        (await MeAsync(restarted, keys["revoked"].Token)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(restarted, keys["disabled"].Token)).Should().Be(HttpStatusCode.Unauthorized);

        // A key recognised by its digest is still revoked at once.
        (await restarted.WithToken(ownerKey).DeleteJsonAsync($"{path}/{keys["kept"].Id}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await MeAsync(restarted, keys["kept"].Token)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RegeneratedSecret_GetsItsOwnDigest_WrittenOnce()
    {
        var first = await StartAsync(K1);
        var (org, ownerKey) = await first.CreateOrganizationAsync();
        var (id, _) = await CreateKeyAsync(first, org, ownerKey, "rotating");
        var (_, regenerated) = await first.WithToken(ownerKey).PostJsonAsync($"/v1/organizations/{org}/api-keys/{id}/regenerate", new { grace_period_seconds = 0 });
        var token = regenerated!["plaintext_api_key"]!.GetValue<string>();
        var written = first.Counters.DigestsWritten;
        (await MeAsync(first, token)).Should().Be(HttpStatusCode.OK);
        (first.Counters.DigestsWritten - written).Should().Be(1);

        // Two nodes at once, each asked many times: neither verifies nor writes again.
        var a = await RestartAsync(null, K1);
        var b = await RestartAsync(null, K1);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => MeAsync(i % 2 == 0 ? a : b, token)));
        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK);
        (a.Counters.Argon2 + b.Counters.Argon2).Should().Be(0);
        (a.Counters.DigestsWritten + b.Counters.DigestsWritten).Should().Be(0);
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    [Fact]
    public async Task ADatabaseCopyWithoutTheSecret_VerifiesNothingThroughTheDigest()
    {
        var first = await StartAsync(K1);
        var (org, ownerKey) = await first.CreateOrganizationAsync();
        var (_, token) = await CreateKeyAsync(first, org, ownerKey, "copied");
        (await MeAsync(first, token)).Should().Be(HttpStatusCode.OK);
        var prefix = token.Substring(ApiKeyToken.Scheme.Length, 6);
        var forged = ApiKeyToken.FromRandom(prefix + new string('z', 26)).Reveal();
        (await MeAsync(first, forged)).Should().Be(HttpStatusCode.Unauthorized, "a wrong secret with the key's prefix fails its digest and then Argon2id");
        await first.DisposeAsync();

        // A copy of the database on a node without the secret: no setting (SQLite then makes a new key file beside the copy).
        var copy = await _database.CopyAsync();
        try
        {
            var stolen = await StartAsync(null, copy);
            (await MeAsync(stolen, forged)).Should().Be(HttpStatusCode.Unauthorized);
            (await MeAsync(stolen, token)).Should().Be(HttpStatusCode.OK, "the real token still verifies, by Argon2id");
            stolen.Counters.DigestHits.Should().Be(0);
            stolen.Counters.Argon2.Should().Be(2);
            await stolen.DisposeAsync();
        }
        finally
        {
            await copy.DropAsync();
        }

        // The same database with a wrong secret under the right key id.
        var guessing = await RestartAsync(null, WrongK1);
        (await MeAsync(guessing, forged)).Should().Be(HttpStatusCode.Unauthorized);
        (await MeAsync(guessing, token)).Should().Be(HttpStatusCode.OK);
        guessing.Counters.DigestHits.Should().Be(0);
        guessing.Counters.Argon2.Should().Be(2);
        await guessing.DisposeAsync();
    }

    [Fact]
    public async Task RotatedDigestKey_OldDigestsAreAccepted_RewrittenUnderTheNewest_AndDroppedKeysCostArgon2()
    {
        var first = await StartAsync(K1);
        var (org, ownerKey) = await first.CreateOrganizationAsync();
        var (_, token) = await CreateKeyAsync(first, org, ownerKey, "rotated");
        (await MeAsync(first, token)).Should().Be(HttpStatusCode.OK);

        var rotating = await RestartAsync(null, $"{K2},{K1}");
        (await MeAsync(rotating, token)).Should().Be(HttpStatusCode.OK);
        rotating.Counters.Argon2.Should().Be(0, "a digest under the older key is still accepted");
        rotating.Counters.DigestsWritten.Should().Be(1, "and rewritten under the newest");

        var rotated = await RestartAsync(rotating, K2);
        (await MeAsync(rotated, token)).Should().Be(HttpStatusCode.OK);
        rotated.Counters.Argon2.Should().Be(0, "the rewritten digest needs only the new key");

        var dropped = await RestartAsync(rotated, K1);
        (await MeAsync(dropped, token)).Should().Be(HttpStatusCode.OK);
        dropped.Counters.Argon2.Should().Be(1, "a digest under a key this node does not hold matches nothing");
        dropped.Counters.DigestsWritten.Should().Be(1);
        await dropped.DisposeAsync();
    }

    [Fact]
    public async Task WithoutTheSetting_SqliteKeepsItsKeyInAnOwnerOnlyFileBesideTheDatabase_AndASharedDatabaseHasNone()
    {
        var first = await StartAsync(null);
        var (org, ownerKey) = await first.CreateOrganizationAsync();
        var (_, token) = await CreateKeyAsync(first, org, ownerKey, "embedded");
        (await MeAsync(first, token)).Should().Be(HttpStatusCode.OK);
        var restarted = await RestartAsync(null, null);
        (await MeAsync(restarted, token)).Should().Be(HttpStatusCode.OK);
        if (_database.Provider == "sqlite")
        {
            var folder = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_database.ConnectionString).DataSource)!;
            var file = Path.Combine(folder, "token-digest.keys");
            File.Exists(file).Should().BeTrue();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            restarted.Counters.Argon2.Should().Be(0, "one node on SQLite: the file it made at first start keys the digests");
        }
        else
        {
            restarted.Counters.Argon2.Should().Be(1, "nodes sharing a database need the same keys set on each: none, no digests");
        }

        await restarted.DisposeAsync();
    }
}
