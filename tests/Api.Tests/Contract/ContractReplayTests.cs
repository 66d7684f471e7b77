using ApiKeys.Api.Tests.Nodes;

namespace ApiKeys.Api.Tests.Contract;

/// <summary>The contract replay against the built service as a process on a scratch SQLite file.</summary>
public sealed class ContractReplayTests : ContractReplay
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"apikeys-contract-{Guid.NewGuid():N}.db");
    private ServiceNode? _service;

    protected override string? MissingReason => null;

    protected override async Task<(Uri Address, string Org, string OwnerKey)> StartServiceAsync(IReadOnlyDictionary<string, string> settings)
    {
        var withDatabase = new Dictionary<string, string>(settings) { ["ConnectionStrings__Default"] = $"Data Source={_databaseFile}" };
        // The verb's one JSON line is its answer; the service then starts on a database that is not empty (no first-run key printed).
        var (org, owner) = ServiceNode.BootstrapIn(await ServiceNode.RunVerbAsync(withDatabase, "bootstrap", "--org-name", "Contract"));
        _service = await ServiceNode.StartAsync(withDatabase);
        return (_service.Address, org, owner);
    }

    protected override async ValueTask StopServiceAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
        {
            File.Delete(file);
        }
    }
}
