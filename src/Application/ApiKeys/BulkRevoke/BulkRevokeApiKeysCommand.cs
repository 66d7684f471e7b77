using System.Text.Json.Nodes;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.BulkRevoke;

/// <summary>
/// Revokes every unrevoked key the list filters select (docs/api.md §4), each under the covering rule: a key the
/// caller does not cover is left and counted as skipped. <see cref="DryRun"/> answers the same and changes nothing.
/// </summary>
/// <param name="Filter">The list filters by their query names, each a string.</param>
public sealed record BulkRevokeApiKeysCommand(OrganizationId OrganizationId, JsonObject? Filter, bool DryRun) : ICommand<Result<BulkRevokeResponse>>, IRequirePermission
{
    /// <summary>One call revokes at most this many keys (one transaction); a filter that selects more is refused.</summary>
    public const int MaxKeys = 10_000;

    public string RequiredPermission => Permission.ApiKeyManage;
}

/// <summary><c>{revoked, skipped, key_ids}</c>: with <c>dry_run</c>, what would be revoked.</summary>
public sealed record BulkRevokeResponse(int Revoked, int Skipped, IReadOnlyList<string> KeyIds);
