namespace ApiKeys.Application.Abstractions;

/// <summary>The current request's caller, as the Api authenticated it.</summary>
public interface ICaller
{
    /// <summary><see langword="null"/> when the request carries no valid credentials.</summary>
    Principal? Principal { get; }

    /// <summary>The client's address, for the audit trail.</summary>
    string? IpAddress { get; }
}
