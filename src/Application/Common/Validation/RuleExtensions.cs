using ApiKeys.Domain.Authorization;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using FluentValidation;

namespace ApiKeys.Application.Common.Validation;

/// <summary>The contract's shared input rules, so every feature says them the same way.</summary>
public static class RuleExtensions
{
    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotNull().WithMessage("{PropertyName} is required.")
            .Must(Names.IsValid).WithMessage("{PropertyName} " + Names.Rule);

    public static IRuleBuilderOptions<T, string?> ValidOptionalName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || Names.IsValid(n)).WithMessage("{PropertyName} " + Names.Rule);

    public static IRuleBuilderOptions<T, string?> ValidAppId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(App.IsValidAppId).WithMessage("{PropertyName} must be a reverse-DNS app id such as com.demo.app.");

    public static IRuleBuilderOptions<T, string?> ValidOrgRole<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is null || Roles.TryParseOrgRole(r, out _))
            .WithMessage("{PropertyName} must be one of: none, member, admin, owner.");

    public static IRuleBuilderOptions<T, IReadOnlyList<AppRoleInput>?> ValidAppRoles<T>(this IRuleBuilder<T, IReadOnlyList<AppRoleInput>?> rule) =>
        rule.Must(list => list is null || list.All(b => b is not null && App.IsValidAppId(b.AppId)))
                .WithMessage("Each app_roles entry needs a reverse-DNS app_id.")
            .Must(list => list is null || list.All(b => b is null || Roles.TryParseAppRole(b.Role, out _)))
                .WithMessage("Each app_roles role must be one of: reader, uploader, developer, admin.")
            .Must(list => list is null || list.Where(b => b is not null).Select(b => b.AppId).Distinct(StringComparer.Ordinal).Count() == list.Count)
                .WithMessage("An app may appear only once in app_roles.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> KnownPermissions<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(list => list is null || list.All(s => s is not null && Permission.IsKnown(s)))
            .WithMessage("{PropertyName} may only name known permissions (such as app.read, apikey.manage).");
}

/// <summary>An app role as a client sends it: <c>{"app_id": "com.demo.app", "role": "reader"}</c>.</summary>
public sealed record AppRoleInput(string AppId, string Role)
{
    public AppRoleBinding ToBinding()
    {
        Roles.TryParseAppRole(Role, out var role);
        return new(AppId, role!.Name);
    }
}
