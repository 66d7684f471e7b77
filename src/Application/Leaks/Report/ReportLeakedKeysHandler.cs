using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Events;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Leaks.Report;

internal sealed class ReportLeakedKeysHandler(
    ApiKeyAuthenticator authenticator,
    IOrganizationRepository organizations,
    AuditTrail audit,
    EventOutbox events,
    TimeProvider time)
    : ICommandHandler<ReportLeakedKeysCommand, Result<IReadOnlyList<LeakVerdict>>>
{
    public async ValueTask<Result<IReadOnlyList<LeakVerdict>>> Handle(ReportLeakedKeysCommand command, CancellationToken cancellationToken)
    {
        var verdicts = new List<LeakVerdict>(command.Reports.Count);
        foreach (var report in command.Reports)
        {
            verdicts.Add(new LeakVerdict(await HandleOneAsync(report, command.Source, cancellationToken)));
        }

        return verdicts;
    }

    private async Task<bool> HandleOneAsync(LeakReport report, string source, CancellationToken cancellationToken)
    {
        // The checksum rejects a mistyped or made-up token without I/O; a well-formed one is checked like a login.
        if (!ApiKeyToken.TryRead(report.Token, out var token))
        {
            return false;
        }

        var now = time.Now();
        if (await authenticator.MatchAsync(token, cancellationToken) is not { } key)
        {
            return false;
        }

        if (!key.IsActive(now))
        {
            return true;
        }

        // A previous secret in its grace period: that grace ends, the key and its current secret keep working (§10).
        if (key.IsPreviousSecret(token.KeyPrefix))
        {
            audit.Record(key.OrganizationId, AuditActions.ApiKeyLeaked, key.Id.ToString(), target: source + " previous secret" + (report.Url is null ? string.Empty : " " + report.Url), actor: Actor.System);
            key.EndGracePeriod(now);
            await events.KeyLeakedAsync(key, LeakedSecret.Previous, cancellationToken);
            return true;
        }

        // A leaked key is revoked even if it is the organization's last owner: whoever found it holds that power too.
        var organization = await organizations.FindAsync(key.OrganizationId, cancellationToken);
        var revoke = organization?.KeyPolicy.RevokeLeakedKeys ?? true;
        audit.Record(key.OrganizationId, AuditActions.ApiKeyLeaked, key.Id.ToString(), target: source + (report.Url is null ? string.Empty : " " + report.Url), actor: Actor.System);
        if (revoke && key.Revoke(now).IsSuccess)
        {
            audit.Record(key.OrganizationId, AuditActions.ApiKeyRevoked, key.Id.ToString(), target: source, actor: Actor.System);
        }

        await events.KeyLeakedAsync(key, LeakedSecret.Current, cancellationToken);
        if (key.IsRevoked)
        {
            await events.KeyEventAsync(WebhookEvents.ApiKeyRevoked, key, cancellationToken);
        }

        return true;
    }
}
