using ApiKeys.Application.Common.Security;
using ApiKeys.Application.KeyChanges.Common;
using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.KeyChanges.List;

/// <summary>
/// The organization's key changes after the cursor <see cref="After"/> (absent: every change still kept), held up
/// to <see cref="WaitSeconds"/> when there is none yet (long poll).
/// </summary>
public sealed record ListKeyChangesQuery(OrganizationId OrganizationId, string? After, int? WaitSeconds)
    : IQuery<Result<KeyChangeListResponse>>, IRequirePermission
{
    public const int MaxWaitSeconds = 30;

    public string RequiredPermission => Permission.ApiKeyVerify;
}
