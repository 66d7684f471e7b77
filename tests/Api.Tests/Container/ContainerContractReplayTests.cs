using ApiKeys.Api.Tests.Contract;
using ApiKeys.Api.Tests.Harness;
using ApiKeys.Api.Tests.Nodes;

namespace ApiKeys.Api.Tests.Container;

/// <summary>
/// The contract replay against the container image, as an operator runs it: SQLite on the image's volume, or, in the
/// PostgreSQL pass, the pass's database server.
/// </summary>
public sealed class ContainerContractReplayTests : ContractReplay
{
    private TestDatabase? _database;
    private string? _volume;
    private ContainerNode? _container;

    protected override string? MissingReason => ContainerNode.Image is null ? ContainerNode.SkipReason : null;

    protected override async Task<(Uri Address, string Org, string OwnerKey)> StartServiceAsync(IReadOnlyDictionary<string, string> settings)
    {
        var withDatabase = new Dictionary<string, string>(settings);
        if (TestDatabase.FromEnvironment() is { Provider: "postgres" } database)
        {
            _database = database;
            await _database.CreateAsync();
            withDatabase["Database__Provider"] = "postgres";
            withDatabase["ConnectionStrings__Default"] = _database.ConnectionString;
        }

        _volume = await ContainerNode.CreateVolumeAsync();
        var (org, owner) = ServiceNode.BootstrapIn(await ContainerNode.RunVerbAsync(_volume, withDatabase, "bootstrap", "--org-name", "Contract"));
        _container = await ContainerNode.StartAsync(_volume, withDatabase);
        return (_container.Address, org, owner);
    }

    protected override async ValueTask StopServiceAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_volume is not null)
        {
            await ContainerNode.RemoveVolumeAsync(_volume);
        }

        if (_database is not null)
        {
            await _database.DropAsync();
        }
    }
}
