using Botify.Api;

return await ApiApp.RunAsync(args);
