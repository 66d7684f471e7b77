using System.Net;
using ApiKeys.Api.Tests.Harness;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// Issue 14: the console's Webhooks section in headless Chromium: add an endpoint (its secret shown once), see
/// real deliveries with their status after a key is created, delete the endpoint. Screenshots in bin/…/screenshots.
/// </summary>
public class WebhookConsoleTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>, IAsyncLifetime
{
    private IBrowserContext? _context;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task AddEndpoint_SeeTheSecretOnce_SeeDeliveries_Delete()
    {
        ConsoleFactory.SkipUnlessBrowser();
        var (org, ownerKey) = await factory.CreateOrganizationAsync("Hooks Corp");
        var owner = factory.Http(ownerKey);
        await using var receiver = await WebhookReceiver.StartAsync();
        _context = await factory.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ReducedMotion = ReducedMotion.Reduce,
            BaseURL = factory.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        var errors = new BrowserErrors();
        var page = await _context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await errors.WatchAsync(page);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/console");
        await page.GetByTestId("signin-token").FillAsync(ownerKey);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("webhooks-section")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("webhooks-empty")).ToBeVisibleAsync();

        // Add an endpoint: the secret is in the dialog, and only there.
        await page.GetByTestId("create-webhook").ClickAsync();
        await page.GetByTestId("webhook-url").FillAsync(receiver.Url);
        await page.GetByTestId("webhook-submit").ClickAsync();
        await Expect(page.GetByTestId("webhook-secret-dialog")).ToBeVisibleAsync();
        var secret = await page.GetByTestId("webhook-secret-value").InputValueAsync();
        secret.Should().StartWith("whsec_");
        receiver.Secret = secret;
        await Shot(page, "secret");
        await page.GetByTestId("webhook-secret-close").ClickAsync();
        await Expect(page.GetByTestId("webhook-row")).ToHaveCountAsync(1);
        (await page.ContentAsync()).Should().NotContain(secret["whsec_".Length..], "the secret is gone once the dialog closes");

        // A key created over the API is delivered, signed, and the console shows the delivery's status.
        (await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "deploy bot" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Distinct().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        receiver.Distinct().Should().ContainSingle().Which.SignatureValid.Should().BeTrue();
        await page.GetByTestId("webhook-deliveries").ClickAsync();
        await Expect(page.GetByTestId("delivery-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("delivery-status")).ToHaveTextAsync("Delivered (200)");
        await Expect(page.GetByTestId("deliveries")).ToContainTextAsync("api_key.created");
        await Shot(page, "deliveries");

        // Delete it.
        await page.GetByTestId("webhook-delete").ClickAsync();
        await Expect(page.GetByTestId("webhooks-empty")).ToBeVisibleAsync();
        (await owner.GetJsonAsync($"/v1/organizations/{org}/webhooks")).Body!["webhooks"]!.AsArray().Should().BeEmpty();
        errors.All.Should().BeEmpty();
    }

    private static async Task Shot(IPage page, string step)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"webhooks-{step}.png"), FullPage = true });
    }
}
