using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using static ApiKeys.Domain.Tests.TestData;

namespace ApiKeys.Domain.Tests.Organizations;

public sealed class OrganizationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    public void Create_InvalidName_Throws(string name) =>
        FluentActions.Invoking(() => Organization.Create(name, Now)).Should().Throw<ArgumentException>();

    [Fact]
    public void Create_KeepsUnicodeNamesExactly() =>
        Organization.Create("Équipe 東京 🚀", Now).Name.Should().Be("Équipe 東京 🚀");

    [Fact]
    public void Update_NothingNew_ChangesNothing()
    {
        var org = Organization.Create("Acme", Now);
        var version = org.Version;
        org.Update("Acme", KeyPolicy.Default, Now.AddHours(1)).Should().BeFalse();
        org.Version.Should().Be(version);
    }

    [Fact]
    public void KeyPolicy_RequireSecure_RejectsPlainKeys() =>
        new KeyPolicy(false, null, true).Check(false, null, Now).Error!.Code.Should().Be("policy_require_secure_keys");

    [Fact]
    public void KeyPolicy_RequireExpiration_RejectsMissingExpiry() =>
        new KeyPolicy(true, null, false).Check(true, null, Now).Error!.Kind.Should().Be(ErrorKind.Policy);

    [Fact]
    public void KeyPolicy_MaxLifetime_RejectsTooLateExpiry()
    {
        var policy = new KeyPolicy(false, 30, false);
        policy.Check(true, Now.AddDays(30), Now).IsSuccess.Should().BeTrue();
        policy.Check(true, Now.AddDays(31), Now).Error!.Code.Should().Be("policy_max_lifetime_days");
    }

    [Fact]
    public void App_RejectsNonReverseDnsIds()
    {
        App.IsValidAppId("com.demo.app").Should().BeTrue();
        App.IsValidAppId("demo").Should().BeFalse();
        App.IsValidAppId("com..demo").Should().BeFalse();
        App.IsValidAppId("com.demo app").Should().BeFalse();
    }

    [Fact]
    public void Member_ForgetApp_DropsItsBindings()
    {
        var member = Member.Create(Org.Id, "user-2", null, [new AppRoleBinding("com.demo.app", "app_reader")], Now);
        member.ForgetApp("com.demo.app", Now).Should().BeTrue();
        member.AppRoles.Should().BeEmpty();
        member.ToAccess().HasAppPermission("com.demo.app", Permission.AppRead).Should().BeFalse();
    }

    [Fact]
    public void TypedIds_RoundTripAndRejectForeignPrefixes()
    {
        var id = ApiKeyId.New();
        ApiKeyId.TryParse(id.ToString(), out var parsed).Should().BeTrue();
        parsed.Should().Be(id);
        ApiKeyId.TryParse(OrganizationId.New().ToString(), out _).Should().BeFalse();
        ApiKeyId.TryParse("key_" + new string('G', 32), out _).Should().BeFalse();
        ApiKeyId.TryParse(id.ToString().ToUpperInvariant(), out _).Should().BeFalse();
    }
}
