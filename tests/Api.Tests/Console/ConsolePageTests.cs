using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// A signed-in console page in its own browser context (UTC, en-US, reduced motion), the page's script errors
/// collected, screenshots named after the test class: what the console's browser tests share.
/// </summary>
public abstract class ConsolePageTests(ConsoleFactory factory, string screenshotPrefix) : IAsyncLifetime
{
    private IBrowserContext? _context;

    protected ConsoleFactory Factory { get; } = factory;

    private readonly BrowserErrors _errors = new();

    /// <summary>Script errors and CSP violations the page raised; a test ends by asserting there were none.</summary>
    protected List<string> PageErrors => _errors.All;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        GC.SuppressFinalize(this);

        // Every console test, whatever it asserted itself: the page ran within its Content-Security-Policy.
        _errors.Violations.Should().BeEmpty("the console uses no inline script or style and loads only its own files");
    }

    protected async Task<IPage> SignedInAsync(string token)
    {
        _context = await Factory.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ReducedMotion = ReducedMotion.Reduce,
            BaseURL = Factory.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        var page = await _context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await _errors.WatchAsync(page);
        await page.GotoAsync("/console");
        await page.GetByTestId("signin-token").FillAsync(token);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("rbac-section")).Not.ToHaveAttributeAsync("aria-busy", "true");
        return page;
    }

    protected async Task ShotAsync(IPage page, string step)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{screenshotPrefix}-{step}.png"), FullPage = true });
    }

    protected static ILocator Row(IPage page, string keyId) => page.Locator($"[data-testid=key-row][data-key-id=\"{keyId}\"]");
}
