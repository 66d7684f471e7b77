using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Organizations;

namespace ApiKeys.Application.Tests.Fakes;

/// <summary>
/// What a database would hold, for handler tests. Repositories stage additions and removals; only a save
/// (<see cref="FakeUnitOfWork"/>) makes them part of the store, as a transaction would. Loaded aggregates are the
/// stored objects themselves, so a test sees what a handler changed on them; the harness fails any request that
/// changes them without trying to save (<see cref="StoreFingerprint"/>).
/// </summary>
public sealed class InMemoryStore
{
    public List<Organization> Organizations { get; } = [];

    public List<App> Apps { get; } = [];

    public List<Member> Members { get; } = [];

    public List<ApiKey> Keys { get; } = [];

    public List<AuditEvent> AuditEvents { get; } = [];

    public int Saves { get; set; }

    /// <summary>Saves tried, including those a test made fail.</summary>
    public int SaveAttempts { get; set; }

    public IEnumerable<string> AuditActions => AuditEvents.Select(e => e.Action);
}

/// <summary>Additions and removals of one request (one DI scope), applied to the store on save.</summary>
public sealed class PendingChanges
{
    private readonly List<Action> _changes = [];

    public void Stage(Action change) => _changes.Add(change);

    public void Apply()
    {
        foreach (var change in _changes)
        {
            change();
        }

        _changes.Clear();
    }
}
