using System.Globalization;
using System.Text.RegularExpressions;
using Botify.Api.EventLog;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>
/// The event stream on Kubernetes: NATS JetStream as one server in dev and a 3-server cluster keeping 3 copies of the
/// stream in prod, and the API publishing to it instead of a pod's disk.
/// </summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed partial class EventStreamTests(string overlay)
{
    private const string Nats = "botify-nats";

    private RenderedOverlay Rendered => RenderedOverlay.Get(overlay);

    private int ExpectedServers => overlay == "prod" ? 3 : 1;

    private V1StatefulSet Servers => Rendered.StatefulSet(Nats);

    private V1Container Server => Servers.Spec.Template.Spec.Containers.Single(c => c.Name == "nats");

    [Test]
    public void Nats_Servers_ThreeInProdOneInDev()
    {
        Assert.That(Servers.Spec.Replicas, Is.EqualTo(ExpectedServers));
        // A clustered server is healthy only once it reaches its peers: started one by one, the first would wait for ever.
        Assert.That(Servers.Spec.PodManagementPolicy, Is.EqualTo("Parallel"));
    }

    [Test]
    public void Nats_Cluster_RoutesToEveryServerInProdAndIsAbsentInDev()
    {
        var config = NatsConfig();
        var cluster = Settings(config["cluster.conf"]);
        Assert.That(Settings(config["nats.conf"]), Does.Contain("include ./cluster.conf"), "nats.conf takes the overlay's cluster.conf");

        var servers = Servers.Spec.Replicas ?? 1;
        if (servers == 1)
        {
            Assert.That(cluster, Is.Empty, "one server: no cluster block");
            return;
        }

        var headless = Rendered.Services.Single(s => s.Metadata.Name == Servers.Spec.ServiceName);
        Assert.That(headless.Spec.ClusterIP, Is.EqualTo("None"), $"{headless.Metadata.Name}: headless, so each server has a DNS name");
        Assert.That(headless.Spec.PublishNotReadyAddresses, Is.True, $"{headless.Metadata.Name}: names resolve before the servers are ready, or they never meet");
        var port = ContainerPort("cluster");
        Assert.That(headless.Spec.Ports.Single(p => p.TargetPort.Value == "cluster").Port, Is.EqualTo(port));
        Assert.That(cluster, Does.Contain($"port: {port}"));
        Assert.That(ClusterName().IsMatch(cluster), Is.True, "the cluster has a name");
        var routes = Route().Matches(cluster).Select(m => m.Value).ToList();
        var expected = Enumerable.Range(0, servers).Select(i => $"nats://{Nats}-{i}.{headless.Metadata.Name}:{port}");
        Assert.That(routes, Is.EquivalentTo(expected), $"a route to each of the {servers} servers, by its name under the headless Service");
    }

    [Test]
    public void Nats_Server_NamedAfterItsPodWithJetStreamOnItsOwnVolume()
    {
        var args = Server.Args.ToList();
        Assert.That(args.IndexOf("--server_name"), Is.GreaterThanOrEqualTo(0), "a JetStream cluster needs a unique, stable name per server");
        var variable = args[args.IndexOf("--server_name") + 1].Trim('$', '(', ')');
        Assert.That(Server.Env.Single(e => e.Name == variable).ValueFrom?.FieldRef?.FieldPath, Is.EqualTo("metadata.name"), "the server's name is its pod's");

        var configFile = args[args.IndexOf("--config") + 1];
        var configMount = Server.VolumeMounts.Single(m => m.MountPath == Path.GetDirectoryName(configFile));
        Assert.That(Servers.Spec.Template.Spec.Volumes.Single(v => v.Name == configMount.Name).ConfigMap?.Name, Does.StartWith(Nats + "-config-"));
        Assert.That(Path.GetFileName(configFile), Is.EqualTo("nats.conf"));

        var store = StoreDir().Match(Settings(NatsConfig()["nats.conf"]));
        Assert.That(store.Success, Is.True, "nats.conf enables JetStream with a store_dir");
        var storeMount = Server.VolumeMounts.Single(m => m.MountPath == store.Groups["dir"].Value);
        Assert.That(Servers.Spec.VolumeClaimTemplates.Select(t => t.Metadata.Name), Does.Contain(storeMount.Name), "the stream is on the server's own volume claim, kept across restarts");
    }

    [Test]
    public void Nats_Probes_ReadinessAsksJetStreamOnTheMonitoringPort()
    {
        var monitor = ContainerPort("monitor");
        Assert.That(Settings(NatsConfig()["nats.conf"]), Does.Contain($"http_port: {monitor}"));

        Assert.That(Server.ReadinessProbe?.HttpGet?.Path, Is.EqualTo("/healthz?js-enabled-only=true"));
        Assert.That(Server.ReadinessProbe!.HttpGet.Port.Value, Is.EqualTo("monitor"));
        // The full check (JetStream current, every stream caught up) once, before a restarted server takes clients.
        Assert.That(Server.StartupProbe?.HttpGet?.Path, Is.EqualTo("/healthz"));
        // A cluster that lost its quorum is not mended by restarting its servers.
        Assert.That(Server.LivenessProbe?.HttpGet?.Path, Is.Not.EqualTo("/healthz"), "liveness does not ask the full JetStream health");
    }

    [Test]
    public void Nats_Metrics_AnExporterBesideEachServerReadsItInsideThePodAndIsScraped()
    {
        var pod = Servers.Spec.Template;
        var exporter = pod.Spec.Containers.Single(c => c.Name == "metrics");
        var port = exporter.Ports.Single(p => p.Name == "metrics").ContainerPort;

        Assert.Multiple(() =>
        {
            Assert.That(exporter.Image, Does.Match(@"^natsio/prometheus-nats-exporter:\d+\.\d+\.\d+$"), "a pinned release");
            Assert.That(exporter.Args, Does.Contain($"-port={port}"));
            Assert.That(exporter.Args, Does.Contain("-jsz=all"), "the stream's and each consumer's figures: how far the trainer is behind");
            Assert.That(exporter.Args[^1], Is.EqualTo($"http://localhost:{ContainerPort("monitor")}"), "this server's JSON monitoring, over the pod's loopback");
            Assert.That(pod.Metadata.Annotations["prometheus.io/scrape"], Is.EqualTo("true"));
            Assert.That(pod.Metadata.Annotations["prometheus.io/port"], Is.EqualTo(port.ToString(CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public void Nats_Shutdown_GracePeriodCoversLameDuckMode()
    {
        var config = Settings(NatsConfig()["nats.conf"]);
        var grace = Duration(config, "lame_duck_grace_period", TimeSpan.FromSeconds(10));
        var duration = Duration(config, "lame_duck_duration", TimeSpan.FromMinutes(2));
        var pidFile = PidFile().Match(config).Groups["file"].Value;

        Assert.That(Server.Lifecycle?.PreStop?.Exec?.Command, Is.EqualTo(new[] { "nats-server", "--signal", $"ldm={pidFile}" }), "preStop puts the server in lame duck mode");
        var run = Server.VolumeMounts.Single(m => m.MountPath == Path.GetDirectoryName(pidFile));
        Assert.That(Servers.Spec.Template.Spec.Volumes.Single(v => v.Name == run.Name).EmptyDir, Is.Not.Null, "the pid file's folder is writable on a read-only root");
        Assert.That(Servers.Spec.Template.Spec.TerminationGracePeriodSeconds, Is.GreaterThan((grace + duration).TotalSeconds), "the pod is killed only after its clients were handed off");
    }

    [Test]
    public void Nats_Spread_OneServerPerNodeInProd()
    {
        var constraints = Servers.Spec.Template.Spec.TopologySpreadConstraints ?? [];
        if (ExpectedServers == 1)
        {
            Assert.That(constraints, Is.Empty, "one server: nothing to spread");
            return;
        }

        var hosts = constraints.Single(c => c.TopologyKey == "kubernetes.io/hostname");
        Assert.That(hosts.WhenUnsatisfiable, Is.EqualTo("DoNotSchedule"), "two servers on one node would lose the quorum with it");
        Assert.That(constraints.Single(c => c.TopologyKey == "topology.kubernetes.io/zone").WhenUnsatisfiable, Is.EqualTo("ScheduleAnyway"));
        foreach (var constraint in constraints)
        {
            Assert.That(constraint.MaxSkew, Is.EqualTo(1));
            var counted = Rendered.Workloads.Where(w => RenderedOverlay.Selects(constraint.LabelSelector?.MatchLabels, w.Template.Metadata.Labels)).Select(w => w.Name);
            Assert.That(counted, Is.EqualTo(new[] { Nats }), $"spread over {constraint.TopologyKey} counts the servers only");
        }
    }

    [Test]
    public void Api_EventSink_IsTheStreamThroughTheNatsService()
    {
        var config = KustomizeRenderTests.ApiConfig(Rendered);
        Assert.That(config["EventLog__Sink"], Is.EqualTo(nameof(EventSinkKind.JetStream)), "events go to the stream, not to a pod's disk");

        var url = new Uri(config["EventLog__JetStream__Url"]);
        Assert.That(url.Scheme, Is.EqualTo("nats"));
        var service = Rendered.Services.Single(s => s.Metadata.Name == url.Host);
        Assert.That(service.Spec.ClusterIP, Is.Not.EqualTo("None"), $"{service.Metadata.Name}: one address, ready servers behind it");
        Assert.That(RenderedOverlay.Selects(service.Spec.Selector, Servers.Spec.Template.Metadata.Labels), Is.True, $"{service.Metadata.Name} selects the NATS servers");
        var port = service.Spec.Ports.Single(p => p.Port == url.Port);
        Assert.That(port.TargetPort.Value, Is.EqualTo("client"));

        // Nothing is written to the pod any more: an events folder on an emptyDir is lost with the pod.
        var api = Rendered.Deployment("botify-api").Spec.Template.Spec;
        var emptyDirs = api.Volumes.Where(v => v.EmptyDir is not null).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        Assert.That(api.Containers.Single().VolumeMounts.Where(m => emptyDirs.Contains(m.Name)).Select(m => m.MountPath), Is.EqualTo(new[] { "/tmp" }));
    }

    [Test]
    public void Api_StreamReplicas_OneCopyPerServerThreeInProd()
    {
        var config = KustomizeRenderTests.ApiConfig(Rendered);
        var replicas = config.TryGetValue("EventLog__JetStream__Replicas", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : new JetStreamSinkOptions().Replicas;

        Assert.That(replicas, Is.EqualTo(ExpectedServers), "the stream keeps a copy on each server");
        Assert.That(replicas, Is.LessThanOrEqualTo(Servers.Spec.Replicas ?? 1), "more copies than servers: the API cannot create the stream");
    }

    private IDictionary<string, string> NatsConfig() => Rendered.ConfigMap(Nats + "-config");

    private int ContainerPort(string name) => Server.Ports.Single(p => p.Name == name).ContainerPort;

    /// <summary>The configuration without its comments.</summary>
    private static string Settings(string config) =>
        string.Join('\n', config.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0));

    private static TimeSpan Duration(string config, string key, TimeSpan fallback)
    {
        var match = Regex.Match(config, $@"(?m)^{key}:\s*(?<n>\d+)(?<unit>[smh])$", RegexOptions.CultureInvariant);
        if (!match.Success)
        {
            return fallback;
        }

        var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch { "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), _ => TimeSpan.FromHours(n) };
    }

    [GeneratedRegex(@"nats://[^\s,\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex Route();

    [GeneratedRegex(@"(?m)^cluster\s*\{[^}]*^name:\s*\S+", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterName();

    [GeneratedRegex(@"(?m)^jetstream\s*\{[^}]*^store_dir:\s*(?<dir>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex StoreDir();

    [GeneratedRegex(@"(?m)^pid_file:\s*(?<file>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex PidFile();
}
