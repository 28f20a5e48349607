using System.Globalization;
using System.Reflection;
using Botify.Api.EventLog;
using k8s.Models;

namespace Botify.Deploy.Tests.Kubernetes;

/// <summary>The checks a reviewer makes on the rendered manifests, for each overlay.</summary>
[TestFixture("dev")]
[TestFixture("prod")]
public sealed class ManifestReviewTests(string overlay)
{
    /// <summary>The project behind each service's Deployment.</summary>
    internal static readonly Dictionary<string, string> Projects = new(StringComparer.Ordinal)
    {
        ["botify-api"] = "Botify.Api",
        ["botify-index"] = "Botify.Index",
    };

    private RenderedOverlay Rendered => RenderedOverlay.Get(overlay);

    [Test]
    public void Selectors_EveryWorkloadServiceBudgetAndPolicy_MatchPodLabels()
    {
        foreach (var (name, template, selector) in Rendered.Workloads)
        {
            Assert.That(RenderedOverlay.Selects(selector.MatchLabels, template.Metadata.Labels), Is.True, $"{name}: selector matches its pods");
        }

        foreach (var service in Rendered.Services)
        {
            var pods = Pods(service.Spec.Selector).ToList();
            Assert.That(pods, Is.Not.Empty, $"Service {service.Metadata.Name} selects pods");
            var portNames = pods.SelectMany(p => p.Spec.Containers).SelectMany(c => c.Ports ?? []).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            Assert.That(service.Spec.Ports.Select(p => p.TargetPort.Value), Is.SubsetOf(portNames), $"Service {service.Metadata.Name} targets named container ports");
        }

        foreach (var budget in Rendered.DisruptionBudgets)
        {
            Assert.That(Pods(budget.Spec.Selector.MatchLabels), Is.Not.Empty, $"PodDisruptionBudget {budget.Metadata.Name} selects pods");
        }

        foreach (var policy in Rendered.NetworkPolicies)
        {
            Assert.That(Pods(policy.Spec.PodSelector.MatchLabels), Is.Not.Empty, $"NetworkPolicy {policy.Metadata.Name} selects pods");
        }

        var target = Rendered.Autoscalers.Single().Spec.ScaleTargetRef;
        Assert.That(Rendered.Deployments.Select(d => (d.Kind, d.Metadata.Name)), Does.Contain((target.Kind, target.Name)));
    }

