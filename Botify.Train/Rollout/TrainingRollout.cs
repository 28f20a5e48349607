using System.CommandLine;
using System.Net;
using Botify.Shared.Data;

namespace Botify.Train.Rollout;

/// <summary>
/// The training command's roll-out part, kept out of TrainCommand.cs: <c>--out-root</c> names a new bundle folder,
/// and the <c>--rollout-*</c> options roll the bundle just written to the index replicas, so one invocation (a
/// Kubernetes CronJob's) trains and rolls out. Also adds the <c>rollout</c> subcommand.
/// </summary>
internal sealed class TrainingRollout(TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>>? lookup = null)
{
    private readonly Option<string?> _outRoot = new("--out-root")
    {
        Description = "Instead of --out: write the bundle into a new subfolder model-yyyyMMdd-HHmmss (UTC) of this folder, for a scheduled job that has no shell to compute a name.",
    };

    private readonly RolloutOptionSet _targets = new("--rollout-index", "--rollout-service", "--rollout-token-file", "--rollout-ready-timeout", "--rollout-reload-timeout", "--rollout-relative-to");
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _lookup = lookup ?? Dns.GetHostAddressesAsync;
    private RolloutPlan? _plan;

    /// <summary>The bundle folder to write, known after <see cref="Prepare"/>.</summary>
    public string BundleFolder { get; private set; } = string.Empty;

    public void AddTo(RootCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_outRoot);
        _targets.AddTo(command);
        command.Subcommands.Add(RolloutCommand.Create(time, _lookup));
    }

    /// <summary>Before training: picks the bundle folder and checks the roll-out's options, so a mistake costs no training. Null to go on, else the exit code (the error printed).</summary>
    public int? Prepare(ParseResult parse, string? output)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var root = parse.GetValue(_outRoot);
        try
        {
            BundleFolder = (output, root) switch
            {
                (not null, not null) => throw new RolloutUsageException($"--out and {_outRoot.Name} both name the bundle folder; give one"),
                (null, null) => throw new RolloutUsageException($"pass --out BUNDLE or {_outRoot.Name} FOLDER"),
                (not null, null) => output,
                _ => BundleFolderName.NewIn(root!, time),
            };
            _plan = _targets.AnyGiven(parse) ? _targets.Plan(parse, Environment.GetEnvironmentVariable) : null;
            if (_plan?.RelativeTo is { } relativeTo)
            {
                RolloutBundle.SentPath(BundleFolder, null, relativeTo);
            }
        }
        catch (RolloutUsageException e)
        {
            Console.Error.WriteLine($"Botify.Train: {e.Message}");
            return 2;
        }

        if (root is not null && Directory.Exists(BundleFolder))
        {
            Console.Error.WriteLine($"Botify.Train: {BundleFolder}: already exists; {_outRoot.Name} writes a new folder");
            return 1;
        }

        return null;
    }

    /// <summary>After training: 0 when no roll-out was asked for, else the roll-out's exit code (0, or 1 when it stopped on a failure).</summary>
    public int AfterTraining()
    {
        if (_plan is null)
        {
            return 0;
        }

        RolloutBundle bundle;
        try
        {
            bundle = RolloutBundle.Resolve(BundleFolder, null, _plan.RelativeTo, null);
        }
        catch (Exception e) when (e is RolloutUsageException or DataFileException)
        {
            Console.Error.WriteLine($"Botify.Train rollout: {e.Message}");
            return 1;
        }

        // The training command's action is synchronous; a console app has no context to deadlock on.
        return RolloutRunner.RunAsync(_plan, bundle, time, _lookup, CancellationToken.None).GetAwaiter().GetResult();
    }
}
