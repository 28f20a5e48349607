using System.CommandLine;
using System.Net;
using Botify.Shared.Data;

namespace Botify.Train.Rollout;

/// <summary>
/// <c>Botify.Train rollout --bundle PATH (--index host:port … | --index-service name:port)</c>: rolls a bundle to the
/// index replicas one at a time. Exit code 0 when every replica serves it, 1 when it stopped on a failure, 2 on bad usage.
/// </summary>
internal static class RolloutCommand
{
    public const string Name = "rollout";

    /// <param name="time">The report's clock.</param>
    /// <param name="lookup">Resolves a Service's name; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> by default.</param>
    public static Command Create(TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>>? lookup = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        lookup ??= Dns.GetHostAddressesAsync;
        var bundle = new Option<string>("--bundle")
        {
            Description = "The model bundle folder to roll out, as this process sees it; its manifest.json gives the version every replica must then report.",
            Required = true,
        };
        var reloadPath = new Option<string?>("--reload-path")
        {
            Description = "The bundle_path sent in Reload, as the index sees the bundle. Default: --bundle's full path (the index mounts the model volume at the same path).",
        };
        var expectVersion = new Option<string?>("--expect-version")
        {
            Description = "The model version every replica must report after Reload. Default: the one --bundle's manifest.json declares; needed when this process cannot see the bundle.",
        };
        var targets = new RolloutOptionSet("--index", "--index-service", "--token-file", "--ready-timeout", "--reload-timeout", "--reload-relative-to");
        var command = new Command(Name, "Rolls a model bundle to the index replicas one at a time: Reload, GetInfo reports its version, health answers SERVING; stops at the first failure, leaving the rest on their old model.")
        {
            bundle, reloadPath, expectVersion,
        };
        targets.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            RolloutPlan plan;
            RolloutBundle target;
            try
            {
                plan = targets.Plan(parse, Environment.GetEnvironmentVariable);
                target = RolloutBundle.Resolve(parse.GetValue(bundle)!, parse.GetValue(reloadPath), plan.RelativeTo, parse.GetValue(expectVersion));
            }
            catch (RolloutUsageException e)
            {
                await Console.Error.WriteLineAsync($"Botify.Train rollout: {e.Message}").ConfigureAwait(false);
                return 2;
            }
            catch (DataFileException e)
            {
                await Console.Error.WriteLineAsync($"Botify.Train rollout: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            return await RolloutRunner.RunAsync(plan, target, time, lookup, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