    [Test]
    public void Containers_Every_HasProbesRequestsAndLimits()
    {
        foreach (var (name, container) in Containers())
        {
            Assert.That(container.ReadinessProbe, Is.Not.Null, $"{name}: readiness probe");
            Assert.That(container.LivenessProbe, Is.Not.Null, $"{name}: liveness probe");
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.That(container.Resources?.Requests, Does.ContainKey(resource), $"{name}: {resource} request");
                Assert.That(container.Resources?.Limits, Does.ContainKey(resource), $"{name}: {resource} limit");
            }
        }
    }

    [Test]
    public void Containers_OnChiseledImages_ExecNothing()
    {
        foreach (var deployment in Rendered.Deployments)
        {
            var container = deployment.Spec.Template.Spec.Containers.Single();
            foreach (var (what, exec) in new[]
            {
                ("startup probe", container.StartupProbe?.Exec),
                ("readiness probe", container.ReadinessProbe?.Exec),
                ("liveness probe", container.LivenessProbe?.Exec),
                ("postStart hook", container.Lifecycle?.PostStart?.Exec),
                ("preStop hook", container.Lifecycle?.PreStop?.Exec),
            })
            {
                Assert.That(exec, Is.Null, $"{deployment.Metadata.Name}: the {what} runs {string.Join(' ', exec?.Command ?? [])} in a chiseled image, which has no shell and no tools");
            }
        }
    }

    [Test]
    public void Pods_Every_RunNonRootWithAReadOnlyRootAndNoCapabilities()
    {
        foreach (var (name, template) in Rendered.PodTemplates)
        {
            Assert.That(template.Spec.SecurityContext?.RunAsNonRoot, Is.True, $"{name}: runAsNonRoot");
            Assert.That(template.Spec.AutomountServiceAccountToken, Is.False, $"{name}: no API token");
            foreach (var container in template.Spec.Containers.Concat(template.Spec.InitContainers ?? []))
            {
                var security = container.SecurityContext;
                Assert.That(security?.AllowPrivilegeEscalation, Is.False, $"{name}/{container.Name}: no privilege escalation");
                Assert.That(security?.ReadOnlyRootFilesystem, Is.True, $"{name}/{container.Name}: read-only root");
                Assert.That(security?.Capabilities?.Drop, Is.EqualTo(new[] { "ALL" }), $"{name}/{container.Name}: capabilities dropped");
            }
        }
    }

    [Test]
    public void Services_ReadOnlyModelVolumeAndWritableTmp()
    {
        foreach (var deployment in Rendered.Deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var mounts = pod.Containers.Single().VolumeMounts.ToDictionary(m => m.MountPath, StringComparer.Ordinal);
            Assert.That(mounts["/data"].ReadOnlyProperty, Is.True, $"{deployment.Metadata.Name}: model data read-only");
            Assert.That(pod.Volumes.Single(v => v.Name == mounts["/data"].Name).PersistentVolumeClaim?.ReadOnlyProperty, Is.True);
            Assert.That(pod.Volumes.Single(v => v.Name == mounts["/tmp"].Name).EmptyDir, Is.Not.Null, $"{deployment.Metadata.Name}: /tmp is an emptyDir");
        }
    }

    [Test]
    public void Ports_ContainerPorts_AgreeWithEachServicesKestrelEndpoints()
    {
        foreach (var deployment in Rendered.Deployments)
        {
            var settings = ServiceSettings.Of(Projects[deployment.Metadata.Name]);
            var ports = deployment.Spec.Template.Spec.Containers.Single().Ports.ToDictionary(p => p.Name, p => p.ContainerPort, StringComparer.Ordinal);
            Assert.That(ports["grpc"], Is.EqualTo(settings.Port("Grpc")), $"{deployment.Metadata.Name}: gRPC port");
            Assert.That(ports["http"], Is.EqualTo(settings.Port("Http")), $"{deployment.Metadata.Name}: HTTP port");
            Assert.That(deployment.Spec.Template.Metadata.Annotations["prometheus.io/port"], Is.EqualTo(ports["http"].ToString(CultureInfo.InvariantCulture)), "metrics are on the HTTP/1.1 endpoint");
        }
    }

    [Test]
    public void ConfigMaps_EveryKey_IsAConfigurationKeyTheServiceReads()
    {
        foreach (var (prefix, project) in Projects)
        {
            var settings = ServiceSettings.Of(project);
            // appsettings.json lists the common settings; the rest (EventLog:JetStream:*) are bound from options classes.
            var bound = BoundSettings.OptionsClasses([Assembly.Load(project), typeof(Botify.Shared.Telemetry.ServiceTelemetry).Assembly])
                .SelectMany(BoundSettings.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
            bool Reads(string path) => settings.Reads(path) || bound.Contains(path);
            var config = Rendered.ConfigMaps.Single(c => c.Metadata.Name.StartsWith(prefix + "-config", StringComparison.Ordinal));
            foreach (var key in config.Data.Keys)
            {
                var path = key.Replace("__", ":", StringComparison.Ordinal);
                Assert.That(Reads(path), Is.True, $"{config.Metadata.Name}: {key} ({path}) is neither in {project}/appsettings.json nor bound by its options");
            }

            foreach (var variable in Rendered.Deployment(prefix).Spec.Template.Spec.Containers.Single().Env ?? [])
            {
                var path = variable.Name.Replace("__", ":", StringComparison.Ordinal);
                Assert.That(Reads(path), Is.True, $"{prefix}: env {variable.Name} ({path}) is neither in {project}/appsettings.json nor bound by its options");
            }
        }
    }

    [Test]
    public void Shutdown_GracePeriod_CoversPreStopPauseAndHostShutdownTimeout()
    {
        foreach (var deployment in Rendered.Deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var container = pod.Containers.Single();
            // The kubelet's sleep action (Kubernetes 1.30+), not `sleep` run in the container: chiseled images have none.
            var pause = container.Lifecycle?.PreStop?.Sleep?.Seconds;
            Assert.That(pause, Is.Not.Null.And.GreaterThan(0), $"{deployment.Metadata.Name}: preStop pause (lifecycle.preStop.sleep)");
            var config = Rendered.ConfigMaps.Single(c => c.Metadata.Name.StartsWith(deployment.Metadata.Name + "-config", StringComparison.Ordinal));
            var shutdown = TimeSpan.Parse(config.Data["HostOptions__ShutdownTimeout"], CultureInfo.InvariantCulture);
            var needed = pause!.Value + shutdown.TotalSeconds;
            Assert.That(pod.TerminationGracePeriodSeconds, Is.GreaterThan(needed), $"{deployment.Metadata.Name}: the pod is killed only after draining could finish");
        }
    }

    [Test]
    public void Shutdown_ApiGracePeriod_CoversTheEventStreamDrain()
    {
        var pod = Rendered.Deployment("botify-api").Spec.Template.Spec;
        var config = KustomizeRenderTests.ApiConfig(Rendered);
        Assert.That(config["EventLog__Sink"], Is.EqualTo(nameof(EventSinkKind.JetStream)));
        var pause = pod.Containers.Single().Lifecycle.PreStop.Sleep.Seconds;
        var requests = TimeSpan.Parse(config["HostOptions__ShutdownTimeout"], CultureInfo.InvariantCulture);
        var drain = config.TryGetValue("EventLog__JetStream__DrainTimeout", out var value) ? TimeSpan.Parse(value, CultureInfo.InvariantCulture) : new JetStreamSinkOptions().DrainTimeout;

        // The sink's drain is bounded by its own timeout, not the host's: it may start when the requests' drain ends.
        Assert.That(pod.TerminationGracePeriodSeconds, Is.GreaterThan(pause + requests.TotalSeconds + drain.TotalSeconds),
            $"botify-api: {pause} s preStop + {requests.TotalSeconds} s requests + {drain.TotalSeconds} s publishing the backlog before the kill");
    }

    private IEnumerable<V1PodTemplateSpec> Pods(IDictionary<string, string>? selector) =>
        Rendered.PodTemplates.Where(w => RenderedOverlay.Selects(selector, w.Template.Metadata.Labels)).Select(w => w.Template);

    private IEnumerable<(string Name, V1Container Container)> Containers() =>
        Rendered.Workloads.SelectMany(w => w.Template.Spec.Containers.Select(c => ($"{w.Name}/{c.Name}", c)));
}
