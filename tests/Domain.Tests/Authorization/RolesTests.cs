using ApiKeys.Domain.Authorization;

namespace ApiKeys.Domain.Tests.Authorization;

public sealed class RolesTests
{
    [Fact]
    public void AppRoles_AreStepped_EachIncludesTheOneBelow()
    {
        Roles.AppReader.AppPermissions.Should().BeSubsetOf(Roles.AppUploader.AppPermissions);
        Roles.AppUploader.AppPermissions.Should().BeSubsetOf(Roles.AppDeveloper.AppPermissions);
        Roles.AppDeveloper.AppPermissions.Should().BeSubsetOf(Roles.AppAdmin.AppPermissions);
    }

    [Fact]
    public void OrgRoles_AreStepped_EachIncludesTheOneBelow()
    {
        Roles.OrgMember.OrgPermissions.Should().BeSubsetOf(Roles.OrgAdmin.OrgPermissions);
        Roles.OrgAdmin.OrgPermissions.Should().BeSubsetOf(Roles.OrgOwner.OrgPermissions);
        Roles.OrgMember.AppPermissions.Should().BeSubsetOf(Roles.OrgAdmin.AppPermissions);
    }

    [Fact]
    public void Catalog_MatchesContractSection2()
    {
        Roles.AppReader.AppPermissions.Should().BeEquivalentTo("app.read", "app.read_bundles", "app.read_channels", "app.read_devices", "app.read_logs", "app.read_audit");
        Roles.AppUploader.AppPermissions.Except(Roles.AppReader.AppPermissions).Should().BeEquivalentTo("app.upload_bundle");
        Roles.AppDeveloper.AppPermissions.Except(Roles.AppUploader.AppPermissions).Should().BeEquivalentTo("app.manage_channels", "app.manage_devices");
        Roles.AppAdmin.AppPermissions.Should().BeEquivalentTo(Permission.AppScoped.Except(["app.delete"]));
        Roles.OrgMember.OrgPermissions.Should().BeEquivalentTo("org.read", "org.read_members", "apikey.read");
        Roles.OrgMember.AppPermissions.Should().OnlyContain(p => p.StartsWith("app.read", StringComparison.Ordinal));
        Roles.OrgAdmin.OrgPermissions.Should().BeEquivalentTo(Permission.OrgScoped.Except(["org.delete"]));
        Roles.OrgAdmin.AppPermissions.Should().BeEquivalentTo(Permission.AppScoped);
        Roles.OrgOwner.OrgPermissions.Should().BeEquivalentTo(Permission.OrgScoped);
    }

    [Theory]
    [InlineData("none", null)]
    [InlineData("member", "org_member")]
    [InlineData("admin", "org_admin")]
    [InlineData("owner", "org_owner")]
    [InlineData("org_admin", "org_admin")]
    public void TryParseOrgRole_KnownNames(string text, string? expected)
    {
        Roles.TryParseOrgRole(text, out var role).Should().BeTrue();
        // "none" parses to no role at all: a null role must be null, a named one must carry that name.
        (role?.Name).Should().Be(expected);
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("superuser")]
    [InlineData("reader")]
    [InlineData("")]
    public void TryParseOrgRole_UnknownNames_Fail(string text) => Roles.TryParseOrgRole(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("reader", "app_reader")]
    [InlineData("uploader", "app_uploader")]
    [InlineData("developer", "app_developer")]
    [InlineData("admin", "app_admin")]
    public void TryParseAppRole_KnownNames(string text, string expected)
    {
        Roles.TryParseAppRole(text, out var role).Should().BeTrue();
        role!.Name.Should().Be(expected);
    }
}
