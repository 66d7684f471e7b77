namespace ApiKeys.Application.KeyChanges.Common;

/// <summary>docs/api.md §5: <c>{changes: [{key_id, key_prefix, change, at}], cursor}</c>.</summary>
public sealed record KeyChangeListResponse(IReadOnlyList<KeyChangeResponse> Changes, string Cursor);

/// <summary>A key that changed: <see cref="Change"/> is <c>revoked</c> or <c>updated</c> (what the key is now).</summary>
public sealed record KeyChangeResponse(string KeyId, string KeyPrefix, string Change, DateTimeOffset At);
