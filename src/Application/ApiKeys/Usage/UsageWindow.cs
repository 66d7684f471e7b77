using ApiKeys.Domain.Common;

namespace ApiKeys.Application.ApiKeys.Usage;

/// <summary>
/// The buckets a usage query asks for: from the bucket that holds <c>from</c> (default: 7 days before <c>to</c>) up
/// to the one that holds the instant before <c>to</c> (default: now), in UTC hours or days. At most
/// <see cref="MaxHourRangeDays"/> days by hour and <see cref="MaxDayRangeDays"/> days by day (counts are kept 90 days).
/// </summary>
public sealed record UsageWindow(DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)
{
    public const int DefaultRangeDays = 7;
    public const int MaxHourRangeDays = 31;
    public const int MaxDayRangeDays = 90;

    public static Result<UsageWindow> Resolve(string? from, string? to, string? granularity, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TimeSpan? step = granularity switch
        {
            null or "hour" => TimeSpan.FromHours(1),
            "day" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (step is null)
        {
            errors["granularity"] = ["granularity must be 'hour' or 'day'."];
        }

        var end = Parse("to", to, errors) ?? now;
        var start = Parse("from", from, errors) ?? end.AddDays(-DefaultRangeDays);
        if (errors.Count == 0)
        {
            var maxDays = step == TimeSpan.FromDays(1) ? MaxDayRangeDays : MaxHourRangeDays;
            if (start >= end)
            {
                errors["from"] = ["from must be before to."];
            }
            else if (end - start > TimeSpan.FromDays(maxDays))
            {
                errors["from"] = [$"from and to may be at most {maxDays} days apart with granularity '{granularity ?? "hour"}'."];
            }
        }

        if (errors.Count > 0)
        {
            var message = errors.Count == 1 ? errors.First().Value[0] : "The request has invalid fields.";
            return new Error(ErrorKind.Validation, "validation_failed", message) { Details = errors };
        }

        // [Start, End): the bucket holding `from` through the bucket holding the last instant before `to`.
        return new UsageWindow(Floor(start, step!.Value), Floor(end.AddTicks(-1), step.Value) + step.Value, step.Value);
    }

    public IEnumerable<DateTimeOffset> Buckets()
    {
        for (var bucket = Start; bucket < End; bucket += Step)
        {
            yield return bucket;
        }
    }

    public DateTimeOffset BucketOf(DateTimeOffset hour) => Floor(hour, Step);

    private static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan step)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % step.Ticks), TimeSpan.Zero);
    }

    private static DateTimeOffset? Parse(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (Instants.Read(text) is { } instant)
        {
            if (Instants.IsAccepted(instant))
            {
                return instant;
            }

            // Far instants would overflow the window's arithmetic (the bucket after 9999-12-31 does not exist).
            errors[field] = [$"{field} must be between 1970-01-01T00:00:00Z and 9000-01-01T00:00:00Z."];
            return null;
        }

        errors[field] = [$"{field} must be an ISO 8601 time such as 2026-01-01T00:00:00Z."];
        return null;
    }
}
