using System.Globalization;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>
/// Readiness and liveness probe different things. Both services register their checks on the gRPC health service's
/// empty name (the index's model; the API's catalog, session store and index warm-up), and a cold index answers it
/// NOT_SERVING until a model is loaded — minutes at a million tracks, or until a Reload. That is readiness; liveness
/// and startup ask only whether the process answers, so a pod is never restarted for what a restart cannot fix.
/// </summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class ProbeTests(string overlay)
{
    private RenderedOverlay Rendered => RenderedOverlay.Get(overlay);

    [Test]
    public void Readiness_EveryService_IsTheGrpcHealthServiceOnItsGrpcPort()
    {
        foreach (var deployment in Rendered.Deployments)
        {
            var container = deployment.Spec.Template.Spec.Containers.Single();
            var grpc = container.Ports.Single(p => p.Name == "grpc").ContainerPort;

            Assert.That(container.ReadinessProbe?.Grpc?.Port, Is.EqualTo(grpc), $"{deployment.Metadata.Name}: readiness is gRPC health on {grpc}");
            Assert.That(container.ReadinessProbe!.Grpc.Service, Is.Null.Or.Empty, $"{deployment.Metadata.Name}: the empty name, which carries every registered check");
        }
    }

    [Test]
    public void LivenessAndStartup_EveryService_AskOnlyWhetherTheProcessAnswers()
    {
        foreach (var deployment in Rendered.Deployments)
        {
            var name = deployment.Metadata.Name;
            var container = deployment.Spec.Template.Spec.Containers.Single();
            var routes = ServiceRoutes.Of(ManifestReviewTests.Projects[name]);
            var readiness = Handler(container, container.ReadinessProbe);
            foreach (var (kind, probe) in new[] { ("liveness", container.LivenessProbe), ("startup", container.StartupProbe) })
            {
                Assert.That(probe, Is.Not.Null, $"{name}: {kind} probe");
                Assert.That(Handler(container, probe), Is.Not.EqualTo(readiness), $"{name}: the {kind} probe asks what readiness asks");
                Assert.That(probe!.Grpc, Is.Null, $"{name}: the {kind} probe asks the gRPC health service, which says NOT_SERVING on a cold index (no model yet)");
                Assert.That(probe.HttpGet, Is.Not.Null, $"{name}: the {kind} probe is an HTTP GET the process answers");
                Assert.That(probe.HttpGet.Path, Does.Not.StartWith("/healthz"), $"{name}: /healthz runs the same checks as readiness");
                Assert.That(Port(container, probe.HttpGet.Port.Value), Is.EqualTo(Port(container, "http")), $"{name}: the {kind} probe is on the HTTP/1.1 port");
                Assert.That(routes, Does.Contain(probe.HttpGet.Path), $"{name}: {probe.HttpGet.Path} is a route {ManifestReviewTests.Projects[name]} maps (MapGet)");
            }
        }
    }

    [Test]
    public void Startup_Index_OutlastsItsOwnStartUpLoadTimeout()
    {
        var container = Rendered.Deployment("botify-index").Spec.Template.Spec.Containers.Single();
        var startup = container.StartupProbe;
        var config = Rendered.ConfigMaps.Single(c => c.Metadata.Name.StartsWith("botify-index-config", StringComparison.Ordinal)).Data;
        var setting = config.TryGetValue("Index__ReloadTimeout", out var value) ? value : ServiceSettings.Of("Botify.Index").Values["Index:ReloadTimeout"];
        var reloadTimeout = TimeSpan.Parse(setting, CultureInfo.InvariantCulture);

        var budget = TimeSpan.FromSeconds((startup.InitialDelaySeconds ?? 0) + ((startup.PeriodSeconds ?? 10) * (startup.FailureThreshold ?? 3)));

        // The start-up load (bundle + graph build) gives up by itself after Index:ReloadTimeout and exits naming the
        // cause; a shorter startup budget would kill a slow but healthy build (a million tracks) without a word.
        Assert.That(budget, Is.GreaterThan(reloadTimeout), $"the index's startup probe allows {budget}; its start-up load may take up to Index:ReloadTimeout ({reloadTimeout})");
    }

    /// <summary>What a probe asks, comparable across probes: named ports resolved to numbers.</summary>
    private static string Handler(V1Container container, V1Probe? probe) => probe switch
    {
        null => "none",
        { Grpc: { } grpc } => $"grpc:{grpc.Port}/{grpc.Service}",
        { HttpGet: { } http } => $"http:{Port(container, http.Port.Value)}{http.Path}",
        { TcpSocket: { } tcp } => $"tcp:{Port(container, tcp.Port.Value)}",
        { Exec: { } exec } => $"exec:{string.Join(' ', exec.Command)}",
        _ => "unknown",
    };

    private static int Port(V1Container container, string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : container.Ports.Single(p => p.Name == port).ContainerPort;
}
