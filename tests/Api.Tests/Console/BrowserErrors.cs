using Microsoft.Playwright;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// What a console page reports going wrong: uncaught script errors, and Content-Security-Policy violations (the
/// browser's own console line, and the page's <c>securitypolicyviolation</c> event, which an init script turns into a
/// console line: init scripts are not subject to the page's policy).
/// </summary>
public sealed class BrowserErrors
{
    private const string ViolationMarker = "CSP violation: ";

    private const string ReportViolations =
        "document.addEventListener('securitypolicyviolation', e => console.error('" + ViolationMarker
        + "' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    /// <summary>Script errors and violations, in the order they came.</summary>
    public List<string> All { get; } = [];

    /// <summary>Violations only.</summary>
    public List<string> Violations { get; } = [];

    public async Task WatchAsync(IPage page)
    {
        await page.AddInitScriptAsync(ReportViolations);
        page.PageError += (_, error) => All.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Text.StartsWith(ViolationMarker, StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                Violations.Add(message.Text);
                All.Add(message.Text);
            }
        };
    }
}
