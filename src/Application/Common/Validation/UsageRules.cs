using System.Text;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Domain.ApiKeys.Governance;
using FluentValidation;

namespace ApiKeys.Application.Common.Validation;

/// <summary>
/// The docs/api.md §9 fields' input rules, shared by create and <c>PATCH</c>. Each failure names its field as the JSON body
/// does: <c>rate_limits[1].window_seconds</c>, <c>credits.refill.interval</c>, <c>allowed_cidrs[0]</c>, <c>meta</c>.
/// </summary>
internal static class UsageRules
{
    public static void AddUsageRules<T>(this AbstractValidator<T> validator, Func<T, UsageInput> usage)
    {
        validator.RuleFor(c => usage(c).RateLimits)
            .Must(l => l is null || l.Count <= RateLimit.MaxPerKey).WithMessage($"rate_limits may hold at most {RateLimit.MaxPerKey} limits.")
            .Must(l => l is null || l.Where(i => i?.Name is not null).Select(i => i!.Name).Distinct(StringComparer.Ordinal).Count() == l.Count(i => i?.Name is not null))
                .WithMessage("rate_limits names must be unique per key.")
            .OverridePropertyName("rate_limits");
        validator.RuleForEach(c => usage(c).RateLimits).NotNull().WithMessage("Each rate_limits entry must be an object.")
            .SetValidator(new RateLimitInputValidator()).OverridePropertyName("rate_limits");
        validator.RuleFor(c => usage(c).Credits).SetValidator(new CreditsInputValidator()!).OverridePropertyName("credits");
        validator.RuleFor(c => usage(c).AllowedCidrs).Custom((cidrs, context) =>
        {
            if (cidrs is not null && !AllowedCidrs.TryParse(cidrs, out _, out var error))
            {
                var field = error!.StartsWith("allowed_cidrs[", StringComparison.Ordinal) ? error[..(error.IndexOf(']', StringComparison.Ordinal) + 1)] : "allowed_cidrs";
                context.AddFailure(field, error);
            }
        });
        validator.RuleFor(c => usage(c).Meta).Must(m => m is null || Encoding.UTF8.GetByteCount(m.ToJsonString()) <= KeyMeta.MaxBytes)
            .WithMessage(KeyMeta.InvalidMessage).OverridePropertyName("meta");
    }

    private sealed class RateLimitInputValidator : AbstractValidator<RateLimitInput>
    {
        public RateLimitInputValidator()
        {
            RuleFor(l => l.Name).Must(UsagePolicy.IsValidRateLimitName)
                .WithMessage("A rate limit name is required: 1 to 64 ASCII letters, digits, spaces and _ - . : /.");
            RuleFor(l => l.Limit).NotNull().WithMessage("A rate limit's limit is required.")
                .InclusiveBetween(1, RateLimit.MaxLimit).WithMessage($"A rate limit's limit is 1 to {RateLimit.MaxLimit}.");
            RuleFor(l => l.WindowSeconds).NotNull().WithMessage("A rate limit's window_seconds is required.")
                .InclusiveBetween(1, RateLimit.MaxWindowSeconds).WithMessage($"A rate limit's window_seconds is 1 to {RateLimit.MaxWindowSeconds}.");
        }
    }

    private sealed class CreditsInputValidator : AbstractValidator<CreditsInput>
    {
        public CreditsInputValidator()
        {
            RuleFor(c => c.Remaining).NotNull().WithMessage("credits.remaining is required (send credits: null for unlimited).")
                .InclusiveBetween(0, Credits.MaxAmount).WithMessage($"credits.remaining is 0 to {Credits.MaxAmount}.");
            RuleFor(c => c.Refill!.Amount).NotNull().WithMessage("credits.refill.amount is required.")
                .InclusiveBetween(1, Credits.MaxAmount).WithMessage($"credits.refill.amount is 1 to {Credits.MaxAmount}.")
                .OverridePropertyName("refill.amount").When(c => c.Refill is not null);
            RuleFor(c => c.Refill!.Interval).Must(i => RefillIntervals.TryParse(i, out _)).WithMessage(RefillIntervals.InvalidMessage)
                .OverridePropertyName("refill.interval").When(c => c.Refill is not null);
        }
    }
}
