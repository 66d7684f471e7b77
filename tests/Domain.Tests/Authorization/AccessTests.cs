using ApiKeys.Domain.Authorization;

namespace ApiKeys.Domain.Tests.Authorization;

public sealed class AccessTests
{
    private const string AppA = "com.demo.a";
    private const string AppB = "com.demo.b";

    [Fact]
    public void KeysWithTheSameOrgRoleAlone_ShareOneAccess_AndAnyNarrowingGetsItsOwn()
    {
        // Issue 25: a cache of many keys holds each role's permissions once, not once per key.
        Access.ForRoles(Roles.OrgMember, []).Should().BeSameAs(Access.ForRoles(Roles.OrgMember, []));
        Access.ForRoles(Roles.OrgMember, []).Should().NotBeSameAs(Access.ForRoles(Roles.OrgAdmin, []));
        Access.ForRoles(null, []).Should().BeSameAs(Access.None);

        var scoped = Access.ForRoles(Roles.OrgMember, [], scopes: [Permission.AppRead]);
        scoped.Should().NotBeSameAs(Access.ForRoles(Roles.OrgMember, []));
        scoped.Describe().Should().Equal(Permission.AppRead);
        Access.ForRoles(Roles.OrgMember, [], projectId: AppA).Should().NotBeSameAs(Access.ForRoles(Roles.OrgMember, []));
        Access.ForRoles(Roles.OrgMember, [new AppRoleBinding(AppA, "app_developer")]).HasAppPermission(AppA, Permission.AppManageChannels).Should().BeTrue();
        Access.ForRoles(Roles.OrgMember, []).HasAppPermission(AppA, Permission.AppManageChannels).Should().BeFalse();
    }

    [Fact]
    public void OrgRole_GrantsAppPermissionsOnEveryApp()
    {
        var access = Access.ForRoles(Roles.OrgMember, []);
        access.HasAppPermission(AppA, Permission.AppRead).Should().BeTrue();
        access.HasAppPermission(AppB, Permission.AppUploadBundle).Should().BeFalse();
        access.HasOrgPermission(Permission.ApiKeyRead).Should().BeTrue();
        access.HasOrgPermission(Permission.ApiKeyManage).Should().BeFalse();
    }

    [Fact]
    public void AppRole_GrantsOnlyOnItsApp()
    {
        var access = Access.ForRoles(null, [new AppRoleBinding(AppA, "app_uploader")]);
        access.HasAppPermission(AppA, Permission.AppUploadBundle).Should().BeTrue();
        access.HasAppPermission(AppB, Permission.AppRead).Should().BeFalse();
        access.OrgPermissions.Should().BeEmpty();
    }

    [Fact]
    public void EffectivePermissions_AreOrgRolePlusAppRole()
    {
        var access = Access.ForRoles(Roles.OrgMember, [new AppRoleBinding(AppA, "app_developer")]);
        access.PermissionsOn(AppA).Should().Contain([Permission.AppRead, Permission.AppManageChannels]);
        access.PermissionsOn(AppB).Should().NotContain(Permission.AppManageChannels);
    }

    [Fact]
    public void Scopes_NarrowRolePermissions()
    {
        var access = Access.ForRoles(Roles.OrgAdmin, [], scopes: [Permission.AppRead]);
        access.HasAppPermission(AppA, Permission.AppRead).Should().BeTrue();
        access.HasAppPermission(AppA, Permission.AppDelete).Should().BeFalse();
        access.HasOrgPermission(Permission.ApiKeyManage).Should().BeFalse();
    }

    [Fact]
    public void ProjectKey_ActsOnItsAppOnly()
    {
        var access = Access.ForRoles(Roles.OrgAdmin, [], projectId: AppA);
        access.HasAppPermission(AppA, Permission.AppUpdateSettings).Should().BeTrue();
        access.HasAppPermission(AppB, Permission.AppRead).Should().BeFalse();
        access.HasOrgPermission(Permission.ApiKeyManage).Should().BeFalse();
        access.HasOrgPermission(Permission.OrgRead).Should().BeTrue();
    }

