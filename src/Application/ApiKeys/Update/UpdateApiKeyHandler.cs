using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Update;

internal sealed class UpdateApiKeyHandler(
    IApiKeyRepository keys,
    IOrganizationRepository organizations,
    ApiKeyPresenter presenter,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<UpdateApiKeyCommand, Result<ApiKeyEnvelope>>
{
    public async ValueTask<Result<ApiKeyEnvelope>> Handle(UpdateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await keys.FindAsync(command.OrganizationId, command.KeyId, cancellationToken);
        if (key is null)
        {
            return ApiKeyErrors.NotFound;
        }

        var now = time.Now();
        if (command.ChangeExpiry)
        {
            // The policy applies to the new expiry; a rename alone never breaks a key that predates the policy.
            var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
            var policy = organization?.KeyPolicy.Check(key.Secure, command.ExpiresAt, now) ?? ApplicationErrors.OrganizationNotFound;
            if (!policy.IsSuccess)
            {
                return policy.Error!;
            }
        }

        var updated = key.Update(command.Name, command.ChangeExpiry, command.ExpiresAt, now);
        if (!updated.IsSuccess)
        {
            return updated.Error!;
        }

        if (updated.Value)
        {
            audit.Record(command.OrganizationId, AuditActions.ApiKeyUpdated, key.Id.ToString());
        }

        return new ApiKeyEnvelope(presenter.Present(key));
    }
}
