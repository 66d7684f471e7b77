using System.Text.Json;
using ApiKeys.Application.Organizations.Bootstrap;
using Mediator;

namespace ApiKeys.Api.Startup;

/// <summary>
/// docs/api.md §8: the first run on an empty database creates an organization with an owner key and prints the key
/// once; the <c>bootstrap --org-name NAME</c> verb does the same on demand and prints one JSON line. The key goes
/// to standard output, never to the log.
/// </summary>
public static class BootstrapRunner
{
    public const string Verb = "bootstrap";
    public const string DefaultOrganizationName = "Default organization";

    public static async Task BootstrapIfEmptyAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var created = await SendAsync(services, new BootstrapOrganizationCommand(DefaultOrganizationName, OnlyIfEmpty: true), cancellationToken);
        if (created is not null)
        {
            await output.WriteLineAsync($"""

                ApiKeys bootstrap: created organization {created.OrganizationId} with an org_owner API key.
                It is shown only this once; store it now:

                    {created.PlaintextApiKey}

                """);
        }
    }

    /// <returns>The process exit code.</returns>
    public static async Task<int> RunVerbAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var index = Array.IndexOf(args, "--org-name");
        if (index < 0 || index + 1 >= args.Length)
        {
            await error.WriteLineAsync("usage: bootstrap --org-name NAME");
            return 2;
        }

        try
        {
            var created = await SendAsync(services, new BootstrapOrganizationCommand(args[index + 1], OnlyIfEmpty: false), cancellationToken);
            await output.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["organization_id"] = created!.OrganizationId,
                ["plaintext_api_key"] = created.PlaintextApiKey,
            }));
            return 0;
        }
        catch (ArgumentException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return 2;
        }
    }

    private static async Task<BootstrappedOrganization?> SendAsync(IServiceProvider services, BootstrapOrganizationCommand command, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, cancellationToken);
        return result.IsSuccess ? result.Value : throw new ArgumentException(result.Error!.Message);
    }
}
