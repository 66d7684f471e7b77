using System.Globalization;
using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Application.Abstractions;
using ApiKeys.Domain.Common;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// Issue 13 in the console: the role pickers fed by GET /v1/roles, and a key's usage chart (requests per UTC hour
/// over the last 7 days, valid and rejected) drawn from GET …/usage, in a real Chromium.
/// </summary>
public sealed class UsageConsoleTests(ConsoleFactory factory) : ConsolePageTests(factory, "usage"), IClassFixture<ConsoleFactory>
{
    private async Task<(string Org, string OwnerKey, string KeyId, string KeySecret)> OrgWithKeyAsync(object keyBody)
    {
        var (org, ownerKey) = await Factory.CreateOrganizationAsync("Usage Corp");
        using var owner = Factory.Http(ownerKey);
        (await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = "com.demo.app", name = "Demo" })).Response.StatusCode.Should().Be(HttpStatusCode.Created);
        var (created, body) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", keyBody);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (org, ownerKey, body!["api_key"]!["id"]!.GetValue<string>(), body["plaintext_api_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task UsageChart_DrawsEachHourOfTheAnswer_ScaledToTheBusiestHour()
    {
        ConsoleFactory.SkipUnlessBrowser();
        var (_, ownerKey, keyId, _) = await OrgWithKeyAsync(new { name = "charted", org_role = "member" });
        ApiKeyId.TryParse(keyId, out var id).Should().BeTrue();
        var now = UsageCounter.HourOf(DateTimeOffset.UtcNow);
        var threeDaysAgo = now.AddDays(-3);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UsageWriter>().WriteAsync(new Dictionary<UsageSlot, UsageCounts>
            {
                [new(id, threeDaysAgo)] = new(Valid: 30, Rejected: 10, RateLimited: 4, UsageExceeded: 0),
                [new(id, now.AddDays(-8))] = new(Valid: 999, Rejected: 0, RateLimited: 0, UsageExceeded: 0),
            }, CancellationToken.None);
        }

        var counter = Factory.Services.GetRequiredService<IUsageCounter>();
        for (var i = 0; i < 20; i++)
        {
            counter.Record(id, UsageOutcome.Valid);
        }

        var page = await SignedInAsync(ownerKey);
        await Row(page, keyId).GetByTestId("key-usage").ClickAsync();
        var chart = page.GetByTestId("usage-chart");
        await Expect(chart).ToBeVisibleAsync();
        await ShotAsync(page, "1-chart");

        await Expect(page.GetByTestId("usage-total-valid")).ToHaveTextAsync("50", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("usage-total-rejected")).ToHaveTextAsync("10");
        var hours = chart.GetByTestId("usage-hour");
        (await hours.CountAsync()).Should().BeInRange(168, 169, "one bar slot per hour of the last 7 days; the hour 8 days ago is outside");
        (await chart.GetAttributeAsync("data-max")).Should().Be("40", "the busiest hour (30 valid + 10 rejected) sets the scale");
        var plot = double.Parse((await chart.GetAttributeAsync("data-plot-height"))!, CultureInfo.InvariantCulture);

        var old = chart.Locator($"[data-testid=usage-hour][data-start=\"{threeDaysAgo.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\"]");
        await Expect(old).ToHaveAttributeAsync("data-valid", "30");
        await Expect(old).ToHaveAttributeAsync("data-rejected", "10");
        (await HeightAsync(old.GetByTestId("usage-bar-valid"))).Should().BeApproximately(plot * 30 / 40, 0.01);
        (await HeightAsync(old.GetByTestId("usage-bar-rejected"))).Should().BeApproximately(plot * 10 / 40, 0.01);

        var current = chart.Locator($"[data-testid=usage-hour][data-start=\"{now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\"]");
        await Expect(current).ToHaveAttributeAsync("data-valid", "20");
        (await HeightAsync(current.GetByTestId("usage-bar-valid"))).Should().BeApproximately(plot * 20 / 40, 0.01);
        await Expect(current.GetByTestId("usage-bar-rejected")).ToHaveCountAsync(0);
        await Expect(chart.GetByTestId("usage-bar-valid")).ToHaveCountAsync(2, new() { Timeout = 1_000 });
        PageErrors.Should().BeEmpty();
    }

    [Fact]
    public async Task RolePickers_OfferWhatGetV1RolesSaysTheCallerMayGrant()
    {
        ConsoleFactory.SkipUnlessBrowser();
        // An admin narrowed to a member's permissions, uploading and managing keys: it may grant member, reader, uploader.
        string[] scopes = ["org.read", "org.read_members", "apikey.read", "apikey.manage", "app.read", "app.read_bundles", "app.read_channels",
            "app.read_devices", "app.read_logs", "app.read_audit", "app.upload_bundle"];
        var (_, _, _, scopedSecret) = await OrgWithKeyAsync(new { name = "scoped", org_role = "admin", scopes });
        var page = await SignedInAsync(scopedSecret);

        await page.GetByTestId("create-rbac-key").ClickAsync();
        var dialog = page.GetByTestId("create-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        (await page.GetByTestId("create-org-role").Locator("option").AllInnerTextsAsync()).Should().Equal("None", "Member");
        await page.GetByTestId("add-app-role").ClickAsync();
        await dialog.GetByTestId("app-role-app").SelectOptionAsync("com.demo.app");
        (await dialog.GetByTestId("app-role-role").Locator("option").AllInnerTextsAsync()).Should().Equal("Reader", "Uploader");
        await page.GetByTestId("create-org-role").SelectOptionAsync("org_member");
        await Expect(page.Locator("#create-org-role-hint")).ToContainTextAsync("apikey.read");
        await ShotAsync(page, "2-role-pickers");
        await dialog.Locator("[data-close]").First.ClickAsync();

        await page.GetByTestId("create-legacy-key").ClickAsync();
        var modes = page.GetByTestId("legacy-mode").Locator("option:not([disabled])");
        (await modes.AllInnerTextsAsync()).Should().Equal("Read", "Upload");
        PageErrors.Should().BeEmpty();
    }

    private static async Task<double> HeightAsync(ILocator rect) =>
        double.Parse((await rect.GetAttributeAsync("height"))!, CultureInfo.InvariantCulture);
}
