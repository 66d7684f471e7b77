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

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
