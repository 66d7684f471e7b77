namespace ApiKeys.Client;

/// <summary>The operation of the OpenAPI document (docs/openapi.json) a client method calls; its tests check them against it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractOperationAttribute(string operationId, string method, string path) : Attribute
{
    public string OperationId { get; } = operationId;

    public string Method { get; } = method;

    public string Path { get; } = path;
}
