using ApiKeys.Application.Common.Paging;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Common;
using FluentValidation;

namespace ApiKeys.Application.Audit.List;

internal sealed class ListAuditEventsValidator : AbstractValidator<ListAuditEventsQuery>
{
    public ListAuditEventsValidator()
    {
        this.ValidPage(q => q.Limit, q => q.Cursor);
        RuleFor(q => q.Action).MaximumLength(AuditEvent.ActionMaxLength)
            .WithMessage($"action must be at most {AuditEvent.ActionMaxLength} characters.");
        RuleFor(q => q.KeyId).Must(k => k is null || ApiKeyId.TryParse(k, out _))
            .WithMessage("key_id must be a key id (key_…).");
    }
}
