using ApiKeys.Application.Common.Validation;
using ApiKeys.Domain.Common;
using FluentValidation;

namespace ApiKeys.Application.Verification.Verify;

internal sealed class VerifyKeyValidator : AbstractValidator<VerifyKeyQuery>
{
    public VerifyKeyValidator()
    {
        // A key verifies in its own organization; a user names the organization it verifies for.
        RuleFor(q => q.OrganizationId).NotEqual(default(Domain.Common.OrganizationId)).OverridePropertyName("organization_id")
            .WithMessage("organization_id is required when a user calls verify (a key verifies for its own organization).");
        RuleFor(q => q.Key).NotNull().WithMessage("key is required.").MaximumLength(4096);
        RuleFor(q => q.AppId).ValidAppId().When(q => q.AppId is not null);
        RuleFor(q => q.Permissions).KnownPermissions()
            .Must(p => p is null || p.Count <= 50).WithMessage("permissions may name at most 50 permissions.");
        RuleFor(q => q.ClientIp).Must(ip => ip is null || IpAddressText.TryParse(ip, out _))
            .WithMessage("client_ip must be a dotted-quad IPv4 address (203.0.113.7) or an IPv6 address (2001:db8::7).");
        RuleFor(q => q.Cost).InclusiveBetween(0, Domain.ApiKeys.Governance.RateLimit.MaxLimit)
            .WithMessage($"cost must be 0 to {Domain.ApiKeys.Governance.RateLimit.MaxLimit}.");
    }
}
