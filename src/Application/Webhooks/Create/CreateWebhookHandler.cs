using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using Mediator;

namespace ApiKeys.Application.Webhooks.Create;

internal sealed class CreateWebhookHandler(
    IWebhookRepository webhooks,
    OrganizationLookup organizations,
    IWebhookUrlPolicy urls,
    IWebhookSecretGenerator secrets,
    ISecretProtector protector,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<CreateWebhookCommand, Result<CreatedWebhookResponse>>
{
    public async ValueTask<Result<CreatedWebhookResponse>> Handle(CreateWebhookCommand command, CancellationToken cancellationToken)
    {
        var url = new Uri(command.Url!, UriKind.Absolute);
        if (await urls.RefuseAsync(url, cancellationToken) is { } refusal)
        {
            return Error.Validation("url", refusal);
        }

        // The cap holds under concurrent creates: the count is taken at the organization's version, which this moves.
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        Result reserved = organization.IsSuccess
            ? organization.Value.ReserveWebhookEndpoint(await webhooks.CountAsync(command.OrganizationId, cancellationToken))
            : organization.Error!;
        if (!reserved.IsSuccess)
        {
            return reserved.Error!;
        }

        // Stored encrypted with the key ring, as plain keys are: the service must sign with it, so it cannot be hashed.
        var secret = secrets.NewSecret();
        var endpoint = WebhookEndpoint.Create(command.OrganizationId, url, command.Events!, command.Description, protector.Protect(secret), time.Now());
        webhooks.Add(endpoint);
        audit.Record(command.OrganizationId, AuditActions.WebhookCreated, target: endpoint.Id.ToString());
        return new CreatedWebhookResponse(WebhookResponse.From(endpoint), secret);
    }
}
