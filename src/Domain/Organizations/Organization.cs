using ApiKeys.Domain.Webhooks;
using ApiKeys.Domain.Common;

namespace ApiKeys.Domain.Organizations;

public sealed class Organization
{
    private Organization()
    {
        Name = null!;
        KeyPolicy = KeyPolicy.Default;
    }

    public OrganizationId Id { get; private set; }

    public string Name { get; private set; }

    public KeyPolicy KeyPolicy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token: two concurrent updates cannot both win.</summary>
    public Guid Version { get; private set; }

    public const int MaxWebhookEndpoints = 20;

    public static Organization Create(string name, DateTimeOffset now) => new()
    {
        Id = OrganizationId.New(),
        Name = Names.Normalize(name),
        KeyPolicy = KeyPolicy.Default,
        CreatedAt = now,
        UpdatedAt = now,
        Version = Guid.NewGuid(),
    };

    /// <returns>Whether anything changed.</returns>
    public bool Update(string? name, KeyPolicy? keyPolicy, DateTimeOffset now)
    {
        var newName = name is null ? Name : Names.Normalize(name);
        var newPolicy = keyPolicy ?? KeyPolicy;
        if (newName == Name && newPolicy == KeyPolicy)
        {
            return false;
        }

        Name = newName;
        KeyPolicy = newPolicy;
        Touch(now);
        return true;
    }

    /// <summary>
    /// An owner principal (member or owner key) is about to stop being one. Refused for the last owner; otherwise
    /// the organization's version moves, so that of two concurrent departures read against the same owners, only
    /// one can commit (the other fails its concurrency check and changes nothing).
    /// </summary>
    /// <param name="activeOwners">The organization's owner principals now, the leaving ones included.</param>
    /// <param name="leaving">How many of them this change takes away.</param>
    public Result ReleaseOwners(int activeOwners, int leaving)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leaving);
        if (leaving == 0)
        {
            return Result.Success;
        }

        if (activeOwners - leaving < 1)
        {
            return OrganizationErrors.LastOwner;
        }

        Version = Guid.NewGuid();
        return Result.Success;
    }

    /// <summary>
    /// A change whose outcome the key policy decides (which of a member's keys go when it is removed or lowered): the
    /// version moves, so that a concurrent change of the policy, made by one of those keys or anyone else, conflicts
    /// with it instead of being read before it and applied after.
    /// </summary>
    public void ApplyKeyPolicy() => Version = Guid.NewGuid();

    /// <summary>
    /// Makes room for one more webhook endpoint: at most <see cref="MaxWebhookEndpoints"/> (each event is one request per
    /// endpoint, retried for a day). Moves <see cref="Version"/>, so of creates racing for the last place, counted at
    /// the same version, only one commits (the others fail their concurrency check and change nothing).
    /// </summary>
    /// <param name="endpoints">The organization's endpoints now.</param>
    public Result ReserveWebhookEndpoint(int endpoints)
    {
        if (endpoints >= MaxWebhookEndpoints)
        {
            return WebhookErrors.TooMany;
        }

        Version = Guid.NewGuid();
        return Result.Success;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
