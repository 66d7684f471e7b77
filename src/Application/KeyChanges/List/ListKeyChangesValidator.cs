using ApiKeys.Application.Abstractions;
using FluentValidation;

namespace ApiKeys.Application.KeyChanges.List;

internal sealed class ListKeyChangesValidator : AbstractValidator<ListKeyChangesQuery>
{
    public ListKeyChangesValidator(IKeyChangeCursors cursors)
    {
        RuleFor(q => q.After).Must((q, a) => a is null || cursors.TryRead(q.OrganizationId, a, out _))
            .OverridePropertyName("after").WithMessage("after is not a cursor this service issued to this organization.");
        RuleFor(q => q.WaitSeconds).InclusiveBetween(1, ListKeyChangesQuery.MaxWaitSeconds).When(q => q.WaitSeconds is not null)
            .OverridePropertyName("wait").WithMessage($"wait must be between 1 and {ListKeyChangesQuery.MaxWaitSeconds} seconds.");
    }
}
