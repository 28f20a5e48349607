namespace Botify.Api.EventLog;

internal sealed partial class JetStreamEventSink
{
    /// <summary>One spell of failures: logs its start and end once, and backs off between attempts (50 ms doubling to 2 s).</summary>
    private sealed class Outage(JetStreamEventSink sink)
    {
        private long _started;
        private TimeSpan _backoff = FirstBackoff;

        public async Task Wait(Exception fault)
        {
            if (_started == 0)
            {
                _started = sink._time.GetTimestamp();
                var queued = sink.Queued;
                EventStreamLog.Unavailable(sink._logger, sink._layout.Stream, sink._options.Url, fault.Message, queued);
            }

            await Task.Delay(_backoff, sink._time, sink._abandon.Token).ConfigureAwait(false);
            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, LastBackoff.Ticks));
        }

        public void End()
        {
            if (_started != 0)
            {
                var seconds = sink._time.GetElapsedTime(_started).TotalSeconds;
                EventStreamLog.Recovered(sink._logger, sink._layout.Stream, seconds, sink.Queued);
                _started = 0;
                _backoff = FirstBackoff;
            }
        }
    }
}
