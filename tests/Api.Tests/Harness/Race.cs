using System.Net;
using System.Text.Json.Nodes;

namespace ApiKeys.Api.Tests.Harness;

/// <summary>One request of a race, named so a test can ask how the requests of one kind ended.</summary>
public sealed record RaceOperation(string Name, Func<Task<(HttpResponseMessage Response, JsonNode? Body)>> Send);

/// <summary>How one request of a race ended: its status and, for an error body, the contract's <c>code</c>.</summary>
public sealed record RaceResult(string Name, HttpStatusCode Status, string? Code, JsonNode? Body)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;

    public override string ToString() => Code is null ? $"{Name} {(int)Status}" : $"{Name} {(int)Status} {Code}";
}

/// <summary>Every result of one trial, with the questions a race test asks of them.</summary>
public sealed class RaceOutcome(int trial, IReadOnlyList<RaceResult> results)
{
    public int Trial { get; } = trial;

    public IReadOnlyList<RaceResult> Results { get; } = results;

    public IEnumerable<RaceResult> Of(string name) => Results.Where(r => r.Name == name);

    public int Successes(string name) => Of(name).Count(r => r.Succeeded);

    public int TotalSuccesses => Results.Count(r => r.Succeeded);

    /// <summary>Said in every assertion message, so a failure shows the whole trial.</summary>
    public string Summary => $"trial {Trial}: " + string.Join(", ", Results.GroupBy(r => r.ToString()).Select(g => $"{g.Count()}x {g.Key}"));

    /// <summary>The race happened: at least <paramref name="atLeast"/> requests named <paramref name="name"/> succeeded in this trial.</summary>
    public RaceOutcome ShouldHaveSucceeded(string name, int atLeast = 1)
    {
        Successes(name).Should().BeGreaterThanOrEqualTo(atLeast, $"{name} must succeed in every trial, or the race did not happen ({Summary})");
        return this;
    }

    /// <summary>The race happened: at least <paramref name="atLeast"/> requests of any kind succeeded in this trial.</summary>
    public RaceOutcome ShouldHaveSucceededAtLeast(int atLeast)
    {
        TotalSuccesses.Should().BeGreaterThanOrEqualTo(atLeast, $"requests must succeed in every trial, or the race did not happen ({Summary})");
        return this;
    }

    /// <summary>Every refusal of <paramref name="name"/> is one of the contract's answers: a status and, when given, one of the codes.</summary>
    public RaceOutcome ShouldOnlyBeRefusedWith(string name, params (HttpStatusCode Status, string? Code)[] allowed)
    {
        Of(name).Where(r => !r.Succeeded && !allowed.Any(a => a.Status == r.Status && (a.Code == null || a.Code == r.Code)))
            .Should().BeEmpty($"{name} is refused only with the contract's answers ({Summary})");
        return this;
    }
}

/// <summary>
/// Races requests against each other: each trial arranges fresh state, holds every operation at a start line until all
/// are ready, releases them at once, collects how each ended, refuses any 5xx, and checks the invariant before the
/// next trial begins. The invariant receives the trial's outcome so it can also assert the race happened.
/// </summary>
public static class Race
{
    public static async Task<IReadOnlyList<RaceOutcome>> RunAsync(
        int trials,
        Func<int, Task<IReadOnlyList<RaceOperation>>> arrange,
        Func<RaceOutcome, Task> invariant)
    {
        var outcomes = new List<RaceOutcome>();
        for (var trial = 0; trial < trials; trial++)
        {
            var operations = await arrange(trial);
            var outcome = new RaceOutcome(trial, await ReleaseAsync(operations));
            outcome.Results.Should().OnlyContain(r => (int)r.Status < 500, outcome.Summary);
            await invariant(outcome);
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>Starts every operation, waits until each has reached the start line, then lets them all go together.</summary>
    public static async Task<IReadOnlyList<RaceResult>> ReleaseAsync(IReadOnlyList<RaceOperation> operations)
    {
        var ready = new CountdownEvent(operations.Count);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = operations.Select(operation => Task.Run(async () =>
        {
            ready.Signal();
            await go.Task;
            var (response, body) = await operation.Send();
            using (response)
            {
                return new RaceResult(operation.Name, response.StatusCode, (body as JsonObject)?["code"]?.GetValue<string>(), body);
            }
        })).ToList();

        (await Task.Run(() => ready.Wait(TimeSpan.FromSeconds(30)))).Should().BeTrue("every operation reaches the start line");
        go.SetResult();
        var results = await Task.WhenAll(running);
        ready.Dispose();
        return results;
    }
}
