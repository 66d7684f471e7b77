namespace ApiKeys.Domain.Audit;

public enum ActorType
{
    User,
    ApiKey,
    System,
}

/// <summary>Who did something: a user (its <c>sub</c>), a key (its id) or the service itself (bootstrap).</summary>
public sealed record Actor(ActorType Type, string Id)
{
    public static Actor System { get; } = new(ActorType.System, "system");

    public string? UserId => Type == ActorType.User ? Id : null;

    public string? KeyId => Type == ActorType.ApiKey ? Id : null;
}
