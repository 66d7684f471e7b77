using System.Text;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.ApiKeys.Common;

/// <summary>
/// Reads the list filters (docs/api.md §4) by their query names, from a query string or a bulk revoke's
/// <c>filter</c> object, into an <see cref="ApiKeyFilter"/>. Every bad or unknown one is named in the 400.
/// </summary>
public static class KeyFilterInput
{
    public const string MetaPrefix = "meta.";
    public const int MaxSearchLength = 100;

    /// <summary>The filters' names (besides <c>meta.&lt;field&gt;</c>), as the contract spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["search", "app_id", "org_role", "created_by", "state", "expires_before", "sort"];

    /// <param name="filters">The filters as sent, in order; a name given twice is refused.</param>
    /// <param name="fieldPrefix">Put before each name in the errors (a body's <c>filter.</c>).</param>
    public static Result<ApiKeyFilter> Parse(IReadOnlyList<KeyValuePair<string, string>> filters, ApiKeyKind? kind, bool includeRevoked, DateTimeOffset now, string fieldPrefix = "")
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filter = new ApiKeyFilter(kind, includeRevoked) { Now = now };
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in filters)
        {
            if (!seen.Add(name))
            {
                errors[name] = [$"{name} is given more than once."];
                continue;
            }

            switch (name)
            {
                case "search" when value.Trim() is { Length: > 0 and <= MaxSearchLength } search:
                    filter = filter with { Search = search };
                    break;
                case "search":
                    errors[name] = [$"search must be 1 to {MaxSearchLength} characters."];
                    break;
                case "app_id" when App.IsValidAppId(value):
                    filter = filter with { AppId = value };
                    break;
                case "app_id":
                    errors[name] = ["app_id is not a valid app id."];
                    break;
                case "org_role" when value == ApiKeyFilter.NoOrgRole || Roles.OrgRoles.Any(r => r.Name == value):
                    filter = filter with { OrgRole = value };
                    break;
                case "org_role":
                    errors[name] = [$"org_role must be one of {string.Join(", ", Roles.OrgRoles.Select(r => r.Name))} or {ApiKeyFilter.NoOrgRole}."];
                    break;
                case "created_by" when Member.IsValidUserId(value):
                    filter = filter with { CreatedBy = value };
                    break;
                case "created_by":
                    errors[name] = ["created_by must be a user id or a key id."];
                    break;
                case "state" when ParseState(value) is { } state:
                    filter = filter with { State = state };
                    break;
                case "state":
                    errors[name] = ["state must be active, disabled, expired or revoked."];
                    break;
                case "expires_before" when ParseInstant(value) is { } instant:
                    filter = filter with { ExpiresBefore = instant };
                    break;
                case "expires_before":
                    errors[name] = ["expires_before must be an RFC 3339 date and time."];
                    break;
                case "sort" when ParseSort(value) is { } sort:
                    filter = filter with { Sort = sort };
                    break;
                case "sort":
                    errors[name] = ["sort must be created_at, name or last_used_at."];
                    break;
                default:
                    if (name.StartsWith(MetaPrefix, StringComparison.Ordinal) && name.Length > MetaPrefix.Length)
                    {
                        var field = name[MetaPrefix.Length..];
                        if (Encoding.UTF8.GetByteCount(field) > ApiKeyFilter.MetaFieldMaxBytes || Encoding.UTF8.GetByteCount(value) > ApiKeyFilter.MetaValueMaxBytes || value.Contains('\0', StringComparison.Ordinal))
                        {
                            errors[name] = [$"meta filters match fields of at most {ApiKeyFilter.MetaFieldMaxBytes} bytes and string values of at most {ApiKeyFilter.MetaValueMaxBytes} bytes."];
                        }
                        else
                        {
                            meta[field] = value;
                        }
                    }
                    else
                    {
                        errors[Printable(name)] = [$"{Printable(name)} is not a filter of this list."];
                    }

                    break;
            }
        }

        if (fieldPrefix.Length > 0)
        {
            errors = errors.ToDictionary(e => fieldPrefix + e.Key, e => e.Value, StringComparer.Ordinal);
        }

        if (errors.Count > 0)
        {
            var message = errors.Count == 1 ? errors.First().Value[0] : "The request has invalid fields.";
            return new Error(ErrorKind.Validation, "validation_failed", message) { Details = errors };
        }

        return filter with { Meta = meta };
    }

    /// <summary>Whether anything narrows the keys (a bulk revoke of "everything" is refused).</summary>
    public static bool Narrows(ApiKeyFilter filter) =>
        filter.Kind is not null || filter.Search is not null || filter.AppId is not null || filter.OrgRole is not null || filter.CreatedBy is not null
        || filter.State is not null || filter.ExpiresBefore is not null || filter.Meta.Count > 0;

    private static KeyState? ParseState(string value) => value switch
    {
        "active" => KeyState.Active,
        "disabled" => KeyState.Disabled,
        "expired" => KeyState.Expired,
        "revoked" => KeyState.Revoked,
        _ => null,
    };

    private static KeyListSort? ParseSort(string value) => value switch
    {
        "created_at" => KeyListSort.CreatedAt,
        "name" => KeyListSort.Name,
        "last_used_at" => KeyListSort.LastUsedAt,
        _ => null,
    };

    // Read as the usage window reads its dates; a year far out is refused rather than overflowing later.
    private static DateTimeOffset? ParseInstant(string value) =>
        Instants.Read(value) is { } instant && Instants.IsAccepted(instant) ? instant : null;

    // An unknown name is echoed in the error: at most 64 characters, no control characters.
    private static string Printable(string name)
    {
        var clean = new string([.. name.Where(c => !char.IsControl(c))]);
        return clean.Length <= 64 ? clean : clean[..64];
    }
}
