using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.CreateLegacy;
using ApiKeys.Application.ApiKeys.CreateRbac;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Tests.Fakes;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Tests.ApiKeys;

public sealed class CreateApiKeyTests : IAsyncDisposable
{
    private readonly ApplicationHarness _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static CreateRbacApiKeyCommand Rbac(Organization org, string? orgRole = "member", IReadOnlyList<AppRoleInput>? appRoles = null, bool? secure = null, DateTimeOffset? expiresAt = null, string? projectId = null) =>
        new(org.Id, "ci", secure, orgRole, appRoles, null, projectId, expiresAt, null, null);

    [Fact]
    public async Task CreateRbac_WithinTheCallersPower_StoresTheGrantAndAuditsIt_AndOnlyTheHashIsKept()
    {
        var org = _app.Organization();
        _app.App(org, "com.demo.app");
        var admin = _app.RbacKey(org, Roles.OrgAdmin);

        var result = await _app.SendAsync(Rbac(org, appRoles: [new AppRoleInput("com.demo.app", "developer")]), ApplicationHarness.AsKey(admin));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
        var key = _app.Store.Keys.Single(k => k.Id.ToString() == result.Value.ApiKey.Id);
        var grant = key.Grant.Should().BeOfType<RbacGrant>().Subject;
        grant.OrgRole.Should().Be(Roles.OrgMember);
        grant.AppRoles.Should().Equal(new AppRoleBinding("com.demo.app", "app_developer"));
        key.Secure.Should().BeTrue("secure is the default of an RBAC key");
        key.CreatedByKeyId.Should().Be(admin.Id.ToString());
        key.Secret.SecretHash.Should().Be(new FakeHasher().Hash(result.Value.PlaintextApiKey)).And.NotContain(result.Value.PlaintextApiKey);
        key.Secret.EncryptedToken.Should().BeNull();
        _app.Store.AuditActions.Should().Equal("api_key.created");
        _app.Store.Saves.Should().Be(1);
    }

    [Fact]
    public async Task CreateRbac_ARoleAboveTheCaller_IsRoleEscalation_WithOneDeniedEventAndNoKey()
    {
        var org = _app.Organization();
        var admin = _app.RbacKey(org, Roles.OrgAdmin);

        var result = await _app.SendAsync(Rbac(org, orgRole: "owner"), ApplicationHarness.AsKey(admin));

        result.Error!.Code.Should().Be("role_escalation");
        _app.Store.Keys.Should().ContainSingle("only the caller's key exists");
        _app.Store.AuditActions.Should().Equal("api_key.created.denied");
    }

    [Fact]
    public async Task CreateRbac_AnAppTheOrganizationDoesNotHave_Is400OnAppRoles_AndChangesNothing()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(Rbac(org, appRoles: [new AppRoleInput("com.nowhere.app", "reader")]), ApplicationHarness.AsKey(owner));

