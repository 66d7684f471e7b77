using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using static ApiKeys.Domain.Tests.TestData;

namespace ApiKeys.Domain.Tests.ApiKeys;

public sealed class ApiKeyTests
{
    [Fact]
    public void CreateRbac_ExpiryInThePast_IsValidationError()
    {
        var result = ApiKey.CreateRbac(Org, Rbac(expiresAt: Now.AddSeconds(-1)), Secret(), Creator, Now);
        result.IsSuccess.Should().BeFalse();
        result.Error!.Kind.Should().Be(ErrorKind.Validation);
        result.Error.Details.Should().ContainKey("expires_at");
    }

    [Fact]
    public void CreateRbac_SetsCreatorAndState()
    {
        var key = RbacKey(Roles.OrgAdmin);
        key.Grant.Should().BeOfType<RbacGrant>().Which.OrgRole.Should().Be(Roles.OrgAdmin);
        key.Kind.Should().Be(ApiKeyKind.Rbac);
        key.CreatedByUserId.Should().Be("user-1");
        key.IsActive(Now).Should().BeTrue();
        key.Secret.EncryptedToken.Should().BeNull("a secure key keeps no recoverable copy");
    }

    [Fact]
    public void CreateRbac_PlainKeyWithoutEncryptedToken_Throws() =>
        FluentActions.Invoking(() => ApiKey.CreateRbac(Org, Rbac(secure: false), Secret(), Creator, Now))
            .Should().Throw<ArgumentException>();

    [Fact]
    public void CreateRbac_ProjectKeyWithRolesOnAnotherApp_IsValidationError()
    {
        var spec = Rbac(appRoles: [new AppRoleBinding("com.other.app", "app_reader")], projectId: "com.demo.app");
        ApiKey.CreateRbac(Org, spec, Secret(), Creator, Now).Error.Should().Be(ApiKeyErrors.ProjectRolesOutsideProject);
    }

    [Fact]
    public void CreateRbac_AppRoleAsOrgRole_Throws() =>
        FluentActions.Invoking(() => RbacKey(Roles.AppAdmin)).Should().Throw<ArgumentException>();

    [Fact]
    public void CreateLegacy_ForeignOrganization_IsValidationError()
    {
        var spec = new LegacyKeySpec("legacy", LegacyMode.All, [], [Organization.Create("Other", Now).Id.ToString()]);
        ApiKey.CreateLegacy(Org, spec, Secret("enc"), Creator, Now).Error.Should().Be(ApiKeyErrors.ForeignOrganization);
    }

