using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Me.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Me.Get;

/// <summary>
/// Who am I, and what may I do. A key answers for its own organization; a user for <see cref="OrganizationId"/>,
/// or for its only organization when it has exactly one.
/// </summary>
public sealed record GetMeQuery(OrganizationId? OrganizationId) : IQuery<Result<MeResponse>>, IAuthenticatedRequest;
