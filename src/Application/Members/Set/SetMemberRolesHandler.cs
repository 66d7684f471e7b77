using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Concurrency;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Members.Common;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using Mediator;

namespace ApiKeys.Application.Members.Set;

internal sealed class SetMemberRolesHandler(
    IRowLocks locks,
    IMemberRepository members,
    MemberKeys memberKeys,
    RoleGrants grants,
    DependencyLocks dependencies,
    TargetGuard guard,
    OwnershipGuard ownership,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<SetMemberRolesCommand, Result<MemberEnvelope>>
{
    public async ValueTask<Result<MemberEnvelope>> Handle(SetMemberRolesCommand command, CancellationToken cancellationToken)
    {
        // The caller must cover the member as it is (demoting a stronger member is acting on it) and as it will be.
        var member = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (member is not null && guard.EnsureCovers(member, AuditActions.MemberRolesSet) is { } refused)
        {
            return refused;
        }

        var granted = await grants.CheckAsync(command.OrganizationId, command.OrgRole, command.AppRoles, grantee: null, AuditActions.MemberRolesSet, cancellationToken, target: command.UserId);
        if (!granted.IsSuccess)
        {
            return granted.Error!;
        }

        // What was checked above must still hold under the locks: the apps bound (404 when one was deleted meanwhile),
        // and the member as it was read (409 when another request changed or removed it meanwhile).
        var (orgRole, appRoles) = granted.Value;
        if (await dependencies.HoldAppsAsync(command.OrganizationId, appRoles.Select(b => b.AppId), cancellationToken) is { } appGone)
        {
            return appGone;
        }

        var before = RolesOf(member);
        await locks.LockMemberAsync(command.OrganizationId, command.UserId, cancellationToken);
        var current = await members.FindAsync(command.OrganizationId, command.UserId, cancellationToken);
        if (RolesOf(current) != before)
        {
            return OrganizationErrors.ConcurrentUpdate;
        }

        var now = time.Now();
        if (current is null)
        {
            current = Member.Create(command.OrganizationId, command.UserId, orgRole, appRoles, now);
            members.Add(current);
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
            return MemberMapping.ToEnvelope(current);
        }

        // Lowering the member takes back what it handed down: its keys (transitively) that its new roles do not cover.
        var leftKeys = await memberKeys.LeftBehindAsync(command.OrganizationId, current.UserId, Access.ForRoles(orgRole, appRoles), cancellationToken);
        if (guard.EnsureCoversAll(leftKeys, command.OrganizationId, AuditActions.MemberRolesSet, current.UserId) is { } refusedKeys)
        {
            return refusedKeys;
        }

        var stopsBeingOwner = current.IsOwner && orgRole != Roles.OrgOwner;
        var leaving = (stopsBeingOwner ? 1 : 0) + leftKeys.Count(k => k.IsOwner(now));
        if (await ownership.EnsureOwnerRemainsAsync(command.OrganizationId, leaving, cancellationToken) is { } lastOwner)
        {
            return lastOwner;
        }

        if (await memberKeys.RevokeAsync(command.OrganizationId, current.UserId, leftKeys, now, cancellationToken) is { } changed)
        {
            return changed;
        }

        if (current.SetRoles(orgRole, appRoles, now))
        {
            audit.Record(command.OrganizationId, AuditActions.MemberRolesSet, target: command.UserId);
        }

        return MemberMapping.ToEnvelope(current);
    }

    /// <summary>The member's roles as one comparable value (its tracked copy is read again by the lock).</summary>
    private static string? RolesOf(Member? member) =>
        member is null ? null : $"{member.OrgRole}|{string.Join(',', member.AppRoles.Select(b => $"{b.AppId}={b.Role}"))}";
}
