namespace ApiKeys.Api.Authentication;

public static class AuthenticationSchemes
{
    /// <summary>Picks <see cref="ApiKey"/> or <see cref="Jwt"/> from the shape of the presented credential.</summary>
    public const string Default = "BearerSelector";

    public const string ApiKey = "ApiKey";

    public const string Jwt = "Jwt";
}
