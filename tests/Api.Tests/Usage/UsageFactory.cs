using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Usage;

/// <summary>
/// The service whose usage counts are written only when a test flushes them (or at a graceful stop), on a database
/// it may share with another instance: a second node, or the same node after a restart.
/// </summary>
public sealed class UsageFactory : ApiFactory
{
    private readonly bool _ownsDatabase;

    public UsageFactory()
        : this(TestDatabase.FromEnvironment(), ownsDatabase: true)
    {
    }

    // Not public: a class fixture may have one public constructor only.
    internal UsageFactory(TestDatabase database, bool ownsDatabase)
        : base(database) => _ownsDatabase = ownsDatabase;

    protected override bool OwnsDatabase => _ownsDatabase;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Auth:HotPath:UsageFlushSeconds"] = "3600";
            return settings;
        }
    }
}
