using ApiKeys.Application.Common.Security;
using ApiKeys.Domain.Common;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.Leaks.Report;

/// <summary>
/// Tokens found where they should not be (docs/api.md §10): from GitHub's secret scanning (its signature checked by the
/// Api before this is sent) or from anyone who holds one (<c>POST /v1/keys/report-leak</c>). A leaked active key is
/// revoked, or only reported when its organization's <c>key_policy.revoke_leaked_keys</c> is <c>false</c>. Needs no
/// caller: holding the token is the proof.
/// </summary>
/// <param name="Source">Where the leak was found, for the audit trail (<c>github</c>, <c>report</c>).</param>
public sealed record ReportLeakedKeysCommand(IReadOnlyList<LeakReport> Reports, string Source)
    : ICommand<Result<IReadOnlyList<LeakVerdict>>>, IUnauthenticatedRequest
{
    public const int MaxReports = 100;

    public override string ToString() => $"ReportLeakedKeysCommand {{ Reports = {Reports.Count}, Source = {Source} }}";
}

/// <param name="Url">Where the token was seen (GitHub's <c>url</c>), recorded with the audit event.</param>
public sealed record LeakReport(string Token, string? Url)
{
    public override string ToString() => "LeakReport { Token = *** }";
}

/// <param name="IsOurs">Whether the token is one of this service's keys (GitHub's <c>true_positive</c>).</param>
public sealed record LeakVerdict(bool IsOurs);

internal sealed class ReportLeakedKeysValidator : AbstractValidator<ReportLeakedKeysCommand>
{
    public ReportLeakedKeysValidator()
    {
        RuleFor(c => c.Reports).Must(r => r.Count <= ReportLeakedKeysCommand.MaxReports)
            .WithMessage($"At most {ReportLeakedKeysCommand.MaxReports} tokens per report.");
        RuleForEach(c => c.Reports).Must(r => r.Token.Length <= 4096).WithMessage("A token is at most 4096 characters.");
    }
}
