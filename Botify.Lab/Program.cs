using Botify.Lab;

return LabCommand.Run(args);
