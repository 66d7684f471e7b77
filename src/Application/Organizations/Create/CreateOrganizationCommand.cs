using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.Organizations.Create;

/// <summary>
/// A user creates an organization and becomes its <c>org_owner</c>. Keys cannot: an organization needs a human
/// owner. There is no organization yet to authorize against, so the request asks only for a caller.
/// </summary>
public sealed record CreateOrganizationCommand(string? Name) : ICommand<Result<OrganizationEnvelope>>, IAuthenticatedRequest;
