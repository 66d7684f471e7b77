using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Members.Remove;
using ApiKeys.Application.Members.Set;
using ApiKeys.Application.Tests.Fakes;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Tests.Members;

public sealed class MemberTests : IAsyncDisposable
{
    private readonly ApplicationHarness _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task SetRoles_ANewUser_BecomesAMember_AndItIsAudited()
    {
        var org = _app.Organization();
        _app.App(org, "com.demo.app");
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(new SetMemberRolesCommand(org.Id, "bob", "member", [new AppRoleInput("com.demo.app", "uploader")]), ApplicationHarness.AsKey(owner));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
        var bob = _app.Store.Members.Should().ContainSingle(m => m.UserId == "bob").Subject;
        bob.OrgRole.Should().Be("org_member");
        bob.AppRoles.Should().Equal(new AppRoleBinding("com.demo.app", "app_uploader"));
        _app.Store.AuditEvents.Should().ContainSingle().Which.Target.Should().Be("bob");
    }

    [Fact]
    public async Task SetRoles_ARoleAboveTheCaller_IsRoleEscalation_AndNoMemberIsAdded()
    {
        var org = _app.Organization();
        var admin = _app.RbacKey(org, Roles.OrgAdmin);

        var result = await _app.SendAsync(new SetMemberRolesCommand(org.Id, "bob", "owner", null), ApplicationHarness.AsKey(admin));

        result.Error!.Code.Should().Be("role_escalation");
        _app.Store.Members.Should().BeEmpty();
        _app.Store.AuditActions.Should().Equal("member.roles_set.denied");
    }

    [Fact]
    public async Task SetRoles_DemotingAStrongerMember_IsRoleEscalation_EvenToARoleTheCallerHolds()
    {
        var org = _app.Organization();
        var admin = _app.RbacKey(org, Roles.OrgAdmin);
        var alice = _app.Member(org, "alice", Roles.OrgOwner);

        (await _app.SendAsync(new SetMemberRolesCommand(org.Id, "alice", "member", null), ApplicationHarness.AsKey(admin))).Error!.Code.Should().Be("role_escalation");
        alice.IsOwner.Should().BeTrue();
    }

    [Fact]
    public async Task SetRoles_DemotingTheLastOwner_IsLastOwner()
    {
        var org = _app.Organization();
        var alice = _app.Member(org, "alice", Roles.OrgOwner);
        var caller = Principal.User("alice");

        (await _app.SendAsync(new SetMemberRolesCommand(org.Id, "alice", "admin", null), caller)).Error.Should().Be(OrganizationErrors.LastOwner);
        alice.IsOwner.Should().BeTrue();
    }

    [Fact]
    public async Task SetRoles_AnUnknownApp_Is400()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);

        var result = await _app.SendAsync(new SetMemberRolesCommand(org.Id, "bob", "none", [new AppRoleInput("com.nowhere.app", "reader")]), ApplicationHarness.AsKey(owner));

        result.Error!.Details.Should().ContainKey("app_roles");
        _app.Store.Members.Should().BeEmpty();
    }

    [Fact]
    public async Task Remove_RevokesTheKeysTheMemberCreated_AndTheKeysThoseKeysCreated()
    {
        var org = _app.Organization();
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        _app.Member(org, "bob", Roles.OrgMember);
        var bobs = _app.RbacKey(org, Roles.OrgMember, createdBy: "bob");
        var kept = _app.RbacKey(org, Roles.OrgMember, createdBy: "carol");

        var result = await _app.SendAsync(new RemoveMemberCommand(org.Id, "bob"), ApplicationHarness.AsKey(owner));

        result.IsSuccess.Should().BeTrue(result.Error?.Message);
        _app.Store.Members.Should().NotContain(m => m.UserId == "bob");
        bobs.IsRevoked.Should().BeTrue();
        kept.IsRevoked.Should().BeFalse();
        _app.Store.AuditActions.Should().Equal("api_key.revoked", "member.removed");
    }

    [Fact]
    public async Task Remove_KeepsTheKeys_WhenThePolicySaysSo()
    {
        var org = _app.Organization(new KeyPolicy(false, null, false, KeepKeysOfRemovedMembers: true));
        var owner = _app.RbacKey(org, Roles.OrgOwner);
        _app.Member(org, "bob", Roles.OrgMember);
        var bobs = _app.RbacKey(org, Roles.OrgMember, createdBy: "bob");

        (await _app.SendAsync(new RemoveMemberCommand(org.Id, "bob"), ApplicationHarness.AsKey(owner))).IsSuccess.Should().BeTrue();

        bobs.IsRevoked.Should().BeFalse();
    }

    [Fact]
    public async Task Remove_AMemberWhoseKeysTheCallerDoesNotCover_IsRoleEscalation_AndNothingChanges()
    {
        var org = _app.Organization();
        var admin = _app.RbacKey(org, Roles.OrgAdmin);
        _app.Member(org, "bob", Roles.OrgMember);
        var strong = _app.RbacKey(org, Roles.OrgOwner, createdBy: "bob");

        (await _app.SendAsync(new RemoveMemberCommand(org.Id, "bob"), ApplicationHarness.AsKey(admin))).Error!.Code.Should().Be("role_escalation");

        strong.IsRevoked.Should().BeFalse();
        _app.Store.Members.Should().Contain(m => m.UserId == "bob");
    }
}
