using System.Globalization;
using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Infrastructure.HotPath;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// Issue 13 in a real Chromium: the manage dialog edits a key's rate limits, credits and state through PATCH; a key
/// disabled there is refused on its very next request and works again once enabled; the usage chart draws the counts
/// of the key's real requests, after the node has written them.
/// </summary>
public sealed class GovernanceConsoleTests(ConsoleFactory factory) : ConsolePageTests(factory, "governance"), IClassFixture<ConsoleFactory>
{
    private async Task<HttpStatusCode> MeAsync(string secret)
    {
        using var client = Factory.Http(secret);
        return (await client.GetJsonAsync("/v1/me")).Response.StatusCode;
    }

    [Fact]
    public async Task EditingLimitsAndDisabling_ApplyAtOnce_AndTheChartDrawsTheKeysRealRequests()
    {
        ConsoleFactory.SkipUnlessBrowser();
        var (org, ownerKey) = await Factory.CreateOrganizationAsync("Governed Corp");
        using var owner = Factory.Http(ownerKey);
        var (created, body) = await owner.PostJsonAsync($"/v1/organizations/{org}/api-keys", new { name = "governed", org_role = "member" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var keyId = body!["api_key"]!["id"]!.GetValue<string>();
        var secret = body["plaintext_api_key"]!.GetValue<string>();
        for (var i = 0; i < 5; i++)
        {
            (await MeAsync(secret)).Should().Be(HttpStatusCode.OK);
        }

        var page = await SignedInAsync(ownerKey);
        await Expect(Row(page, keyId).GetByTestId("key-unlimited")).ToBeVisibleAsync();
        await Row(page, keyId).GetByTestId("manage-key").ClickAsync();
        var dialog = page.GetByTestId("manage-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.GetByTestId("manage-enabled")).ToBeCheckedAsync();
        await page.GetByTestId("add-rate-limit").ClickAsync();
        await dialog.GetByTestId("rate-limit-name").FillAsync("per-minute");
        await dialog.GetByTestId("rate-limit-limit").FillAsync("100");
        await dialog.GetByTestId("rate-limit-window").FillAsync("60");
        await page.GetByTestId("manage-credits-on").CheckAsync();
        await page.GetByTestId("manage-credits-remaining").FillAsync("50");
        await page.GetByTestId("manage-refill-interval").SelectOptionAsync("daily");
        await page.GetByTestId("manage-refill-amount").FillAsync("50");
        await page.GetByTestId("manage-enabled").UncheckAsync();
        await ShotAsync(page, "1-manage");
        await page.GetByTestId("manage-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await Expect(Row(page, keyId).GetByTestId("key-status")).ToHaveTextAsync("Disabled");
        await Expect(Row(page, keyId).GetByTestId("key-rate-limit")).ToHaveTextAsync("100 / 1 min");
        await Expect(Row(page, keyId).GetByTestId("key-credits")).ToHaveTextAsync("50 credits left (+50 daily)");
        await ShotAsync(page, "2-row");
        var (_, stored) = await owner.GetJsonAsync($"/v1/organizations/{org}/api-keys/{keyId}");
        var key = stored!["api_key"]!;
        key["enabled"]!.GetValue<bool>().Should().BeFalse();
        key["rate_limits"]!.ToJsonString().Should().Be("""[{"name":"per-minute","limit":100,"window_seconds":60}]""");
        key["credits"]!["remaining"]!.GetValue<long>().Should().Be(50);
        key["credits"]!["refill"]!["amount"]!.GetValue<long>().Should().Be(50);
        key["credits"]!["refill"]!["interval"]!.GetValue<string>().Should().Be("daily");

        (await MeAsync(secret)).Should().Be(HttpStatusCode.Unauthorized, "a disabled key is refused on its next request");
        (await MeAsync(secret)).Should().Be(HttpStatusCode.Unauthorized);

        await Row(page, keyId).GetByTestId("manage-key").ClickAsync();
        await page.GetByTestId("manage-enabled").CheckAsync();
        await page.GetByTestId("manage-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Row(page, keyId).GetByTestId("key-status")).ToHaveTextAsync("Active");
        (await MeAsync(secret)).Should().Be(HttpStatusCode.OK, "enabled again, it works again");

        // The node writes its counts; the chart then draws 6 valid and 2 rejected requests from the database.
        await Factory.Services.GetRequiredService<UsageFlusher>().FlushAsync(CancellationToken.None);
        await Row(page, keyId).GetByTestId("key-usage").ClickAsync();
        var chart = page.GetByTestId("usage-chart");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(page.GetByTestId("usage-total-valid")).ToHaveTextAsync("6");
        await Expect(page.GetByTestId("usage-total-rejected")).ToHaveTextAsync("2");
        await ShotAsync(page, "3-chart");

        var max = double.Parse((await chart.GetAttributeAsync("data-max"))!, CultureInfo.InvariantCulture);
        var plot = double.Parse((await chart.GetAttributeAsync("data-plot-height"))!, CultureInfo.InvariantCulture);
        var drawn = chart.Locator("[data-testid=usage-hour]:has(rect)");
        var (valid, rejected) = (0L, 0L);
        for (var i = 0; i < await drawn.CountAsync(); i++)
        {
            var hour = drawn.Nth(i);
            var v = long.Parse((await hour.GetAttributeAsync("data-valid"))!, CultureInfo.InvariantCulture);
            var r = long.Parse((await hour.GetAttributeAsync("data-rejected"))!, CultureInfo.InvariantCulture);
            if (v > 0)
            {
                double.Parse((await hour.GetByTestId("usage-bar-valid").GetAttributeAsync("height"))!, CultureInfo.InvariantCulture)
                    .Should().BeApproximately(plot * v / max, 0.01, "a bar is as tall as its count");
            }

            if (r > 0)
            {
                double.Parse((await hour.GetByTestId("usage-bar-rejected").GetAttributeAsync("height"))!, CultureInfo.InvariantCulture)
                    .Should().BeApproximately(plot * r / max, 0.01);
            }

            (valid, rejected) = (valid + v, rejected + r);
        }

        (valid, rejected).Should().Be((6L, 2L), "the drawn bars hold every request the key made");
        PageErrors.Should().BeEmpty();
    }
}
