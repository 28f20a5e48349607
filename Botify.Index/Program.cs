using Botify.Index;

return await IndexApp.RunAsync(args);
