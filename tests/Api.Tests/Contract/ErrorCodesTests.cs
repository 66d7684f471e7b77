using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApiKeys.Api.Errors;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Contract;

/// <summary>
/// The OpenAPI document's enum of error codes is every code the service can answer: each code written in the
/// sources (an <c>Error</c> made with one, or an <c>ErrorBody</c>), and each status's fallback body, is in
/// <see cref="ErrorCodes.All"/>, and nothing else is.
/// </summary>
public sealed partial class ErrorCodesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public void TheCatalog_IsExactlyTheCodesTheSourcesAnswer()
    {
        var written = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in new[] { ErrorFactory(), ErrorConstructor(), ErrorBodyConstructor(), ErrorBodyField() })
            {
                written.UnionWith(pattern.Matches(text).Select(m => m.Groups["code"].Value));
            }
        }

        written.UnionWith(Enumerable.Range(400, 200).Select(status => ErrorResponses.ForStatus(status).Code));
        written.Should().NotBeEmpty();
        ErrorCodes.All.Should().BeEquivalentTo(written, "docs/openapi.json lists every error code a client can meet, and only those");
        ErrorCodes.All.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task TheDocument_NamesTheCodesAsAnEnum_AndAnAnswerCarriesOneOfThem()
    {
        var response = await factory.Anonymous().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var codes = document["components"]!["schemas"]!["ErrorBody"]!["properties"]!["code"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        codes.Should().Equal(ErrorCodes.All);

        var (refused, body) = await factory.Anonymous().GetJsonAsync("/v1/me");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        codes.Should().Contain(body!["code"]!.GetValue<string>());
    }

    // Error.Conflict("code", …), Error.NotFound, Error.Forbidden, Error.Policy.
    [GeneratedRegex(@"Error\.(?:Conflict|NotFound|Forbidden|Policy)\(\s*""(?<code>[a-z_]+)""")]
    private static partial Regex ErrorFactory();

    // new Error(ErrorKind.X, "code", …) and the target-typed new(ErrorKind.X, "code", …).
    [GeneratedRegex(@"new(?: Error)?\(\s*ErrorKind\.\w+,\s*""(?<code>[a-z_]+)""")]
    private static partial Regex ErrorConstructor();

    // new ErrorBody("message", "code"), the message possibly a conditional of strings.
    [GeneratedRegex(@"new ErrorBody\((?:[^;""]|""[^""]*"")*?,\s*""(?<code>[a-z_]+)""(?:, details)?\)")]
    private static partial Regex ErrorBodyConstructor();

    // ErrorBody Name = new("message", "code").
    [GeneratedRegex(@"ErrorBody \w+ = new\(\s*""[^""]*"",\s*""(?<code>[a-z_]+)""\)")]
    private static partial Regex ErrorBodyField();
}
