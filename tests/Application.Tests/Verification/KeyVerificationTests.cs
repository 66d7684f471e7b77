using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.CreateRbac;
using ApiKeys.Application.Tests.Fakes;
using ApiKeys.Application.Verification.Verify;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Tests.Verification;

/// <summary>
/// The direct lookup answers a verify without the mediator only when <see cref="KeyVerification.AdmitsDirectly"/>
/// says the pipeline would let it through: for every caller and query here, its answer must be exactly "the
/// pipeline succeeds", or a query the pipeline refuses (400, 403, 404) would be answered anyway.
/// </summary>
public sealed class KeyVerificationTests : IAsyncDisposable
{
    private readonly ApplicationHarness _harness = new();

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    public static TheoryData<string> Queries() => [.. QueriesFor(default).Keys];

    private static Dictionary<string, VerifyKeyQuery> QueriesFor(OrganizationId organization) => new()
    {
        ["plain"] = new(organization, "capy_live_000000000000000000000000000000003UFVO5", null, null, null),
        ["app and permission"] = new(organization, "capy_live_000000000000000000000000000000003UFVO5", "com.acme.app", ["app.read"], "203.0.113.9", 3),
        ["no key"] = new(organization, null, null, null, null),
        ["unknown permission"] = new(organization, "capy_live_x", null, ["no.such_permission"], null),
        ["bad app id"] = new(organization, "capy_live_x", "Not An App", null, null),
        ["bad client_ip"] = new(organization, "capy_live_x", null, null, "300.1.2.3"),
        ["negative cost"] = new(organization, "capy_live_x", null, null, null, -1),
        ["no organization"] = new(default, "capy_live_x", null, null, null),
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task AdmitsDirectly_ExactlyWhatThePipelineLetsThrough(string name)
    {
        var organization = _harness.Organization();
        var other = _harness.Organization();
        _harness.App(organization, "com.acme.app");
        var verifier = ApplicationHarness.AsKey(_harness.RbacKey(organization, Roles.OrgAdmin, scopes: [Permission.ApiKeyVerify]));
        var admin = ApplicationHarness.AsKey(_harness.RbacKey(organization, Roles.OrgAdmin));
        var member = ApplicationHarness.AsKey(_harness.RbacKey(organization, Roles.OrgMember));
        var foreign = ApplicationHarness.AsKey(_harness.RbacKey(other, Roles.OrgAdmin, scopes: [Permission.ApiKeyVerify]));
        var user = Principal.User("user-1");
        _harness.Member(organization, "user-1", Roles.OrgAdmin);

        var query = QueriesFor(organization.Id)[name];
        foreach (var (callerName, caller) in new[] { ("verifier", verifier), ("admin", admin), ("member", member), ("foreign key", foreign), ("user", user) })
        {
            var admitted = _harness.InScope<KeyVerification, bool>(v => v.AdmitsDirectly(query, caller));
            var result = await _harness.SendAsync(query, caller);

            // A user is never admitted: the direct lookup answers keys only.
            admitted.Should().Be(result.IsSuccess && caller.IsKey, "{0} asking {1}: the pipeline answered {2}", callerName, name, result.IsSuccess ? "200" : result.Error!.Code);
        }
    }

    [Fact]
    public async Task APlainValidAnswer_IsShared_AndOneNamingAnAppIsNot()
    {
        var organization = _harness.Organization();
        _harness.App(organization, "com.acme.app");
        var verifier = ApplicationHarness.AsKey(_harness.RbacKey(organization, Roles.OrgAdmin, scopes: [Permission.ApiKeyVerify]));
        var admin = ApplicationHarness.AsKey(_harness.RbacKey(organization, Roles.OrgAdmin));
        var created = await _harness.SendAsync(new CreateRbacApiKeyCommand(organization.Id, "verified", null, "member", null, null, null, null, null, null), admin);
        var token = created.Value!.PlaintextApiKey;

        var first = await _harness.SendAsync(new VerifyKeyQuery(organization.Id, token, null, null, null), verifier);
        var second = await _harness.SendAsync(new VerifyKeyQuery(organization.Id, token, null, ["app.read"], null), verifier);
        var onApp = await _harness.SendAsync(new VerifyKeyQuery(organization.Id, token, "com.acme.app", null, null), verifier);

        first.Value!.Should().Match<VerifyKeyResponse>(r => r.Valid && r.IsShared);
        second.Value!.IsShared.Should().BeTrue("the answer does not depend on permissions that are granted");
        onApp.Value!.Should().Match<VerifyKeyResponse>(r => r.Valid && !r.IsShared);
    }
}