    [Theory]
    [InlineData(LegacyMode.Read, false, false, false)]
    [InlineData(LegacyMode.Upload, true, false, false)]
    [InlineData(LegacyMode.Write, true, true, false)]
    [InlineData(LegacyMode.All, true, true, true)]
    public void LegacyModes_MapToContractPermissions(LegacyMode mode, bool upload, bool manageChannels, bool manageKeys)
    {
        var access = Access.ForLegacyMode(mode, []);
        access.HasAppPermission(AppA, Permission.AppRead).Should().BeTrue();
        access.HasAppPermission(AppA, Permission.AppUploadBundle).Should().Be(upload);
        access.HasAppPermission(AppA, Permission.AppManageChannels).Should().Be(manageChannels);
        access.HasAppPermission(AppA, Permission.AppUpdateSettings).Should().Be(manageChannels);
        access.HasOrgPermission(Permission.ApiKeyManage).Should().Be(manageKeys);
    }

    [Fact]
    public void LegacyLimitedToApps_RestrictsApps()
    {
        var access = Access.ForLegacyMode(LegacyMode.All, [AppA]);
        access.HasAppPermission(AppA, Permission.AppDelete).Should().BeTrue();
        access.HasAppPermission(AppB, Permission.AppRead).Should().BeFalse();
    }

    [Theory]
    [InlineData(LegacyMode.Read)]
    [InlineData(LegacyMode.Write)]
    [InlineData(LegacyMode.All)]
    public void LegacyLimitedToApps_KeepsOnlyOrgReadAtOrgLevel(LegacyMode mode)
    {
        // Contract §2 "Limited legacy keys": an all key for one app manages none of the organization's keys, members, apps, webhooks or settings.
        var limited = Access.ForLegacyMode(mode, [AppA]);
        limited.OrgPermissions.Should().BeEquivalentTo([Permission.OrgRead]);
        limited.Describe().Should().Equal(Permission.OrgRead);
        limited.PermissionsOn(AppA).Should().BeEquivalentTo(Access.ForLegacyMode(mode, []).PermissionsOn(AppA), "its mode's app permissions, on its apps");
        Access.ForLegacyMode(mode, []).HasOrgPermission(Permission.ApiKeyRead).Should().BeTrue("an unlimited legacy key keeps its mode's org permissions");
    }

    [Fact]
    public void CanGrant_AdminCannotMintOwner()
    {
        var admin = Access.ForRoles(Roles.OrgAdmin, []);
        admin.CanGrant(Roles.OrgOwner, []).Should().BeFalse();
        admin.CanGrant(Roles.OrgAdmin, []).Should().BeTrue();
        admin.CanGrant(Roles.OrgMember, [new AppRoleBinding(AppB, "app_admin")]).Should().BeTrue();
    }

    [Fact]
    public void CanGrant_AppAdminCannotGrantOnAnotherApp()
    {
        var appAdmin = Access.ForRoles(null, [new AppRoleBinding(AppA, "app_admin")]);
        appAdmin.CanGrant(null, [new AppRoleBinding(AppA, "app_developer")]).Should().BeTrue();
        appAdmin.CanGrant(null, [new AppRoleBinding(AppB, "app_reader")]).Should().BeFalse();
        appAdmin.CanGrant(Roles.OrgMember, []).Should().BeFalse();
    }

    [Fact]
    public void CanGrant_ScopedCallerCannotGrantWhatItsScopesRemove()
    {
        var scoped = Access.ForRoles(Roles.OrgOwner, [], scopes: [Permission.ApiKeyManage]);
        scoped.CanGrant(Roles.OrgMember, []).Should().BeFalse();
        scoped.CanGrant(null, []).Should().BeTrue();
    }

    [Fact]
    public void CanGrantLegacy_MemberCannotMintAllMode()
    {
        var member = Access.ForRoles(Roles.OrgMember, []);
        member.CanGrantLegacy(LegacyMode.Read, []).Should().BeTrue();
        member.CanGrantLegacy(LegacyMode.Upload, []).Should().BeFalse();
        Access.ForRoles(Roles.OrgAdmin, []).CanGrantLegacy(LegacyMode.All, []).Should().BeTrue();
    }

