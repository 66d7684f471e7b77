using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Common.Paging;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.ApiKeys.List;

/// <param name="ForManagement">Capgo's <c>GET /apikey/</c> lists keys to manage them and needs <c>apikey.manage</c>; <c>GET …/api-keys</c> needs <c>apikey.read</c>.</param>
public sealed record ListApiKeysQuery(OrganizationId OrganizationId, string? Cursor, int? Limit, string? Kind, bool? IncludeRevoked, bool ForManagement = false)
    : IQuery<Result<ApiKeyListResponse>>, IRequirePermission
{
    /// <summary>The list filters as sent, by their query names (<see cref="KeyFilterInput"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Filters { get; init; } = [];

    public string RequiredPermission => ForManagement ? Permission.ApiKeyManage : Permission.ApiKeyRead;
}

internal sealed class ListApiKeysValidator : AbstractValidator<ListApiKeysQuery>
{
    public ListApiKeysValidator()
    {
        this.ValidLimit(q => q.Limit);
        RuleFor(q => q.Kind).Must(k => k is null or "rbac" or "legacy").WithMessage("kind must be rbac or legacy.");
    }
}

internal sealed class ListApiKeysHandler(IApiKeyRepository keys, ApiKeyPresenter presenter, TimeProvider time)
    : IQueryHandler<ListApiKeysQuery, Result<ApiKeyListResponse>>
{
    public async ValueTask<Result<ApiKeyListResponse>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var kind = query.Kind switch { "rbac" => ApiKeyKind.Rbac, "legacy" => ApiKeyKind.Legacy, _ => (ApiKeyKind?)null };
        var parsed = KeyFilterInput.Parse(query.Filters, kind, query.IncludeRevoked ?? false, time.Now());
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        var filter = parsed.Value;
        KeyListCursor? after = null;
        if (query.Cursor is not null && !KeyListCursor.TryDecode(query.Cursor, filter.Sort, out after))
        {
            return Error.Validation("cursor", "cursor is not a cursor this service issued for this sort.");
        }

        var page = await keys.ListAsync(query.OrganizationId, filter, after, query.Limit ?? PageRequest.DefaultLimit, cancellationToken);
        return new ApiKeyListResponse([.. page.Items.Select(presenter.Present)], page.NextCursor);
    }
}
