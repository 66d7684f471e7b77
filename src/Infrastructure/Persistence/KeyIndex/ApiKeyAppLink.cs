using ApiKeys.Domain.Common;

namespace ApiKeys.Infrastructure.Persistence.KeyIndex;

/// <summary>
/// One app a key's grant names (an app role, its project, a legacy limit), as a row indexed by app: deleting an app,
/// and the list's <c>app_id</c> filter, find the keys bound to it without reading the others. Written from the key at
/// save (<see cref="KeyIndexWriter"/>); the key's own columns stay what the grant is read from.
/// </summary>
public sealed class ApiKeyAppLink
{
    public required ApiKeyId ApiKeyId { get; init; }

    public required OrganizationId OrganizationId { get; init; }

    public required string AppId { get; init; }
}
