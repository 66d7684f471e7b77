using System.Reflection;
using System.Text.Json.Nodes;

namespace ApiKeys.Client.Tests;

/// <summary>The hand-written client covers exactly the operations of the committed OpenAPI document, by method and path.</summary>
public class ContractDocumentTests
{
    private static JsonNode Document()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ApiKeys.sln")))
        {
            directory = directory.Parent;
        }

        return JsonNode.Parse(File.ReadAllText(Path.Combine(directory!.FullName, "docs", "openapi.json")))!;
    }

    [Fact]
    public void EveryOperationOfTheDocument_HasOneClientMethod_WithItsMethodAndPath()
    {
        var documented = Document()["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Id: op.Value!["operationId"]!.GetValue<string>(), Method: op.Key.ToUpperInvariant(), Path: path.Key)))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        var implemented = typeof(ApiKeysClient).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => m.GetCustomAttribute<ContractOperationAttribute>())
            .Where(a => a is not null)
            .Select(a => (Id: a!.OperationId, a.Method, a.Path))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToList();

        implemented.Should().Equal(documented);
    }

    [Fact]
    public void ClientModels_NameEveryFieldOfTheDocumentsAnswers()
    {
        var schemas = Document()["components"]!["schemas"]!;
        void Same(string schema, Type model)
        {
            var fields = schema is null ? [] : schemas[schema]!["properties"]!.AsObject().Select(p => p.Key).ToList();
            var properties = model.GetProperties().Select(p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToList();
            properties.Should().BeEquivalentTo(fields, $"{model.Name} mirrors {schema}");
        }

        Same("ApiKeyResponse", typeof(Models.ApiKey));
        Same("VerifyKeyResponse", typeof(Models.VerifyResult));
        Same("VerifyRateLimit", typeof(Models.VerifyRateLimit));
        Same("OrganizationResponse", typeof(Models.Organization));
        Same("KeyPolicyResponse", typeof(Models.KeyPolicy));
        Same("AppResponse", typeof(Models.App));
        Same("MemberResponse", typeof(Models.Member));
        Same("AuditEventResponse", typeof(Models.AuditEvent));
        Same("MeResponse", typeof(Models.Me));
        Same("KeyChangeResponse", typeof(Models.KeyChange));
        Same("KeyChangeListResponse", typeof(Models.KeyChanges));
        Same("CreateApiKeyBody", typeof(Models.CreateApiKeyRequest));
        Same("VerifyBody", typeof(Models.VerifyRequest));
        Same("RateLimitResponse", typeof(Models.RateLimit));
        Same("CreditsResponse", typeof(Models.Credits));
        Same("CreditRefillResponse", typeof(Models.CreditRefill));
        Same("UsageBucketResponse", typeof(Models.UsageBucket));
        Same("RoleCatalogResponse", typeof(Models.RoleCatalog));
        Same("RoleResponse", typeof(Models.RoleDefinition));
        Same("LegacyModeResponse", typeof(Models.LegacyModeDefinition));
        Same("ScopesResponse", typeof(Models.PermissionScopes));
        Same("GrantableResponse", typeof(Models.GrantableRoles));
        Same("GrantableAppRolesResponse", typeof(Models.GrantableAppRoles));
    }
}
