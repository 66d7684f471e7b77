using System.Net;
using System.Text;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// Contract §2 applied to every route of §3, §4 and §6: each principal of <see cref="AuthorizationMatrix"/> calls each
/// route once and must get the table's status. One run reports every wrong cell.
/// </summary>
public class AuthorizationMatrixTests(MatrixFactory factory) : IClassFixture<MatrixFactory>
{
    [Fact]
    public async Task EveryPrincipal_OnEveryRoute_GetsTheStatusOfTheMatrix()
    {
        var world = await MatrixWorld.CreateAsync(factory);
        var mismatches = new List<string>();
        var cells = 0;
        foreach (var (principal, expected) in AuthorizationMatrix.Rows)
        {
            expected.Should().HaveCount(AuthorizationMatrix.Routes.Count, $"the row of {principal} needs one status per route");
            var caller = world.ClientFor(principal);
            for (var route = 0; route < AuthorizationMatrix.Routes.Count; route++)
            {
                cells++;
                var actual = (int)await world.RunAsync(route, caller);
                if (actual != expected[route])
                {
                    mismatches.Add($"{AuthorizationMatrix.Routes[route]} as {AuthorizationMatrix.Describe(principal)} ({principal}): expected {expected[route]}, got {actual}");
                }
            }
        }

        cells.Should().Be(AuthorizationMatrix.Rows.Count * AuthorizationMatrix.Routes.Count);
        if (mismatches.Count > 0)
        {
            Assert.Fail($"{mismatches.Count} of {cells} cells of the authorization matrix do not hold:\n{string.Join('\n', mismatches)}");
        }
    }

    [Fact]
    public void Document_MatchesTheTable()
    {
        var path = Path.Combine(Repository.Root(), AuthorizationMatrix.DocumentPath);
        var rendered = AuthorizationMatrix.ToMarkdown();
        if (Environment.GetEnvironmentVariable(AuthorizationMatrix.UpdateVariable) == "1")
        {
            File.WriteAllText(path, rendered, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        current.Should().Be(rendered,
            $"{AuthorizationMatrix.DocumentPath} must show the table the test checks; regenerate it with " +
            $"{AuthorizationMatrix.UpdateVariable}=1 dotnet test tests/Api.Tests --filter \"FullyQualifiedName~Authorization\"");
    }

    /// <summary>docs/security.md carries the same table between markers, checked (and with UPDATE_MATRIX=1 rewritten) like the document.</summary>
    [Fact]
    public void SecurityPage_ShowsTheTable()
    {
        const string Start = "<!-- authorization-matrix:start -->";
        const string End = "<!-- authorization-matrix:end -->";
        var path = Path.Combine(Repository.Root(), "docs", "security.md");
        var table = string.Join('\n', AuthorizationMatrix.ToMarkdown().Split('\n').Where(line => line.StartsWith('|')));
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        var from = readme.IndexOf(Start, StringComparison.Ordinal);
        var to = readme.IndexOf(End, StringComparison.Ordinal);
        from.Should().BeGreaterThanOrEqualTo(0, $"docs/security.md needs a {Start} … {End} section");
        to.Should().BeGreaterThan(from);
        var expected = readme[..(from + Start.Length)] + "\n" + table + "\n" + readme[to..];
        if (Environment.GetEnvironmentVariable(AuthorizationMatrix.UpdateVariable) == "1")
        {
            File.WriteAllText(path, expected, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            readme = expected;
        }

        readme.Should().Be(expected, $"regenerate with {AuthorizationMatrix.UpdateVariable}=1 dotnet test tests/Api.Tests --filter \"FullyQualifiedName~Authorization\"");
    }

    [Fact]
    public void Table_HasOneStatusPerRoute_AndEveryPrincipalOnce()
    {
        AuthorizationMatrix.Rows.Should().OnlyContain(row => row.Expected.Count == AuthorizationMatrix.Routes.Count);
        AuthorizationMatrix.Rows.Select(row => row.Principal).Should().BeEquivalentTo(Enum.GetValues<Principal>());
        AuthorizationMatrix.Rows.SelectMany(row => row.Expected).Should().OnlyContain(status =>
            Enum.IsDefined((HttpStatusCode)status));
    }
}
