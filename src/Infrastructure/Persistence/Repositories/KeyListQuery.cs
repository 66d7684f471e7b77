using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.Persistence.Configurations;
using ApiKeys.Infrastructure.Persistence.KeyIndex;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Infrastructure.Persistence.Repositories;

/// <summary>
/// One keyset page of an organization's keys (docs/api.md §4): the filters as indexed predicates (the app and meta
/// filters through their index rows), each sort on its own index, and the page starting strictly after the cursor's
/// (value, id) so a key inserted meanwhile is neither skipped nor repeated.
/// </summary>
internal sealed class KeyListQuery(AppDbContext db, OrganizationId organizationId, ApiKeyFilter filter)
{
    public async Task<Page<ApiKey>> PageAsync(KeyListCursor? after, int limit, CancellationToken cancellationToken)
    {
        var keys = Filtered();
        List<ApiKey> rows;
        if (WalksSearchRows)
        {
            rows = await NewestMatching(Filtered(db.ApiKeys.AsNoTracking(), searchAsSubquery: false), after).Take(limit + 1).ToListAsync(cancellationToken);
        }
        else if (filter.Sort == KeyListSort.LastUsedAt)
        {
            // Used keys newest first, then the never-used ones: two index ranges, as NULLs sort differently by provider.
            rows = after is { Ticks: null } ? [] : await UsedAfter(keys, after).Take(limit + 1).ToListAsync(cancellationToken);
            if (rows.Count <= limit)
            {
                rows.AddRange(await NeverUsedAfter(keys, after is { Ticks: null } ? after.Id : null).Take(limit + 1 - rows.Count).ToListAsync(cancellationToken));
            }
        }
        else
        {
            rows = await Sorted(keys, after).Take(limit + 1).ToListAsync(cancellationToken);
        }

        if (rows.Count <= limit)
        {
            return new Page<ApiKey>(rows, null);
        }

        rows.RemoveAt(limit);
        return new Page<ApiKey>(rows, KeyListCursor.After(filter.Sort, rows[^1]).Encode());
    }

