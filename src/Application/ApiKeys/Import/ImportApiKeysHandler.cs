using ApiKeys.Application.Abstractions;
using ApiKeys.Application.ApiKeys.Common;
using ApiKeys.Application.ApiKeys.CreateRbac;
using ApiKeys.Application.Audit;
using ApiKeys.Application.Common.Security;
using ApiKeys.Application.Organizations.Common;
using ApiKeys.Domain.ApiKeys;
using ApiKeys.Domain.Common;
using ApiKeys.Domain.Organizations;
using FluentValidation;
using Mediator;

namespace ApiKeys.Application.ApiKeys.Import;

/// <summary>
/// Each entry is checked as a create would check it (the same validator, the covering rule, the key policy), then
/// added as a secure RBAC key under its own token; plaintexts are hashed before any lock is taken. One audit event
/// for the call, <c>api_key.created</c> for each key.
/// </summary>
internal sealed class ImportApiKeysHandler(
    OrganizationLookup organizations,
    IValidator<CreateRbacApiKeyCommand> entryValidator,
    IApiKeyRepository keys,
    ISecretHasher hasher,
    RoleGrants grants,
    KeyCreation creation,
    ApiKeyPresenter presenter,
    AuditTrail audit,
    TimeProvider time)
    : ICommandHandler<ImportApiKeysCommand, Result<ImportApiKeysResponse>>
{
    private const string Source = "import";

    private static readonly Error Duplicate = Error.Conflict("duplicate_key", "A key with this token (or its prefix) already exists.");

    public async ValueTask<Result<ImportApiKeysResponse>> Handle(ImportApiKeysCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.OrganizationId, cancellationToken);
        if (!organization.IsSuccess)
        {
            return organization.Error!;
        }

        var entries = command.Keys!;
        var failed = new List<FailedImport>();
        var tokens = new ImportedToken?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var checkedEntry = await CheckAsync(command.OrganizationId, entries[i], cancellationToken);
            if (checkedEntry.IsSuccess)
            {
                tokens[i] = checkedEntry.Value;
            }
            else
            {
                failed.Add(Fail(i, checkedEntry.Error!));
            }
        }

        // One read for the whole call; a token twice in the call is a duplicate from its second entry on.
        var taken = new HashSet<string>(await keys.ExistingPrefixesAsync([.. tokens.OfType<ImportedToken>().SelectMany(t => t.TakenIf)], cancellationToken), StringComparer.Ordinal);
        var fresh = new List<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (tokens[i] is not { } token)
            {
                continue;
            }

            if (token.TakenIf.Any(taken.Contains))
            {
                failed.Add(Fail(i, Duplicate));
                continue;
            }

            taken.UnionWith(token.TakenIf);
            fresh.Add(i);
        }

        var secrets = Secrets(tokens, fresh);
        var toAdd = new List<(int Index, KeyCreation.NewKey Key)>(fresh.Count);
        foreach (var i in fresh)
        {
            var checkedRoles = await NewKeyAsync(organization.Value, entries[i], secrets[i]!, cancellationToken);
            if (checkedRoles.IsSuccess)
            {
                toAdd.Add((i, checkedRoles.Value));
            }
            else
            {
                failed.Add(Fail(i, checkedRoles.Error!));
            }
        }

        var added = await creation.AddAllAsync([.. toAdd.Select(a => a.Key)], cancellationToken);
        var imported = new List<ImportedApiKey>(added.Length);
        for (var j = 0; j < added.Length; j++)
        {
            if (added[j].IsSuccess)
            {
                imported.Add(new ImportedApiKey(toAdd[j].Index, presenter.Present(added[j].Value)));
            }
            else
            {
                failed.Add(Fail(toAdd[j].Index, added[j].Error!));
            }
        }

        if (imported.Count > 0)
        {
            audit.Record(command.OrganizationId, AuditActions.ApiKeyImported, target: imported.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new ImportApiKeysResponse(imported, [.. failed.OrderBy(f => f.Index)]);
    }

    /// <summary>The entry's fields as a create checks them, then its token.</summary>
    private async Task<Result<ImportedToken>> CheckAsync(OrganizationId organizationId, ImportedKeyInput entry, CancellationToken cancellationToken)
    {
        var asCreate = new CreateRbacApiKeyCommand(organizationId, entry.Name, true, entry.OrgRole, entry.AppRoles, entry.Scopes, null, entry.ExpiresAt, null, Source, Usage: entry.Usage);
        var validation = await entryValidator.ValidateAsync(asCreate, cancellationToken);
        if (!validation.IsValid)
        {
            var first = validation.Errors[0];
            return Error.Validation(first.PropertyName, string.Join(" ", validation.Errors.Select(e => e.ErrorMessage).Distinct(StringComparer.Ordinal)));
        }

        return ImportedToken.Read(entry);
    }

    /// <summary>
    /// The stored secret of each fresh entry. Plaintexts are hashed here, before the first lock is taken, on as many
    /// threads as the hasher has slots: Argon2id is the cost of the plaintext form.
    /// </summary>
    private IssuedSecret?[] Secrets(ImportedToken?[] tokens, List<int> fresh)
    {
        var secrets = new IssuedSecret?[tokens.Length];
        Parallel.ForEach(fresh, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var token = tokens[i]!;
            secrets[i] = new IssuedSecret(token.KeyPrefix, token.StoredHash ?? hasher.Hash(token.Plaintext!), EncryptedToken: null);
        });
        return secrets;
    }

    /// <summary>The entry's roles checked against what the caller may grant and the apps there are, then the key to build.</summary>
    private async Task<Result<KeyCreation.NewKey>> NewKeyAsync(Organization organization, ImportedKeyInput entry, IssuedSecret secret, CancellationToken cancellationToken)
    {
        var usage = entry.Usage ?? UsageInput.None;
        var limits = usage.ToLimits(entry.ExpiresAt, time.Now());
        var roles = await grants.CheckAsync(organization.Id, entry.OrgRole, entry.AppRoles, limits, AuditActions.ApiKeyImported, cancellationToken);
        if (!roles.IsSuccess)
        {
            return roles.Error!;
        }

        var spec = new RbacKeySpec(entry.Name!, Secure: true, roles.Value.OrgRole, roles.Value.AppRoles, entry.Scopes ?? [], null, entry.ExpiresAt, null, Source);
        return new KeyCreation.NewKey(secret, (s, creator, now) => ApiKey.CreateRbac(organization, spec, s, creator, now), entry.Usage);
    }

    private static FailedImport Fail(int index, Error error) => new(index, error.Message, error.Code);
}
