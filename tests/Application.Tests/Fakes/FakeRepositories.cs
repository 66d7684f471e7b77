using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using ApiKeys.Domain.Webhooks;

namespace ApiKeys.Application.Tests.Fakes;

public sealed class FakeApiKeyRepository(InMemoryStore store, PendingChanges pending) : IApiKeyRepository
{
    public Task<ApiKey?> FindAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken) =>
        Task.FromResult(store.Keys.FirstOrDefault(k => k.Id == id && k.OrganizationId == organizationId));

    public Task<ApiKey?> FindByPrefixAsync(string keyPrefix, CancellationToken cancellationToken) =>
        Task.FromResult(store.Keys.FirstOrDefault(k => k.Secret.KeyPrefix == keyPrefix || k.Secret.PreviousKeyPrefix == keyPrefix));

    public Task<bool> PrefixExistsAsync(string keyPrefix, CancellationToken cancellationToken) =>
        Task.FromResult(store.Keys.Any(k => k.Secret.KeyPrefix == keyPrefix || k.Secret.PreviousKeyPrefix == keyPrefix));

    public Task<IReadOnlyList<string>> ExistingPrefixesAsync(IReadOnlyCollection<string> keyPrefixes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. store.Keys.SelectMany(k => new[] { k.Secret.KeyPrefix, k.Secret.PreviousKeyPrefix }).OfType<string>().Where(keyPrefixes.Contains)]);

    public Task<Page<ApiKey>> ListAsync(OrganizationId organizationId, ApiKeyFilter filter, KeyListCursor? after, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Lists are read by the persistence tests.");

    public Task<IReadOnlyList<ApiKey>> ListForChangeAsync(OrganizationId organizationId, ApiKeyFilter filter, int max, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Filtered reads are tested against the databases.");

    public Task<IReadOnlyList<ApiKey>> ListLimitedToAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiKey>>([.. NamingApp(organizationId, appId).Where(k => !OnlyHoldsRolesOn(k, appId))]);

    // In memory the domain's own ForgetApp is the bulk change: for these keys it only drops the roles.
    public Task<IReadOnlyList<ApiKeyId>?> RemoveAppRolesAsync(OrganizationId organizationId, string appId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bound = NamingApp(organizationId, appId).Where(k => OnlyHoldsRolesOn(k, appId)).ToList();
        bound.ForEach(k => k.ForgetApp(appId, now));
        return Task.FromResult<IReadOnlyList<ApiKeyId>?>([.. bound.Select(k => k.Id)]);
    }

    // The fakes hand out the stored keys themselves: the domain's in-memory revoke is already the saved one.
    public Task<bool> SaveRevokedAsync(OrganizationId organizationId, IReadOnlyList<ApiKey> revoked, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task<IReadOnlyList<ApiKey>> ListByIdsAsync(OrganizationId organizationId, IReadOnlyCollection<ApiKeyId> ids, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiKey>>([.. store.Keys.Where(k => k.OrganizationId == organizationId && ids.Contains(k.Id))]);

    public Task<IReadOnlyList<ApiKey>> ListCreatedByAsync(OrganizationId organizationId, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> keyIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiKey>>([.. store.Keys.Where(k => k.OrganizationId == organizationId && !k.IsRevoked
            && ((k.CreatedByUserId is { } user && userIds.Contains(user)) || (k.CreatedByKeyId is { } creator && keyIds.Contains(creator))))]);

    public Task<int> CountOwnerKeysAsync(OrganizationId organizationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(store.Keys.Count(k => k.OrganizationId == organizationId && k.IsOwner(now)));

    public Task<bool> IsUnrevokedAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken) =>
        Task.FromResult(store.Keys.Any(k => k.Id == id && k.OrganizationId == organizationId && !k.IsRevoked));

    public void Add(ApiKey apiKey) => pending.Stage(() => store.Keys.Add(apiKey));

    private IEnumerable<ApiKey> NamingApp(OrganizationId organizationId, string appId) =>
        store.Keys.Where(k => k.OrganizationId == organizationId && !k.IsRevoked && k.Grant.AppIds.Contains(appId));

    private static bool OnlyHoldsRolesOn(ApiKey key, string appId) => key.Grant is RbacGrant { } rbac && rbac.ProjectId != appId;

    // The fakes hold no digest key (NoTokenDigester): nothing is ever recorded.
    public Task<bool> RecordDigestAsync(ApiKeyId id, string keyPrefix, bool previous, string digest, CancellationToken cancellationToken) =>
        Task.FromResult(false);
}

public sealed class FakeOrganizationRepository(InMemoryStore store, PendingChanges pending) : IOrganizationRepository
{
    public Task<Organization?> FindAsync(OrganizationId id, CancellationToken cancellationToken) =>
        Task.FromResult(store.Organizations.FirstOrDefault(o => o.Id == id));

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => Task.FromResult(store.Organizations.Count > 0);

    public void Add(Organization organization) => pending.Stage(() => store.Organizations.Add(organization));
}

public sealed class FakeAppRepository(InMemoryStore store, PendingChanges pending) : IAppRepository
{
    public Task<App?> FindAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        Task.FromResult(store.Apps.FirstOrDefault(a => a.OrganizationId == organizationId && a.AppId == appId));

    public Task<Page<App>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Lists are read by the persistence tests.");

    public Task<IReadOnlyList<string>> ListIdsAsync(OrganizationId organizationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. store.Apps.Where(a => a.OrganizationId == organizationId).Select(a => a.AppId)]);

    public void Add(App app) => pending.Stage(() => store.Apps.Add(app));

    public void Remove(App app) => pending.Stage(() => store.Apps.Remove(app));
}

public sealed class FakeMemberRepository(InMemoryStore store, PendingChanges pending) : IMemberRepository
{
    public Task<Member?> FindAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(store.Members.FirstOrDefault(m => m.OrganizationId == organizationId && m.UserId == userId));

    public Task<Page<Member>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Lists are read by the persistence tests.");

    public Task<IReadOnlyList<Member>> ListByAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Member>>([.. store.Members.Where(m => m.OrganizationId == organizationId && m.AppRoles.Any(b => b.AppId == appId))]);

    public Task<IReadOnlyList<Member>> ListForUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Member>>([.. store.Members.Where(m => m.UserId == userId)]);

    public Task<int> CountOwnersAsync(OrganizationId organizationId, CancellationToken cancellationToken) =>
        Task.FromResult(store.Members.Count(m => m.OrganizationId == organizationId && m.IsOwner));

    public void Add(Member member) => pending.Stage(() => store.Members.Add(member));

    public void Remove(Member member) => pending.Stage(() => store.Members.Remove(member));
}

public sealed class FakeAuditEventRepository(InMemoryStore store, PendingChanges pending) : IAuditEventRepository
{
    public Task<Page<AuditEvent>> ListAsync(OrganizationId organizationId, AuditEventFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Lists are read by the persistence tests.");

    public void Add(AuditEvent auditEvent) => pending.Stage(() => store.AuditEvents.Add(auditEvent));
}

/// <summary>No endpoint subscribes: events are raised into nothing (the outbox has its own tests).</summary>
public sealed class NoWebhooks : IWebhookRepository
{
    public Task<WebhookEndpoint?> FindAsync(OrganizationId organizationId, WebhookId id, CancellationToken cancellationToken) => Task.FromResult<WebhookEndpoint?>(null);

    public Task<Page<WebhookEndpoint>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> CountAsync(OrganizationId organizationId, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<IReadOnlyList<WebhookEndpoint>> ListSubscribedAsync(OrganizationId organizationId, string eventType, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WebhookEndpoint>>([]);

    public Task<Page<WebhookDelivery>> ListDeliveriesAsync(WebhookId webhookId, PageRequest page, CancellationToken cancellationToken) => throw new NotSupportedException();

    public void Add(WebhookEndpoint endpoint) => throw new NotSupportedException();

    public void Remove(WebhookEndpoint endpoint) => throw new NotSupportedException();

    public void AddDelivery(WebhookDelivery delivery) => throw new NotSupportedException("No endpoint subscribes in these tests.");
}

/// <summary>Applies the request's staged changes; <see cref="FailNextSave"/> answers as a lost optimistic-concurrency race would.</summary>
public sealed class FakeUnitOfWork(InMemoryStore store, PendingChanges pending, SaveFailures failures) : IUnitOfWork
{
    public Task<Result> SaveChangesAsync(CancellationToken cancellationToken)
    {
        store.SaveAttempts++;
        if (failures.TakeNext() is { } error)
        {
            return Task.FromResult(Result.Failure(error));
        }

        pending.Apply();
        store.Saves++;
        return Task.FromResult(Result.Success);
    }

    public Task DiscardAsync() => Task.CompletedTask;
}

/// <summary>One request at a time runs here: a lock only says whether the row is there.</summary>
public sealed class FakeRowLocks(InMemoryStore store) : IRowLocks
{
    public Task LockMemberAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> ShareMemberAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(store.Members.Any(m => m.OrganizationId == organizationId && m.UserId == userId));

    public Task LockAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> ShareAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        Task.FromResult(store.Apps.Any(a => a.OrganizationId == organizationId && a.AppId == appId));
}

public sealed class SaveFailures
{
    private Error? _next;

    public void FailNextSave(Error error) => _next = error;

    public Error? TakeNext()
    {
        var next = _next;
        _next = null;
        return next;
    }
}

/// <summary>The organizations' app ids, read from the store at each call.</summary>
public sealed class FakeAppDirectory(InMemoryStore store) : IAppDirectory
{
    public ValueTask<bool> ExistsAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(store.Apps.Any(a => a.OrganizationId == organizationId && a.AppId == appId));
}

/// <summary>Keys here have no rate limits or credits (those have their own tests on the real limiters and ledger).</summary>
public sealed class NoKeyGovernance : IKeyRateLimiter, ICreditLedger
{
    public ValueTask<RateLimitVerdict> TakeAsync(ApiKeyId key, IReadOnlyList<Domain.ApiKeys.Governance.RateLimit> limits, long cost, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No key in these tests has rate limits.");

    public Task<CreditTake> TakeAsync(ApiKeyId keyId, long cost, Domain.ApiKeys.Governance.Credits credits, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No key in these tests has credits.");
}
