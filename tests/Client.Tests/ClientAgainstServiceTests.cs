using System.Net;
using ApiKeys.Client.Models;

namespace ApiKeys.Client.Tests;

/// <summary>The client against the real service: every area of the contract, answers typed, errors as <see cref="ApiKeysException"/>.</summary>
public class ClientAgainstServiceTests(ServiceFactory service) : IClassFixture<ServiceFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeyLifecycle_VerifyAndKeyChanges()
    {
        var (org, ownerKey) = await service.CreateOrganizationAsync();
        var owner = service.Client(ownerKey);

        (await owner.GetMeAsync(cancellationToken: Ct)).OrgRole.Should().Be("org_owner");
        (await owner.GetOrganizationAsync(org, Ct)).Id.Should().Be(org);
        (await owner.UpdateOrganizationAsync(org, new() { KeyPolicy = new() { RemoveMaxLifetime = true, RequireSecureKeys = false } }, Ct)).KeyPolicy.MaxLifetimeDays.Should().BeNull();
        await owner.CreateAppAsync(org, "com.client.app", "Client", Ct);
        (await owner.ListAppsAsync(org, cancellationToken: Ct)).Items.Select(a => a.AppId).Should().Contain("com.client.app");
        (await owner.GetAppAsync(org, "com.client.app", Ct)).Name.Should().Be("Client");

        var issued = await owner.CreateApiKeyAsync(org, new()
        {
            Name = "uploader",
            AppRoles = [new("com.client.app", "app_uploader")],
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(10),
        }, Ct);
        issued.PlaintextApiKey.Should().StartWith("capy_live_");
        issued.ApiKey.AppRoles.Should().Equal(new AppRole("com.client.app", "app_uploader"));
        var id = issued.ApiKey.Id;

        (await owner.GetApiKeyAsync(org, id, Ct)).Name.Should().Be("uploader");
        (await owner.ListApiKeysAsync(org, new(Limit: 10), Ct)).Items.Select(k => k.Id).Should().Contain(id);
        (await owner.ListApiKeysAsync(org, new() { AppId = "com.client.app", Search = "UPLOAD", Sort = "name", State = "active" }, Ct)).Items.Select(k => k.Id).Should().Equal(id);
        (await owner.ListApiKeysAsync(org, new() { AppId = "com.client.app", ExpiresBefore = DateTimeOffset.UtcNow }, Ct)).Items.Should().BeEmpty();
        var dryRun = await owner.BulkRevokeApiKeysAsync(org, new() { Search = "uploader" }, dryRun: true, Ct);
        dryRun.KeyIds.Should().Equal(id);
        dryRun.Revoked.Should().Be(1);
        (await owner.UpdateApiKeyAsync(org, id, new() { Name = "uploader 2", RemoveExpiry = true }, Ct)).ExpiresAt.Should().BeNull();
        (await owner.AssignApiKeyRolesAsync(org, id, new("none", [new("com.client.app", "app_developer")]), Ct)).AppRoles[0].Role.Should().Be("app_developer");

        var verified = await owner.VerifyAsync(new(issued.PlaintextApiKey, "com.client.app", ["app.upload_bundle"]), cancellationToken: Ct);
        verified.Valid.Should().BeTrue();
        verified.Code.Should().Be("VALID");
        verified.KeyId.Should().Be(id);

        // §9 governance through the client: set, shown, enforced by verify, removed.
        var governed = await owner.UpdateApiKeyAsync(org, id, new()
        {
            RateLimits = [new RateLimit("per-minute", 100, 60)],
            Credits = new Credits(1, new CreditRefill(5, "daily")),
            AllowedCidrs = ["192.0.2.0/24"],
            Meta = new System.Text.Json.Nodes.JsonObject { ["plan"] = "pro" },
        }, Ct);
        governed.RateLimits.Should().Equal(new RateLimit("per-minute", 100, 60));
        governed.Credits.Should().Be(new Credits(1, new CreditRefill(5, "daily")));
        governed.AllowedCidrs.Should().Equal("192.0.2.0/24");
        var metered = await owner.VerifyAsync(new(issued.PlaintextApiKey, ClientIp: "192.0.2.9"), cancellationToken: Ct);
        metered.Code.Should().Be("VALID");
        metered.CreditsRemaining.Should().Be(0);
        metered.RateLimit!.Name.Should().Be("per-minute");
        metered.Meta!["plan"]!.GetValue<string>().Should().Be("pro");
        (await owner.VerifyAsync(new(issued.PlaintextApiKey, ClientIp: "192.0.2.9"), cancellationToken: Ct)).Code.Should().Be("USAGE_EXCEEDED");
        var freed = await owner.UpdateApiKeyAsync(org, id, new() { RemoveCredits = true, RemoveMeta = true, RateLimits = [], AllowedCidrs = [] }, Ct);
        freed.Credits.Should().BeNull();
        freed.Meta.Should().BeNull();
        freed.RateLimits.Should().BeEmpty();

        var feed = await owner.GetKeyChangesAsync(org, cancellationToken: Ct);
        var regenerated = await owner.RegenerateApiKeyAsync(org, id, 0, Ct);
        regenerated.PlaintextApiKey.Should().NotBe(issued.PlaintextApiKey);
        await owner.RevokeApiKeyAsync(org, id, Ct);
        var changes = await owner.GetKeyChangesAsync(org, feed.Cursor, TimeSpan.FromSeconds(1), Ct);
        changes.Changes.Select(c => c.KeyId).Should().Contain(id);
        changes.Changes[^1].Change.Should().Be("revoked");
        (await owner.VerifyAsync(new(regenerated.PlaintextApiKey), cancellationToken: Ct)).Valid.Should().BeFalse();

        (await owner.ListAuditEventsAsync(org, new(KeyId: id), Ct)).Items.Should().NotBeEmpty();
        (await owner.IsLiveAsync(Ct)).Should().BeTrue();
        (await owner.IsReadyAsync(Ct)).Should().BeTrue();
        await owner.DeleteAppAsync(org, "com.client.app", Ct);
    }

    [Fact]
    public async Task ImportApiKeys_ByHashOrPlaintext_EachEntryAloneAndEveryFieldSent()
    {
        var (org, ownerKey) = await service.CreateOrganizationAsync();
        var owner = service.Client(ownerKey);
        await owner.CreateAppAsync(org, "com.client.import", "Import", Ct);
        var hashed = "sk_live_" + Guid.NewGuid().ToString("N");
        var plain = "sk_live_" + Guid.NewGuid().ToString("N");
        var expires = DateTimeOffset.UtcNow.AddDays(30);

        var result = await owner.ImportApiKeysAsync(org,
        [
            new("by hash", Sha256: System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(hashed)), AppRoles: [new("com.client.import", "app_reader")]),
            new("by plaintext", Plaintext: plain, OrgRole: "org_member", Scopes: ["org.read"], ExpiresAt: expires, Meta: new() { ["team"] = "ci" },
                RateLimits: [new RateLimit("per-minute", 100, 60)], Credits: new Credits(50), AllowedCidrs: ["192.0.2.0/24"]),
            new("the same token again", Plaintext: plain),
        ], Ct);

        result.Imported.Select(i => i.Index).Should().Equal(0, 1);
        result.Failed.Should().ContainSingle().Which.Index.Should().Be(2, "a duplicate fails its entry only");
        result.Imported[0].ApiKey.AppRoles.Should().Equal(new AppRole("com.client.import", "app_reader"));
        var full = result.Imported[1].ApiKey;
        (full.OrgRole, full.Scopes, full.RateLimits, full.Credits!.Remaining, full.AllowedCidrs).Should().BeEquivalentTo(("org_member", new[] { "org.read" }, new[] { new RateLimit("per-minute", 100, 60) }, 50L, new[] { "192.0.2.0/24" }));
        full.ExpiresAt.Should().BeCloseTo(expires, TimeSpan.FromSeconds(1));
        full.Meta!["team"]!.GetValue<string>().Should().Be("ci");

        // Each keeps its own token.
        (await owner.VerifyAsync(new(hashed, "com.client.import", ["app.read"]), cancellationToken: Ct)).Valid.Should().BeTrue();
        (await owner.VerifyAsync(new(plain, ClientIp: "192.0.2.9"), cancellationToken: Ct)).KeyId.Should().Be(full.Id);
    }

    [Fact]
    public async Task UsageBuckets_AndTheRoleCatalog()
    {
        var (org, ownerKey) = await service.CreateOrganizationAsync();
        var owner = service.Client(ownerKey);
        var issued = await owner.CreateApiKeyAsync(org, new() { Name = "counted" }, Ct);
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);

        var days = await owner.GetApiKeyUsageAsync(org, issued.ApiKey.Id, new(today.AddDays(-2), today.AddDays(1), "day"), Ct);
        days.Select(d => d.Start).Should().Equal(today.AddDays(-2), today.AddDays(-1), today);
        (await owner.GetApiKeyUsageAsync(org, issued.ApiKey.Id, cancellationToken: Ct)).Should().HaveCountGreaterThanOrEqualTo(168, "the default is the last 7 days by hour");
        var bad = await owner.Invoking(c => c.GetApiKeyUsageAsync(org, issued.ApiKey.Id, new(Granularity: "week"), Ct)).Should().ThrowAsync<ApiKeysException>();
        bad.Which.Details.Should().ContainKey("granularity");

        var catalog = await owner.GetRoleCatalogAsync(cancellationToken: Ct);
        catalog.OrganizationId.Should().Be(org);
        catalog.OrgRoles.Select(r => r.Name).Should().Equal("org_member", "org_admin", "org_owner");
        catalog.Grantable.OrgRoles.Should().Equal("none", "org_member", "org_admin", "org_owner");
        catalog.Scopes.App.Should().Contain("app.upload_bundle");
    }

    [Fact]
    public async Task Errors_AreTypedExceptions_WithTheContractsCode()
    {
        var (org, ownerKey) = await service.CreateOrganizationAsync();
        var owner = service.Client(ownerKey);

        var missing = await owner.Invoking(c => c.GetApiKeyAsync(org, $"key_{Guid.CreateVersion7():N}", Ct)).Should().ThrowAsync<ApiKeysException>();
        missing.Which.Status.Should().Be(HttpStatusCode.NotFound);
        missing.Which.Code.Should().Be("api_key_not_found");

        var bad = await owner.Invoking(c => c.CreateApiKeyAsync(org, new() { Name = "" }, Ct)).Should().ThrowAsync<ApiKeysException>();
        bad.Which.Status.Should().Be(HttpStatusCode.BadRequest);
        bad.Which.Code.Should().Be("validation_failed");
        bad.Which.Details.Should().ContainKey("name");

        var member = await owner.CreateApiKeyAsync(org, new() { Name = "member", OrgRole = "org_member" }, Ct);
        var escalation = await service.Client(member.PlaintextApiKey).Invoking(c => c.CreateApiKeyAsync(org, new() { Name = "x", OrgRole = "org_owner" }, Ct)).Should().ThrowAsync<ApiKeysException>();
        escalation.Which.Status.Should().Be(HttpStatusCode.Forbidden);

        var anonymous = await service.Client(null).Invoking(c => c.GetMeAsync(cancellationToken: Ct)).Should().ThrowAsync<ApiKeysException>();
        anonymous.Which.Status.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Which.Code.Should().Be("unauthorized");
        missing.Which.Message.Should().NotContain("capy_live_");
    }

    [Fact]
    public async Task UsersMembersAndLegacyRoutes()
    {
        var alice = service.Client(ServiceFactory.UserJwt("client-alice"));
        var org = await alice.CreateOrganizationAsync("Alice's", Ct);
        (await alice.SetMemberAsync(org.Id, "client-bob", new("org_member", []), Ct)).OrgRole.Should().Be("org_member");
        (await alice.ListMembersAsync(org.Id, cancellationToken: Ct)).Items.Select(m => m.UserId).Should().Contain(["client-alice", "client-bob"]);
        await alice.RemoveMemberAsync(org.Id, "client-bob", Ct);
        var last = await alice.Invoking(c => c.RemoveMemberAsync(org.Id, "client-alice", Ct)).Should().ThrowAsync<ApiKeysException>();
        last.Which.Status.Should().Be(HttpStatusCode.Conflict);

        var (_, ownerKey) = await service.CreateOrganizationAsync("Capgo user");
        var capgo = service.Client(ownerKey);
        var legacy = await capgo.LegacyCreateApiKeyAsync(new("cli", "upload"), Ct);
        legacy.Key.Should().StartWith("capy_live_");
        (await capgo.LegacyListApiKeysAsync(Ct)).Select(k => k.Id).Should().Contain(legacy.Id);
        await capgo.LegacyDeleteApiKeyAsync(legacy.Id, Ct);
        var gone = await capgo.Invoking(c => c.LegacyDeleteApiKeyAsync(legacy.Id, Ct)).Should().ThrowAsync<ApiKeysException>();
        gone.Which.Status.Should().Be(HttpStatusCode.NotFound);
        gone.Which.Code.Should().Be("KO");
        gone.Which.Message.Should().Be("API key not found");
    }
}
