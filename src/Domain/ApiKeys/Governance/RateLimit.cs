namespace ApiKeys.Domain.ApiKeys.Governance;

/// <summary>
/// One of a key's rate limits (docs/api.md §9): at most <see cref="Limit"/> units per window of
/// <see cref="WindowSeconds"/>. A window opens with the first unit taken in it (not at a clock boundary), so from
/// any first use at most <see cref="Limit"/> units succeed before the window ends.
/// </summary>
public sealed record RateLimit(string Name, long Limit, int WindowSeconds)
{
    public const int MaxPerKey = 10;
    public const long MaxLimit = 1_000_000_000;
    public const int MaxWindowSeconds = 86_400;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
