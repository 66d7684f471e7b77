using System.Net;
using System.Security.Cryptography;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Nodes;

namespace ApiKeys.Api.Tests.Container;

/// <summary>
/// The container image (deploy/container) as an operator meets it: its own unprivileged user, a health check that
/// passes when the service is ready, SQLite kept on the volume across a replaced container, a graceful stop, and
/// two containers sharing PostgreSQL and Redis as the compose file runs them.
/// </summary>
public sealed class ContainerImageTests
{
    private static readonly Dictionary<string, string> Cheap = new()
    {
        ["Argon2__MemoryKiB"] = "1024",
        ["Argon2__Iterations"] = "1",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static void SkipWithoutImage()
    {
        if (ContainerNode.Image is null)
        {
            Assert.Skip(ContainerNode.SkipReason);
        }
    }

    [Fact]
    public async Task RunsAsItsOwnUser_PassesItsHealthCheck_StopsGracefully_AndKeepsSqliteOnTheVolume()
    {
        SkipWithoutImage();
        var ct = TestContext.Current.CancellationToken;
        var volume = await ContainerNode.CreateVolumeAsync();
        try
        {
            var (org, ownerKey) = ServiceNode.BootstrapIn(await ContainerNode.RunVerbAsync(volume, Cheap, "bootstrap", "--org-name", "Volume"));
            string token;
            await using (var first = await ContainerNode.StartAsync(volume, Cheap))
            {
                (await first.ExecAsync("id", "-u")).Trim().Should().Be("10001", "the service does not run as root");
                await first.Invoking(c => c.ExecAsync("touch", "/opt/apikeys/ApiKeys.Api")).Should()
                    .ThrowAsync<InvalidOperationException>("the program's files belong to root, not to the service's user");
                (await first.HealthCheckPassesAsync()).Should().BeTrue("the image's health check asks /health/ready");
                (await first.ExecAsync("ls", "/data")).Split('\n').Should().Contain(["apikeys.db", "token-digest.keys"], "the database and its digest keys are on the volume");

                var (created, body) = await first.Client(ownerKey).PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "kept", org_role = "member" });
                created.StatusCode.Should().Be(HttpStatusCode.Created);
                token = body!["plaintext_api_key"]!.GetValue<string>();
                (await first.Client(token).GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);

                (await first.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0, "SIGTERM stops the service gracefully");
            }

            // A new container on the same volume: the organization, its keys and the key ring are still there.
            await using var second = await ContainerNode.StartAsync(volume, Cheap);
            (await second.Client(token).GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the key made in the first container");
            var (listed, keys) = await second.Client(ownerKey).GetJsonAsync($"/v1/organizations/{org}/api-keys");
            listed.StatusCode.Should().Be(HttpStatusCode.OK);
            keys!["api_keys"]!.AsArray().Select(k => k!["name"]!.GetValue<string>()).Should().Contain("kept");
        }
        finally
        {
            await ContainerNode.RemoveVolumeAsync(volume);
        }
    }

    [Fact]
    public async Task TwoContainers_SharingPostgresAndRedis_AreOneService()
    {
        SkipWithoutImage();
        if (TestDatabase.PostgresServer is null)
        {
            Assert.Skip($"Needs PostgreSQL: set {TestDatabase.PostgresVariable} (.ci/run does).");
        }

        var ct = TestContext.Current.CancellationToken;
        await using var redis = await TestRedis.StartPrivateAsync();
        var database = TestDatabase.Postgres();
        await database.CreateAsync();
        var settings = new Dictionary<string, string>(Cheap)
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["Redis__Configuration"] = redis.Configuration,
            ["Security__TokenDigestKeys"] = "k1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var volumes = new[] { await ContainerNode.CreateVolumeAsync(), await ContainerNode.CreateVolumeAsync() };
        try
        {
            var (org, ownerKey) = ServiceNode.BootstrapIn(await ContainerNode.RunVerbAsync(volumes[0], settings, "bootstrap", "--org-name", "Shared"));
            await using var nodeA = await ContainerNode.StartAsync(volumes[0], settings);
            await using var nodeB = await ContainerNode.StartAsync(volumes[1], settings);
            var keys = $"/v1/organizations/{org}/api-keys";

            // One limit of 10 a minute, counted in the shared Redis: 30 requests over both nodes, exactly 10 pass.
            var (created, body) = await nodeA.Client(ownerKey).PostJsonAsync(keys,
                new { name = "limited", org_role = "member", rate_limits = new[] { new { name = "per_minute", limit = 10, window_seconds = 60 } } });
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            var token = body!["plaintext_api_key"]!.GetValue<string>();
            using var onA = nodeA.Client(token);
            using var onB = nodeB.Client(token);
            var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? onA : onB).GetAsync("/v1/me", ct)));
            answers.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(10, "one limit for both containers");
            answers.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.TooManyRequests);

            // Revoked through node B, the key stops on node A within the change feed's two seconds.
            var (_, other) = await nodeA.Client(ownerKey).PostJsonAsync(keys, new { name = "revoked", org_role = "member" });
            var revokedToken = other!["plaintext_api_key"]!.GetValue<string>();
            using var revokedOnA = nodeA.Client(revokedToken);
            (await revokedOnA.GetAsync("/v1/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "warm on A");
            (await nodeB.Client(ownerKey).DeleteJsonAsync($"{keys}/{other["api_key"]!["id"]}")).Response.StatusCode.Should().Be(HttpStatusCode.OK);
            var deadline = DateTime.UtcNow.AddSeconds(2);
            HttpStatusCode status;
            do
            {
                status = (await revokedOnA.GetAsync("/v1/me", ct)).StatusCode;
            }
            while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);

            status.Should().Be(HttpStatusCode.Unauthorized, "a key revoked on one container stops on the other within two seconds");
        }
        finally
        {
            foreach (var volume in volumes)
            {
                await ContainerNode.RemoveVolumeAsync(volume);
            }

            await database.DropAsync();
        }
    }
}
