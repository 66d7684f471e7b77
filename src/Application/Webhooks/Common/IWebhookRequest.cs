using ApiKeys.Application.Abstractions;
using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Authorization;

namespace ApiKeys.Application.Webhooks.Common;

/// <summary>
/// A request on an organization's webhooks (docs/api.md §10): it needs <c>org.update_settings</c> and <c>apikey.read</c>,
/// since every delivery carries key data; settings alone would read every key through a receiver of its choosing.
/// </summary>
public interface IWebhookRequest : IRequirePermission
{
    string IRequirePermission.RequiredPermission => Permission.OrgUpdateSettings;

    bool IRequirePermission.IsAllowed(Access access, Principal principal) =>
        access.Has(Permission.OrgUpdateSettings) && access.Has(Permission.ApiKeyRead);

    string IRequirePermission.MissingPermission(Access access) =>
        access.Has(Permission.OrgUpdateSettings) ? Permission.ApiKeyRead : Permission.OrgUpdateSettings;
}
