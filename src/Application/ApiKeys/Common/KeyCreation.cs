using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Concurrency;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Events;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Application.ApiKeys.Common;

/// <summary>
/// The last steps of creating a key of either kind: draw its secret, let the domain build the key (which checks
/// the organization's key policy), hold what it depends on (<see cref="DependencyLocks"/>), then add it, audit it, raise <c>api_key.created</c> and answer with the
/// plaintext, the one time it is shown.
/// </summary>
public sealed class KeyCreation(IApiKeyRepository keys, SecretIssuer issuer, ApiKeyPresenter presenter, AuthorizedCaller caller, DependencyLocks dependencies, EventOutbox events, AuditTrail audit, TimeProvider time)
{
    public delegate Result<ApiKey> Build(IssuedSecret secret, Actor creator, DateTimeOffset now);

    /// <param name="usage">The docs/api.md §9 fields sent with the request (both kinds take them), or <see langword="null"/>.</param>
    public async Task<Result<IssuedApiKeyResponse>> CreateAsync(bool secure, Build build, CancellationToken cancellationToken, UsageInput? usage = null)
    {
        var (token, secret) = await issuer.IssueAsync(secure, cancellationToken);
        var added = await AddAsync(secret, build, usage, cancellationToken);
        if (!added.IsSuccess)
        {
            return added.Error!;
        }

        audit.Record(added.Value.OrganizationId, AuditActions.ApiKeyCreated, added.Value.Id.ToString());
        return new IssuedApiKeyResponse(presenter.Present(added.Value), token.Reveal());
    }

    /// <summary>Builds, governs, holds, adds and events a key whose secret is given: created here or imported.</summary>
    public async Task<Result<ApiKey>> AddAsync(IssuedSecret secret, Build build, UsageInput? usage, CancellationToken cancellationToken)
    {
        var created = build(secret, caller.Actor, time.Now());
        if (!created.IsSuccess)
        {
            return created.Error!;
        }

        var key = created.Value;
        if (usage is { IsEmpty: false })
        {
            key.Govern(usage.ToPolicy(time.Now()), time.Now());
        }

        // Last, so the locks are held for as short a time as possible: the apps it names and its creator's power must still be there.
        if (await dependencies.HoldForCreationAsync(key, cancellationToken) is { } changed)
        {
            return changed;
        }

        keys.Add(key);
        await events.KeyEventAsync(WebhookEvents.ApiKeyCreated, key, cancellationToken);
        return key;
    }
}
