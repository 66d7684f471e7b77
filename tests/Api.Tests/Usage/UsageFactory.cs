using ApiKeys.Api.Tests.Harness;

namespace ApiKeys.Api.Tests.Usage;

/// <summary>
/// The service whose usage counts are written only when a test flushes them (or at a graceful stop), on a database
/// it may share with another instance: a second node, or the same node after a restart.
/// </summary>
public sealed class UsageFactory(TestDatabase database, bool ownsDatabase) : ApiFactory(database)
{
    public UsageFactory()
        : this(TestDatabase.FromEnvironment(), ownsDatabase: true)
    {
    }

    protected override bool OwnsDatabase => ownsDatabase;

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
