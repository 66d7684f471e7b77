using System.Net;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Nodes;

namespace ApiKeys.Api.Tests.Operations;

/// <summary>The folder <c>dotnet publish -c Release</c> made (.ci/run publishes it and sets the variable).</summary>
public sealed class PublishedArtifactTests
{
    public const string PublishedVariable = "APIKEYS_TEST_PUBLISHED";

    private static string Folder()
    {
        var folder = Environment.GetEnvironmentVariable(PublishedVariable);
        if (string.IsNullOrEmpty(folder))
        {
            Assert.Skip($"Needs a published folder: set {PublishedVariable} (.ci/run runs dotnet publish -c Release and sets it).");
        }

        return folder;
    }

    [Fact]
    public void IsSelfContained_AndShipsNoDesignTimeAssemblies()
    {
        var folder = Folder();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();

        files.Should().Contain("ApiKeys.Api", "a native launcher: no dotnet command needed");
        files.Should().Contain("libcoreclr.so", "the runtime is in the folder (self-contained)");
        files.Should().Contain("index.html", "the console's files are published");
        files.Should().NotContain(f => f!.StartsWith("Microsoft.EntityFrameworkCore.Design", StringComparison.Ordinal), "EF Core Design is design-time only");
        files.Should().NotContain(f => f!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), "Roslyn is not shipped");
        files.Should().NotContain(f => f!.StartsWith("Microsoft.Build", StringComparison.Ordinal) || f.StartsWith("Humanizer", StringComparison.Ordinal) || f.StartsWith("Mono.TextTemplating", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishedProgram_RunsFromAnotherDirectory_AndServesTheConsole()
    {
        var folder = Folder();
        var database = TestDatabase.Sqlite();
        await database.CreateAsync();
        var elsewhere = Directory.CreateTempSubdirectory("apikeys-published-cwd-").FullName;
        try
        {
            await using var node = await ServiceNode.StartAsync(
                new Dictionary<string, string> { ["ConnectionStrings__Default"] = database.ConnectionString, ["Argon2__MemoryKiB"] = "1024", ["Argon2__Iterations"] = "1" },
                workingDirectory: elsewhere,
                executable: Path.Combine(folder, "ApiKeys.Api"));
            using var client = new HttpClient { BaseAddress = node.Address };
            (await client.GetAsync("/console/")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await node.StopGracefullyAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
            await database.DropAsync();
        }
    }
}
