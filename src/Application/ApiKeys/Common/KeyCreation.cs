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

    /// <summary>A key to add whose secret is given: created here or imported.</summary>
    public sealed record NewKey(IssuedSecret Secret, Build Build, UsageInput? Usage);

    /// <summary>Builds, governs, holds, adds and events a key whose secret is given: created here or imported.</summary>
    public async Task<Result<ApiKey>> AddAsync(IssuedSecret secret, Build build, UsageInput? usage, CancellationToken cancellationToken) =>
        (await AddAllAsync([new NewKey(secret, build, usage)], cancellationToken))[0];

    /// <summary>
    /// <see cref="AddAsync"/> for many keys of one request (an import): what they depend on is held once for all of
    /// them, so the cost per key does not grow with their number. Each key succeeds or fails alone.
    /// </summary>
    public async Task<Result<ApiKey>[]> AddAllAsync(IReadOnlyList<NewKey> newKeys, CancellationToken cancellationToken)
    {
        var results = new Result<ApiKey>[newKeys.Count];
        var built = new List<(int Index, ApiKey Key)>(newKeys.Count);
        for (var i = 0; i < newKeys.Count; i++)
        {
            var (secret, build, usage) = newKeys[i];
            var created = build(secret, caller.Actor, time.Now());
            if (!created.IsSuccess)
            {
                results[i] = created.Error!;
                continue;
            }

            if (usage is { IsEmpty: false })
            {
                created.Value.Govern(usage.ToPolicy(time.Now()), time.Now());
            }

            built.Add((i, created.Value));
        }

        // Last, so the locks are held for as short a time as possible: the apps they name and their creator's power must still be there.
        var refusals = await dependencies.HoldForCreationAsync([.. built.Select(b => b.Key)], cancellationToken);
        for (var j = 0; j < built.Count; j++)
        {
            var (index, key) = built[j];
            if (refusals[j] is { } refused)
            {
                results[index] = refused;
                continue;
            }

            keys.Add(key);
            await events.KeyEventAsync(WebhookEvents.ApiKeyCreated, key, cancellationToken);
            results[index] = key;
        }

        return results;
    }
}
