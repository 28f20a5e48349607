using Botify.Sim.Cli;

return await SimCli.RunAsync(args).ConfigureAwait(false);
