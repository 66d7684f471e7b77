using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;

namespace ApiKeys.Application.Members.Common;

/// <summary>What removing a member takes with it.</summary>
internal static class MemberRules
{
    /// <summary>
    /// The keys a removed member leaves behind: those the member created and, transitively, those created by
    /// them, so power handed down through a chain of keys goes with the member too.
    /// </summary>
    public static IReadOnlyList<ApiKey> KeysCreatedBy(string userId, IReadOnlyList<ApiKey> unrevoked)
    {
        var found = unrevoked.Where(k => k.CreatedByUserId == userId).ToList();
        var frontier = found.Select(k => k.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        while (frontier.Count > 0)
        {
            var next = unrevoked.Where(k => k.CreatedByKeyId is { } creator && frontier.Contains(creator) && !found.Contains(k)).ToList();
            found.AddRange(next);
            frontier = next.Select(k => k.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        }

        return found;
    }
}
