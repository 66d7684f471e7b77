namespace ApiKeys.Api.Tests.Harness;

/// <summary>
/// <see cref="ApiFactory"/> for race tests, whose invariants send many tokens that must now be refused: the failure
/// budget per address is lifted so each refusal is the key's own answer (401), not the budget's (429).
/// </summary>
public sealed class RaceFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Auth:HotPath:FailureBudget"] = "1000000",
    };
}