        result.Error!.Details.Should().ContainKey("app_roles");
        _app.Store.Keys.Should().ContainSingle();
        _app.Store.Saves.Should().Be(0);
    }

    [Fact]
    public async Task CreateRbac_UnknownProject_Is400OnProjectId()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(Rbac(org, orgRole: null, projectId: "com.nowhere.app"), ApplicationHarness.AsKey(owner));

        result.Error!.Details.Should().ContainKey("project_id");
    }

    [Theory]
    [InlineData(false, null, "policy_require_secure_keys")]
    [InlineData(true, null, "policy_require_expiration")]
    [InlineData(true, 31, "policy_max_lifetime_days")]
    public async Task CreateRbac_AgainstTheOrganizationsKeyPolicy_Is422NamingTheRule(bool secure, int? expiresInDays, string code)
    {
        var org = _app.Organization(new KeyPolicy(RequireExpiration: true, MaxLifetimeDays: 30, RequireSecureKeys: true));
        // An owner member: a caller key's own expiry would bound the new key's first (governance is power too).
        _app.Member(org, "policy-owner", Roles.OrgOwner);
        DateTimeOffset? expiresAt = expiresInDays is { } days ? _app.Time.GetUtcNow().AddDays(days) : null;

        var result = await _app.SendAsync(Rbac(org, secure: secure, expiresAt: expiresAt), Principal.User("policy-owner"));

        result.Error!.Kind.Should().Be(ErrorKind.Policy);
        result.Error.Code.Should().Be(code);
        _app.Store.Keys.Should().BeEmpty();
    }

    [Fact]
    public async Task CreateRbac_WithinThePolicy_IsCreated()
    {
        var org = _app.Organization(new KeyPolicy(RequireExpiration: true, MaxLifetimeDays: 30, RequireSecureKeys: true));
        var owner = _app.RbacKey(org, Roles.OrgOwner, expiresAt: _app.Time.GetUtcNow().AddDays(30));

        var result = await _app.SendAsync(Rbac(org, expiresAt: _app.Time.GetUtcNow().AddDays(30)), ApplicationHarness.AsKey(owner));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
    }

    [Fact]
    public async Task CreateRbac_WithLegacyFields_Is400NamingEach()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(Rbac(org) with { LegacyFields = ["limited_to_apps"] }, ApplicationHarness.AsKey(owner));

        result.Error!.Details.Should().ContainKey("limited_to_apps");
        _app.Store.Keys.Should().ContainSingle();
    }

    [Fact]
    public async Task CreateLegacy_IsAPlainModeKey_WhoseTokenIsKeptEncrypted()
    {
        var org = _app.Organization();
        _app.App(org, "com.demo.app");
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(new CreateLegacyApiKeyCommand(org.Id, "cli", "upload", ["com.demo.app"], [org.Id.ToString()]), ApplicationHarness.AsKey(owner));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
        var key = _app.Store.Keys.Single(k => k.Id.ToString() == result.Value.ApiKey.Id);
        var grant = key.Grant.Should().BeOfType<LegacyGrant>().Subject;
        grant.Mode.Should().Be(LegacyMode.Upload);
        grant.LimitedToApps.Should().Equal("com.demo.app");
        key.Secure.Should().BeFalse();
        new FakeProtector().Unprotect(key.Secret.EncryptedToken!).Should().Be(result.Value.PlaintextApiKey);
        result.Value.ApiKey.Key.Should().Be(result.Value.PlaintextApiKey, "the owner covers the key it made");
        _app.Store.AuditActions.Should().Equal("api_key.created");
    }

    [Fact]
    public async Task CreateLegacy_AModeAboveTheCaller_IsRoleEscalation()
    {
        var org = _app.Organization();
        var manager = _app.RbacKey(org, Roles.OrgAdmin, scopes: [Permission.ApiKeyManage]);

        var result = await _app.SendAsync(new CreateLegacyApiKeyCommand(org.Id, "cli", "read", null, null), ApplicationHarness.AsKey(manager));

        result.Error!.Code.Should().Be("role_escalation", "a key scoped to apikey.manage holds no read permission to hand out");
        _app.Store.AuditActions.Should().Equal("api_key.created.denied");
    }

    [Fact]
    public async Task CreateLegacy_AnotherOrganizationInLimitedToOrgs_Is400()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(new CreateLegacyApiKeyCommand(org.Id, "cli", "read", null, [OrganizationId.New().ToString()]), ApplicationHarness.AsKey(owner));

        result.Error.Should().Be(ApiKeyErrors.ForeignOrganization);
        _app.Store.Keys.Should().ContainSingle();
    }

    [Fact]
    public async Task CreateLegacy_BadModeOrRbacFields_Is400NamingEachField()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(new CreateLegacyApiKeyCommand(org.Id, "cli", "god", null, null, RbacFields: ["org_role", "scopes"]), ApplicationHarness.AsKey(owner));

        result.Error!.Details!.Keys.Should().BeEquivalentTo("mode", "org_role", "scopes");
        result.Error.Details["mode"].Should().Equal(LegacyModes.InvalidModeMessage);
    }
}
