using ApiKeys.Api.OpenApi;
using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Application.Webhooks.Create;
using ApiKeys.Application.Webhooks.Delete;
using ApiKeys.Application.Webhooks.Deliveries;
using ApiKeys.Application.Webhooks.Get;
using ApiKeys.Application.Webhooks.List;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace ApiKeys.Api.Controllers;

/// <summary>docs/api.md §10: an organization's webhook endpoints and their deliveries.</summary>
[Route("v1/organizations/{orgID}/webhooks")]
public sealed class WebhooksController(ISender sender) : ApiControllerBase
{
    [HttpPost]
    [ProducesResponseType<CreatedWebhookResponse>(StatusCodes.Status201Created)]
    [EndpointName("createWebhook")]
    [EndpointSummary("Add a webhook endpoint; its signing secret is shown once")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> Create(OrganizationId orgID, CreateWebhookBody body, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new CreateWebhookCommand(orgID, body.Url, body.Events, body.Description), cancellationToken), StatusCodes.Status201Created);

    [HttpGet]
    [ProducesResponseType<WebhookListResponse>(StatusCodes.Status200OK)]
    [EndpointName("listWebhooks")]
    [EndpointSummary("List the organization's webhook endpoints")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> List(OrganizationId orgID, [FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new ListWebhooksQuery(orgID, cursor, limit), cancellationToken));

    [HttpGet("{webhookID}")]
    [ProducesResponseType<WebhookEnvelope>(StatusCodes.Status200OK)]
    [EndpointName("getWebhook")]
    [EndpointSummary("Get a webhook endpoint")]
    [ErrorResponses(403, 404)]
    public async Task<IActionResult> Get(OrganizationId orgID, WebhookId webhookID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new GetWebhookQuery(orgID, webhookID), cancellationToken));

    [HttpDelete("{webhookID}")]
    [ProducesResponseType<WebhookDeletedResponse>(StatusCodes.Status200OK)]
    [EndpointName("deleteWebhook")]
    [EndpointSummary("Delete a webhook endpoint (its pending deliveries are dropped)")]
    [ErrorResponses(403, 404)]
    public async Task<IActionResult> Delete(OrganizationId orgID, WebhookId webhookID, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new DeleteWebhookCommand(orgID, webhookID), cancellationToken));

    [HttpGet("{webhookID}/deliveries")]
    [ProducesResponseType<DeliveryListResponse>(StatusCodes.Status200OK)]
    [EndpointName("listWebhookDeliveries")]
    [EndpointSummary("List a webhook endpoint's deliveries, newest first")]
    [ErrorResponses(400, 403, 404)]
    public async Task<IActionResult> Deliveries(OrganizationId orgID, WebhookId webhookID, [FromQuery] string? cursor, [FromQuery] int? limit, CancellationToken cancellationToken) =>
        ToResult(await sender.Send(new ListDeliveriesQuery(orgID, webhookID, cursor, limit), cancellationToken));
}

public sealed record CreateWebhookBody(string? Url, IReadOnlyList<string>? Events, string? Description)
{
    // MVC's trace log prints action arguments: a URL's path or query may hold the receiver's secret, so only its host.
    public override string ToString() => $"CreateWebhookBody {{ Host = {WebhookUrlText.HostOf(Url)} }}";
}