    [Fact]
    public void Describe_ListsSortedEffectivePermissions()
    {
        var described = Access.ForRoles(Roles.OrgMember, []).Describe();
        described.Should().BeInAscendingOrder(StringComparer.Ordinal);
        described.Should().Contain([Permission.OrgRead, Permission.AppRead]).And.NotContain(Permission.ApiKeyManage);
    }

    [Fact]
    public void None_HasNothing()
    {
        Access.None.HasOrgPermission(Permission.OrgRead).Should().BeFalse();
        Access.None.HasOnSomeApp(Permission.AppRead).Should().BeFalse();
    }

    [Fact]
    public void Covers_NeedsEveryPermissionAtEachScope()
    {
        var admin = Access.ForRoles(Roles.OrgAdmin, []);
        admin.Covers(Access.ForRoles(Roles.OrgMember, [])).Should().BeTrue();
        admin.Covers(Access.ForRoles(Roles.OrgAdmin, [])).Should().BeTrue("an equal target is covered");
        admin.Covers(Access.ForRoles(Roles.OrgOwner, [])).Should().BeFalse();
        Access.ForRoles(Roles.OrgOwner, []).Covers(admin).Should().BeTrue();
    }

    [Fact]
    public void Covers_AnOrgWidePermissionNeedsItOnEveryApp()
    {
        // app_admin on both apps holds every read permission on each, but not on apps the organization adds later.
        var bothApps = Access.ForRoles(null, [new AppRoleBinding(AppA, "app_admin"), new AppRoleBinding(AppB, "app_admin")]);
        bothApps.Covers(Access.ForRoles(null, [new AppRoleBinding(AppA, "app_reader")])).Should().BeTrue();
        bothApps.Covers(Access.ForRoles(Roles.OrgMember, [], scopes: [Permission.AppRead])).Should().BeFalse();
    }

    [Fact]
    public void Covers_ALimitedCallerCoversOnlyWhatIsWithinItsApps()
    {
        var legacyOnA = Access.ForLegacyMode(LegacyMode.All, [AppA]);
        legacyOnA.Covers(Access.ForRoles(null, [new AppRoleBinding(AppA, "app_admin")])).Should().BeTrue();
        legacyOnA.Covers(Access.ForRoles(null, [new AppRoleBinding(AppB, "app_reader")])).Should().BeFalse();
        legacyOnA.Covers(Access.ForRoles(Roles.OrgAdmin, [])).Should().BeFalse("an org_admin holds app permissions on every app");
        legacyOnA.Covers(Access.ForLegacyMode(LegacyMode.All, [AppA])).Should().BeTrue();
        legacyOnA.Covers(Access.ForLegacyMode(LegacyMode.Read, [])).Should().BeFalse();
    }

    [Fact]
    public void Covers_ScopesNarrowBothSides()
    {
        var manageOnly = Access.ForRoles(Roles.OrgOwner, [], scopes: [Permission.ApiKeyManage]);
        manageOnly.Covers(Access.ForRoles(Roles.OrgOwner, [])).Should().BeFalse();
        manageOnly.Covers(Access.ForRoles(Roles.OrgAdmin, [], scopes: [Permission.ApiKeyManage])).Should().BeTrue();
        Access.ForRoles(Roles.OrgAdmin, []).Covers(Access.ForRoles(Roles.OrgOwner, [], scopes: [Permission.ApiKeyRead])).Should().BeTrue(
            "a target is what it can do, not the name of its role");
    }

    [Fact]
    public void IsOwner_OnlyForAnUnnarrowedOwnerRole()
    {
        Access.ForRoles(Roles.OrgOwner, []).IsOwner.Should().BeTrue();
        Access.ForRoles(Roles.OrgOwner, [], scopes: [Permission.OrgDelete]).IsOwner.Should().BeFalse();
        Access.ForRoles(Roles.OrgOwner, [], projectId: AppA).IsOwner.Should().BeFalse();
        Access.ForRoles(Roles.OrgAdmin, []).IsOwner.Should().BeFalse();
        Access.ForLegacyMode(LegacyMode.All, []).IsOwner.Should().BeFalse();
    }
}
