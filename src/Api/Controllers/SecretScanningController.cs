using ApiKeys.Api.OpenApi;
using ApiKeys.Api.RateLimiting;
using ApiKeys.Api.SecretScanning;
using ApiKeys.Application.Leaks.Report;
using ApiKeys.Domain.Common;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ApiKeys.Api.Controllers;

/// <summary>
/// docs/api.md §10, leaked keys: GitHub's secret scanning partner endpoint (signed by GitHub), and a public report
/// route for anyone who found a token. Neither needs a caller: the token is the proof.
/// </summary>
[AllowAnonymous]
public sealed class SecretScanningController(ISender sender) : ApiControllerBase
{
    [HttpPost("v1/secret-scanning/github")]
    [EnableRateLimiting(RateLimits.LeakReportPolicy)]
    [GitHubSignatureFilter]
    [ProducesResponseType<IReadOnlyList<GitHubVerdict>>(StatusCodes.Status200OK)]
    [EndpointName("reportGitHubSecretScanning")]
    [EndpointSummary("GitHub secret scanning: tokens found in public repositories (signed by GitHub)")]
    [ErrorResponses(400, 401, 429, 503)]
    public async Task<IActionResult> GitHub(IReadOnlyList<GitHubMatch> body, CancellationToken cancellationToken)
    {
        if (body.Any(m => m?.Token is null))
        {
            return Problem(Error.Validation("token", "Every match needs a token."));
        }

        var result = await sender.Send(new ReportLeakedKeysCommand([.. body.Select(m => new LeakReport(m.Token!, m.Url))], "github"), cancellationToken);
        return result.IsSuccess
            ? Ok(body.Zip(result.Value, (m, v) => new GitHubVerdict(m.Token!, m.Type, v.IsOurs ? "true_positive" : "false_positive")))
            : Problem(result.Error!);
    }

    [HttpPost("v1/keys/report-leak")]
    [EnableRateLimiting(RateLimits.LeakReportPolicy)]
    [ProducesResponseType<LeakReceivedResponse>(StatusCodes.Status202Accepted)]
    [EndpointName("reportLeakedKey")]
    [EndpointSummary("Report a leaked key; whoever holds a token may report it")]
    [ErrorResponses(400, 429, 503)]
    public async Task<IActionResult> ReportLeak(ReportLeakBody body, CancellationToken cancellationToken)
    {
        if (body.Key is { Length: > 0 and <= 4096 } key)
        {
            await sender.Send(new ReportLeakedKeysCommand([new LeakReport(key, null)], "report"), cancellationToken);
        }

        // The same answer whatever the token was: reporting is no oracle for which tokens exist.
        return StatusCode(StatusCodes.Status202Accepted, new LeakReceivedResponse(true));
    }
}

/// <summary>One match of GitHub's report.</summary>
public sealed record GitHubMatch(string? Token, string? Type, string? Url, string? Source)
{
    public override string ToString() => $"GitHubMatch {{ Type = {Type} }}";
}

/// <summary>GitHub's expected answer per match: <c>{token_raw, token_type, label}</c>.</summary>
public sealed record GitHubVerdict(string TokenRaw, string? TokenType, string Label)
{
    public override string ToString() => $"GitHubVerdict {{ Label = {Label} }}";
}

public sealed record ReportLeakBody(string? Key)
{
    public override string ToString() => "ReportLeakBody { Key = *** }";
}

public sealed record LeakReceivedResponse(bool Received);
