namespace ApiKeys.Api.Tests.Harness;

/// <summary>Finds files of the repository from the test's output folder (documents that tests keep equal to their tables).</summary>
public static class Repository
{
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ApiKeys.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ApiKeys.sln above {AppContext.BaseDirectory}.");
    }
}
