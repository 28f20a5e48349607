namespace Botify.Api.EventLog;

/// <summary>Registers the event sink that <c>EventLog:Sink</c> names.</summary>
internal static class EventSinkServiceExtensions
{
    public static IServiceCollection AddEventSink(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JetStreamSinkOptions>().Bind(configuration.GetSection(JetStreamSinkOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var kind = configuration.GetSection(EventLogOptions.Section).GetValue(nameof(EventLogOptions.Sink), EventSinkKind.Files);
        if (kind == EventSinkKind.JetStream)
        {
            services.AddSingleton<JetStreamEventSink>();
            services.AddSingleton<IEventSink>(sp => sp.GetRequiredService<JetStreamEventSink>());
            services.AddHostedService(sp => sp.GetRequiredService<JetStreamEventSink>());
        }
        else
        {
            services.AddSingleton<EventLogWriter>();
            services.AddSingleton<IEventSink>(sp => sp.GetRequiredService<EventLogWriter>());
            services.AddHostedService(sp => sp.GetRequiredService<EventLogWriter>());
        }

        return services;
    }
}
