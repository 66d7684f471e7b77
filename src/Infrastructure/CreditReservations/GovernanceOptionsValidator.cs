using ApiKeys.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace ApiKeys.Infrastructure.CreditReservations;

/// <summary>At least a second (shorter makes every verify of a busy key a reservation), at most an hour (longer strands credits).</summary>
public sealed class GovernanceOptionsValidator : IValidateOptions<GovernanceOptions>
{
    public ValidateOptionsResult Validate(string? name, GovernanceOptions options)
    {
        var failures = new SettingsFailures();
        failures.RequireRange(SettingName.Of(GovernanceOptions.Section, nameof(GovernanceOptions.ReservationSeconds)), options.ReservationSeconds, 1, 3600);
        return failures.Result();
    }
}
