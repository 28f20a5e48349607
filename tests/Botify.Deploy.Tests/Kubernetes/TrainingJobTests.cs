using System.Text.RegularExpressions;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>
/// The nightly training CronJob: one run at a time, bounded; it trains from the stream the API publishes to, writes
/// the bundle where the index looks for models, rolls it out through the index's headless Service, and only then
/// points <c>current</c> (what a starting index loads) at it.
/// </summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed partial class TrainingJobTests(string overlay)
{
    private const string Train = "botify-train";

    private RenderedOverlay Rendered => RenderedOverlay.Get(overlay);

    private V1CronJob Job => Rendered.CronJob(Train);

    private V1PodSpec Pod => Job.Spec.JobTemplate.Spec.Template.Spec;

    private V1Container Trainer => (Pod.InitContainers ?? []).Single(c => c.Name == "train");

    private IDictionary<string, string> IndexConfig => Rendered.ConfigMap("botify-index-config");

    [Test]
    public void CronJob_Runs_OneAtATimeBoundedInRetriesAndTime()
    {
        Assert.That(Job.Spec.ConcurrencyPolicy, Is.EqualTo("Forbid"), "two runs at once would roll two models over each other");
        Assert.That(Job.Spec.JobTemplate.Spec.BackoffLimit, Is.Not.Null.And.InRange(0, 3), "a bounded number of retries");
        Assert.That(Job.Spec.JobTemplate.Spec.ActiveDeadlineSeconds, Is.Not.Null.And.GreaterThan(0), "a run stuck in training or a roll-out is stopped");
        Assert.That(Pod.RestartPolicy, Is.EqualTo("Never"), "a failed run is a failed pod the Job counts, not a container restarted in place");
    }

    [Test]
    public void CronJob_Trainer_ReadsTheApisStreamAndWritesWhereTheIndexLooks()
    {
        var args = Arguments();
        var api = KustomizeRenderTests.ApiConfig(Rendered);

        Assert.That(args["--stream"], Is.EqualTo(api["EventLog__JetStream__Url"]), "the stream the API publishes to");
        Assert.That(args, Does.ContainKey("--since"), "a time window, not the whole stream");
        Assert.That(args["--catalog"], Is.EqualTo(api["Api__CatalogPath"]), "the catalog the API serves");
        Assert.That(args["--out-root"], Is.EqualTo(IndexConfig["Index__ModelRoot"]), "new bundles land in the index's model root");
        Assert.That(Arguments().ContainsKey("--out"), Is.False, "--out-root names a new folder per run");
    }

    [Test]
    public void CronJob_Trainer_PassesOnlyOptionsTheTrainerDeclares()
    {
        // A misspelt option is a usage error (exit 2) found only when the job first runs, at night.
        var sources = Directory.EnumerateFiles(Checkout.File("Botify.Train"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(Checkout.File("Botify.Train"), file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
        var declared = sources.SelectMany(file => OptionName().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);

        Assert.That(Arguments().Keys, Is.SubsetOf(declared), "options Botify.Train declares");
    }

    [Test]
    public void CronJob_Trainer_RollsOutThroughTheIndexsHeadlessService()
    {
        var args = Arguments();
        var (name, port) = (args["--rollout-service"].Split(':')[0], int.Parse(args["--rollout-service"].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        var index = Rendered.Services.Single(s => s.Metadata.Name == name);

        Assert.That(index.Spec.ClusterIP, Is.EqualTo("None"), $"{name}: headless, so DNS gives every index pod");
        Assert.That(index.Spec.Ports.Single(p => p.Port == port).TargetPort.Value, Is.EqualTo("grpc"), "Reload, GetInfo and health are on the gRPC port");
        Assert.That(RenderedOverlay.Selects(index.Spec.Selector, Rendered.Deployment("botify-index").Spec.Template.Metadata.Labels), Is.True);
        Assert.That(args["--rollout-relative-to"], Is.EqualTo(IndexConfig["Index__ModelRoot"]), "the index takes a relative bundle_path from its model root");
    }

    [Test]
    public void CronJob_Data_WritableHereReadOnlyInTheServices()
    {
        var claim = Rendered.Deployment("botify-index").Spec.Template.Spec.Volumes.Single(v => v.PersistentVolumeClaim is not null).PersistentVolumeClaim.ClaimName;
        foreach (var container in Pod.InitContainers.Concat(Pod.Containers))
        {
            var mount = container.VolumeMounts.Single(m => m.MountPath == "/data");
            var volume = Pod.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim;
            Assert.That(volume?.ClaimName, Is.EqualTo(claim), $"{container.Name}: the volume the index reads");
            Assert.That(mount.ReadOnlyProperty is not true && volume!.ReadOnlyProperty is not true, Is.True, $"{container.Name}: writes to it");
        }
    }

    [Test]
    public void CronJob_Link_PointsTheIndexsStartUpBundleAtTheNewModel()
    {
        var root = IndexConfig["Index__ModelRoot"];
        var startUp = IndexConfig["Index__BundlePath"];
        Assert.That(Path.GetDirectoryName(startUp), Is.EqualTo(root), "a starting index loads a bundle inside its model root");

        var link = Pod.Containers.Single();
        var script = string.Join('\n', link.Command.Concat(link.Args ?? []));
        Assert.That(script, Does.Contain($"cd {root}\n"));
        Assert.That(script, Does.Contain($"mv -fT .current.next {Path.GetFileName(startUp)}\n"), "the start-up bundle's link is replaced in one rename");
        Assert.That(Pod.InitContainers.Select(c => c.Name), Is.EqualTo(new[] { "train" }), "the link moves only after the trainer (and its roll-out) succeeded");
    }

    [Test]
    public void CronJob_AdminToken_IsTheIndexsOwnOptionalSecret()
    {
        var index = Rendered.Deployment("botify-index").Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "Index__AdminToken").ValueFrom.SecretKeyRef;
        var token = Trainer.Env.Single(e => e.Name == "BOTIFY_INDEX_TOKEN").ValueFrom.SecretKeyRef;

        Assert.That((token.Name, token.Key), Is.EqualTo((index.Name, index.Key)));
        // Optional on both sides: without the Secret the index asks for no token and the trainer sends none.
        Assert.That(token.Optional, Is.EqualTo(index.Optional));
    }

    [Test]
    public void CronJob_Containers_HaveRequestsAndLimits()
    {
        foreach (var container in Pod.InitContainers.Concat(Pod.Containers))
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.That(container.Resources?.Requests, Does.ContainKey(resource), $"{container.Name}: {resource} request");
                Assert.That(container.Resources?.Limits, Does.ContainKey(resource), $"{container.Name}: {resource} limit");
            }
        }
    }

    [Test]
    public void CronJob_Image_ShipsWithTheServicesRelease()
    {
        var api = Rendered.Deployment("botify-api").Spec.Template.Spec.Containers.Single().Image;

        Assert.That(Trainer.Image, Is.EqualTo(api.Replace("botify-api", "botify-train", StringComparison.Ordinal).Replace("/api:", "/train:", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"""(?<name>--[a-z][a-z-]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex OptionName();

    /// <summary>The trainer's options: each <c>--name</c> with the value after it.</summary>
    private Dictionary<string, string> Arguments()
    {
        var args = (Trainer.Args ?? []).ToList();
        Assert.That(Trainer.Command, Is.Null.Or.Empty, "the image's entry point (dotnet Botify.Train.dll) runs: no shell in it");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            Assert.That(args[i], Does.StartWith("--"), $"argument {i}: an option name");
            options[args[i]] = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : string.Empty;
        }

        return options;
    }
}