    [Fact]
    public void CreateLegacy_OwnOrganization_IsAllowed()
    {
        var spec = new LegacyKeySpec("legacy", LegacyMode.All, [], [Org.Id.ToString()]);
        ApiKey.CreateLegacy(Org, spec, Secret("enc"), Creator, Now).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public void Regenerate_RevokedKey_ReturnsConflict()
    {
        var key = RbacKey();
        key.Revoke(Now).IsSuccess.Should().BeTrue();
        key.Regenerate(Secret(), TimeSpan.Zero, KeyPolicy.Default, Now).Error.Should().Be(ApiKeyErrors.Revoked);
    }

    [Fact]
    public void Regenerate_WithoutGrace_OldPrefixStopsAtOnce()
    {
        var key = RbacKey();
        var oldPrefix = key.Secret.KeyPrefix;
        var version = key.Version;
        key.Regenerate(Secret(), TimeSpan.Zero, KeyPolicy.Default, Now).IsSuccess.Should().BeTrue();
        key.Secret.HashFor(oldPrefix, Now).Should().BeNull();
        key.Secret.HashFor(key.Secret.KeyPrefix, Now).Should().Be(key.Secret.SecretHash);
        key.Version.Should().NotBe(version);
    }

    [Fact]
    public void Regenerate_WithGrace_OldSecretWorksUntilGraceEndsAndNotAfter()
    {
        var key = RbacKey();
        var oldPrefix = key.Secret.KeyPrefix;
        var oldHash = key.Secret.SecretHash;
        key.Regenerate(Secret(), TimeSpan.FromSeconds(60), KeyPolicy.Default, Now).IsSuccess.Should().BeTrue();
        key.Secret.HashFor(oldPrefix, Now.AddSeconds(59.999)).Should().Be(oldHash);
        key.Secret.HashFor(oldPrefix, Now.AddSeconds(60)).Should().BeNull();
    }

    [Fact]
    public void Regenerate_GraceOverOneDay_Throws() =>
        FluentActions.Invoking(() => RbacKey().Regenerate(Secret(), TimeSpan.FromSeconds(86_401), KeyPolicy.Default, Now))
            .Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void Regenerate_TwiceInARow_BothSucceed_AndOnlyTheLastSecretWorks()
    {
        var key = RbacKey();
        var first = Secret();
        var second = Secret();
        key.Regenerate(first, TimeSpan.Zero, KeyPolicy.Default, Now).IsSuccess.Should().BeTrue();
        key.Regenerate(second, TimeSpan.Zero, KeyPolicy.Default, Now).IsSuccess.Should().BeTrue("a key may be regenerated again at once");
        key.Secret.HashFor(first.KeyPrefix, Now).Should().BeNull();
        key.Secret.HashFor(second.KeyPrefix, Now).Should().Be(second.Hash);
        key.Secret.RotatedAt.Should().Be(Now);
    }

    [Fact]
    public void Regenerate_APlainKeyUnderAPolicyRequiringSecureKeys_IsRefused_AndTheSecretStays()
    {
        var key = ApiKey.CreateRbac(Org, Rbac(secure: false), Secret("enc"), Creator, Now).Value;
        var prefix = key.Secret.KeyPrefix;
        key.Regenerate(Secret("enc"), TimeSpan.Zero, new KeyPolicy(false, null, RequireSecureKeys: true), Now).Error!.Code.Should().Be("policy_require_secure_keys");
        key.Secret.KeyPrefix.Should().Be(prefix);
    }

    [Fact]
    public void ChangeExpiry_BeyondThePolicysMaximum_IsRefused()
    {
        var key = RbacKey();
        var policy = new KeyPolicy(false, MaxLifetimeDays: 7, false);
        key.ChangeExpiry(Now.AddDays(8), policy, Now).Error!.Code.Should().Be("policy_max_lifetime_days");
        key.ChangeExpiry(Now.AddDays(7), policy, Now).Value.Should().BeTrue();
    }

    [Fact]
    public void Revoke_Twice_IsNotFound()
    {
        var key = RbacKey();
        key.Revoke(Now).IsSuccess.Should().BeTrue();
        key.Revoke(Now).Error.Should().Be(ApiKeyErrors.NotFound);
        key.IsActive(Now).Should().BeFalse();
    }

    [Fact]
    public void Revoke_EndsAGracePeriod()
    {
        var key = RbacKey();
        var oldPrefix = key.Secret.KeyPrefix;
        key.Regenerate(Secret(), TimeSpan.FromHours(1), KeyPolicy.Default, Now);
        key.Revoke(Now);
        key.Secret.HashFor(oldPrefix, Now).Should().BeNull();
    }

    [Fact]
    public void AssignRoles_LegacyKey_ReturnsConflict() =>
        LegacyKey().AssignRoles(Roles.OrgAdmin, [], Now).Error.Should().Be(ApiKeyErrors.LegacyKeyRoles);

    [Fact]
    public void AssignRoles_RevokedKey_ReturnsConflict()
    {
        var key = RbacKey();
        key.Revoke(Now);
        key.AssignRoles(Roles.OrgMember, [], Now).Error.Should().Be(ApiKeyErrors.Revoked);
    }

    [Fact]
    public void AssignRoles_SameRoles_ChangesNothing()
    {
        var key = RbacKey(Roles.OrgMember);
        var version = key.Version;
        key.AssignRoles(Roles.OrgMember, [], Now.AddMinutes(1)).Value.Should().BeFalse();
        key.Version.Should().Be(version);
        key.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void ChangeExpiry_InThePast_IsValidationError() =>
        RbacKey().ChangeExpiry(Now.AddDays(-1), KeyPolicy.Default, Now).Error.Should().Be(ApiKeyErrors.ExpiresInPast);

    [Fact]
    public void ChangeExpiry_SetsAndRemoves()
    {
        var key = RbacKey();
        key.ChangeExpiry(Now.AddDays(1), KeyPolicy.Default, Now).Value.Should().BeTrue();
        key.ExpiresAt.Should().Be(Now.AddDays(1));
        key.ChangeExpiry(Now.AddDays(1), KeyPolicy.Default, Now).Value.Should().BeFalse();
        key.ChangeExpiry(null, KeyPolicy.Default, Now).Value.Should().BeTrue();
        key.ExpiresAt.Should().BeNull();
    }

    [Fact]
    public void Rename_TrimsAndReportsChange()
    {
        var key = RbacKey();
        key.Rename("  renamed  ", Now).Value.Should().BeTrue();
        key.Name.Should().Be("renamed");
        key.Rename("renamed", Now).Value.Should().BeFalse();
    }

    [Fact]
    public void Rename_RevokedKey_IsRefused()
    {
        var key = RbacKey();
        key.Revoke(Now);
        key.Rename("other", Now).Error.Should().Be(ApiKeyErrors.Revoked);
    }

    [Fact]
    public void ForgetApp_RemovesBindingsOnThatAppOnly()
    {
        var key = RbacKey(null, [new AppRoleBinding("com.a", "app_admin"), new AppRoleBinding("com.b", "app_reader")]);
        key.ForgetApp("com.a", Now).Should().BeTrue();
        key.Grant.Should().BeOfType<RbacGrant>().Which.AppRoles.Should().Equal(new AppRoleBinding("com.b", "app_reader"));
        key.IsRevoked.Should().BeFalse();
        key.ForgetApp("com.a", Now).Should().BeFalse();
    }

    [Fact]
    public void ForgetApp_ProjectKeyOfThatApp_IsRevoked()
    {
        var key = ProjectKey("com.a");
        key.ForgetApp("com.a", Now).Should().BeTrue();
        key.IsRevoked.Should().BeTrue();
    }

    [Fact]
    public void ForgetApp_LegacyKeyLimitedToIt_LosesItAndIsRevokedWhenNoneRemain()
    {
        var key = LegacyKey(LegacyMode.All, ["com.a", "com.b"]);
        key.ForgetApp("com.a", Now).Should().BeTrue();
        key.Grant.Should().BeOfType<LegacyGrant>().Which.LimitedToApps.Should().Equal("com.b");
        key.IsRevoked.Should().BeFalse();
        key.ForgetApp("com.b", Now).Should().BeTrue();
        key.IsRevoked.Should().BeTrue();
    }

    [Fact]
    public void IsOwner_OnlyAnActiveUnscopedOwnerKey()
    {
        RbacKey(Roles.OrgOwner).IsOwner(Now).Should().BeTrue();
        RbacKey(Roles.OrgAdmin).IsOwner(Now).Should().BeFalse();
        RbacKey(Roles.OrgOwner, scopes: [Permission.ApiKeyManage]).IsOwner(Now).Should().BeFalse();
        RbacKey(Roles.OrgOwner, expiresAt: Now.AddHours(1)).IsOwner(Now.AddHours(1)).Should().BeFalse();
        var revoked = RbacKey(Roles.OrgOwner);
        revoked.Revoke(Now);
        revoked.IsOwner(Now).Should().BeFalse();
    }

    [Fact]
    public void IsExpired_AtTheExpiryInstant_IsTrue()
    {
        var key = RbacKey(expiresAt: Now.AddHours(1));
        key.IsActive(Now.AddHours(1).AddTicks(-1)).Should().BeTrue();
        key.IsActive(Now.AddHours(1)).Should().BeFalse();
    }

    [Fact]
    public void Rehash_ReplacesOnlyTheMatchingHash()
    {
        var key = RbacKey();
        key.Rehash(key.Secret.KeyPrefix, "$argon2id$new");
        key.Secret.SecretHash.Should().Be("$argon2id$new");
    }
}
