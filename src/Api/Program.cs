using ApiKeys.Api;
using ApiKeys.Api.Errors;
using ApiKeys.Api.Governance;
using ApiKeys.Api.Hardening;
using ApiKeys.Api.Health;
using ApiKeys.Api.HotPath;
using ApiKeys.Api.Observability;
using ApiKeys.Api.Proxy;
using ApiKeys.Api.RateLimiting;
using ApiKeys.Api.Startup;
using ApiKeys.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Rewrite;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ProgramLocation.ContentRoot(args) });

// From the build output the console's files are mapped from the source tree (the manifest beside the program);
// a published folder carries them in wwwroot and has no manifest, so this does nothing there.
builder.WebHost.UseStaticWebAssets();
// Under systemd (Type=notify) the unit is "started" once Kestrel listens and "stopping" on SIGTERM; elsewhere a no-op.
builder.Host.UseSystemd();
const string MigrateVerb = "migrate";
var isVerb = args.Length > 0 && args[0] is BootstrapRunner.Verb or MigrateVerb;

// `dotnet build` runs this program to write docs/openapi.json (the GetDocument.Insider tool). It must not create
// the real database beside the project nor bootstrap an organization there (its owner key would be printed into
// the build output, and the first real run would find the database not empty): it gets a scratch database.
var isDocumentGeneration = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";
if (isDocumentGeneration)
{
    // One file per generation, removed when it ends: a file left by an older build (other migrations) would not migrate.
    var scratch = Path.Combine(Path.GetTempPath(), $"apikeys-openapi-build-{Environment.ProcessId}.db");
    AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(scratch);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "sqlite",
        ["ConnectionStrings:Default"] = $"Data Source={scratch};Pooling=false",
        // No key file beside the scratch database: a key for this run only.
        ["Security:TokenDigestKeys"] = "build:" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    });
}

if (isVerb)
{
    // A verb's standard output is its answer (one JSON line for bootstrap); logs go to standard error.
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
}

builder.Services.AddApiKeysService(builder.Configuration);

var app = builder.Build();

// Every setting is checked before the database is touched: a wrong one stops here, one line each, exit 78.
if (!StartupChecks.SettingsAreValid(app.Services, Console.Error))
{
    return StartupChecks.InvalidSettingsExitCode;
}

// `migrate` applies the migrations and exits, for deployments that set Database__MigrateOnStart=false.
await app.Services.InitializeDatabaseAsync(app.Lifetime.ApplicationStopping, force: isVerb);
if (isVerb && args[0] == MigrateVerb)
{
    await Console.Out.WriteLineAsync("Migrations applied.");
    return 0;
}

if (isVerb)
{
    return await BootstrapRunner.RunVerbAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);
}

if (!isDocumentGeneration)
{
    await BootstrapRunner.BootstrapIfEmptyAsync(app.Services, Console.Out, app.Lifetime.ApplicationStopping);
}

if (ForwardedHeadersSetup.TrustsProxies(app.Services))
{
    app.UseForwardedHeaders();
}

// Once the client address is known: refusals known without any work (failure budget spent), before routing and authentication.
app.UseRefusalGate();
app.UseExceptionHandler();
app.UseStatusCodePages(context =>
    ErrorResponses.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, ErrorResponses.ForStatus(context.HttpContext.Response.StatusCode)));
app.UseSecurityHeaders();
app.UseRequestBodyLimit();
if (!app.Environment.IsDevelopment())
{
    // Sent only on HTTPS responses; plain HTTP behind a TLS-terminating proxy is unaffected.
    app.UseHsts();
}

app.UseRouting();

// Warm GET /v1/me and verify for a key are answered here (their routes demand nothing more of a valid key).
app.UseDirectLookups();

// "/console" → "/console/" (exactly: routing would also match the trailing slash and loop), then its index.html.
app.UseWhen(context => context.Request.Path.Value == "/console", console => console.UseRewriter(new RewriteOptions().AddRedirect("^console$", "console/")));
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseMetricsAccess();
app.UseAuthentication();

// A key's allowed_cidrs and rate limits on its own requests (docs/api.md §9), once it is known.
app.UseKeyGovernance();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponses.WriteAsync });
app.MapOpenApi();
app.MapPrometheusScrapingEndpoint();
app.MapScalarApiReference("/docs");
app.MapControllers();

await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
