using ApiKeys.Application.Webhooks.Common;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Webhooks;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Webhooks.Create;

public sealed record CreateWebhookCommand(OrganizationId OrganizationId, string? Url, IReadOnlyList<string>? Events, string? Description)
    : ICommand<Result<CreatedWebhookResponse>>, IWebhookRequest
{
    // Records print their members; a URL's path or query may hold the receiver's secret, so only its host.
    public override string ToString() => $"CreateWebhookCommand {{ OrganizationId = {OrganizationId}, Host = {WebhookUrlText.HostOf(Url)} }}";
}

internal sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public CreateWebhookValidator()
    {
        RuleFor(c => c.Url).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("url is required.")
            .MaximumLength(WebhookEndpoint.UrlMaxLength)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.UserInfo.Length == 0)
            .WithMessage("url must be an absolute https:// URL without credentials.");
        RuleFor(c => c.Events).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("events must name at least one event type.")
            .Must(e => e!.Count <= WebhookEvents.All.Count * 2).WithMessage("events names too many event types.")
            .Must(e => e!.All(t => t is not null && WebhookEvents.IsKnown(t)))
            .WithMessage($"events may name only: {string.Join(", ", WebhookEvents.All.Order(StringComparer.Ordinal))}.");
        RuleFor(c => c.Description).MaximumLength(WebhookEndpoint.DescriptionMaxLength).Must(d => d is null || !Names.HasForbiddenCharacter(d))
            .WithMessage("description must be at most 500 characters with no control, invisible or bidirectional formatting characters.");
    }
}
