using System.Net;
using System.Text.Json.Nodes;
using ApiKeys.Api.Tests.Harness;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ApiKeys.Api.Tests.ConsoleUi;

/// <summary>
/// Issue 7: the web console at /console/ driven in a real (headless) Chromium against the service on a loopback port.
/// Each step saves a full-page screenshot to bin/.../screenshots/&lt;test&gt;-&lt;step&gt;.png.
/// </summary>
public class ConsoleTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>, IAsyncLifetime
{
    private const string AppId = "com.demo.app";

    private readonly BrowserErrors _errors = new();
    private IBrowserContext? _context;

    private static string Keys(string org) => $"/v1/organizations/{org}/api-keys";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        GC.SuppressFinalize(this);
        _errors.Violations.Should().BeEmpty("the console uses no inline script or style and loads only its own files");
    }

    private async Task<IPage> OpenConsoleAsync(int width = 1280, int height = 900)
    {
        _context = await factory.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            // No transitions: screenshots show dialogs settled, not mid fade-in.
            ReducedMotion = ReducedMotion.Reduce,
            BaseURL = factory.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        var page = await _context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await _errors.WatchAsync(page);
        await page.GotoAsync("/console");
        return page;
    }

    private static async Task ShotAsync(IPage page, string test, string step)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{test}-{step}.png"), FullPage = true });
    }

    private static async Task SignInAsync(IPage page, string token)
    {
        await page.GetByTestId("signin-token").FillAsync(token);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("rbac-section")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("rbac-section")).Not.ToHaveAttributeAsync("aria-busy", "true");
    }

    private async Task<(string Org, string OwnerKey, HttpClient Owner)> NewOrgWithAppAsync()
    {
        var (org, ownerKey) = await factory.CreateOrganizationAsync("Demo Corp");
        var owner = factory.Http(ownerKey);
        var (response, _) = await owner.PostJsonAsync($"/v1/organizations/{org}/apps", new { app_id = AppId, name = "Demo" });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (org, ownerKey, owner);
    }

    private async Task<(string Id, string Secret)> CreateKeyViaApiAsync(HttpClient owner, string org, object body)
    {
        var (response, created) = await owner.PostJsonAsync(Keys(org), body);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (created!["api_key"]!["id"]!.GetValue<string>(), created["plaintext_api_key"]!.GetValue<string>());
    }

    private ILocator Row(IPage page, string keyId) => page.Locator($"[data-testid=key-row][data-key-id=\"{keyId}\"]");

    private async Task<HttpStatusCode> MeStatusAsync(string secret)
    {
        using var client = factory.Http(secret);
        return (await client.GetJsonAsync("/v1/me")).Response.StatusCode;
    }

    private static async Task<string> ReadSecretAndCloseAsync(IPage page, string test, string step)
    {
        var dialog = page.GetByTestId("secret-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        var secret = await page.GetByTestId("secret-value").InputValueAsync();
        secret.Should().StartWith("capy_live_");
        await ShotAsync(page, test, step);
        await page.GetByTestId("secret-close").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        // The dialog's "close" event (which clears the field) fires after it is hidden: wait for it, do not race it.
        await Expect(page.GetByTestId("secret-value")).ToHaveValueAsync(string.Empty);
        return secret;
    }

    /// <summary>
    /// The address people type. Program.cs maps <c>GET /console</c> to a redirect to <c>/console/</c>; routing ignores the
    /// trailing slash and runs before UseDefaultFiles (which then skips, an endpoint being already chosen), so
    /// <c>/console/</c> redirects to itself forever (the browser reports ERR_TOO_MANY_REDIRECTS).
    /// </summary>
    [Fact]
    public async Task ConsoleAddress_ServesTheConsolePage()
    {
        ConsoleFactory.SkipUnlessBrowser();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = factory.BaseAddress };

        var bare = await client.GetAsync(new Uri("/console", UriKind.Relative));
        bare.StatusCode.Should().Be(HttpStatusCode.Redirect);
        bare.Headers.Location!.OriginalString.Should().Be("/console/");

        var page = await client.GetAsync(new Uri("/console/", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.OK, "/console/ must serve index.html, not redirect to itself");
        (await page.Content.ReadAsStringAsync()).Should().Contain("data-testid=\"signin-token\"");
    }

    [Fact]
    public async Task SignIn_WithOwnerKey_ShowsBothSections()
    {
        ConsoleFactory.SkipUnlessBrowser();
        const string test = "signin";
        var (_, ownerKey, _) = await NewOrgWithAppAsync();
        var page = await OpenConsoleAsync();

        await Expect(page.GetByTestId("signin-token")).ToBeVisibleAsync();
        await ShotAsync(page, test, "1-signin-form");

        await SignInAsync(page, ownerKey);
        await Expect(page.GetByTestId("legacy-section")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("org-name")).ToHaveTextAsync("Demo Corp");
        await Expect(page.GetByTestId("create-rbac-key")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("create-legacy-key")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("legacy-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=rbac-section] [data-testid=key-row]")).ToHaveCountAsync(1, new() { Timeout = 15_000 }); // the owner key itself
        await ShotAsync(page, test, "2-keys-page");
        _errors.All.Should().BeEmpty();
    }

    [Fact]
    public async Task CreateSecureKey_WithAppRole_SecretFromModalWorksAgainstApi()
    {
        ConsoleFactory.SkipUnlessBrowser();
        const string test = "create";
        var (org, ownerKey, owner) = await NewOrgWithAppAsync();
        var page = await OpenConsoleAsync();
        await SignInAsync(page, ownerKey);

        await page.GetByTestId("create-rbac-key").ClickAsync();
        var dialog = page.GetByTestId("create-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await page.GetByTestId("create-name").FillAsync("CI deploy");
        await Expect(page.GetByTestId("create-secure")).ToBeCheckedAsync();
        await page.GetByTestId("create-org-role").SelectOptionAsync("none");
        await page.GetByTestId("add-app-role").ClickAsync();
        var row = dialog.GetByTestId("app-role-row");
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByTestId("app-role-app").SelectOptionAsync(AppId);
        await row.GetByTestId("app-role-role").SelectOptionAsync("app_developer");
        await ShotAsync(page, test, "1-create-dialog");
        await page.GetByTestId("create-submit").ClickAsync();

        var secret = await ReadSecretAndCloseAsync(page, test, "2-secret-modal");

        var (_, listed) = await owner.GetJsonAsync(Keys(org));
        var created = listed!["api_keys"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "CI deploy")!;
        created["secure"]!.GetValue<bool>().Should().BeTrue();
        created["org_role"]!.GetValue<string>().Should().Be("none");
        created["app_roles"]!.ToJsonString().Should().Be($$"""[{"app_id":"{{AppId}}","role":"app_developer"}]""");
        var keyRow = Row(page, created["id"]!.GetValue<string>());
        await Expect(keyRow).ToBeVisibleAsync();
        await Expect(keyRow).ToContainTextAsync("Demo: Developer");
        await ShotAsync(page, test, "3-listed");

        using var client = factory.Http(secret);
        var (me, body) = await client.GetJsonAsync("/v1/me");
        me.StatusCode.Should().Be(HttpStatusCode.OK);
        body!["principal_type"]!.GetValue<string>().Should().Be("api_key");
        body["id"]!.GetValue<string>().Should().Be(created["id"]!.GetValue<string>());
        _errors.All.Should().BeEmpty();
    }

    [Fact]
    public async Task Manage_RenameAndChangeRoles_AppliedOnTheServer()
    {
        ConsoleFactory.SkipUnlessBrowser();
        const string test = "manage";
        var (org, ownerKey, owner) = await NewOrgWithAppAsync();
        var (id, _) = await CreateKeyViaApiAsync(owner, org,
            new { name = "build bot", org_role = "none", app_roles = new[] { new { app_id = AppId, role = "developer" } } });
        var page = await OpenConsoleAsync();
        await SignInAsync(page, ownerKey);

        await Row(page, id).GetByTestId("manage-key").ClickAsync();
        var dialog = page.GetByTestId("manage-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.GetByTestId("manage-name")).ToHaveValueAsync("build bot");
        await Expect(page.GetByTestId("manage-org-role")).ToHaveValueAsync("none");
        await Expect(dialog.GetByTestId("app-role-row")).ToHaveCountAsync(1);
        await Expect(dialog.GetByTestId("app-role-role")).ToHaveValueAsync("app_developer");
        await Expect(page.GetByTestId("manage-legacy-note")).ToHaveCountAsync(0);
        await ShotAsync(page, test, "1-manage-dialog");

        await page.GetByTestId("manage-name").FillAsync("release bot");
        await page.GetByTestId("manage-org-role").SelectOptionAsync("org_member");
        await dialog.GetByTestId("app-role-role").SelectOptionAsync("app_uploader");
        await ShotAsync(page, test, "2-edited");
        await page.GetByTestId("manage-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Row(page, id)).ToContainTextAsync("release bot");
        await Expect(Row(page, id)).ToContainTextAsync("Org: Member");
        await Expect(Row(page, id)).ToContainTextAsync("Demo: Uploader");
        await ShotAsync(page, test, "3-saved");

        var (response, body) = await owner.GetJsonAsync($"{Keys(org)}/{id}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var key = body!["api_key"]!;
        key["name"]!.GetValue<string>().Should().Be("release bot");
        key["org_role"]!.GetValue<string>().Should().Be("org_member");
        key["app_roles"]!.ToJsonString().Should().Be($$"""[{"app_id":"{{AppId}}","role":"app_uploader"}]""");

        // Removing the app role too: the row's remove button, then save.
        await Row(page, id).GetByTestId("manage-key").ClickAsync();
        await dialog.GetByTestId("app-role-remove").ClickAsync();
        await Expect(dialog.GetByTestId("app-role-row")).ToHaveCountAsync(0);
        await page.GetByTestId("manage-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Row(page, id)).Not.ToContainTextAsync("Demo:");
        (await owner.GetJsonAsync($"{Keys(org)}/{id}")).Body!["api_key"]!["app_roles"]!.AsArray().Should().BeEmpty();
        await ShotAsync(page, test, "4-app-role-removed");
        _errors.All.Should().BeEmpty();
    }

    [Fact]
    public async Task Regenerate_AfterConfirm_NewSecretWorksAndOldGets401()
    {
        ConsoleFactory.SkipUnlessBrowser();
        const string test = "regenerate";
        var (org, ownerKey, owner) = await NewOrgWithAppAsync();
        var (id, oldSecret) = await CreateKeyViaApiAsync(owner, org, new { name = "rotating", org_role = "member" });
        (await MeStatusAsync(oldSecret)).Should().Be(HttpStatusCode.OK);
        var page = await OpenConsoleAsync();
        await SignInAsync(page, ownerKey);

        await Row(page, id).GetByTestId("regenerate-key").ClickAsync();
        var confirm = page.GetByTestId("confirm-dialog");
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(confirm).ToContainTextAsync("Regenerate “rotating”?");
        await ShotAsync(page, test, "1-confirm");
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();

        var newSecret = await ReadSecretAndCloseAsync(page, test, "2-new-secret");
        newSecret.Should().NotBe(oldSecret);
        (await MeStatusAsync(newSecret)).Should().Be(HttpStatusCode.OK);
        (await MeStatusAsync(oldSecret)).Should().Be(HttpStatusCode.Unauthorized);
        await Expect(Row(page, id)).ToBeVisibleAsync();
        await ShotAsync(page, test, "3-after");
        _errors.All.Should().BeEmpty();
    }

    [Fact]
    public async Task Delete_AfterConfirm_RowDisappearsAndKeyGets401()
    {
        ConsoleFactory.SkipUnlessBrowser();
        const string test = "delete";
        var (org, ownerKey, owner) = await NewOrgWithAppAsync();
        var (id, secret) = await CreateKeyViaApiAsync(owner, org, new { name = "doomed", org_role = "member" });
        var page = await OpenConsoleAsync();
        await SignInAsync(page, ownerKey);
        await Expect(Row(page, id)).ToBeVisibleAsync();

        await Row(page, id).GetByTestId("delete-key").ClickAsync();
        var confirm = page.GetByTestId("confirm-dialog");
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(confirm).ToContainTextAsync("Delete “doomed”?");
        await ShotAsync(page, test, "1-confirm");
        await page.GetByTestId("confirm-yes").ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(Row(page, id)).ToHaveCountAsync(0);
        await ShotAsync(page, test, "2-deleted");

        (await MeStatusAsync(secret)).Should().Be(HttpStatusCode.Unauthorized);
        var (_, listed) = await owner.GetJsonAsync(Keys(org));
        listed!["api_keys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()).Should().NotContain(id);

        // Still there, as revoked, with "Show revoked keys" and without actions.
        await page.GetByTestId("show-revoked").CheckAsync();
        await Expect(Row(page, id)).ToContainTextAsync("Revoked");
        await Expect(Row(page, id).GetByTestId("manage-key")).ToHaveCountAsync(0);
        await ShotAsync(page, test, "3-show-revoked");
        _errors.All.Should().BeEmpty();
    }

    [Fact]
    public async Task Legacy_CreatedFromLegacySection_ListedThereAndManageShowsNoteWithoutRoles()
    {
        ConsoleFactory.SkipUnlessBrowser();
        const string test = "legacy";
        var (org, ownerKey, owner) = await NewOrgWithAppAsync();
        var page = await OpenConsoleAsync();
        await SignInAsync(page, ownerKey);

        await page.GetByTestId("create-legacy-key").ClickAsync();
        var dialog = page.GetByTestId("legacy-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await page.GetByTestId("legacy-name").FillAsync("old CLI");
        await page.GetByTestId("legacy-mode").SelectOptionAsync("upload");
        await ShotAsync(page, test, "1-create-dialog");
        await page.GetByTestId("legacy-submit").ClickAsync();
        var secret = await ReadSecretAndCloseAsync(page, test, "2-secret-modal");
        (await MeStatusAsync(secret)).Should().Be(HttpStatusCode.OK);

        var (_, listed) = await owner.GetJsonAsync(Keys(org));
        var created = listed!["api_keys"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "old CLI")!;
        created["kind"]!.GetValue<string>().Should().Be("legacy");
        created["mode"]!.GetValue<string>().Should().Be("upload");
        var id = created["id"]!.GetValue<string>();

        var legacyRow = page.GetByTestId("legacy-section").Locator($"[data-key-id=\"{id}\"]");
        await Expect(legacyRow).ToBeVisibleAsync();
        await Expect(legacyRow).ToContainTextAsync("Upload");
        await Expect(page.GetByTestId("rbac-section").Locator($"[data-key-id=\"{id}\"]")).ToHaveCountAsync(0);
        await ShotAsync(page, test, "3-listed");

        await legacyRow.GetByTestId("manage-key").ClickAsync();
        var manage = page.GetByTestId("manage-dialog");
        await Expect(manage).ToBeVisibleAsync();
        await Expect(page.GetByTestId("manage-legacy-note")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("manage-legacy-note")).ToContainTextAsync("cannot be given roles");
        await Expect(page.GetByTestId("manage-org-role")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("manage-add-app-role")).ToHaveCountAsync(0);
        await Expect(manage.GetByTestId("app-role-row")).ToHaveCountAsync(0);
        await ShotAsync(page, test, "4-manage-note");

        // The name can still be changed.
        await page.GetByTestId("manage-name").FillAsync("old CLI (renamed)");
        await page.GetByTestId("manage-save").ClickAsync();
        await Expect(manage).ToBeHiddenAsync();
        await Expect(legacyRow).ToContainTextAsync("old CLI (renamed)");
        (await owner.GetJsonAsync($"{Keys(org)}/{id}")).Body!["api_key"]!["name"]!.GetValue<string>().Should().Be("old CLI (renamed)");
        _errors.All.Should().BeEmpty();
    }

    [Fact]
    public async Task NarrowViewport_KeysPage_FitsThePhoneWidth()
    {
        ConsoleFactory.SkipUnlessBrowser();
        const string test = "narrow";
        var (org, ownerKey, owner) = await NewOrgWithAppAsync();
        await CreateKeyViaApiAsync(owner, org,
            new { name = "mobile build", org_role = "none", app_roles = new[] { new { app_id = AppId, role = "uploader" } } });
        await CreateKeyViaApiAsync(owner, org, new { name = "legacy uploader", mode = "upload" });
        var page = await OpenConsoleAsync(390, 844);
        await ShotAsync(page, test, "1-signin");
        await SignInAsync(page, ownerKey);
        await Expect(page.Locator("[data-testid=key-row]")).ToHaveCountAsync(3);
        await ShotAsync(page, test, "2-keys-page");

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        scrollWidth.Should().BeLessThanOrEqualTo(390, "the keys page must not scroll sideways on a phone");

        await page.GetByTestId("create-rbac-key").ClickAsync();
        await Expect(page.GetByTestId("create-dialog")).ToBeVisibleAsync();
        await page.GetByTestId("add-app-role").ClickAsync();
        await ShotAsync(page, test, "3-create-dialog");
        _errors.All.Should().BeEmpty();
    }
}
