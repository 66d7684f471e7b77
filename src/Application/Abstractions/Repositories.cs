using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Abstractions;

/// <summary>Loads and adds API keys; changes are saved by <see cref="IUnitOfWork"/>.</summary>
public interface IApiKeyRepository
{
    Task<ApiKey?> FindAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken);

    /// <summary>The key whose current prefix, or previous prefix in a grace period, is <paramref name="keyPrefix"/>.</summary>
    Task<ApiKey?> FindByPrefixAsync(string keyPrefix, CancellationToken cancellationToken);

    Task<bool> PrefixExistsAsync(string keyPrefix, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="keyPrefixes"/> a key holds, as its current or previous prefix (one read).</summary>
    Task<IReadOnlyList<string>> ExistingPrefixesAsync(IReadOnlyCollection<string> keyPrefixes, CancellationToken cancellationToken);

    /// <summary>One page of the keys <paramref name="filter"/> selects, in its sort, starting after <paramref name="after"/>.</summary>
    Task<Page<ApiKey>> ListAsync(OrganizationId organizationId, ApiKeyFilter filter, KeyListCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="max"/> keys <paramref name="filter"/> selects, tracked for changes (a bulk revoke).</summary>
    Task<IReadOnlyList<ApiKey>> ListForChangeAsync(OrganizationId organizationId, ApiKeyFilter filter, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The unrevoked keys limited to the app (through its index rows): its project keys and legacy keys limited to it,
    /// tracked for changes (deleting the app revokes or narrows them). The other keys naming it only hold roles on it:
    /// see <see cref="RemoveAppRolesAsync"/>.
    /// </summary>
    Task<IReadOnlyList<ApiKey>> ListLimitedToAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken);

    /// <summary>
    /// Deleting the app, in bulk: every unrevoked RBAC key holding a role on it that is not its project key loses
    /// those roles (<see cref="RbacGrant.RolesWithoutApp"/>, nothing else changes), with its index and change-feed
    /// rows, in a few set-based statements in the request's transaction, whatever the number of keys.
    /// </summary>
    /// <returns>The keys changed, or <see langword="null"/> when one of them changed meanwhile (the request must fail).</returns>
    Task<IReadOnlyList<ApiKeyId>?> RemoveAppRolesAsync(OrganizationId organizationId, string appId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Saves keys the domain revoked in memory (untracked copies, from <see cref="ListCreatedByAsync"/>): their
    /// revocation, in a few set-based statements with their change-feed rows, in the request's transaction.
    /// </summary>
    /// <returns><see langword="false"/> when one of them was revoked or removed meanwhile (the request must fail).</returns>
    Task<bool> SaveRevokedAsync(OrganizationId organizationId, IReadOnlyList<ApiKey> revoked, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The keys, untracked, in no particular order (to describe keys changed in bulk).</summary>
    Task<IReadOnlyList<ApiKey>> ListByIdsAsync(OrganizationId organizationId, IReadOnlyCollection<ApiKeyId> ids, CancellationToken cancellationToken);

    /// <summary>
    /// The unrevoked keys created by any of these users or keys (ids as stored), untracked: removing or lowering a
    /// member revokes them through <see cref="SaveRevokedAsync"/>.
    /// </summary>
    Task<IReadOnlyList<ApiKey>> ListCreatedByAsync(OrganizationId organizationId, IReadOnlyCollection<string> userIds, IReadOnlyCollection<string> keyIds, CancellationToken cancellationToken);

    /// <summary>The organization's active keys that hold <c>org_owner</c> unnarrowed (<see cref="ApiKey.IsOwner"/>).</summary>
    Task<int> CountOwnerKeysAsync(OrganizationId organizationId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether the key is there and not revoked, read from the database (not from a tracked copy).</summary>
    Task<bool> IsUnrevokedAsync(OrganizationId organizationId, ApiKeyId id, CancellationToken cancellationToken);

    void Add(ApiKey apiKey);

    /// <summary>
    /// Stores <paramref name="digest"/> beside the hash of the token with <paramref name="keyPrefix"/> (current or
    /// previous secret) in one update, unless the key was revoked, that token is no longer its, or the same digest is
    /// already there. The key's version is untouched: no concurrent change conflicts with it.
    /// </summary>
    /// <returns>Whether a row was written.</returns>
    Task<bool> RecordDigestAsync(ApiKeyId id, string keyPrefix, bool previous, string digest, CancellationToken cancellationToken);
}

public interface IOrganizationRepository
{
    Task<Organization?> FindAsync(OrganizationId id, CancellationToken cancellationToken);

    Task<bool> AnyAsync(CancellationToken cancellationToken);

    void Add(Organization organization);
}

public interface IAppRepository
{
    Task<App?> FindAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken);

    Task<Page<App>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>All app ids of the organization (to filter what a caller may see, and to check role bindings).</summary>
    Task<IReadOnlyList<string>> ListIdsAsync(OrganizationId organizationId, CancellationToken cancellationToken);

    void Add(App app);

    void Remove(App app);
}

public interface IMemberRepository
{
    Task<Member?> FindAsync(OrganizationId organizationId, string userId, CancellationToken cancellationToken);

    Task<Page<Member>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken);

    Task<IReadOnlyList<Member>> ListByAppAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Member>> ListForUserAsync(string userId, CancellationToken cancellationToken);

    Task<int> CountOwnersAsync(OrganizationId organizationId, CancellationToken cancellationToken);

    void Add(Member member);

    void Remove(Member member);
}

public interface IAuditEventRepository
{
    Task<Page<AuditEvent>> ListAsync(OrganizationId organizationId, AuditEventFilter filter, PageRequest page, CancellationToken cancellationToken);

    void Add(AuditEvent auditEvent);
}

public sealed record AuditEventFilter(string? Action, string? ApiKeyId);

/// <summary>Saves every change of a request in one transaction.</summary>
public interface IUnitOfWork
{
    /// <returns>A conflict error when another request changed the same aggregate first (optimistic concurrency).</returns>
    Task<Result> SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>Ends the request's transaction, if it opened one (<see cref="IRowLocks"/>), without saving.</summary>
    Task DiscardAsync();
}

/// <summary>
/// Which apps an organization has, for app-scoped checks on the hot path (verify): answered from memory and
/// refreshed at least once a second, at once on the node that created or deleted the app.
/// </summary>
public interface IAppDirectory
{
    ValueTask<bool> ExistsAsync(OrganizationId organizationId, string appId, CancellationToken cancellationToken);
}

/// <summary>Webhook endpoints and their deliveries (the outbox); changes are saved by <see cref="IUnitOfWork"/>.</summary>
public interface IWebhookRepository
{
    Task<Domain.Webhooks.WebhookEndpoint?> FindAsync(OrganizationId organizationId, WebhookId id, CancellationToken cancellationToken);

    Task<Page<Domain.Webhooks.WebhookEndpoint>> ListAsync(OrganizationId organizationId, PageRequest page, CancellationToken cancellationToken);

    Task<int> CountAsync(OrganizationId organizationId, CancellationToken cancellationToken);

    /// <summary>The organization's endpoints that subscribe to <paramref name="eventType"/>.</summary>
    Task<IReadOnlyList<Domain.Webhooks.WebhookEndpoint>> ListSubscribedAsync(OrganizationId organizationId, string eventType, CancellationToken cancellationToken);

    Task<Page<Domain.Webhooks.WebhookDelivery>> ListDeliveriesAsync(WebhookId webhookId, PageRequest page, CancellationToken cancellationToken);

    void Add(Domain.Webhooks.WebhookEndpoint endpoint);

    /// <summary>Removes the endpoint and its deliveries, delivered or not.</summary>
    void Remove(Domain.Webhooks.WebhookEndpoint endpoint);

    void AddDelivery(Domain.Webhooks.WebhookDelivery delivery);
}

/// <summary>The expiry events already raised (<see cref="Domain.Webhooks.ExpiryNotice"/>), and the keys that may need one.</summary>
public interface IExpiryNoticeRepository
{
    /// <summary>Unrevoked keys expiring before <paramref name="horizon"/> with no notice yet for their current threshold, oldest expiry first.</summary>
    Task<IReadOnlyList<ApiKey>> ListDueAsync(DateTimeOffset now, DateTimeOffset horizon, int limit, CancellationToken cancellationToken);

    void Add(Domain.Webhooks.ExpiryNotice notice);
}

public interface ICreditNoticeRepository
{
    void Add(Domain.Webhooks.CreditNotice notice);
}

/// <summary>Whether a webhook URL may be delivered to: https, and no loopback, link-local or private address unless allowed (no SSRF).</summary>
public interface IWebhookUrlPolicy
{
    /// <returns>Why the URL is refused, or <see langword="null"/>.</returns>
    Task<string?> RefuseAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>Draws new webhook signing secrets (<c>whsec_…</c>, Standard Webhooks).</summary>
public interface IWebhookSecretGenerator
{
    string NewSecret();
}
