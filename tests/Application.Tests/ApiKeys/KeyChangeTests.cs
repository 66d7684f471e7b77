using ApiKeys.Application.ApiKeys.AssignRoles;
using ApiKeys.Application.ApiKeys.Regenerate;
using ApiKeys.Application.ApiKeys.Revoke;
using ApiKeys.Application.ApiKeys.Update;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Tests.Fakes;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Tests.ApiKeys;

/// <summary>The handlers that act on one existing key: regenerate, revoke, re-role, rename and change expiry.</summary>
public sealed class KeyChangeTests : IAsyncDisposable
{
    private readonly ApplicationHarness _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Regenerate_ReplacesTheSecret_TheOldOneStopsAtOnce_AndItIsAudited()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);
        var oldPrefix = target.Secret.KeyPrefix;
        var version = target.Version;

        var result = await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, target.Id, null), ApplicationHarness.AsKey(owner));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
        ApiKeyToken.TryParse(result.Value.PlaintextApiKey, out var token).Should().BeTrue();
        target.Secret.KeyPrefix.Should().Be(token!.KeyPrefix);
        target.Secret.HashFor(token.KeyPrefix, _app.Time.GetUtcNow()).Should().Be(new FakeHasher().Hash(token.Reveal()));
        target.Secret.HashFor(oldPrefix, _app.Time.GetUtcNow()).Should().BeNull();
        target.Version.Should().NotBe(version, "the version token is what makes a concurrent regeneration lose");
        _app.Store.AuditActions.Should().Equal("api_key.regenerated");
    }

    [Fact]
    public async Task Regenerate_TwiceInARow_BothSucceed_AndEachSuccessIsAudited()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);

        var first = await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, target.Id, null), ApplicationHarness.AsKey(owner));
        var second = await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, target.Id, null), ApplicationHarness.AsKey(owner));

        first.IsSuccess.Should().BeTrue(first.Error?.Message);
        second.IsSuccess.Should().BeTrue("a key may be regenerated again at once: {0}", second.Error?.Message);
        ApiKeyToken.TryParse(first.Value.PlaintextApiKey, out var old).Should().BeTrue();
        target.Secret.HashFor(old!.KeyPrefix, _app.Time.GetUtcNow()).Should().BeNull();
        _app.Store.AuditActions.Should().Equal("api_key.regenerated", "api_key.regenerated");
    }

    [Fact]
    public async Task Regenerate_WithAGracePeriod_TheOldSecretWorksUntilItEnds()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);
        var oldPrefix = target.Secret.KeyPrefix;

        (await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, target.Id, 60), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();

        _app.Time.Advance(TimeSpan.FromSeconds(59));
        target.Secret.HashFor(oldPrefix, _app.Time.GetUtcNow()).Should().Be("$fake$stored");
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        target.Secret.HashFor(oldPrefix, _app.Time.GetUtcNow()).Should().BeNull();
    }

    [Fact]
    public async Task Regenerate_AKeyTheCallerDoesNotCover_IsRoleEscalation_AndTheSecretStays()
    {
        var org = _app.Organization();
        var admin = _app.RbacKey(org, Roles.OrgAdmin);
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var prefix = owner.Secret.KeyPrefix;

        var result = await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, owner.Id, null), ApplicationHarness.AsKey(admin));

        result.Error!.Code.Should().Be("role_escalation");
        owner.Secret.KeyPrefix.Should().Be(prefix);
        _app.Store.AuditActions.Should().Equal("api_key.regenerated.denied");
    }

    [Fact]
    public async Task Regenerate_APlainKeyOnceThePolicyRequiresSecureKeys_Is422()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var plain = _app.RbacKey(org, Roles.OrgMember, secure: false);
        org.Update(null, new KeyPolicy(false, null, RequireSecureKeys: true), _app.Time.GetUtcNow());
        var prefix = plain.Secret.KeyPrefix;

        var result = await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, plain.Id, null), ApplicationHarness.AsKey(owner));

        result.Error!.Code.Should().Be("policy_require_secure_keys");
        plain.Secret.KeyPrefix.Should().Be(prefix);
    }

    [Fact]
    public async Task Regenerate_ARevokedKey_IsConflict_AndAnUnknownOneIsNotFound()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var revoked = _app.RbacKey(org, Roles.OrgMember);
        revoked.Revoke(_app.Time.GetUtcNow());

        (await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, revoked.Id, null), ApplicationHarness.AsKey(owner))).Error.Should().Be(ApiKeyErrors.Revoked);
        (await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, ApiKeyId.New(), null), ApplicationHarness.AsKey(owner))).Error.Should().Be(ApiKeyErrors.NotFound);
    }

    [Fact]
    public async Task Regenerate_ALostSaveRace_IsTheConflictAndNothingIsAudited()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);
        _app.Failures.FailNextSave(ApiKeyErrors.ConcurrentUpdate);

        var result = await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, target.Id, null), ApplicationHarness.AsKey(owner));

        result.Error.Should().Be(ApiKeyErrors.ConcurrentUpdate);
        _app.Store.SaveAttempts.Should().Be(1, "one save, which failed, and no second one for the audit alone");
        _app.Store.AuditEvents.Should().BeEmpty("the audit event is saved with the change or not at all");

        // The retry commits the change and its audit event in one save.
        (await _app.SendAsync(new RegenerateApiKeyCommand(org.Id, target.Id, null), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();
        _app.Store.SaveAttempts.Should().Be(2);
        _app.Store.Saves.Should().Be(1);
        _app.Store.AuditActions.Should().Equal("api_key.regenerated");
    }

    [Fact]
    public async Task Revoke_AKeyMayRevokeItself_WithoutApikeyManage()
    {
        var org = _app.Organization();
        _app.RbacKey(org, Roles.OrgOwner);
        var reader = _app.RbacKey(org, Roles.OrgMember);

        var result = await _app.SendAsync(new RevokeApiKeyCommand(org.Id, reader.Id), ApplicationHarness.AsKey(reader));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
        reader.IsRevoked.Should().BeTrue();
        _app.Store.AuditActions.Should().Equal("api_key.revoked");
    }

    [Fact]
    public async Task Revoke_AnotherKeyWithoutApikeyManage_IsForbidden()
    {
        var org = _app.Organization();
        var other = _app.RbacKey(org, Roles.OrgMember);
        var reader = _app.RbacKey(org, Roles.OrgMember);

        (await _app.SendAsync(new RevokeApiKeyCommand(org.Id, other.Id), ApplicationHarness.AsKey(reader))).Error!.Kind.Should().Be(ErrorKind.Forbidden);
        other.IsRevoked.Should().BeFalse();
    }

    [Fact]
    public async Task Revoke_TheLastOwnerKey_IsLastOwner_AndWithASecondOwnerItGoes()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        (await _app.SendAsync(new RevokeApiKeyCommand(org.Id, owner.Id), ApplicationHarness.AsKey(owner))).Error.Should().Be(OrganizationErrors.LastOwner);
        owner.IsRevoked.Should().BeFalse();

        _app.Member(org, "alice", Roles.OrgOwner);
        (await _app.SendAsync(new RevokeApiKeyCommand(org.Id, owner.Id), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task Revoke_Twice_OrAnRbacKeyOnCapgosRoute_IsNotFound()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var member = _app.RbacKey(org, Roles.OrgMember);

        (await _app.SendAsync(new RevokeApiKeyCommand(org.Id, member.Id, LegacyOnly: true), ApplicationHarness.AsKey(owner))).Error.Should().Be(ApiKeyErrors.NotFound);
        member.IsRevoked.Should().BeFalse();
        (await _app.SendAsync(new RevokeApiKeyCommand(org.Id, member.Id), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();
        (await _app.SendAsync(new RevokeApiKeyCommand(org.Id, member.Id), ApplicationHarness.AsKey(owner))).Error.Should().Be(ApiKeyErrors.NotFound);
    }

    [Fact]
    public async Task AssignRoles_ALegacyKey_IsConflict()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var legacy = _app.LegacyKey(org, LegacyMode.Read);

        (await _app.SendAsync(new AssignApiKeyRolesCommand(org.Id, legacy.Id, "member", null), ApplicationHarness.AsKey(owner))).Error.Should().Be(ApiKeyErrors.LegacyKeyRoles);
    }

    [Fact]
    public async Task AssignRoles_DemotingAStrongerKey_IsRoleEscalation_AuditedAgainstThatKey()
    {
        var org = _app.Organization();
        var admin = _app.RbacKey(org, Roles.OrgAdmin);
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(new AssignApiKeyRolesCommand(org.Id, owner.Id, "member", null), ApplicationHarness.AsKey(admin));

        result.Error!.Code.Should().Be("role_escalation");
        owner.Grant.Should().BeOfType<RbacGrant>().Which.OrgRole.Should().Be(Roles.OrgOwner);
        _app.Store.AuditEvents.Should().ContainSingle().Which.ApiKeyId.Should().Be(owner.Id.ToString());
    }

    [Fact]
    public async Task AssignRoles_ReplacesTheRoles_AndTheSameRolesAgainChangeNothing()
    {
        var org = _app.Organization();
        _app.App(org, "com.demo.app");
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);
        var roles = new[] { new AppRoleInput("com.demo.app", "admin") };

        (await _app.SendAsync(new AssignApiKeyRolesCommand(org.Id, target.Id, "none", roles), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();
        var version = target.Version;
        (await _app.SendAsync(new AssignApiKeyRolesCommand(org.Id, target.Id, "none", roles), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();

        var grant = target.Grant.Should().BeOfType<RbacGrant>().Subject;
        grant.OrgRole.Should().BeNull();
        grant.AppRoles.Should().Equal(new AppRoleBinding("com.demo.app", "app_admin"));
        target.Version.Should().Be(version);
        _app.Store.AuditActions.Should().Equal("api_key.roles_assigned");
    }

    [Fact]
    public async Task AssignRoles_AnUnknownApp_Is400()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);

        var result = await _app.SendAsync(new AssignApiKeyRolesCommand(org.Id, target.Id, "none", [new AppRoleInput("com.nowhere.app", "reader")]), ApplicationHarness.AsKey(owner));

        result.Error!.Details.Should().ContainKey("app_roles");
        target.Grant.Should().BeOfType<RbacGrant>().Which.OrgRole.Should().Be(Roles.OrgMember);
    }

    [Fact]
    public async Task Update_RenamingNeedsNoCover_ButChangingTheExpiryOfAStrongerKeyDoes()
    {
        var org = _app.Organization();
        var admin = _app.RbacKey(org, Roles.OrgAdmin);
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        (await _app.SendAsync(new UpdateApiKeyCommand(org.Id, owner.Id, "renamed", null), ApplicationHarness.AsKey(admin))).IsSuccess.Should().BeTrue();
        owner.Name.Should().Be("renamed");

        var expiry = await _app.SendAsync(new UpdateApiKeyCommand(org.Id, owner.Id, "again", new ExpiryChange(_app.Time.GetUtcNow().AddDays(1))), ApplicationHarness.AsKey(admin));
        expiry.Error!.Code.Should().Be("role_escalation");
        owner.ExpiresAt.Should().BeNull();
        owner.Name.Should().Be("renamed", "a refused PATCH changes nothing");
        _app.Store.AuditActions.Should().Equal("api_key.updated", "api_key.updated.denied");
    }

    [Fact]
    public async Task Update_AnExpiryBeyondThePolicy_Is422_AndRemovingARequiredExpiryToo()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);
        org.Update(null, new KeyPolicy(false, MaxLifetimeDays: 7, false), _app.Time.GetUtcNow());

        (await _app.SendAsync(new UpdateApiKeyCommand(org.Id, target.Id, null, new ExpiryChange(_app.Time.GetUtcNow().AddDays(8))), ApplicationHarness.AsKey(owner)))
            .Error!.Code.Should().Be("policy_max_lifetime_days");
        (await _app.SendAsync(new UpdateApiKeyCommand(org.Id, target.Id, null, new ExpiryChange(null)), ApplicationHarness.AsKey(owner)))
            .Error!.Code.Should().Be("policy_require_expiration");
        (await _app.SendAsync(new UpdateApiKeyCommand(org.Id, target.Id, "renamed", null), ApplicationHarness.AsKey(owner)))
            .IsSuccess.Should().BeTrue("a rename alone never breaks a key that predates the policy");
        target.ExpiresAt.Should().BeNull();
    }

    [Fact]
    public async Task Update_NothingNew_AuditsNothing_AndARevokedKeyIsConflict()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        var target = _app.RbacKey(org, Roles.OrgMember);

        (await _app.SendAsync(new UpdateApiKeyCommand(org.Id, target.Id, target.Name, new ExpiryChange(null)), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();
        _app.Store.AuditEvents.Should().BeEmpty();

        target.Revoke(_app.Time.GetUtcNow());
        (await _app.SendAsync(new UpdateApiKeyCommand(org.Id, target.Id, "x", null), ApplicationHarness.AsKey(owner))).Error.Should().Be(ApiKeyErrors.Revoked);
    }
}
