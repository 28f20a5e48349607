using System.CommandLine;

namespace Botify.Train.Rollout;

/// <summary>
/// The options that say where and how to roll a bundle out, declared once and added to both the <c>rollout</c>
/// subcommand and the training command (which prefixes them with <c>--rollout-</c>), so both parse them alike.
/// </summary>
internal sealed class RolloutOptionSet
{
    public RolloutOptionSet(string index, string service, string tokenFile, string readyTimeout, string reloadTimeout, string relativeTo)
    {
        var defaults = new RolloutOptions { ReloadPath = "-", ExpectedVersion = "-" };
        Index = new Option<string[]>(index)
        {
            Description = "An index replica's gRPC address, host:port; repeat or separate with commas. Rolled in the order given.",
            AllowMultipleArgumentsPerToken = true,
        };
        Service = new Option<string?>(service)
        {
            Description = "A headless Kubernetes Service, name:port (e.g. botify-index:5100): every address DNS gives for the name is a replica, rolled in sorted order.",
        };
        TokenFile = new Option<string?>(tokenFile)
        {
            Description = $"File holding the index's admin token (Index:AdminToken), sent as 'authorization: Bearer' on Reload. Default: the {AdminTokenSource.EnvironmentVariable} environment variable, else none.",
        };
        ReadyTimeout = DurationOption.Create(readyTimeout, "Longest wait after a reload for the health service to answer SERVING.",
            defaults.ReadyTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        ReloadTimeout = DurationOption.Create(reloadTimeout, "Deadline of one Reload (it reads the bundle and builds the graph); keep it above the index's Index:ReloadTimeout.",
            defaults.ReloadTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        RelativeTo = new Option<string?>(relativeTo)
        {
            Description = "Send the bundle's path relative to this folder (the index's Index:ModelRoot as this process sees it). Default: the bundle's full path, for the same volume mounted at the same path.",
        };
    }

    public Option<string[]> Index { get; }

    public Option<string?> Service { get; }

    public Option<string?> TokenFile { get; }

    public Option<TimeSpan> ReadyTimeout { get; }

    public Option<TimeSpan> ReloadTimeout { get; }

    public Option<string?> RelativeTo { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option option in new Option[] { Index, Service, TokenFile, ReadyTimeout, ReloadTimeout, RelativeTo })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when the command line gives any of these options, so a roll-out was asked for (and <see cref="Plan"/> insists on a target).</summary>
    public bool AnyGiven(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new Option[] { Index, Service, TokenFile, ReadyTimeout, ReloadTimeout, RelativeTo }.Any(o => parse.GetResult(o) is { Implicit: false });
    }

    /// <summary>Checks the targets and reads the token; nothing is called yet.</summary>
    /// <exception cref="RolloutUsageException">No target, both kinds, a malformed address, or an unreadable token file.</exception>
    public RolloutPlan Plan(ParseResult parse, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var list = parse.GetResult(Index) is null ? null : parse.GetValue(Index) ?? [];
        var service = parse.GetValue(Service);
        if (list is not null && service is not null)
        {
            throw new RolloutUsageException($"{Index.Name} and {Service.Name} both name the replicas; give one");
        }

        if (list is null && service is null)
        {
            throw new RolloutUsageException($"no replica to roll out to: pass {Index.Name} host:port or {Service.Name} name:port");
        }

        var replicas = list is null ? null : RolloutTargets.ParseList(list, Index.Name);
        var serviceAddress = service is null ? null : RolloutTargets.ParseService(service, Service.Name);
        var token = AdminTokenSource.Read(parse.GetValue(TokenFile), TokenFile.Name, environment);
        var relativeTo = parse.GetValue(RelativeTo) is { } root ? (RelativeTo.Name, root) : ((string, string)?)null;
        return new RolloutPlan(replicas, serviceAddress, token, parse.GetValue(ReadyTimeout), parse.GetValue(ReloadTimeout), relativeTo);
    }
}
