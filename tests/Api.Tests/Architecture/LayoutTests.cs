using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Architecture;

/// <summary>The repository's layout as the design draws it (docs/api.md and docs/architecture.md's "Where things go"): where a newcomer looks is where the code is.</summary>
public sealed class LayoutTests
{
    private static readonly string Root = Repository.Root();

    /// <summary>
    /// Infrastructure is grouped by mechanism (design.md): the five it names, plus the two small helpers every
    /// mechanism shares (settings bound and checked at start, the background loops' timer), and the usage
    /// governance counters kept in memory (RateLimiting/) or in Redis (Redis/). A new folder is a new mechanism:
    /// add it here and to design.md, or put the code in the mechanism it belongs to.
    /// </summary>
    private static readonly string[] InfrastructureMechanisms =
        ["Persistence", "HotPath", "ChangeFeed", "Security", "Events", "Configuration", "Background", "RateLimiting", "Redis", "CreditReservations"];

    [Fact]
    public void EverySourceProject_HasItsTestProject_AndEveryTestProjectItsSource()
    {
        var sources = Projects("src").ToList();
        var tests = Projects("tests").Where(p => p.EndsWith(".Tests", StringComparison.Ordinal)).ToList();

        sources.Should().NotBeEmpty();
        tests.Select(t => t[..^".Tests".Length]).Should().BeEquivalentTo(sources, "one test project per source project (tests/X.Tests for src/X)");
    }

    [Fact]
    public void EveryTestProject_ReferencesItsSource_AndIsInTheSolution()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "ApiKeys.sln"));
        foreach (var source in Projects("src"))
        {
            var project = $"tests/{source}.Tests/ApiKeys.{source}.Tests.csproj";
            File.Exists(Path.Combine(Root, project)).Should().BeTrue(project);
            File.ReadAllText(Path.Combine(Root, project)).Should().Contain($@"..\..\src\{source}\ApiKeys.{source}.csproj", $"{project} tests src/{source}");
            solution.Should().Contain(project.Replace('/', '\\'), $"./test.sh runs the solution, so {project} must be in it");
        }
    }

    [Fact]
    public void InfrastructureTopLevelFolders_AreItsMechanisms()
    {
        var folders = Folders(Path.Combine(Root, "src", "Infrastructure"));

        folders.Should().BeSubsetOf(InfrastructureMechanisms, "Infrastructure is grouped by mechanism (design.md: Persistence/, HotPath/, ChangeFeed/, Security/, Events/)");
        folders.Should().Contain(["Persistence", "HotPath", "ChangeFeed", "Security", "Events"]);
    }

    [Fact]
    public void OneFolderInTheSource_IsNamedForAuthentication_TheApisHandler()
    {
        var named = Directory.EnumerateDirectories(Path.Combine(Root, "src"), "*", SearchOption.AllDirectories)
            .Where(d => HoldsFiles(d) && Path.GetFileName(d).Contains("Authentication", StringComparison.OrdinalIgnoreCase))
            .Select(d => Path.GetRelativePath(Root, d).Replace('\\', '/'))
            .ToList();

        named.Should().Equal(["src/Api/Authentication"], "the ASP.NET Core handler is the one authentication folder; the rest is named for what it does");
    }

    private static IEnumerable<string> Projects(string folder) =>
        Folders(Path.Combine(Root, folder)).Where(name => Directory.EnumerateFiles(Path.Combine(Root, folder, name), "*.csproj").Any());

    private static List<string> Folders(string path) =>
        [.. Directory.EnumerateDirectories(path).Where(HoldsFiles).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    // A folder left behind by a move (empty, or only build output) is not part of the layout.
    private static bool HoldsFiles(string path) =>
        !IsBuildOutput(Path.GetRelativePath(Root, path)) && Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Any(f => !IsBuildOutput(Path.GetRelativePath(path, f)));

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules");
}
