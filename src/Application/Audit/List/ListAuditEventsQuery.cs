using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;
using Riok.Mapperly.Abstractions;

namespace ApiKeys.Application.Audit.List;

public sealed record ListAuditEventsQuery(OrganizationId OrganizationId, string? Cursor, int? Limit, string? Action, string? KeyId)
    : IQuery<Result<AuditEventListResponse>>, IRequirePermission
{
    public string RequiredPermission => Permission.OrgReadAudit;
}

public sealed record AuditEventResponse(
    string Id, string OrganizationId, string Action, string ActorType, string ActorId, string? ApiKeyId, string? Target, string? IpAddress, DateTimeOffset OccurredAt);

public sealed record AuditEventListResponse(IReadOnlyList<AuditEventResponse> AuditEvents, string? NextCursor);

internal sealed class ListAuditEventsValidator : AbstractValidator<ListAuditEventsQuery>
{
    public ListAuditEventsValidator()
    {
        this.ValidPage(q => q.Limit, q => q.Cursor);
        RuleFor(q => q.Action).MaximumLength(AuditEvent.ActionMaxLength);
        RuleFor(q => q.KeyId).Must(k => k is null || ApiKeyId.TryParse(k, out _)).OverridePropertyName("key_id").WithMessage("key_id must be a key id (key_…).");
    }
}

[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target, EnumMappingStrategy = EnumMappingStrategy.ByName)]
internal static partial class AuditEventMapping
{
    public static partial AuditEventResponse ToResponse(AuditEvent auditEvent);

    private static string ActorTypeName(ActorType type) => type switch
    {
        ActorType.User => "user",
        ActorType.ApiKey => "api_key",
        _ => "system",
    };
}

internal sealed class ListAuditEventsHandler(IAuditEventRepository events) : IQueryHandler<ListAuditEventsQuery, Result<AuditEventListResponse>>
{
    public async ValueTask<Result<AuditEventListResponse>> Handle(ListAuditEventsQuery query, CancellationToken cancellationToken)
    {
        var page = await events.ListAsync(query.OrganizationId, new AuditEventFilter(query.Action, query.KeyId), ListValidation.ToPage(query.Limit, query.Cursor), cancellationToken);
        return new AuditEventListResponse([.. page.Items.Select(AuditEventMapping.ToResponse)], page.NextCursor);
    }
}
