using ApiKeys.Application.Common.Concurrency;
using System.Collections.Concurrent;
using System.Text.Json;
using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.Audit;
using ApiKeys.Application.KeyChecking;
using ApiKeys.Application.Common.Behaviors;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Common.Validation;
using ApiKeys.Application.Events;
using ApiKeys.Application.Events.CreditsLow;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Application.Verification.Verify;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApiKeys.Application;

public static class DependencyInjection
{
    private static readonly ConcurrentDictionary<string, string> SnakeNames = new(StringComparer.Ordinal);

    private static readonly Func<string, string> ToSnakeCase = JsonNamingPolicy.SnakeCaseLower.ConvertName;

    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            // Scoped: handlers share the request's DbContext and caller.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(AuthorizationBehavior<,>),
                typeof(UnitOfWorkBehavior<,>),
            ];
        });

        // Validation details name fields as the JSON body does: app_roles[0].role.
        // Resolved on every validation of every request: each name is converted once.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : SnakeNames.GetOrAdd(member.Name, ToSnakeCase);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : SnakeNames.GetOrAdd(member.Name, ToSnakeCase);
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddScoped<AuthorizedCaller>();
        services.AddScoped<AccessResolver>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<TargetGuard>();
        services.AddScoped<OwnershipGuard>();
        services.AddScoped<EventOutbox>();
        services.AddScoped<SecretIssuer>();
        services.AddScoped<RoleInputs>();
        services.AddScoped<ApiKeyPresenter>();
        services.AddScoped<KeyLookup>();
        services.AddScoped<KeyCreation>();
        services.AddScoped<OrganizationLookup>();
        services.AddScoped<RoleGrants>();
        services.AddScoped<DependencyLocks>();
        services.AddScoped<Members.Common.MemberKeys>();
        services.AddSingleton<DecoyHash>();
        services.TryAddSingleton<ITokenDigester>(NoTokenDigester.Instance);
        services.AddSingleton<CreditsLowAlerts>();
        services.AddScoped<ApiKeyAuthenticator>();
        services.AddScoped<DatabaseKeyVerifier>();
        services.TryAddScoped<IKeyVerifier>(sp => sp.GetRequiredService<DatabaseKeyVerifier>());
        services.TryAddScoped<KeyVerification>();
        return services;
    }
}
