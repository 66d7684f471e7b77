using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Authorization;

/// <summary>
/// The service as <see cref="ApiFactory"/> runs it, with a failure budget large enough for the matrix: the revoked-key
/// row alone fails authentication once per route, more than the default 20 per address per minute.
/// </summary>
public sealed class MatrixFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Auth:HotPath:FailureBudget"] = "100000",
    };
}
