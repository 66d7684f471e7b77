using System.Net;
using ApiKeys.Api.Hardening;
using ApiKeys.Api.Tests.Harness;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// Issue 22 item 12: the console is served with a Content-Security-Policy that allows no inline script or style and no
/// framing (and X-Frame-Options DENY), runs under it with no violation, and the policy is really enforced.
/// </summary>
public sealed class ContentSecurityPolicyTests(ConsoleFactory factory) : ConsolePageTests(factory, "csp"), IClassFixture<ConsoleFactory>
{
    [Theory]
    [InlineData("/console/")]
    [InlineData("/console/app.js")]
    [InlineData("/console/console.css")]
    public async Task ConsoleFiles_CarryTheStrictPolicy_AndCannotBeFramed(string path)
    {
        ConsoleFactory.SkipUnlessBrowser();
        using var client = Factory.Http();
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var policy = response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Subject;
        policy.Should().Be(SecurityHeaders.ConsolePolicy);
        Directives(policy).Should().Contain(["script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "default-src 'none'"]);
        policy.Should().NotContain("unsafe-inline").And.NotContain("unsafe-eval").And.NotContain("*");
        response.Headers.GetValues("X-Frame-Options").Should().ContainSingle().Which.Should().Be("DENY");
    }

    [Theory]
    [InlineData("/docs/", 200)]
    [InlineData("/v1/me", 401)]
    [InlineData("/health/live", 200)]
    [InlineData("/openapi/v1.json", 200)]
    public async Task OtherAnswers_CannotBeFramedEither(string path, int status)
    {
        ConsoleFactory.SkipUnlessBrowser();
        using var client = Factory.Http();
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        ((int)response.StatusCode).Should().Be(status);
        Directives(response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Subject).Should().Contain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Frame-Options").Should().ContainSingle().Which.Should().Be("DENY");
    }

    [Fact]
    public async Task Console_RunsUnderItsPolicy_WithNoViolation()
    {
        ConsoleFactory.SkipUnlessBrowser();
        var (org, ownerKey) = await Factory.CreateOrganizationAsync("Policy Corp");
        using var owner = Factory.Http(ownerKey);
        (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = "com.demo.app", name = "Demo" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        var (created, key) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "framed", org_role = "member" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var page = await SignedInAsync(ownerKey);

        // Every view the console draws: the key lists (icons are SVG built by script), each dialog, the usage chart.
        await page.GetByTestId("create-rbac-key").ClickAsync();
        await page.GetByTestId("add-app-role").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("create-legacy-key").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        var row = Row(page, key!["api_key"]!["id"]!.GetValue<string>());
        await row.GetByTestId("manage-key").ClickAsync();
        await page.GetByTestId("add-rate-limit").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await row.GetByTestId("key-usage").ClickAsync();
        await Expect(page.GetByTestId("usage-chart")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("create-webhook").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await ShotAsync(page, "1-after-every-dialog");

        // Styles came from console.css, not from inline style the policy would have refused.
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.topbar')).display")).Should().NotBe("inline");
        PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task Policy_IsEnforced_AndAViolationIsReported()
    {
        ConsoleFactory.SkipUnlessBrowser();
        await using var context = await Factory.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Factory.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors();
        await errors.WatchAsync(page);
        await page.GotoAsync("/console/");
        await Expect(page.GetByTestId("signin-token")).ToBeVisibleAsync();
        errors.Violations.Should().BeEmpty();

        // What an injected string would try: an inline script and an inline style attribute.
        await page.EvaluateAsync("""
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.__inlineRan = true';
              document.head.append(script);
              document.body.setAttribute('style', 'display: none');
            }
            """);
        (await page.EvaluateAsync<bool>("() => window.__inlineRan === true")).Should().BeFalse("script-src 'self' refuses inline script");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.body).display")).Should().NotBe("none", "style-src 'self' refuses inline style");
        await Expect(page.GetByTestId("signin-token")).ToBeVisibleAsync();
        await WaitUntilAsync(() => errors.Violations.Count >= 2);
        errors.Violations.Should().Contain(v => v.Contains("script-src", StringComparison.Ordinal));
        errors.Violations.Should().Contain(v => v.Contains("style-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Docs_StillLoad_UnderTheirPolicy()
    {
        ConsoleFactory.SkipUnlessBrowser();
        await using var context = await Factory.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Factory.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var errors = new BrowserErrors();
        await errors.WatchAsync(page);
        await page.GotoAsync("/docs/");
        await Expect(page.GetByText("ApiKeys").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        errors.Violations.Should().BeEmpty("/docs' policy refuses framing, plugins and foreign base URLs only");
    }

    private static IEnumerable<string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Violation reports are console events that arrive a moment after the page's own work.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
