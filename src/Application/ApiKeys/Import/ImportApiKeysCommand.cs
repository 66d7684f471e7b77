using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Import;

/// <summary>
/// Brings keys from another system in without rotating them (docs/api.md §4): each keeps its token, given by its
/// SHA-256 or its plaintext. An entry that fails (bad input, a duplicate, a role the caller may not grant) fails
/// alone; the others are imported.
/// </summary>
public sealed record ImportApiKeysCommand(OrganizationId OrganizationId, IReadOnlyList<ImportedKeyInput>? Keys) : ICommand<Result<ImportApiKeysResponse>>, IRequirePermission
{
    public const int MaxKeys = 1000;

    public string RequiredPermission => Permission.ApiKeyManage;
}

/// <summary>One key to import: its token as <see cref="Hash"/> or <see cref="Plaintext"/>, and what a created RBAC key takes.</summary>
public sealed record ImportedKeyInput(
    string? Name,
    TokenHashInput? Hash,
    string? Plaintext,
    string? OrgRole,
    IReadOnlyList<AppRoleInput>? AppRoles,
    IReadOnlyList<string>? Scopes,
    DateTimeOffset? ExpiresAt,
    UsageInput? Usage)
{
    // The plaintext is a secret: never part of a log line or an error.
    public override string ToString() => $"ImportedKeyInput {{ Name = {Name} }}";
}

/// <summary><c>{algorithm: "sha256", value}</c>: <c>value</c> is the base64 of the 32 bytes of the token's SHA-256.</summary>
public sealed record TokenHashInput(string? Algorithm, string? Value);

/// <summary><c>201 {imported: [{index, api_key}], failed: [{index, error, code}]}</c>, <c>index</c> into <c>keys</c>.</summary>
public sealed record ImportApiKeysResponse(IReadOnlyList<ImportedApiKey> Imported, IReadOnlyList<FailedImport> Failed);

public sealed record ImportedApiKey(int Index, ApiKeyResponse ApiKey);

public sealed record FailedImport(int Index, string Error, string Code);
