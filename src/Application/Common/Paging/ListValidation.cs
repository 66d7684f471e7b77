using ApiKeys.Application.Common.Paging;
using FluentValidation;

namespace ApiKeys.Application.Common.Paging;

/// <summary>The contract's list parameters: <c>limit</c> 1 to 200, an opaque <c>cursor</c> this service issued.</summary>
public static class ListValidation
{
    public static void ValidPage<T>(this AbstractValidator<T> validator, Func<T, int?> limit, Func<T, string?> cursor)
    {
        validator.ValidLimit(limit);
        validator.RuleFor(x => cursor(x)).Must(c => c is null || Cursor.TryDecode(c, out _))
            .OverridePropertyName("cursor").WithMessage("cursor is not a cursor this service issued.");
    }

    /// <summary>Only the limit, for lists whose cursor depends on their sort (the keys' list reads its own).</summary>
    public static void ValidLimit<T>(this AbstractValidator<T> validator, Func<T, int?> limit) =>
        validator.RuleFor(x => limit(x)).InclusiveBetween(1, PageRequest.MaxLimit).When(x => limit(x) is not null)
            .OverridePropertyName("limit").WithMessage("limit must be between 1 and 200.");

    public static PageRequest ToPage(int? limit, string? cursor) => new(cursor, limit ?? PageRequest.DefaultLimit);
}
