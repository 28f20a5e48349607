using Botify.Train;

return TrainCommand.Run(args);
