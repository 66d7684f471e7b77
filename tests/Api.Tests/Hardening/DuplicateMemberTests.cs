using System.Net;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Hardening;

/// <summary>
/// Contract §7 on the two paths the bad-input matrix does not take: the legacy routes (Capgo's error shape, §6) and
/// verify answered directly for a warm key (the hot path reads the body itself). A body with the same member twice is
/// a 400 and changes nothing; so is a <c>client_ip</c> the strict reader refuses.
/// </summary>
public class DuplicateMemberTests(HardeningFactory factory) : IClassFixture<HardeningFactory>
{
    [Fact]
    public async Task LegacyCreate_WithAMemberTwice_IsCapgosBadRequest_AndCreatesNothing()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync("Legacy dupes");
        var capgo = factory.CreateClient();
        capgo.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", ownerKey);
        var before = (await capgo.GetJsonAsync("/apikey/")).Body!["data"]!.AsArray().Count;

        var (response, body) = await capgo.PostJsonAsync("/apikey/", """{"name": "cli", "mode": "read", "mode": "all"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body!["status"]!.GetValue<string>().Should().Be("KO");
        body["error"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        body.AsObject().Select(p => p.Key).Should().BeEquivalentTo("error", "status");
        (await capgo.GetJsonAsync("/apikey/")).Body!["data"]!.AsArray().Count.Should().Be(before, "nothing was created");
        var (_, keys) = await factory.WithToken(ownerKey).GetJsonAsync($"/v1/organizations/{org}/api-keys?kind=legacy&limit=200");
        keys!["api_keys"]!.AsArray().Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"key": "{target}", "key": "capy_live_000000000000000000000000000000003UFVO5"}""", "key")]
    [InlineData("""{"key": "{target}", "app_id": "com.demo.app", "app_id": "com.other.app"}""", "app_id")]
    [InlineData("""{"key": "{target}", "client_ip": "10.1"}""", "client_ip")]
    [InlineData("""{"key": "{target}", "client_ip": "012.0.0.1"}""", "client_ip")]
    [InlineData("""{"key": "{target}", "client_ip": "0x0a000001"}""", "client_ip")]
    [InlineData("""{"key": "{target}", "client_ip": "167772161"}""", "client_ip")]
    public async Task DirectVerify_OfAWarmKey_RefusesDuplicatesAndLooseAddresses(string body, string field)
    {
        var (_, verifierKey) = await factory.CreateOrganizationAsync("Direct dupes");
        var verifier = factory.WithToken(verifierKey);
        var (_, target) = await verifier.PostJsonAsync($"/v1/organizations/{(await verifier.GetJsonAsync("/v1/me")).Body!["organization_id"]}/api-keys", new { name = "target", org_role = "member" });
        var token = target!["plaintext_api_key"]!.GetValue<string>();

        // Warm: the verifier key is cached, so the next verify is answered by the hot path, not by MVC.
        var (warm, warmBody) = await verifier.PostJsonAsync("/v1/keys/verify", new { key = token });
        warm.StatusCode.Should().Be(HttpStatusCode.OK);
        warmBody!["valid"]!.GetValue<bool>().Should().BeTrue();

        var (response, answer) = await verifier.PostJsonAsync("/v1/keys/verify", body.Replace("{target}", token, StringComparison.Ordinal));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, answer?.ToJsonString());
        ErrorShape.ShouldBeContractError(answer, body);
        answer!["details"]!.AsObject().Select(p => p.Key).Should().Contain(k => k == field || k == "body" || k.StartsWith(field, StringComparison.Ordinal));
        (await verifier.PostJsonAsync("/v1/keys/verify", new { key = token })).Body!["valid"]!.GetValue<bool>().Should().BeTrue("the key itself is untouched");
    }
}
