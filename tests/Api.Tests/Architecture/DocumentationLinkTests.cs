using System.Text.RegularExpressions;
using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Architecture;

/// <summary>
/// Every relative link of the README, the pages under docs/ and the packages' READMEs resolves in a lone clone:
/// the file it names exists in the repository, and an anchor (<c>#heading</c>) names a heading of that file.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    private static readonly string Root = Repository.Root();

    public static TheoryData<string> Documents()
    {
        var documents = new TheoryData<string>();
        foreach (var path in new[] { "README.md", "src/Client/README.md", "src/AspNetCore/README.md" }
                     .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order()))
        {
            documents.Add(path);
        }

        return documents;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLink_Resolves(string document)
    {
        var path = Path.Combine(Root, document);
        var broken = Links(File.ReadAllText(path))
            .Where(link => !IsExternal(link))
            .Where(link => Resolve(Path.GetDirectoryName(path)!, path, link) is { } problem)
            .Select(link => $"{link}: {Resolve(Path.GetDirectoryName(path)!, path, link)}")
            .ToList();

        broken.Should().BeEmpty($"every relative link of {document} must resolve inside the repository");
    }

    /// <summary>The check itself finds a broken file link and a broken anchor (a checker that finds nothing proves nothing).</summary>
    [Fact]
    public void TheCheck_FindsBrokenLinks()
    {
        var readme = Path.Combine(Root, "README.md");
        Resolve(Root, readme, "docs/no-such-page.md").Should().NotBeNull();
        Resolve(Root, readme, "docs/operations.md#no-such-heading").Should().NotBeNull();
        Resolve(Root, readme, "../shared/api-contract.md").Should().NotBeNull("a link out of the repository breaks in a lone clone");
        Resolve(Root, readme, "docs/operations.md#configuration").Should().BeNull();
        Links("see [a](b.md) and `[not](code.md)` and\n```\n[x](fenced.md)\n```\n").Should().Equal("b.md");
    }

    private static bool IsExternal(string link) =>
        link.StartsWith("http://", StringComparison.Ordinal) || link.StartsWith("https://", StringComparison.Ordinal)
        || link.StartsWith("mailto:", StringComparison.Ordinal);

    /// <summary>Why a link does not resolve, or <see langword="null"/> when it does.</summary>
    private static string? Resolve(string directory, string document, string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? link : link[..hash];
        var anchor = hash < 0 ? null : link[(hash + 1)..];
        var target = file.Length == 0 ? document : Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(file)));
        if (!target.StartsWith(Root, StringComparison.Ordinal))
        {
            return "points outside the repository";
        }

        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return "no such file";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!target.EndsWith(".md", StringComparison.Ordinal))
        {
            return "an anchor on a file that is not markdown";
        }

        var headings = Fence().Replace(File.ReadAllText(target), string.Empty).Split('\n')
            .Where(line => line.StartsWith('#'))
            .Select(line => Slug(line.TrimStart('#').Trim()))
            .ToHashSet(StringComparer.Ordinal);
        return headings.Contains(anchor) ? null : "no such heading";
    }

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Slug(string heading) =>
        NotSlug().Replace(heading.ToLowerInvariant(), string.Empty).Replace(' ', '-');

    /// <summary>The targets of inline links outside fenced code blocks and code spans.</summary>
    private static List<string> Links(string markdown)
    {
        var prose = Fence().Replace(markdown, string.Empty);
        prose = CodeSpan().Replace(prose, string.Empty);
        return Link().Matches(prose).Select(m => m.Groups["target"].Value).ToList();
    }

    [GeneratedRegex(@"[^\p{L}\p{Nd}\- _]")]
    private static partial Regex NotSlug();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