    /// <summary>The first <paramref name="max"/> selected keys, newest first, tracked for changes.</summary>
    public async Task<IReadOnlyList<ApiKey>> TrackedAsync(int max, CancellationToken cancellationToken) =>
        await Filtered(db.ApiKeys).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).Take(max).ToListAsync(cancellationToken);

    private const string LikeEscape = "\\";

    /// <summary>The search text matched literally: LIKE's wildcards and its escape character are escaped.</summary>
    private static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);

    /// <summary>
    /// A search in the default order, outside PostgreSQL (whose trigram indexes find the matching rows): the narrow
    /// search rows are walked newest first on their covering index and the walk stops at a full page. Driven from the
    /// keys' own index instead, every wide row newer than the page was read, and every search row before the first.
    /// </summary>
    private bool WalksSearchRows => filter.Search is not null && filter.Sort == KeyListSort.CreatedAt && db is not PostgresAppDbContext;

    private IQueryable<ApiKey> Filtered() => Filtered(db.ApiKeys.AsNoTracking());

    private IQueryable<ApiKey> Filtered(IQueryable<ApiKey> keys, bool searchAsSubquery = true)
    {
        keys = keys.Where(k => k.OrganizationId == organizationId);
        if (filter.Kind is { } kind)
        {
            keys = keys.Where(k => k.Kind == kind);
        }

        var now = filter.Now;
        keys = filter.State switch
        {
            KeyState.Revoked => keys.Where(k => k.RevokedAt != null),
            KeyState.Expired => keys.Where(k => k.RevokedAt == null && k.ExpiresAt != null && k.ExpiresAt <= now),
            KeyState.Disabled => keys.Where(k => k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now) && !k.Enabled),
            KeyState.Active => keys.Where(k => k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now) && k.Enabled),
            _ when !filter.IncludeRevoked => keys.Where(k => k.RevokedAt == null),
            _ => keys,
        };

        if (searchAsSubquery && filter.Search is not null)
        {
            var matching = MatchingTexts().Select(t => t.ApiKeyId);
            keys = keys.Where(k => matching.Contains(k.Id));
        }

        if (filter.AppId is { } appId)
        {
            keys = keys.Where(k => db.ApiKeyAppLinks.Any(l => l.OrganizationId == organizationId && l.AppId == appId && l.ApiKeyId == k.Id));
        }

        if (filter.OrgRole is { } orgRole)
        {
            keys = orgRole == ApiKeyFilter.NoOrgRole
                ? keys.Where(k => k.Kind == ApiKeyKind.Rbac && EF.Property<string?>(k, ApiKeyColumns.OrgRole) == null)
                : keys.Where(k => EF.Property<string?>(k, ApiKeyColumns.OrgRole) == orgRole);
        }

        if (filter.CreatedBy is { } creator)
        {
            keys = keys.Where(k => k.CreatedByUserId == creator || k.CreatedByKeyId == creator);
        }

        if (filter.ExpiresBefore is { } before)
        {
            keys = keys.Where(k => k.ExpiresAt != null && k.ExpiresAt < before);
        }

        foreach (var (field, value) in filter.Meta)
        {
            keys = keys.Where(k => db.ApiKeyMetaFields.Any(m => m.OrganizationId == organizationId && m.Field == field && m.Value == value && m.ApiKeyId == k.Id));
        }

        return keys;
    }

    /// <summary>The organization's search rows whose name contains the search text or whose prefix starts with it.</summary>
    private IQueryable<ApiKeySearchText> MatchingTexts()
    {
        var lower = ApiKeySearchText.Lowered(filter.Search!);
        var texts = db.ApiKeySearchTexts.Where(t => t.OrganizationId == organizationId);
        if (db is PostgresAppDbContext)
        {
            // LIKE, which PostgreSQL answers from the trigram indexes on these columns (migration SearchText); it
            // would not use them for the strpos() that Contains becomes.
            var escaped = EscapeLike(lower);
            var (anywhere, leading) = ($"%{escaped}%", $"{escaped}%");
            return texts.Where(t => EF.Functions.Like(t.Name, anywhere, LikeEscape) || EF.Functions.Like(t.Prefix, leading, LikeEscape));
        }

        // instr() is literal and faster than LIKE with an escape; the narrow rows are quick to scan.
        return texts.Where(t => t.Name.Contains(lower) || t.Prefix.StartsWith(lower));
    }

    /// <summary>The filtered keys whose search rows match, newest first by the search rows' copy of the creation time.</summary>
    private IQueryable<ApiKey> NewestMatching(IQueryable<ApiKey> keys, KeyListCursor? after)
    {
        var texts = MatchingTexts();
        if (after is { Ticks: { } ticks })
        {
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            var id = after.Id;
            texts = texts.Where(t => t.CreatedAt < at || (t.CreatedAt == at && t.ApiKeyId < id));
        }

        return from t in texts
               join k in keys on t.ApiKeyId equals k.Id
               orderby t.CreatedAt descending, t.ApiKeyId descending
               select k;
    }

    private IQueryable<ApiKey> Sorted(IQueryable<ApiKey> keys, KeyListCursor? after)
    {
        if (filter.Sort == KeyListSort.Name)
        {
            if (after is { Name: { } name })
            {
                var id = after.Id;
                keys = keys.Where(k => string.Compare(k.Name, name) > 0 || (k.Name == name && k.Id > id));
            }

            return keys.OrderBy(k => k.Name).ThenBy(k => k.Id);
        }

        if (after is { Ticks: { } ticks })
        {
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            var id = after.Id;
            keys = keys.Where(k => k.CreatedAt < at || (k.CreatedAt == at && k.Id < id));
        }

        return keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id);
    }

    private static IQueryable<ApiKey> UsedAfter(IQueryable<ApiKey> keys, KeyListCursor? after)
    {
        keys = keys.Where(k => k.LastUsedAt != null);
        if (after is { Ticks: { } ticks })
        {
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            var id = after.Id;
            keys = keys.Where(k => k.LastUsedAt < at || (k.LastUsedAt == at && k.Id < id));
        }

        return keys.OrderByDescending(k => k.LastUsedAt).ThenByDescending(k => k.Id);
    }

    private static IQueryable<ApiKey> NeverUsedAfter(IQueryable<ApiKey> keys, ApiKeyId? after)
    {
        keys = keys.Where(k => k.LastUsedAt == null);
        if (after is { } id)
        {
            keys = keys.Where(k => k.Id < id);
        }

        return keys.OrderByDescending(k => k.Id);
    }
}
