using ApiKeys.Application.KeyChanges.Common;
using FluentValidation;

namespace ApiKeys.Application.KeyChanges.List;

internal sealed class ListKeyChangesValidator : AbstractValidator<ListKeyChangesQuery>
{
    public ListKeyChangesValidator()
    {
        RuleFor(q => q.After).Must(a => a is null || FeedCursor.TryDecode(a, out _))
            .OverridePropertyName("after").WithMessage("after is not a cursor this service issued.");
        RuleFor(q => q.WaitSeconds).InclusiveBetween(1, ListKeyChangesQuery.MaxWaitSeconds).When(q => q.WaitSeconds is not null)
            .OverridePropertyName("wait").WithMessage($"wait must be between 1 and {ListKeyChangesQuery.MaxWaitSeconds} seconds.");
    }
}
